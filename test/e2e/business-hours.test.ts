/**
 * Issue 19, business hours: the owner sets weekly hours (in TIMEZONE) and an away message; outside
 * them, the handoff reply says when the coach will answer, then the away message; inside, it is the
 * usual one. Bad input names the field and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEEKDAYS } from '../../core/business-hours.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, nextMessage, request } from '../helpers/chat-client.js';

const ZONE = 'Europe/Zurich';
let app: TestApp;
let cookie: string;
let link: string;

const put = (body: unknown) =>
  adminFetch(app.url, cookie, '/api/admin/business-hours', { method: 'PUT', body: JSON.stringify(body) });
const emptyWeek = () =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, [] as { from: string; to: string }[]]));
/** The weekday in ZONE of a moment, as the API names it. */
const weekdayIn = (date: Date) =>
  new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: ZONE }).format(date).toLowerCase();

beforeAll(async () => {
  app = await startTestApp({ env: { TIMEZONE: ZONE, AI_PROVIDER: 'offline' } });
  cookie = await app.login();
  link = (
    await adminFetch(app.url, cookie, '/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({ name: 'Site', mode: 'standard' }),
    })
  ).body.token;
});

afterAll(async () => {
  await app?.stop();
});

async function handoffReplyTo(name: string, text: string): Promise<string> {
  const customer = await joinThroughLink(app.url, link, name);
  try {
    const reply = nextMessage(customer.socket, (message) => message.sender.type === 'assistant');
    const sent = await request(customer.socket, 'send', {
      conversationId: customer.conversationId,
      text,
      clientMessageId: `${name}-1`,
    });
    expect(sent.ok).toBe(true);
    return (await reply).text;
  } finally {
    customer.socket.close();
  }
}

describe('business hours', () => {
  it('starts off, and says the time zone', async () => {
    const response = await adminFetch(app.url, cookie, '/api/admin/business-hours');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ enabled: false, awayMessage: '', timeZone: ZONE });
    expect(Object.keys(response.body.weekly)).toEqual([...WEEKDAYS]);
  });

  it('refuses bad hours naming the field, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ enabled: 'yes', weekly: emptyWeek(), awayMessage: '' }, 'enabled'],
      [
        { enabled: true, weekly: { ...emptyWeek(), mon: [{ from: '8:00', to: '12:00' }] }, awayMessage: '' },
        'weekly.mon.0.from',
      ],
      [
        { enabled: true, weekly: { ...emptyWeek(), tue: [{ from: '12:00', to: '08:00' }] }, awayMessage: '' },
        'weekly.tue.0.to',
      ],
      [
        {
          enabled: true,
          weekly: {
            ...emptyWeek(),
            wed: [
              { from: '08:00', to: '12:00' },
              { from: '11:00', to: '14:00' },
            ],
          },
          awayMessage: '',
        },
        'weekly.wed',
      ],
      [{ enabled: true, weekly: emptyWeek(), awayMessage: '' }, 'weekly'],
      [{ enabled: false, weekly: emptyWeek(), awayMessage: 'x'.repeat(1001) }, 'awayMessage'],
      [{ enabled: false, weekly: { ...emptyWeek(), sun2: [] }, awayMessage: '' }, 'weekly.sun2'],
    ];
    for (const [body, field] of cases) {
      const response = await put(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    }
    expect((await adminFetch(app.url, cookie, '/api/admin/business-hours')).body.enabled).toBe(false);
  });

  it('outside hours, the handoff says when the coach will answer, then the away message', async () => {
    // Open only tomorrow (in the zone), 08:00-09:00: now is outside whatever the time.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const weekly = { ...emptyWeek(), [weekdayIn(tomorrow)]: [{ from: '08:00', to: '09:00' }] };
    const saved = await put({ enabled: true, weekly, awayMessage: 'En vacances, merci de votre patience.' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ enabled: true, weekly, timeZone: ZONE });

    const text = await handoffReplyTo('Hors heures', 'Je veux parler au coach');
    const day = new Intl.DateTimeFormat('fr-CH', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      timeZone: ZONE,
    }).format(tomorrow);
    expect(text).toContain('Il est absent pour le moment et vous répondra ici dès');
    expect(text).toContain(day);
    expect(text).toContain('08:00');
    expect(text.endsWith('En vacances, merci de votre patience.')).toBe(true);
    const log = (await adminFetch(app.url, cookie, '/api/admin/audit-log')).body.items as {
      action: string;
    }[];
    expect(log.some((entry) => entry.action === 'business-hours.update')).toBe(true);
  });

  it('inside hours (or hours off), the handoff reply is the usual one', async () => {
    const weekly = Object.fromEntries(WEEKDAYS.map((day) => [day, [{ from: '00:00', to: '24:00' }]]));
    await put({ enabled: true, weekly, awayMessage: 'Absent' });
    expect(await handoffReplyTo('Dans les heures', 'I want to talk to a human')).toBe(
      "Of course! I'm passing you to the coach, who will answer you here shortly.",
    );
    await put({ enabled: false, weekly: emptyWeek(), awayMessage: 'Absent' });
    expect(await handoffReplyTo('Heures coupées', 'Je veux parler au coach')).toBe(
      'Bien sûr ! Je vous passe le coach, qui vous répondra ici très bientôt.',
    );
  });

  it('is the owner’s: an agent is refused', async () => {
    const agent = await adminFetch(app.url, cookie, '/api/admin/users', {
      method: 'POST',
      body: JSON.stringify({
        email: 'agent@example.com',
        name: 'Agent',
        password: 'agent password 12345',
        role: 'agent',
      }),
    });
    expect(agent.status).toBe(201);
    const login = await fetch(`${app.url}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent@example.com', password: 'agent password 12345' }),
    });
    const agentCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const refused = await adminFetch(app.url, agentCookie, '/api/admin/business-hours', {
      method: 'PUT',
      body: JSON.stringify({ enabled: false, weekly: emptyWeek(), awayMessage: '' }),
    });
    expect(refused.status).toBe(403);
  });
});
