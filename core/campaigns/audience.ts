/**
 * A slot's ledger, written when the slot starts: the targets resolved into recipients then (groups'
 * members, tags, everyone), one row per recipient and channel, in batches of a few thousand rows per
 * transaction. Opted-out recipients and those without an identity on a channel get a skipped row
 * with the reason, so the coach sees them counted.
 */
import type { IdGenerator } from '../ids.js';
import type { Store } from '../repositories.js';
import type { Campaign, ChannelName, Delivery, ErrorInfo } from '../types.js';

/** Rows per transaction: large enough for speed, small enough that other writers wait little. */
export const LEDGER_BATCH = 5_000;

export interface LedgerDeps {
  store: Store;
  ids: IdGenerator;
}

/** The contact ids a target names (deduplicated later by the ledger's unique key). */
export async function* contactsOf(store: Store, type: 'contact' | 'group' | 'tag' | 'all', id?: string) {
  if (type === 'contact') {
    if (id && (await store.contacts.get(id))) yield [id];
    return;
  }
  if (type === 'group') {
    if (!id) return;
    yield (await store.conversations.listMembers(id)).map((member) => member.contactId);
    return;
  }
  // Keyset pages (by id): each page is an index range, however far into the contacts.
  for (let afterId: string | null = null; ; ) {
    const page = await store.deliveries.contactIds({
      tag: type === 'tag' ? id : undefined,
      afterId,
      limit: LEDGER_BATCH,
    });
    if (page.length > 0) yield page;
    if (page.length < LEDGER_BATCH) return;
    afterId = page.at(-1)!;
  }
}

function skipped(code: string, message: string): ErrorInfo {
  return { code, message };
}

/** Writes the slot's rows (those already there are kept as they are); returns how many were new. */
export async function createSlotLedger(
  deps: LedgerDeps,
  campaign: Campaign,
  slot: number,
  now: string,
): Promise<number> {
  const { store, ids } = deps;
  const optedOut = new Map<ChannelName, Set<string>>();
  for (const channel of campaign.channels)
    optedOut.set(channel, new Set(await store.consents.listOptedOut(channel)));
  let inserted = 0;
  const seen = new Set<string>();
  for (const target of campaign.targets) {
    if (target.type === 'conversation') {
      const conversation = target.id ? await store.conversations.get(target.id) : null;
      if (!conversation) continue;
      const row: Delivery = {
        id: ids.next(),
        campaignId: campaign.id,
        slot,
        recipientType: 'conversation',
        recipientId: conversation.id,
        channel: conversation.channel,
        status: 'pending',
        error: null,
        messageId: null,
        conversationId: null,
        claimToken: null,
        claimedUntil: null,
        createdAt: now,
        updatedAt: now,
      };
      inserted += await store.deliveries.insertMany([row]);
      continue;
    }
    for await (const batch of contactsOf(store, target.type, target.id)) {
      const fresh: string[] = [];
      for (const id of batch) {
        if (seen.has(id)) continue;
        seen.add(id);
        fresh.push(id);
      }
      // The store decides each row's status as it writes (an identity on the channel or not).
      for (const channel of campaign.channels) {
        const out = optedOut.get(channel)!;
        const rows = fresh.map((contactId): [string, string, boolean] => [
          ids.next(),
          contactId,
          out.has(contactId),
        ]);
        const reasons = {
          optedOut: skipped('opted_out', `opted out on ${channel}`),
          noIdentity: skipped('no_identity', `no ${channel} identity`),
        };
        for (let start = 0; start < rows.length; start += LEDGER_BATCH) {
          const chunk = rows.slice(start, start + LEDGER_BATCH);
          // One statement is atomic by itself: no unit around it (on PostgreSQL a serializable unit
          // added two round trips and predicate locks on every identity it read).
          const where = { campaignId: campaign.id, slot, channel, now };
          inserted += await store.deliveries.insertContactRows(where, chunk, reasons);
        }
      }
    }
  }
  return inserted;
}
