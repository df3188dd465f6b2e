/**
 * The `/admin` socket.io namespace: the panel's live feed. The handshake must carry a valid session
 * cookie; then every stored message, conversation change (created, handoff), delivery status and AI
 * budget notice is pushed, so the panel never polls.
 */
import type { Namespace } from 'socket.io';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import { toPublicMessage } from '../../core/messages.js';
import type { AdminDeps } from './context.js';
import { parseCookies, readSession, sessionCookieName } from './auth/sessions.js';

const ROOM = 'coaches';

export function mountAdminNamespace(
  namespace: Namespace,
  deps: AdminDeps,
  events: EventBus,
  logger: Logger,
): void {
  namespace.use((socket, next) => {
    const token = parseCookies(socket.handshake.headers.cookie).get(sessionCookieName(deps.cookie));
    if (!token) return next(new Error('unauthorized'));
    readSession(deps.store, token, deps.clock.now()).then(
      (user) => {
        if (!user) return next(new Error('unauthorized'));
        socket.data.userId = user.id;
        next();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'admin socket handshake failed');
        next(new Error('internal'));
      },
    );
  });
  namespace.on('connection', (socket) => {
    socket.join(ROOM);
  });
  const room = () => namespace.to(ROOM);
  // The coach sees everything, including what the STRICT guard removed (`guard`).
  events.on('message', ({ conversation, message }) => {
    // Members' private messages are theirs alone.
    if (conversation.kind === 'direct') return;
    room().emit('message', {
      conversationId: conversation.id,
      message: { ...toPublicMessage(message), guard: message.guard },
    });
  });
  events.on('message:status', ({ message }) => {
    room().emit('message', { conversationId: message.conversationId, message: toPublicMessage(message) });
  });
  events.on('conversation', ({ conversation, change }) => {
    if (conversation.kind === 'direct') return;
    room().emit('conversation', { change, conversation });
  });
  events.on('channel', (change) => {
    room().emit('channel', change);
  });
  events.on('assistant:budget', (notice) => {
    room().emit('assistant:budget', notice);
  });
  // Campaign progress: each delivery as it changes, and the campaign's status and counts.
  events.on('delivery', ({ campaignId, delivery }) => {
    room().emit('delivery', { campaignId, delivery });
  });
  events.on('campaign', ({ campaign, counts }) => {
    room().emit('delivery', { campaignId: campaign.id, status: campaign.status, counts });
  });
}
