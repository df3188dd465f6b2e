/**
 * The inbox's live events on `/admin` (issue 19): private notes (as `message`, to the panel only),
 * an agent or status change (`inbox`), a scheduled message's state (`scheduled`), and the customer
 * typing (`typing`) in a conversation the coach may read (never a members' private one).
 */
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import { toPublicMessage } from '../../core/messages.js';
import type { AdminEvent } from './admin-socket.js';
import type { AdminDeps } from './context.js';

export function mountInboxEvents(
  deps: AdminDeps,
  events: EventBus,
  emit: (event: AdminEvent, payload: unknown) => void,
  logger: Logger,
): void {
  events.on('note', ({ conversation, message }) => {
    emit('message', {
      conversationId: conversation.id,
      message: { ...toPublicMessage(message), kind: 'note' },
    });
  });
  events.on('inbox', (change) => emit('inbox', change));
  events.on('scheduled', ({ scheduled }) =>
    emit('scheduled', { conversationId: scheduled.conversationId, scheduled }),
  );
  events.on('typing', ({ conversationId, contact }) => {
    // Web chat typing is rate-limited per member (1 per 1.5 s fanned out): one lookup each.
    deps.store.conversations.get(conversationId).then(
      (conversation) => {
        if (conversation && conversation.kind !== 'direct')
          emit('typing', { conversationId, name: contact.name });
      },
      (error: unknown) => logger.warn({ err: error }, 'typing lookup failed'),
    );
  });
}
