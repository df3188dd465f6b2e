import type { CampaignRepository, DeliveryRepository } from '../../../core/repositories.js';
import type { Delivery, DeliveryCounts, DeliveryStatus, DeliveryView } from '../../../core/types.js';
import { applyPatch, compare, copy, type Gate, key, type MemoryState, slice } from './state.js';

export function createCampaignRepository(state: MemoryState, gate: Gate): CampaignRepository {
  const { campaigns, deliveries, deliveryKeys } = state;
  return {
    create: (campaign) =>
      gate(() => {
        campaigns.set(campaign.id, copy(campaign));
        return copy(campaign);
      }),
    get: (id) => gate(() => copy(campaigns.get(id) ?? null)),
    update: (id, patch) =>
      gate(() => {
        const current = campaigns.get(id);
        if (!current) return null;
        const next = applyPatch(current, patch);
        campaigns.set(id, next);
        return copy(next);
      }),
    delete: (id) =>
      gate(() => {
        if (!campaigns.delete(id)) return false;
        // The ledger goes with its campaign (ON DELETE CASCADE in the embedded store).
        for (const [rowKey, rowId] of [...deliveryKeys]) {
          if (deliveries.get(rowId)?.campaignId === id) {
            deliveryKeys.delete(rowKey);
            deliveries.delete(rowId);
          }
        }
        return true;
      }),
    list: (query) =>
      gate(() => {
        const all = [...campaigns.values()]
          .filter((campaign) => !query.status || campaign.status === query.status)
          .sort((a, b) => compare(b.id, a.id));
        return { items: copy(slice(all, query)), total: all.length };
      }),
  };
}

export function createDeliveryRepository(state: MemoryState, gate: Gate): DeliveryRepository {
  const { deliveries, deliveryKeys, messages, identities, contacts } = state;

  /** What the coach sees: a sent row follows its message. */
  function view(row: Delivery): DeliveryView {
    let status: DeliveryStatus = row.status;
    let error = row.error;
    if (row.status === 'sent') {
      const message = row.messageId ? messages.get(row.messageId) : undefined;
      if (message?.status === 'delivered' || message?.status === 'read') status = message.status;
      if (message?.status === 'failed') {
        status = 'failed';
        error = message.error ?? null;
      }
    }
    return {
      id: row.id,
      campaignId: row.campaignId,
      slot: row.slot,
      recipientType: row.recipientType,
      recipientId: row.recipientId,
      channel: row.channel,
      status,
      error: copy(error),
      messageId: row.messageId,
      conversationId: row.conversationId,
      updatedAt: row.updatedAt,
    };
  }

  const rowsOf = (campaignId: string) =>
    [...deliveries.values()]
      .filter((row) => row.campaignId === campaignId)
      .sort(
        (a, b) => a.slot - b.slot || compare(a.recipientId, b.recipientId) || compare(a.channel, b.channel),
      );

  /** The holder's pending row, or undefined when the claim is gone. */
  const held = (id: string, token: string) => {
    const row = deliveries.get(id);
    return row && row.status === 'pending' && row.claimToken === token ? row : undefined;
  };

  function insertRows(rows: Delivery[]): number {
    let inserted = 0;
    for (const row of rows) {
      const rowKey = key(row.campaignId, String(row.slot), row.recipientId, row.channel);
      if (deliveryKeys.has(rowKey) || deliveries.has(row.id)) continue;
      deliveryKeys.set(rowKey, row.id);
      deliveries.set(row.id, copy(row));
      inserted++;
    }
    return inserted;
  }
  /** pending -> sent for the claim's holder. */
  function sent(
    id: string,
    token: string,
    update: { messageId: string; conversationId: string; now: string },
  ) {
    const row = held(id, token);
    if (!row) return false;
    Object.assign(row, {
      status: 'sent',
      messageId: update.messageId,
      conversationId: update.conversationId,
      claimToken: null,
      claimedUntil: null,
      updatedAt: update.now,
    });
    return true;
  }

  return {
    insertMany: (rows) => gate(() => insertRows(rows)),
    insertContactRows: (slot, rows, reasons) =>
      gate(() => {
        const reachable = new Set(
          [...identities.values()]
            .filter((identity) => identity.channel === slot.channel)
            .map((identity) => identity.contactId),
        );
        return insertRows(
          rows.map(([id, contactId, optedOut]): Delivery => {
            const error = optedOut ? reasons.optedOut : reachable.has(contactId) ? null : reasons.noIdentity;
            return {
              id,
              campaignId: slot.campaignId,
              slot: slot.slot,
              recipientType: 'contact',
              recipientId: contactId,
              channel: slot.channel,
              status: error ? 'skipped' : 'pending',
              error,
              messageId: null,
              conversationId: null,
              claimToken: null,
              claimedUntil: null,
              createdAt: slot.now,
              updatedAt: slot.now,
            };
          }),
        );
      }),
    get: (id) => gate(() => copy(deliveries.get(id) ?? null)),
    getByMessage: (messageId) =>
      gate(() => copy([...deliveries.values()].find((row) => row.messageId === messageId) ?? null)),
    claim: (campaignId, slot, claim) =>
      gate(() => {
        const free = [...deliveries.values()]
          .filter(
            (row) =>
              row.campaignId === campaignId &&
              row.slot === slot &&
              row.status === 'pending' &&
              (row.claimedUntil === null || row.claimedUntil < claim.now),
          )
          .sort((a, b) => compare(a.id, b.id))
          .slice(0, Math.max(0, claim.limit));
        for (const row of free) {
          row.claimToken = claim.token;
          row.claimedUntil = claim.leaseUntil;
        }
        return copy(free);
      }),
    markSent: (id, token, update) => gate(() => sent(id, token, update)),
    markSentMany: (token, rows, now) =>
      gate(() => rows.filter((row) => sent(row.id, token, { ...row, now })).map((row) => row.id)),
    markFailed: (id, token, update) =>
      gate(() => {
        const row = held(id, token);
        if (!row) return false;
        Object.assign(row, {
          status: update.status,
          error: copy(update.error),
          claimToken: null,
          claimedUntil: null,
          updatedAt: update.now,
        });
        return true;
      }),
    release: (token) =>
      gate(() => {
        let released = 0;
        for (const row of deliveries.values()) {
          if (row.claimToken !== token || row.status !== 'pending') continue;
          row.claimToken = null;
          row.claimedUntil = null;
          released++;
        }
        return released;
      }),
    skipPending: (campaignId, error, now) =>
      gate(() => {
        let skipped = 0;
        for (const row of deliveries.values()) {
          if (row.campaignId !== campaignId || row.status !== 'pending') continue;
          Object.assign(row, {
            status: 'skipped',
            error: copy(error),
            claimToken: null,
            claimedUntil: null,
            updatedAt: now,
          });
          skipped++;
        }
        return skipped;
      }),
    pendingOf: (campaignId, slot) =>
      gate(() => {
        let pending = 0;
        let nextExpiry: string | null = null;
        for (const row of deliveries.values()) {
          if (row.campaignId !== campaignId || row.slot !== slot || row.status !== 'pending') continue;
          pending++;
          if (row.claimedUntil !== null && (nextExpiry === null || row.claimedUntil < nextExpiry))
            nextExpiry = row.claimedUntil;
        }
        return { pending, nextExpiry };
      }),
    counts: (campaignId) =>
      gate(() => {
        const counts: DeliveryCounts = { pending: 0, sent: 0, delivered: 0, read: 0, failed: 0, skipped: 0 };
        for (const row of rowsOf(campaignId)) counts[view(row).status]++;
        return counts;
      }),
    list: (campaignId, query) =>
      gate(() => {
        const views = rowsOf(campaignId)
          .map(view)
          .filter((row) => !query.status || row.status === query.status);
        return { items: slice(views, query), total: views.length };
      }),
    contactIds: (query) =>
      gate(() =>
        [...contacts.values()]
          .filter(
            (contact) =>
              contact.id > (query.afterId ?? '') && (!query.tag || contact.tags.includes(query.tag)),
          )
          .map((contact) => contact.id)
          .sort(compare)
          .slice(0, query.limit),
      ),
    identitiesOn: (channel, contactIds) =>
      gate(() => {
        const wanted = new Set(contactIds);
        const out = new Map<string, string>();
        const found = [...identities.values()]
          .filter((identity) => identity.channel === channel && wanted.has(identity.contactId))
          .sort((a, b) => compare(a.createdAt, b.createdAt));
        for (const identity of found)
          if (!out.has(identity.contactId)) out.set(identity.contactId, identity.externalId);
        return out;
      }),
  };
}
