/**
 * The 20-for-3 race on PostgreSQL across two processes' worth of apps on one DATABASE_URL: web members
 * on both apps and Telegram users (polled by the first) book the last 3 places at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { withPostgresDatabase } from '../helpers/postgres.js';
import { raceForLastThreePlaces } from './bookings-race.js';

const database = await withPostgresDatabase();
const SECRET_KEY = 'a-secret-key-shared-by-both-replicas-0123456789';
let a: TestApp;
let b: TestApp;
let fake: FakeTelegram;

beforeAll(async () => {
  if (!database) return;
  fake = await startFakeTelegram();
  const env = { DATABASE_URL: database.url, SECRET_KEY, TIMEZONE: 'Europe/Zurich' };
  a = await startTestApp({ env: { ...env, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url } });
  b = await startTestApp({ env });
});

afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await fake?.close();
});

describe.skipIf(!database)('bookings on PostgreSQL', () => {
  it('gives exactly 3 of 20 people racing through two apps and Telegram the last 3 places', async () => {
    const cookie = await a.login();
    const result = await raceForLastThreePlaces({ webApps: [a, b], telegramApp: a, fake, cookie });
    expect(result).toEqual({ booked: 3, waiting: 17 });
  });
});
