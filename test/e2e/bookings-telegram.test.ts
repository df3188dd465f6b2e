/**
 * Booking on Telegram through inline buttons (the real grammY against the fake Bot API): the list, a
 * press that books, the confirmation with its QR code, a full class's waiting list and the place
 * offered when one is freed; then 20 people racing for the last 3 places through web and Telegram.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../../core/bookings/calendar.js';
import { type FakeChat, type FakeTelegram, type FakeUser, startFakeTelegram } from '../fakes/telegram-api.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';
import { raceForLastThreePlaces } from './bookings-race.js';

let fake: FakeTelegram;
let app: TestApp;
let cookie: string;
let token: string;

const noa: FakeUser = { id: 5300000001, first_name: 'Noa', language_code: 'fr' };
const sam: FakeUser = { id: 5300000002, first_name: 'Sam', language_code: 'en' };
const chatOf = (user: FakeUser): FakeChat => ({ id: user.id, type: 'private', first_name: user.first_name });
const post = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });
const say = (user: FakeUser, text: string) => fake.push(fake.message(chatOf(user), user, text));
const buttonsOf = (sent: { replyMarkup?: { inline_keyboard: { callback_data: string }[][] } }) =>
  sent.replyMarkup?.inline_keyboard.flat().map((b) => b.callback_data) ?? [];

beforeAll(async () => {
  fake = await startFakeTelegram();
  app = await startTestApp({
    env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TIMEZONE: 'Europe/Zurich' },
  });
  cookie = await app.login();
  token = (await post('/api/admin/links', { name: 'Telegram', mode: 'standard' })).body.token;
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

describe('bookings on Telegram', () => {
  it('books from an inline button, confirms with code and QR, and offers a freed place to the waiting list', async () => {
    const day = localParts(new Date(Date.now() + 86_400_000), 'Europe/Zurich').date;
    const created = await post('/api/admin/classes', {
      title: 'Yoga du matin',
      startsAt: `${day}T08:00`,
      durationMinutes: 60,
      capacity: 1,
      payment: 'manual',
      price: { amount: 20, currency: 'CHF' },
    });
    expect(created.status).toBe(201);
    say(noa, `/start ${token}`);
    say(noa, 'Je voudrais réserver un cours');
    const list = await fake.waitFor(
      (s) => s.chatId === String(noa.id) && buttonsOf(s).some((d) => d.startsWith('book:')),
    );
    const data = buttonsOf(list).find((d) => d.startsWith(`book:${created.body.id}`))!;
    const press = fake.press(list, noa, data);
    fake.push(press);
    const confirmation = await fake.waitFor((s) => s.chatId === String(noa.id) && s.method === 'sendPhoto');
    expect(confirmation.file).toMatch(/\/qr\/bookings\/[A-HJKMNP-Z]{6}\.png$/);
    const code = /\/([A-HJKMNP-Z]{6})\.png$/.exec(confirmation.file!)![1]!;
    expect(confirmation.caption).toContain(code);
    expect(buttonsOf(confirmation)[0]).toMatch(/^cancel:/);
    await waitFor(() => fake.answered.includes(String((press.callback_query as { id: string }).id)));

    // Sam finds it full: waiting list; Noa cancels with her button; Sam is offered the place.
    say(sam, `/start ${token}`);
    say(sam, 'I want to book a class');
    const samList = await fake.waitFor((s) => s.chatId === String(sam.id) && buttonsOf(s).includes(data));
    fake.push(fake.press(samList, sam, data));
    await fake.waitFor((s) => s.chatId === String(sam.id) && /waiting list/.test(s.text ?? ''));
    fake.push(fake.press(confirmation, noa, buttonsOf(confirmation)[0]!));
    const offer = await fake.waitFor(
      (s) => s.chatId === String(sam.id) && buttonsOf(s).some((d) => d.startsWith('accept:')),
    );
    fake.push(fake.press(offer, sam, buttonsOf(offer).find((d) => d.startsWith('accept:'))!));
    const samBooked = await fake.waitFor((s) => s.chatId === String(sam.id) && s.method === 'sendPhoto');
    expect(samBooked.caption).toMatch(/You're booked/);
    const bookings = await adminFetch(app.url, cookie, `/api/admin/bookings?query=${code}`);
    expect(bookings.body.items[0].status).toBe('cancelled');
  });

  it('a numbered reply is not needed on Telegram: the list comes as buttons, not numbers', async () => {
    say(noa, 'quels cours ?');
    const list = await fake.waitFor(
      (s) => s.chatId === String(noa.id) && /Prochains cours/.test(s.text ?? '') && buttonsOf(s).length > 0,
    );
    expect(list.text).not.toMatch(/Répondez 1/);
  });

  it('gives exactly 3 of 20 people racing through web and Telegram the last 3 places', async () => {
    const result = await raceForLastThreePlaces({ webApps: [app], telegramApp: app, fake, cookie });
    expect(result).toEqual({ booked: 3, waiting: 17 });
  });
});
