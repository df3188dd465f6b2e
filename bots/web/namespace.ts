/**
 * The `/chat` socket.io namespace of CONTRACT.md: member token in the handshake, one acknowledged
 * request per event, every payload validated before anything is stored, rooms per conversation.
 */
import type { IncomingMessage } from 'node:http';
import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import { isCoachJoinedLine } from '../../core/coach-joined.js';
import { isKoraError, UnauthorizedError, ValidationError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import { toPublicMessage } from '../../core/messages.js';
import { conversationRoom, memberRoom } from './adapter.js';
import * as booking from './booking-handlers.js';
import { COACH_READER } from './handlers.js';
import * as handlers from './handlers.js';
import type { ChatDeps } from './handlers.js';
import { leaveRevokedRooms, recheckRestoredSessions, roomsOf } from './recovery.js';
import {
  actionSchema,
  bookSchema,
  cancelBookingSchema,
  sessionsSchema,
  conversationsSchema,
  directOpenSchema,
  historySchema,
  joinSchema,
  leaveSchema,
  readSchema,
  sendSchema,
  typingSchema,
} from './schemas.js';

type Ack = (response: unknown) => void;

function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field =
    issue.code === 'unrecognized_keys' ? (issue.keys[0] ?? '') : issue.path.join('.') || 'payload';
  const reason = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  throw new ValidationError(`${field}: ${reason}`, field);
}

function errorReply(error: unknown, logger: Logger) {
  if (isKoraError(error)) {
    const base = { code: error.code, message: error.message };
    return { ok: false, error: error.field ? { ...base, field: error.field } : base };
  }
  logger.error({ err: error }, 'chat request failed');
  return { ok: false, error: { code: 'internal', message: 'internal error' } };
}

export interface ChatNamespaceOptions extends ChatDeps {
  events: EventBus;
  logger: Logger;
  /** The key per-address limits count under: the client's address as TRUST_PROXY says (server/). */
  clientKey: (request: IncomingMessage) => string;
}

function register(socket: Socket, options: ChatNamespaceOptions) {
  const memberId = () => (socket.data.memberId as string | undefined) ?? null;
  const address = socket.data.address as string;
  const requireMember = () => {
    const id = memberId();
    if (!id) throw new UnauthorizedError('join first');
    return id;
  };
  const on = <S extends z.ZodType>(
    event: string,
    schema: S,
    run: (input: z.output<S>) => Promise<object>,
  ) => {
    socket.on(event, async (payload: unknown, ack?: Ack) => {
      const reply = (
        typeof ack === 'function' ? ack : typeof payload === 'function' ? payload : () => {}
      ) as Ack;
      try {
        const input = parsePayload(schema, typeof payload === 'function' ? {} : payload);
        reply({ ok: true, ...(await run(input)) });
      } catch (error) {
        reply(errorReply(error, options.logger));
      }
    });
  };

  on('join', joinSchema, async (input) => {
    const result = await handlers.join(options, input, memberId(), address);
    socket.data.memberId = result.member.id;
    socket.join(memberRoom(result.member.id));
    if (result.conversationId) socket.join(conversationRoom(result.conversationId));
    return result;
  });
  on('conversations', conversationsSchema, () => handlers.conversations(options, requireMember()));
  on('history', historySchema, (input) => handlers.history(options, input, requireMember()));
  on('send', sendSchema, async (input) => {
    const result = await handlers.send(options, input, requireMember(), address);
    // The sender has the message in the ack; the member's other tabs get it live.
    if (!result.duplicate) {
      socket.to(conversationRoom(input.conversationId)).emit('message', {
        conversationId: input.conversationId,
        message: result.message,
      });
    }
    return { message: result.message };
  });
  on('typing', typingSchema, (input) => handlers.typing(options, input, requireMember(), address));
  on('read', readSchema, (input) => handlers.read(options, input, requireMember()));
  on('leave', leaveSchema, (input) => handlers.leave(options, input, requireMember()));
  on('direct:open', directOpenSchema, (input) => handlers.directOpen(options, input, requireMember()));
  on('sessions', sessionsSchema, (input) => booking.sessions(options, input, requireMember()));
  on('book', bookSchema, (input) => booking.book(options, input, requireMember()));
  on('cancel-booking', cancelBookingSchema, (input) =>
    booking.cancelBooking(options, input, requireMember()),
  );
  on('action', actionSchema, async (input) => {
    const result = await booking.action(options, input, requireMember());
    if (!result.duplicate) {
      socket.to(conversationRoom(input.conversationId)).emit('message', {
        conversationId: input.conversationId,
        message: result.message,
      });
    }
    return { message: result.message };
  });
}

/** Forwards the engine's signals to the rooms (messages go out through the outbox and `send`). */
function forwardEngineEvents(namespace: Namespace, events: EventBus) {
  // Every socket of a member follows their memberships live (added to a group, a private chat opened).
  events.on('membership', ({ conversation, contactId, change }) => {
    const sockets = namespace.in(memberRoom(contactId));
    if (change === 'added') sockets.socketsJoin(conversationRoom(conversation.id));
    else sockets.socketsLeave(conversationRoom(conversation.id));
  });
  // The coach's joined line is stored, never sent through the outbox: the page gets it here.
  events.on('message', ({ conversation, message }) => {
    if (conversation.channel !== 'web' || !isCoachJoinedLine(message)) return;
    namespace
      .to(conversationRoom(conversation.id))
      .emit('message', { conversationId: conversation.id, message: toPublicMessage(message) });
  });
  events.on('assistant:delta', ({ conversationId, text }) => {
    namespace.to(conversationRoom(conversationId)).emit('message:delta', { conversationId, text });
  });
  events.on('typing', ({ conversationId, contact }) => {
    namespace.to(conversationRoom(conversationId)).emit('typing', {
      conversationId,
      member: { id: contact.id, name: contact.name },
    });
  });
  // The coach (issue 19): typing in the panel, and reading the conversation (the customer's ✓✓).
  events.on('coach:typing', ({ conversationId, coach }) => {
    namespace.to(conversationRoom(conversationId)).emit('typing', {
      conversationId,
      member: { id: `coach:${coach.id}`, name: coach.name },
      coach: true,
    });
  });
  events.on('coach:read', ({ conversationId, messageId }) => {
    namespace
      .to(conversationRoom(conversationId))
      .emit('read', { conversationId, memberId: COACH_READER, messageId });
  });
  events.on('read', ({ conversationId, contactId, messageId }) => {
    namespace
      .to(conversationRoom(conversationId))
      .emit('read', { conversationId, memberId: contactId, messageId });
  });
}

/**
 * The member named by the handshake token (with their rooms), an error for a bad token, nothing for
 * none. A recovered socket that joined before its drop keeps its member, its rooms read again.
 */
async function authenticate(socket: Socket, options: ChatNamespaceOptions): Promise<Error | undefined> {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  const fromToken = token !== undefined && token !== null && token !== '';
  const restored = socket.recovered ? ((socket.data.memberId as string | undefined) ?? null) : null;
  const memberId = fromToken ? (typeof token === 'string' ? options.tokens.verify(token) : null) : restored;
  // Rooms are known before `connection`, so no message stored meanwhile is missed live.
  const rooms = memberId ? await roomsOf(options.store, memberId) : null;
  if (fromToken && !rooms) return new Error('invalid_token');
  socket.data.memberId = rooms ? memberId : undefined;
  socket.data.rooms = rooms ?? [];
  return undefined;
}

function rateLimited(message: string): Error {
  return Object.assign(new Error('rate_limited'), { data: { code: 'rate_limited', message } });
}

/** Takes a connection place for the socket's address (given back when it goes), or null when full. */
function admit(socket: Socket, options: ChatNamespaceOptions): (() => void) | null {
  const address = options.clientKey(socket.request);
  socket.data.address = address;
  const place = options.limits.connect(address);
  if (!place) return null;
  // Whichever comes first (a refused or abandoned handshake never sees `disconnect`); the transport's
  // listener goes too, or a client connecting and leaving the namespace in a loop would pile them up.
  const release = () => {
    place.release();
    socket.conn.off('close', release);
  };
  socket.once('disconnect', release);
  socket.conn.once('close', release);
  return release;
}

export function mountChatNamespace(namespace: Namespace, options: ChatNamespaceOptions): void {
  recheckRestoredSessions(namespace, options.store);
  namespace.use((socket, next) => {
    const release = admit(socket, options);
    if (!release) return next(rateLimited(options.limits.connectionsMessage));
    const fail = (error: Error) => {
      release();
      next(error);
    };
    authenticate(socket, options).then(
      (error) => (error ? fail(error) : next()),
      (error: unknown) => {
        options.logger.error({ err: error }, 'chat handshake failed');
        fail(new Error('internal'));
      },
    );
  });
  namespace.on('connection', (socket) => {
    const rooms = socket.data.rooms as string[];
    if (socket.recovered) leaveRevokedRooms(socket, rooms);
    socket.join(rooms);
    register(socket, options);
  });
  forwardEngineEvents(namespace, options.events);
}
