/**
 * The engine's signals: read markers, typing, and delivery reports (a report that comes before the
 * send is recorded as sent is held, on any process, and applied once it is).
 */
import { NotFoundError } from './errors.js';
import type { EventBus } from './events.js';
import type { Clock } from './ids.js';
import type { InboundEvent, InboundRead, InboundStatus } from './inbound.js';
import type { Logger } from './logger.js';
import type { Store } from './repositories.js';
import { applyStatus, holdEarlyReport, takeEarlyReport } from './status.js';
import type { IngestResult } from './engine.js';

export function createSignalIngest(deps: { store: Store; events: EventBus; clock: Clock; logger: Logger }) {
  const { store, events, clock, logger } = deps;

  /** The sender and a live conversation they belong to (a deleted group is not found, as for history). */
  async function memberOf(event: InboundRead | (InboundEvent & { type: 'typing' })) {
    const contact = await store.contacts.findByIdentity(event.channel, event.from.externalId);
    const conversationId = event.conversationId;
    const live = conversationId ? await store.conversations.get(conversationId) : null;
    if (!contact || !live || !(await store.conversations.isMember(live.id, contact.id))) {
      throw new NotFoundError('conversation not found', 'conversationId');
    }
    return { contact, conversationId: live.id };
  }

  async function ingestRead(event: InboundRead): Promise<IngestResult> {
    const { contact, conversationId } = await memberOf(event);
    const message = await store.messages.get(event.messageId);
    if (!message || message.conversationId !== conversationId) {
      throw new NotFoundError('message not found', 'messageId');
    }
    await store.conversations.markRead(conversationId, contact.id, message.id);
    events.emit('read', { conversationId, contactId: contact.id, messageId: message.id });
    return { type: 'signal' };
  }

  async function ingestTyping(event: InboundEvent & { type: 'typing' }): Promise<IngestResult> {
    const { contact, conversationId } = await memberOf(event);
    events.emit('typing', { conversationId, contact });
    return { type: 'signal' };
  }

  // A report held because it came first (on any process) is applied once "sent" is written back.
  events.on('message:status', ({ message }) => {
    if (message.status !== 'sent' || !message.externalId) return;
    takeEarlyReport(store, message, clock.now()).then(
      (updated) => {
        if (updated) events.emit('message:status', { message: updated });
      },
      (error: unknown) => {
        logger.error({ err: error, messageId: message.id }, 'applying an early delivery report failed');
      },
    );
  });

  async function ingestStatus(event: InboundStatus): Promise<IngestResult> {
    const message = (await applyStatus(store, event)) ?? (await holdEarlyReport(store, event, clock.now()));
    if (message) events.emit('message:status', { message });
    return { type: 'status', message };
  }

  return { read: ingestRead, typing: ingestTyping, status: ingestStatus };
}
