/** Reminders: once per booking and reminder, across a restart and concurrent sweeps; quiet hours kept. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepBookings } from '../../../core/bookings/sweeper.js';
import { createEmbeddedStore } from '../../../storage/embedded/store.js';
import type { Store } from '../../../core/repositories.js';
import { harness, sentCount, settableClock } from './harness.js';

const stores: Store[] = [];
const reminders = (h: ReturnType<typeof harness>) =>
  h.channel.sent.filter((s) => /Rappel/.test(s.message.text));

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => {});
});

async function open(dataDir: string) {
  const store = await createEmbeddedStore({ dataDir });
  stores.push(store);
  return store;
}

describe('booking reminders', () => {
  it('sends each reminder exactly once, across concurrent sweeps and a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-reminders-'));
    const clock = settableClock('2026-12-07T10:00:00Z');
    const first = harness(await open(dataDir), clock);
    const klass = await first.klass({ startsAt: '2026-12-10T18:30' });
    const { contact, conversation } = await first.customer('Ada');
    const booking = await first.service.book({
      contactId: contact.id,
      conversationId: conversation.id,
      sessionId: `${klass.id}-20261210`,
    });
    await sentCount(first.channel, 1);

    clock.set('2026-12-09T17:31:00Z'); // 24 h before 18:30 in Zurich, and a minute
    const results = await Promise.all([1, 2, 3].map(() => sweepBookings(first.service)));
    expect(results.reduce((sum, r) => sum + r.reminders, 0)).toBe(1);
    await sentCount(first.channel, 2);
    expect(reminders(first)[0]!.message.text).toContain(booking.code);
    expect(reminders(first)[0]!.message.text).toMatch(/ANNULER/);
    expect((await sweepBookings(first.service)).reminders).toBe(0);
    await first.outbox.stop();
    await first.store.close();

    // A new process on the same database: the ledger says the 24 h reminder went.
    const second = harness(await open(dataDir), clock);
    expect((await sweepBookings(second.service)).reminders).toBe(0);
    clock.set('2026-12-10T15:31:00Z'); // 2 h before
    expect((await sweepBookings(second.service)).reminders).toBe(1);
    await sentCount(second.channel, 1);
    expect(reminders(second)).toHaveLength(1);
    clock.advance(30);
    expect((await sweepBookings(second.service)).reminders).toBe(0);
    await second.outbox.stop();
  });

  it('waits for the end of quiet hours, and drops a reminder whose quiet hours last past the class', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-reminders-'));
    const clock = settableClock('2026-12-07T10:00:00Z');
    const h = harness(await open(dataDir), clock);
    const klass = await h.klass({ startsAt: '2026-12-10T07:00' }); // 06:00Z
    const { contact, conversation } = await h.customer('Bea');
    await h.service.book({
      contactId: contact.id,
      conversationId: conversation.id,
      sessionId: `${klass.id}-20261210`,
    });
    clock.set('2026-12-09T06:01:00Z'); // 07:01 in Zurich: inside 21:00-08:00
    expect((await sweepBookings(h.service)).reminders).toBe(0);
    clock.set('2026-12-09T07:00:00Z'); // 08:00: quiet hours are over
    expect((await sweepBookings(h.service)).reminders).toBe(1);
    clock.set('2026-12-10T04:01:00Z'); // the 2 h reminder at 05:01: quiet until after the class
    expect((await sweepBookings(h.service)).reminders).toBe(0);
    clock.set('2026-12-10T05:30:00Z');
    expect((await sweepBookings(h.service)).reminders).toBe(0);
    expect(
      await h.store.bookings.claimReminder((await h.store.bookings.list({})).items[0]!.id, 120, 'sent', ''),
    ).toBe(false);
    await h.outbox.stop();
  });

  it('skips the reminders whose time had passed when the booking was made', async () => {
    const clock = settableClock('2026-12-10T12:00:00Z');
    const h = harness(await open(fs.mkdtempSync(path.join(os.tmpdir(), 'kora-reminders-'))), clock);
    const klass = await h.klass({ startsAt: '2026-12-10T18:30' });
    const { contact, conversation } = await h.customer('Cy');
    await h.service.book({
      contactId: contact.id,
      conversationId: conversation.id,
      sessionId: `${klass.id}-20261210`,
    });
    clock.set('2026-12-10T12:10:00Z');
    expect((await sweepBookings(h.service)).reminders).toBe(0); // the 24 h one: too late
    clock.set('2026-12-10T15:31:00Z');
    expect((await sweepBookings(h.service)).reminders).toBe(1);
    await h.outbox.stop();
  });
});
