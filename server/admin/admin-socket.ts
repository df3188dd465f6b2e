/**
 * The `/admin` socket.io namespace: the panel's live feed. The handshake must come from the panel's
 * origin (the HTTP CSRF guard's rule, auth/same-origin.ts) and carry a valid session cookie; then
 * every stored message, conversation change (created, handoff), channel status, AI budget notice and
 * campaign progress is pushed, so the panel never polls, each only to the roles that may read the same
 * data over HTTP. The socket ends with its session (admin-socket-sessions.ts).
 */
import type { Namespace } from 'socket.io';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import { toPublicMessage } from '../../core/messages.js';
import { type AdminSocketData, type AdminSocketSessions, COACHES, OWNERS } from './admin-socket-sessions.js';
import { requestOrigin } from './auth/same-origin.js';
import { openSession, parseCookies, sessionCookieName, sessionIdOf } from './auth/sessions.js';
import type { AdminDeps } from './context.js';

/**
 * Who receives each event: what an agent may read over HTTP (conversations and their messages,
 * channel status, the dashboard's AI budget) goes to everyone; campaigns are the owner's.
 */
const AUDIENCE = {
  message: COACHES,
  conversation: COACHES,
  channel: COACHES,
  'assistant:budget': COACHES,
  delivery: OWNERS,
  booking: COACHES,
} as const;

type AdminEvent = keyof typeof AUDIENCE;

function mountHandshake(namespace: Namespace, deps: AdminDeps, logger: Logger): void {
  namespace.use((socket, next) => {
    // A page of another origin (a sibling port or subdomain gets the SameSite cookie) is refused.
    if (requestOrigin(socket.handshake.headers, deps.publicUrl) === 'foreign') {
      return next(new Error('forbidden_origin'));
    }
    const token = parseCookies(socket.handshake.headers.cookie).get(sessionCookieName(deps.cookie));
    if (!token) return next(new Error('unauthorized'));
    openSession(deps.store, token, deps.clock.now()).then(
      (opened) => {
        if (!opened) return next(new Error('unauthorized'));
        const data: AdminSocketData = {
          sessionId: sessionIdOf(token),
          userId: opened.user.id,
          role: opened.user.role,
          expiresAt: opened.session.expiresAt,
        };
        socket.data = data;
        next();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'admin socket handshake failed');
        next(new Error('internal'));
      },
    );
  });
}

export function mountAdminNamespace(
  namespace: Namespace,
  deps: AdminDeps,
  sessions: AdminSocketSessions,
  events: EventBus,
  logger: Logger,
): void {
  sessions.attach(namespace);
  mountHandshake(namespace, deps, logger);
  namespace.on('connection', (socket) => sessions.admit(socket));
  const emit = (event: AdminEvent, payload: unknown) => namespace.to(AUDIENCE[event]).emit(event, payload);
  // The coach sees everything, including what the STRICT guard removed (`guard`).
  events.on('message', ({ conversation, message }) => {
    // Members' private messages are theirs alone.
    if (conversation.kind === 'direct') return;
    emit('message', {
      conversationId: conversation.id,
      message: { ...toPublicMessage(message), guard: message.guard },
    });
  });
  // A status change goes out as `message` again, to the same audience: only outbound messages have
  // one, and those live only in conversations every coach may read (assistant, group; a campaign
  // targets groups only), never in members' private ones. The panel keeps a status from going back.
  events.on('message:status', ({ message }) => {
    emit('message', { conversationId: message.conversationId, message: toPublicMessage(message) });
  });
  events.on('conversation', ({ conversation, change }) => {
    if (conversation.kind === 'direct') return;
    emit('conversation', { change, conversation });
  });
  events.on('channel', (change) => emit('channel', change));
  // Bookings as they are made and change: the panel's lists and the check-in screen stay current.
  events.on('booking', ({ booking }) => emit('booking', { booking }));
  events.on('assistant:budget', (notice) => emit('assistant:budget', notice));
  // Campaign progress: each delivery as it changes, and the campaign's status and counts.
  events.on('delivery', ({ campaignId, delivery }) => emit('delivery', { campaignId, delivery }));
  events.on('campaign', ({ campaign, counts }) => {
    emit('delivery', { campaignId: campaign.id, status: campaign.status, counts });
  });
}
