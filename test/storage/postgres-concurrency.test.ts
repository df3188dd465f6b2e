/** Writers on two connections (two stores, two pools): keys, conditional updates and serializable units decide. */
import { describe, expect, it } from 'vitest';
import { latch } from '../helpers/latch.js';
import { ConflictError } from '../../core/errors.js';
import type { Store } from '../../storage/types.js';
import { raceToCreateIdentity } from '../helpers/identity-race.js';
import { postgresReachable, twoPostgresStores, usePostgresStores } from '../helpers/postgres-stores.js';
import {
  at,
  makeAdminUser,
  makeContact,
  makeConversation,
  makeLink,
  makeMessage,
  makeOutboxEntry,
  makePromoCode,
  seedConversation,
} from './contract/fixtures.js';
import { raceForThreePlaces } from './contract/bookings.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();

describe.runIf(reachable)('postgres: concurrent writers on two connections', () => {
  const twoStores = () => twoPostgresStores(freshStore, 4);

  it('books exactly 3 of 20 racing for the last 3 places through two pools, the rest waiting', async () => {
    const { a, b, cleanup } = await twoStores();
    const results = await raceForThreePlaces([a, b]);
    expect(results.filter((booking) => booking.status === 'booked')).toHaveLength(3);
    expect(results.filter((booking) => booking.status === 'waiting')).toHaveLength(17);
    const [session] = await a.bookings.sessions([results[0]!.sessionId]);
    expect(session).toMatchObject({ booked: 3, waiting: 17 });
    await cleanup();
  });

  it('gives the last use of a promo code to exactly one of many racing redeemers', async () => {
    const { a, b, cleanup } = await twoStores();
    const promo = await a.promoCodes.create(makePromoCode({ maxUses: 3, uses: 0 }));
    const now = new Date().toISOString();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).promoCodes.redeem(promo.id, now)),
    );
    expect(results.filter(Boolean)).toHaveLength(3);
    expect((await b.promoCodes.get(promo.id))?.uses).toBe(3);
    await cleanup();
  });

  it('lets one of two racing creators take a link code, the other gets ConflictError', async () => {
    const { a, b, cleanup } = await twoStores();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).transaction((tx) => tx.links.create(makeLink({ code: 'Same' }))),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const outcome of lost)
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await a.links.list()).toHaveLength(1);
    await cleanup();
  });

  it('holds at most `limit` login attempts of a key across racing reservers', async () => {
    const { a, b, cleanup } = await twoStores();
    const at = new Date().toISOString();
    const since = new Date(Date.now() - 60_000).toISOString();
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (i % 2 ? a : b).loginAttempts.reserve({ key: 'ann@example.com', id: `attempt-${i}`, at }, since, 5),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.reserved)).toHaveLength(5);
    expect((await a.loginAttempts.count('ann@example.com', since)).count).toBe(5);
    await cleanup();
  });

  it('lets one of many racing logins use a TOTP step and a recovery code', async () => {
    const { a, b, cleanup } = await twoStores();
    const user = await a.adminUsers.create(makeAdminUser());
    await a.adminUsers.setRecoveryCodes(user.id, ['h1', 'h2']);
    const steps = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).adminUsers.useTotpStep(user.id, 42)),
    );
    const codes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).adminUsers.useRecoveryCode(user.id, 'h1')),
    );
    expect(steps.filter(Boolean)).toHaveLength(1);
    expect(codes.filter(Boolean)).toHaveLength(1);
    expect(await b.adminUsers.countRecoveryCodes(user.id)).toBe(1);
    await cleanup();
  });

  it('loses no AI usage counted from two connections at once', async () => {
    const { a, b, cleanup } = await twoStores();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).aiUsage.add('2026-12-05', 'openai', 10, 2)),
    );
    expect(await a.aiUsage.list('2026-12-01')).toEqual([
      { day: '2026-12-05', provider: 'openai', calls: 30, inputTokens: 300, outputTokens: 60 },
    ]);
    await cleanup();
  });

  it('gives a channel identity to one of many contacts racing for it', async () => {
    const { a, b, cleanup } = await twoStores();
    const contacts = await Promise.all(Array.from({ length: 8 }, () => a.contacts.create(makeContact())));
    const createdAt = new Date().toISOString();
    const outcomes = await Promise.allSettled(
      contacts.map((contact, i) =>
        (i % 2 ? a : b).transaction((tx) =>
          tx.contacts.addIdentity({
            channel: 'telegram',
            externalId: '42',
            contactId: contact.id,
            createdAt,
          }),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((outcome) => outcome.status === 'rejected'))
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const owner = await b.contacts.findByIdentity('telegram', '42');
    expect(contacts.map((contact) => contact.id)).toContain(owner?.id);
    await cleanup();
  });

  it('lets one of many processes racing for a free lease hold it', async () => {
    const { a, b, cleanup } = await twoStores();
    const now = new Date().toISOString();
    const until = new Date(Date.now() + 30_000).toISOString();
    const taken = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).leases.acquire('baileys', `process-${i}`, until, now),
      ),
    );
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect((await a.leases.get('baileys'))?.holder).toBe(`process-${taken.indexOf(true)}`);
    await cleanup();
  });

  it('stores a message once when processes ingest the same update at once', async () => {
    const { a, b, cleanup } = await twoStores();
    const { conversation } = await seedConversation(a);
    const drafts = Array.from({ length: 10 }, () => makeMessage(conversation.id, { text: 'hello' }));
    const outcomes = await Promise.all(
      drafts.map((draft, i) =>
        (i % 2 ? a : b).transaction((tx) => tx.messages.insert(draft, 'telegram:update:7')),
      ),
    );
    const stored = outcomes.filter((outcome) => !outcome.duplicate);
    expect(stored).toHaveLength(1);
    for (const outcome of outcomes) expect(outcome.message).toEqual(stored[0]!.message);
    expect(await b.messages.list(conversation.id, { limit: 50 })).toEqual([stored[0]!.message]);
    await cleanup();
  });

  it('never gives one outbox entry to two racing claimers', async () => {
    const { a, b, cleanup } = await twoStores();
    const { conversation } = await seedConversation(a);
    for (let i = 0; i < 40; i++) {
      const { message } = await a.messages.insert(makeMessage(conversation.id));
      await a.outbox.enqueue(makeOutboxEntry(message, { nextAttemptAt: new Date(0).toISOString() }));
    }
    const now = new Date().toISOString();
    const lease = new Date(Date.now() + 60_000).toISOString();
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).outbox.claimDue(now, lease, 7, `p${i}`)),
    );
    const ids = claims.flat().map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(40);
    await cleanup();
  });

  it('never gives one ledger row to two racing senders, and writes a ledger once', async () => {
    const { a, b, cleanup } = await twoStores();
    const contacts = await Promise.all(Array.from({ length: 30 }, () => a.contacts.create(makeContact())));
    for (const contact of contacts)
      await a.contacts.addIdentity({
        channel: 'telegram',
        externalId: contact.id,
        contactId: contact.id,
        createdAt: at(0),
      });
    const campaign = await a.campaigns.create({
      id: 'c1',
      name: 'Spring',
      message: 'Hello',
      subject: null,
      mediaUrl: null,
      targets: [{ type: 'all' }],
      channels: ['telegram'],
      schedule: null,
      rate: null,
      whatsappTemplate: null,
      quietHours: null,
      status: 'sending',
      slots: [],
      error: null,
      createdBy: null,
      launchedAt: null,
      completedAt: null,
      createdAt: at(0),
      updatedAt: at(0),
    });
    const rows = contacts.map((contact, i): [string, string, boolean] => [`d${i}`, contact.id, false]);
    const reasons = { optedOut: { code: 'o', message: 'o' }, noIdentity: { code: 'n', message: 'n' } };
    const slot = { campaignId: campaign.id, slot: 0, channel: 'telegram' as const, now: at(0) };
    const inserted = await Promise.all(
      [a, b, a, b].map((store) =>
        store.transaction((tx) => tx.deliveries.insertContactRows(slot, rows, reasons)),
      ),
    );
    expect(inserted.reduce((sum, count) => sum + count, 0)).toBe(30);
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? a : b).deliveries.claim(campaign.id, 0, {
          token: `t${i}`,
          now: new Date().toISOString(),
          leaseUntil: new Date(Date.now() + 60_000).toISOString(),
          limit: 7,
        }),
      ),
    );
    const ids = claims.flat().map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30);
    await cleanup();
  });

  it('loses no update when units on two connections read, change and write one row', async () => {
    const { a, b, cleanup } = await twoStores();
    const promo = await a.promoCodes.create(makePromoCode({ description: '' }));
    // Each unit appends its mark to what it read: a lost update drops marks.
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).transaction(async (tx) => {
          const current = await tx.promoCodes.get(promo.id);
          await new Promise((resolve) => setTimeout(resolve, 5));
          await tx.promoCodes.update(promo.id, { description: `${current!.description}${i}` });
        }),
      ),
    );
    const marks = (await a.promoCodes.get(promo.id))!.description.split('').sort();
    expect(marks).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    await cleanup();
  });

  it('lets units racing to create one identity all succeed, one contact holding it', async () => {
    const { a, b, cleanup } = await twoStores();
    const ids = await raceToCreateIdentity([a, b]);
    expect(new Set(ids).size).toBe(1);
    expect((await a.contacts.list({})).total).toBe(1);
    await cleanup();
  });

  it('shows the other connection nothing of a unit until it commits', async () => {
    const { a, b, cleanup } = await twoStores();
    const link = makeLink();
    const gate = latch();
    const inside = latch();
    const unit = a.transaction(async (tx) => {
      await tx.links.create(link);
      await tx.settings.setValue('k', 'v');
      inside.open();
      await gate.opened;
    });
    await inside.opened;
    // Not waiting: the other connection reads the committed state at once.
    expect(await b.links.get(link.id)).toBeNull();
    expect(await b.settings.getValue('k')).toBeNull();
    gate.open();
    await unit;
    expect(await b.links.get(link.id)).toEqual(link);
    expect(await b.settings.getValue('k')).toBe('v');
    await cleanup();
  });

  it('opens one conversation for a new group chat seen by two pools at once', async () => {
    const { a, b, cleanup } = await twoStores();
    const open = (store: Store) =>
      store.conversations.openGroup(
        makeConversation({ kind: 'group', channel: 'whatsapp', externalChatId: '120363@g.us' }),
      );
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => open(i % 2 ? a : b)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.conversation.id)).size).toBe(1);
    expect((await b.conversations.list({ kind: 'group' })).total).toBe(1);
    // The same race inside units (the inbound path): one conversation, every unit commits.
    const inUnits = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).transaction((tx) =>
          tx.conversations.openGroup(
            makeConversation({ kind: 'group', channel: 'teams', externalChatId: '19:chat@thread.v2' }),
          ),
        ),
      ),
    );
    expect(new Set(inUnits.map((result) => result.conversation.id)).size).toBe(1);
    await cleanup();
  });
});
