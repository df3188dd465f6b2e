/**
 * 20 people booking the last 3 places at once through different channels: web chat members on one or
 * several apps (`book` requests) and Telegram users pressing a book button (callback queries).
 */
import { expect } from 'vitest';
import { localParts } from '../../core/bookings/calendar.js';
import type { FakeTelegram, FakeUser } from '../fakes/telegram-api.js';
import type { TestApp } from '../helpers/app.js';
import { adminFetch, type JoinedCustomer, joinThroughLink, request } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';

export interface RaceSetup {
  /** The apps web members connect to, in turn. */
  webApps: TestApp[];
  /** The app whose Telegram channel polls the fake. */
  telegramApp: TestApp;
  fake: FakeTelegram;
  cookie: string;
}

export async function raceForLastThreePlaces(setup: RaceSetup): Promise<Record<string, number>> {
  const { webApps, telegramApp, fake, cookie } = setup;
  const api = telegramApp.url;
  const post = (path: string, body: unknown) =>
    adminFetch(api, cookie, path, { method: 'POST', body: JSON.stringify(body) });
  const tz = telegramApp.kora.config.timezone;
  const day = localParts(new Date(Date.now() + 2 * 86_400_000), tz).date;
  const klass = (
    await post('/api/admin/classes', {
      title: 'Dernières places',
      startsAt: `${day}T19:00`,
      durationMinutes: 60,
      capacity: 3,
      payment: 'free',
    })
  ).body as { id: string };
  const sessionId = `${klass.id}-${day.replaceAll('-', '')}`;
  const link = (await post('/api/admin/links', { name: 'Race', mode: 'standard' })).body as { token: string };

  const web: JoinedCustomer[] = [];
  for (let i = 0; i < 10; i++)
    web.push(await joinThroughLink(webApps[i % webApps.length]!.url, link.token, `Web ${i}`));
  const users: FakeUser[] = Array.from({ length: 10 }, (_, i) => ({
    id: 6200000000 + i,
    first_name: `Tg ${i}`,
  }));
  for (const user of users)
    fake.push(fake.message({ id: user.id, type: 'private' }, user, `/start ${link.token}`));
  await waitFor(async () => {
    for (const user of users)
      if (!(await telegramApp.kora.store.conversations.findLatestByExternalChat('telegram', String(user.id))))
        return false;
    return true;
  });

  // Everyone at once: the web requests and the Telegram presses.
  const button = (user: FakeUser) =>
    fake.press(
      {
        method: 'sendMessage',
        chatId: String(user.id),
        messageId: 1,
        text: 'Prochains cours',
        replyMarkup: {
          inline_keyboard: [[{ text: 'Dernières places', callback_data: `book:${sessionId}` }]],
        },
        receivedAt: Date.now(),
      },
      user,
      `book:${sessionId}`,
    );
  const presses = users.map(button);
  for (const press of presses) fake.push(press);
  const replies = await Promise.all(
    web.map((m) =>
      request<{ booking: { status: string } }>(m.socket, 'book', {
        conversationId: m.conversationId,
        sessionId,
      }),
    ),
  );
  expect(replies.filter((reply) => !reply.ok)).toEqual([]);
  const all = await waitFor(async () => {
    const list = await adminFetch(api, cookie, `/api/admin/bookings?sessionId=${sessionId}&limit=200`);
    // The page and its total are two reads: a booking written between them shows in one only.
    const items = list.body.items as { status: string }[];
    return list.body.total === 20 && items.length === 20 ? items : null;
  });
  for (const m of web) m.socket.close();
  // Every status counted, so a failure shows where a booking went (not only that one is missing).
  const counts: Record<string, number> = {};
  for (const booking of all) counts[booking.status] = (counts[booking.status] ?? 0) + 1;
  return counts;
}
