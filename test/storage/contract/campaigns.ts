import { describe, expect, it } from 'vitest';
import type { Campaign, Delivery } from '../../../core/types.js';
import type { Store } from '../../../storage/types.js';
import { at, type ContractContext, makeContact, makeConversation, makeMessage, newId } from './fixtures.js';

export function makeCampaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: newId(),
    name: 'Spring news',
    message: 'Hello {firstName}',
    subject: null,
    mediaUrl: null,
    targets: [{ type: 'all' }],
    channels: ['web'],
    schedule: null,
    rate: null,
    whatsappTemplate: null,
    quietHours: null,
    status: 'draft',
    slots: [],
    error: null,
    createdBy: { id: 'u1', name: 'Coach Anna' },
    launchedAt: null,
    completedAt: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeDelivery(campaignId: string, overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: newId(),
    campaignId,
    slot: 0,
    recipientType: 'contact',
    recipientId: newId(),
    channel: 'web',
    status: 'pending',
    error: null,
    messageId: null,
    conversationId: null,
    claimToken: null,
    claimedUntil: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

async function seedCampaign(store: Store): Promise<Campaign> {
  return store.campaigns.create(makeCampaign());
}

export function describeCampaigns(context: ContractContext): void {
  describe('campaigns', () => {
    const campaigns = () => context.store().campaigns;

    it('stores, reads, patches and deletes a campaign (JSON fields kept as given)', async () => {
      const campaign = makeCampaign({
        targets: [{ type: 'tag', id: 'vip' }, { type: 'all' }],
        channels: ['web', 'sms'],
        schedule: { slots: [at(10), at(20)] },
        rate: 2.5,
      });
      await campaigns().create(campaign);
      expect(await campaigns().get(campaign.id)).toEqual(campaign);
      const slots = [{ at: at(10), state: 'waiting' as const, resolvedAt: null, finishedAt: null }];
      const patched = await campaigns().update(campaign.id, { status: 'scheduled', slots, updatedAt: at(5) });
      expect(patched).toEqual({ ...campaign, status: 'scheduled', slots, updatedAt: at(5) });
      expect(await campaigns().update('unknown', { status: 'sending' })).toBeNull();
      expect(await campaigns().delete(campaign.id)).toBe(true);
      expect(await campaigns().get(campaign.id)).toBeNull();
      expect(await campaigns().delete(campaign.id)).toBe(false);
    });

    it('keeps the WhatsApp template (JSON) and clears it with null', async () => {
      const whatsappTemplate = {
        contentSid: 'HX0123456789abcdef0123456789abcdef',
        variables: { '1': '{firstName}', '2': 'lundi' },
      };
      const campaign = makeCampaign({ channels: ['whatsapp'], whatsappTemplate });
      await campaigns().create(campaign);
      expect(await campaigns().get(campaign.id)).toStrictEqual(campaign);
      const cleared = await campaigns().update(campaign.id, { whatsappTemplate: null, updatedAt: at(3) });
      expect(cleared?.whatsappTemplate).toBeNull();
      expect(await campaigns().get(campaign.id)).toStrictEqual({
        ...campaign,
        whatsappTemplate: null,
        updatedAt: at(3),
      });
      const bare = makeCampaign({ whatsappTemplate: { contentSid: 'HXffffffffffffffffffffffffffffffff' } });
      await campaigns().create(bare);
      expect(await campaigns().get(bare.id)).toStrictEqual(bare);
    });

    it('keeps the email subject and clears it with null', async () => {
      const campaign = await campaigns().create(makeCampaign({ subject: 'News for {firstName}' }));
      expect((await campaigns().get(campaign.id))?.subject).toBe('News for {firstName}');
      await campaigns().update(campaign.id, { subject: null, updatedAt: at(1) });
      expect((await campaigns().get(campaign.id))?.subject).toBeNull();
    });

    it('keeps the quiet hours and clears them with null', async () => {
      const campaign = makeCampaign({ quietHours: { from: '21:00', to: '08:00' } });
      await campaigns().create(campaign);
      expect(await campaigns().get(campaign.id)).toStrictEqual(campaign);
      await campaigns().update(campaign.id, { quietHours: null, updatedAt: at(3) });
      expect(await campaigns().get(campaign.id)).toStrictEqual({
        ...campaign,
        quietHours: null,
        updatedAt: at(3),
      });
    });

    it('lists newest first, with a status filter and pages', async () => {
      const a = await campaigns().create(makeCampaign());
      const b = await campaigns().create(makeCampaign({ status: 'completed' }));
      const c = await campaigns().create(makeCampaign());
      expect((await campaigns().list({})).items.map((x) => x.id)).toEqual([c.id, b.id, a.id]);
      expect(await campaigns().list({ status: 'draft', limit: 1 })).toEqual({ items: [c], total: 2 });
      expect((await campaigns().list({ status: 'draft', offset: 1 })).items).toEqual([a]);
    });
  });

  describe('delivery ledger', () => {
    const deliveries = () => context.store().deliveries;
    const claim = (campaignId: string, token: string, now: number, limit = 10, slot = 0) =>
      deliveries().claim(campaignId, slot, { token, now: at(now), leaseUntil: at(now + 1), limit });

    it('writes one row per (campaign, slot, recipient, channel), whatever is inserted again', async () => {
      const campaign = await seedCampaign(context.store());
      const row = makeDelivery(campaign.id);
      const twin = makeDelivery(campaign.id, { recipientId: row.recipientId });
      const otherChannel = makeDelivery(campaign.id, { recipientId: row.recipientId, channel: 'sms' });
      const otherSlot = makeDelivery(campaign.id, { recipientId: row.recipientId, slot: 1 });
      expect(await deliveries().insertMany([row, twin, otherChannel])).toBe(2);
      expect(await deliveries().insertMany([row, otherSlot])).toBe(1);
      expect(await deliveries().get(row.id)).toEqual(row);
      expect(await deliveries().get(twin.id)).toBeNull();
      expect((await deliveries().counts(campaign.id)).pending).toBe(3);
    });

    it('claims each pending row for one holder until its lease runs out', async () => {
      const campaign = await seedCampaign(context.store());
      const rows = [makeDelivery(campaign.id), makeDelivery(campaign.id), makeDelivery(campaign.id)];
      await deliveries().insertMany(rows);
      const first = await claim(campaign.id, 'a', 0, 2);
      expect(first.map((row) => row.id)).toEqual(rows.slice(0, 2).map((row) => row.id));
      expect(first[0]).toMatchObject({ claimToken: 'a', claimedUntil: at(1) });
      expect((await claim(campaign.id, 'b', 0)).map((row) => row.id)).toEqual([rows[2]!.id]);
      expect(await claim(campaign.id, 'c', 0)).toEqual([]);
      expect(await deliveries().pendingOf(campaign.id, 0)).toEqual({ pending: 3, nextExpiry: at(1) });
      // The holders died: after the lease, the rows can be claimed again.
      expect(await claim(campaign.id, 'c', 2)).toHaveLength(3);
      expect(await claim(campaign.id, 'd', 2, 10, 1)).toEqual([]);
    });

    it('marks many rows sent at once, each its own message and conversation, only the claim’s', async () => {
      const campaign = await seedCampaign(context.store());
      const rows = [makeDelivery(campaign.id), makeDelivery(campaign.id), makeDelivery(campaign.id)];
      await deliveries().insertMany(rows);
      await claim(campaign.id, 'mine', 0, 2);
      const other = makeDelivery(campaign.id);
      await deliveries().insertMany([other]);
      await claim(campaign.id, 'theirs', 0);
      const sent = [...rows, other].map((row, i) => ({
        id: row.id,
        messageId: `m${i}`,
        conversationId: `c${i}`,
      }));
      const written = await deliveries().markSentMany('mine', sent, at(3));
      expect([...written].sort()).toEqual([rows[0]!.id, rows[1]!.id].sort());
      expect(await deliveries().get(rows[1]!.id)).toMatchObject({
        status: 'sent',
        messageId: 'm1',
        conversationId: 'c1',
        claimToken: null,
        claimedUntil: null,
        updatedAt: at(3),
      });
      // Held by another claim, or not held: untouched.
      for (const row of [rows[2]!, other])
        expect(await deliveries().get(row.id)).toMatchObject({ status: 'pending', messageId: null });
      expect(await deliveries().markSentMany('mine', sent, at(4))).toEqual([]);
      expect(await deliveries().markSentMany('mine', [], at(4))).toEqual([]);
    });

    it('marks a row sent only for the holder of its claim, once', async () => {
      const store = context.store();
      const campaign = await seedCampaign(store);
      const row = makeDelivery(campaign.id);
      await deliveries().insertMany([row]);
      await claim(campaign.id, 'old', 0);
      await claim(campaign.id, 'new', 5);
      const sent = { messageId: 'm1', conversationId: 'c1', now: at(6) };
      expect(await deliveries().markSent(row.id, 'old', sent)).toBe(false);
      expect(await deliveries().markSent(row.id, 'new', sent)).toBe(true);
      expect(await deliveries().markSent(row.id, 'new', sent)).toBe(false);
      expect(await deliveries().get(row.id)).toMatchObject({
        status: 'sent',
        messageId: 'm1',
        conversationId: 'c1',
        claimToken: null,
        claimedUntil: null,
        updatedAt: at(6),
      });
      expect(await deliveries().getByMessage('m1')).toMatchObject({ id: row.id });
      expect(await deliveries().pendingOf(campaign.id, 0)).toEqual({ pending: 0, nextExpiry: null });
    });

    it('records failures and skips with their reason; released claims can be taken at once', async () => {
      const campaign = await seedCampaign(context.store());
      const [a, b, c] = [makeDelivery(campaign.id), makeDelivery(campaign.id), makeDelivery(campaign.id)];
      await deliveries().insertMany([a!, b!, c!]);
      await claim(campaign.id, 'w', 0);
      const error = { code: '63016', message: 'outside the 24 h window' };
      expect(await deliveries().markFailed(a!.id, 'w', { status: 'failed', error, now: at(1) })).toBe(true);
      expect(await deliveries().markFailed(a!.id, 'w', { status: 'failed', error, now: at(1) })).toBe(false);
      expect(await deliveries().release('w')).toBe(2);
      expect(await claim(campaign.id, 'x', 0)).toHaveLength(2);
      expect(await deliveries().skipPending(campaign.id, { code: 'cancelled', message: 'x' }, at(2))).toBe(2);
      const page = await deliveries().list(campaign.id, { status: 'failed' });
      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({ id: a!.id, status: 'failed', error });
      expect(await deliveries().counts(campaign.id)).toEqual({
        pending: 0,
        sent: 0,
        delivered: 0,
        read: 0,
        failed: 1,
        skipped: 2,
      });
    });

    it("shows a sent row with its message's status and provider error", async () => {
      const store = context.store();
      const campaign = await seedCampaign(store);
      const conversation = await store.conversations.create(makeConversation({ kind: 'assistant' }));
      const statuses = ['queued', 'delivered', 'read', 'failed'] as const;
      const rows: Delivery[] = [];
      for (const status of statuses) {
        const message = makeMessage(conversation.id, { status: 'queued' });
        await store.messages.insert(message);
        const row = makeDelivery(campaign.id);
        rows.push(row);
        await deliveries().insertMany([row]);
        await claim(campaign.id, 't', 0);
        await deliveries().markSent(row.id, 't', {
          messageId: message.id,
          conversationId: conversation.id,
          now: at(1),
        });
        const error = status === 'failed' ? { code: '30007', message: 'filtered' } : null;
        if (status !== 'queued') await store.messages.updateStatus(message.id, { status, error });
      }
      expect(await deliveries().counts(campaign.id)).toEqual({
        pending: 0,
        sent: 1,
        delivered: 1,
        read: 1,
        failed: 1,
        skipped: 0,
      });
      const failed = await deliveries().list(campaign.id, { status: 'failed' });
      expect(failed.items).toEqual([
        expect.objectContaining({ id: rows[3]!.id, error: { code: '30007', message: 'filtered' } }),
      ]);
      const all = await deliveries().list(campaign.id, { limit: 2, offset: 1 });
      expect(all.total).toBe(4);
      expect(all.items).toHaveLength(2);
    });

    it("finds contacts' identities on one channel, in bulk", async () => {
      const store = context.store();
      const [a, b, c] = [makeContact(), makeContact(), makeContact()];
      for (const contact of [a, b, c]) await store.contacts.create(contact);
      await store.contacts.addIdentity({
        channel: 'sms',
        externalId: '+41790000001',
        contactId: a.id,
        createdAt: at(0),
      });
      await store.contacts.addIdentity({
        channel: 'web',
        externalId: b.id,
        contactId: b.id,
        createdAt: at(0),
      });
      await store.contacts.addIdentity({
        channel: 'sms',
        externalId: '+41790000003',
        contactId: c.id,
        createdAt: at(0),
      });
      expect(await deliveries().identitiesOn('sms', [a.id, b.id])).toEqual(new Map([[a.id, '+41790000001']]));
      expect(await deliveries().identitiesOn('web', [a.id, b.id, c.id])).toEqual(new Map([[b.id, b.id]]));
      expect(await deliveries().identitiesOn('email', [a.id])).toEqual(new Map());
    });

    it("writes a slot's contact rows with the status the contact's identity and opt-out give, once", async () => {
      const store = context.store();
      const campaign = await store.campaigns.create(makeCampaign());
      const [reached, optedOut, unreachable, later] = [
        makeContact(),
        makeContact(),
        makeContact(),
        makeContact(),
      ];
      for (const contact of [reached, optedOut, unreachable, later]) await store.contacts.create(contact);
      for (const contact of [reached, optedOut, later]) {
        await store.contacts.addIdentity({
          channel: 'sms',
          externalId: `+4179${contact.id.slice(-7)}`,
          contactId: contact.id,
          createdAt: at(0),
        });
      }
      // An identity on another channel does not count.
      await store.contacts.addIdentity({
        channel: 'web',
        externalId: unreachable.id,
        contactId: unreachable.id,
        createdAt: at(0),
      });
      const reasons = {
        optedOut: { code: 'opted_out', message: 'opted out on sms' },
        noIdentity: { code: 'no_identity', message: 'no sms identity' },
      };
      const slot = { campaignId: campaign.id, slot: 1, channel: 'sms' as const, now: at(3) };
      const ids = [newId(), newId(), newId()];
      const written = await deliveries().insertContactRows(
        slot,
        [
          [ids[0]!, reached.id, false],
          [ids[1]!, optedOut.id, true],
          [ids[2]!, unreachable.id, false],
        ],
        reasons,
      );
      expect(written).toBe(3);
      const common = {
        campaignId: campaign.id,
        slot: 1,
        recipientType: 'contact',
        channel: 'sms',
        messageId: null,
        conversationId: null,
        claimToken: null,
        claimedUntil: null,
        createdAt: at(3),
        updatedAt: at(3),
      };
      expect(await deliveries().get(ids[0]!)).toEqual({
        ...common,
        id: ids[0],
        recipientId: reached.id,
        status: 'pending',
        error: null,
      });
      expect(await deliveries().get(ids[1]!)).toEqual({
        ...common,
        id: ids[1],
        recipientId: optedOut.id,
        status: 'skipped',
        error: reasons.optedOut,
      });
      expect(await deliveries().get(ids[2]!)).toEqual({
        ...common,
        id: ids[2],
        recipientId: unreachable.id,
        status: 'skipped',
        error: reasons.noIdentity,
      });
      // A recipient already in the slot keeps its row; only the new one is written.
      const again = [newId(), newId()];
      const second = await deliveries().insertContactRows(
        slot,
        [
          [again[0]!, reached.id, true],
          [again[1]!, later.id, false],
        ],
        reasons,
      );
      expect(second).toBe(1);
      expect(await deliveries().get(again[0]!)).toBeNull();
      expect(await deliveries().get(ids[0]!)).toMatchObject({ status: 'pending' });
      expect(await deliveries().get(again[1]!)).toMatchObject({ recipientId: later.id, status: 'pending' });
      expect(await deliveries().insertContactRows(slot, [], reasons)).toBe(0);
      expect(await deliveries().counts(campaign.id)).toMatchObject({ pending: 2, skipped: 2 });
    });

    it('pages contact ids in id order, with a tag filter', async () => {
      const store = context.store();
      const made = [makeContact({ tags: ['vip'] }), makeContact(), makeContact({ tags: ['vip', 'x'] })];
      for (const contact of made) await store.contacts.create(contact);
      const all = made.map((contact) => contact.id).sort();
      expect(await deliveries().contactIds({ afterId: null, limit: 2 })).toEqual(all.slice(0, 2));
      expect(await deliveries().contactIds({ afterId: all[1]!, limit: 10 })).toEqual(all.slice(2));
      expect(await deliveries().contactIds({ tag: 'vip', afterId: null, limit: 10 })).toEqual(
        [made[0]!.id, made[2]!.id].sort(),
      );
    });

    it('goes with its campaign when the campaign is deleted', async () => {
      const store = context.store();
      const campaign = await seedCampaign(store);
      const row = makeDelivery(campaign.id);
      await deliveries().insertMany([row]);
      await store.campaigns.delete(campaign.id);
      expect(await deliveries().get(row.id)).toBeNull();
      // Its key is free again for a new campaign row with the same id set.
      const again = await seedCampaign(store);
      expect(await deliveries().insertMany([makeDelivery(again.id, { recipientId: row.recipientId })])).toBe(
        1,
      );
    });

    it('keeps nothing of a transaction that failed', async () => {
      const store = context.store();
      const campaign = await seedCampaign(store);
      const row = makeDelivery(campaign.id);
      await expect(
        store.transaction(async (tx) => {
          await tx.deliveries.insertMany([row]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await deliveries().get(row.id)).toBeNull();
    });
  });
}
