/** Provider delivery reports: a status only moves forward (a late "sent" never undoes "read"). */
import type { InboundStatus } from './inbound.js';
import type { Store } from './repositories.js';
import type { Message, MessageStatus } from './types.js';

const RANK: Record<MessageStatus, number> = {
  received: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

export async function applyStatus(store: Store, event: InboundStatus): Promise<Message | null> {
  const message = await store.messages.findByExternalId(event.channel, event.externalMessageId);
  if (!message) return null;
  if (RANK[event.status] <= RANK[message.status]) return message;
  return store.messages.updateStatus(message.id, { status: event.status, error: event.error ?? null });
}

/** How long a report for a message whose provider id is not recorded yet is held. */
export const EARLY_REPORT_MS = 10 * 60_000;

/**
 * A report that found no message: the provider may call back (on any process) before the process that
 * sent the message has recorded its provider id. It is held in the store, then looked for again: the
 * send recorded between the two is seen here, and one recorded after the hold finds the report
 * (`takeEarlyReport`), so whatever the order one of the two applies it.
 */
export async function holdEarlyReport(
  store: Store,
  event: InboundStatus,
  now: Date,
): Promise<Message | null> {
  const until = new Date(now.getTime() + EARLY_REPORT_MS).toISOString();
  const report = {
    channel: event.channel,
    externalMessageId: event.externalMessageId,
    status: event.status,
    error: event.error ?? null,
    until,
  };
  await store.earlyReports.hold(report, RANK[event.status], now.toISOString());
  const message = await applyStatus(store, event);
  if (message) await store.earlyReports.take(event.channel, event.externalMessageId, now.toISOString());
  return message;
}

/** The report held for a message just recorded as sent with its provider id, applied; null when none. */
export async function takeEarlyReport(store: Store, message: Message, now: Date): Promise<Message | null> {
  if (!message.externalId) return null;
  const report = await store.earlyReports.take(message.channel, message.externalId, now.toISOString());
  if (!report) return null;
  return applyStatus(store, {
    type: 'status',
    channel: report.channel,
    externalMessageId: report.externalMessageId,
    status: report.status,
    ...(report.error ? { error: report.error } : {}),
  });
}
