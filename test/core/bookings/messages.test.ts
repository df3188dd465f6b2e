/**
 * Booking messages as channels get them: buttons where the channel has them, numbered choices
 * elsewhere; and in a STRICT conversation the guard finds nothing to remove from any of them (every
 * language × kind of message × a year of dates and times × random codes), so dates and codes arrive
 * whole.
 */
import { describe, expect, it } from 'vitest';
import { newBookingCode } from '../../../core/bookings/codes.js';
import { bookingOutbound, type NotifyDeps } from '../../../core/bookings/notify.js';
import { describeSession, formatWhen, texts } from '../../../core/bookings/texts.js';
import { ChannelDirectory } from '../../../core/channels/directory.js';
import { newConversation } from '../../../core/conversations.js';
import { CHANNEL_PLUGINS } from '../../../server/channels/index.js';

const TZ = 'Europe/Zurich';
const deps = {
  timeZone: TZ,
  publicUrl: 'https://coach.example',
  channels: new ChannelDirectory(CHANNEL_PLUGINS),
} as unknown as NotifyDeps;
const conversation = (channel: 'web' | 'sms' | 'telegram' | 'whatsapp', mode: 'standard' | 'strict') =>
  newConversation({ id: 'c1', kind: 'assistant', title: 't', channel, mode }, '2026-12-01T00:00:00.000Z');
const actions = [
  { id: 'book:a-20261208', label: 'Yoga, mar. 8 déc., 18:30' },
  { id: 'book:b-20261209', label: 'Pilates, mer. 9 déc., 07:15' },
  { id: 'book:c-20261210', label: 'Yin, jeu. 10 déc., 19:00' },
];

describe('booking messages on each channel', () => {
  it('sends buttons on web and Telegram, numbered choices on SMS and WhatsApp', () => {
    for (const channel of ['web', 'telegram'] as const) {
      const input = bookingOutbound(deps, conversation(channel, 'standard'), 'fr', texts('fr').list, actions);
      expect(input.text).toBe(texts('fr').list);
      expect(input.actions).toEqual(actions);
    }
    for (const channel of ['sms', 'whatsapp'] as const) {
      const input = bookingOutbound(deps, conversation(channel, 'standard'), 'fr', texts('fr').list, actions);
      expect(input.text).toContain('1. Yoga, mar. 8 déc., 18:30\n2. Pilates');
      expect(input.text).toContain('Répondez 1, 2 ou 3 pour réserver.');
    }
  });

  it('passes the STRICT guard untouched: every language, message and date of a year', () => {
    const start = Date.parse('2026-01-01T05:00:00Z');
    let checked = 0;
    for (const lang of ['fr', 'en', 'de'] as const) {
      const t = texts(lang);
      for (let hour = 0; hour < 365 * 24; hour += 7) {
        const at = new Date(start + hour * 3_600_000 + (hour % 4) * 15 * 60_000).toISOString();
        const what = describeSession('Séance découverte', at, TZ, lang);
        const code = newBookingCode();
        const until = formatWhen(at, TZ, lang);
        for (const text of [
          t.booked(what, code),
          t.waiting(what),
          t.offered(what, until),
          t.cancelled(what),
          t.sessionCancelled(what),
          t.reminder(what, code),
        ]) {
          const input = bookingOutbound(deps, conversation('web', 'strict'), lang, text, actions);
          expect(input.guard, text).toBeUndefined();
          expect(input.text).toBe(text);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });

  it('still removes a price or a payment link if one ever got into a STRICT booking message', () => {
    const input = bookingOutbound(
      deps,
      conversation('web', 'strict'),
      'fr',
      'Réservé. Payez CHF 25 ici : https://pay.example/x',
    );
    expect(input.guard?.length).toBeGreaterThan(0);
    expect(input.text).not.toContain('25');
    expect(input.text).not.toContain('pay.example');
  });
});
