/**
 * Issue 16, item 7, as a new user lives it with no AI key: the app on the offline provider, customers
 * on the web chat (socket.io). A question the catalog does not cover is left to the coach, who sees the
 * conversation waiting for them, and the assistant goes on answering; on a STRICT link it answers from
 * the link's own prompt and the articles the link allows, never with a price.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, nextMessage, request } from '../helpers/chat-client.js';

const STRICT_PROMPT = [
  "Tu es l'assistante de l'atelier Souffle.",
  "L'atelier Souffle est une matinée pour apprendre trois techniques de respiration qui apaisent le stress.",
  'Il a lieu le samedi matin à Lausanne, en petit groupe.',
  'Ne parle jamais de prix.',
].join(' ');

let app: TestApp;
let cookie: string;
const links = { standard: '', strict: '' };
const sockets: Socket[] = [];

async function post(path: string, body: unknown) {
  const response = await adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}`);
  return response.body;
}

beforeAll(async () => {
  app = await startTestApp({ env: { AI_PROVIDER: 'offline' } });
  cookie = await app.login();
  await post('/api/admin/offers', {
    name: 'Cours de yoga',
    kind: 'course',
    description: 'Une heure de yoga doux.',
    price: 120,
    currency: 'CHF',
    paymentUrl: 'https://pay.example.com/yoga',
  });
  await post('/api/admin/articles', {
    title: 'Que faut-il apporter ?',
    body: 'Apportez un tapis, une couverture et une tenue souple.',
  });
  await post('/api/admin/articles', {
    title: 'What should I bring?',
    body: 'Bring a mat, a blanket and comfortable clothes.',
  });
  await post('/api/admin/articles', {
    title: 'Tarifs de groupe',
    body: 'Le tarif de groupe est de 45 CHF par personne.',
  });
  await post('/api/admin/promo-codes', { code: 'BIENVENUE10', discount: { percent: 10 } });
  links.standard = (await post('/api/admin/links', { name: 'Site', mode: 'standard' })).token;
  links.strict = (
    await post('/api/admin/links', { name: 'Souffle', mode: 'strict', customPrompt: STRICT_PROMPT })
  ).token;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

/** A new visitor of a link: `ask` sends a message and resolves with the assistant's reply. */
async function visitor(link: string, name: string) {
  const joined = await joinThroughLink(app.url, link, name);
  sockets.push(joined.socket);
  let n = 0;
  return {
    conversationId: joined.conversationId,
    async ask(text: string): Promise<string> {
      const reply = nextMessage(joined.socket, (m) => m.sender.type === 'assistant');
      const sent = await request(joined.socket, 'send', {
        conversationId: joined.conversationId,
        text,
        clientMessageId: `${name}-${++n}`,
      });
      expect(sent.ok).toBe(true);
      return (await reply).text;
    },
  };
}

/**
 * The coach's panel, connected: `heard` resolves with the first live `conversation` change matching.
 * Its own connection (forceNew): the customers' sockets to the same origin carry no session cookie.
 */
async function coachHears(
  match: (c: { id: string; coachNeededAt: string | null; handoff: boolean }) => boolean,
) {
  const socket = io(`${app.url}/admin`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const heard = new Promise<{ change: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the coach heard nothing')), 5_000);
    socket.on('conversation', (event: { change: string; conversation: Parameters<typeof match>[0] }) => {
      if (!match(event.conversation)) return;
      clearTimeout(timer);
      resolve(event);
    });
  });
  return { heard };
}

async function waitingIds(): Promise<string[]> {
  const list = await adminFetch(app.url, cookie, '/api/admin/conversations?waiting=true');
  expect(list.status).toBe(200);
  return list.body.items.map((c: { id: string }) => c.id);
}

async function today(): Promise<{ handoffs: number; handoffsWaiting: number }> {
  return (await adminFetch(app.url, cookie, '/api/admin/stats')).body.today;
}

const SCENARIOS = [
  {
    lang: 'fr',
    name: 'Aïcha',
    unmatched: 'Est-ce qu’il y a un parking près de la salle ?',
    forCoach: /transmets .*coach.*autres questions/s,
    covered: [
      ['Que faut-il apporter ?', 'Apportez un tapis'],
      ['J’ai le code BIENVENUE10', 'Le code BIENVENUE10 est valable'],
      ['Combien coûte le cours de yoga ?', '120 CHF'],
      ['ARRÊT', 'vous ne recevrez plus nos messages'],
    ],
  },
  {
    lang: 'en',
    name: 'Ruth',
    unmatched: 'Is there parking near the studio?',
    forCoach: /passing your question on to the coach.*anything else/s,
    covered: [
      ['What should I bring?', 'Bring a mat'],
      ['I have the code BIENVENUE10', 'The code BIENVENUE10 is valid'],
      ['How much is the yoga course?', '120 CHF'],
      ['STOP', "you won't receive our messages"],
    ],
  },
] as const;

describe('the offline assistant keeps helping on a STANDARD link', () => {
  for (const s of SCENARIOS) {
    it(`${s.lang}: leaves the unmatched question to the coach and answers the next ones`, async () => {
      const customer = await visitor(links.standard, s.name);
      const { heard } = await coachHears(
        (c) => c.id === customer.conversationId && typeof c.coachNeededAt === 'string',
      );
      expect(await customer.ask(s.unmatched)).toMatch(s.forCoach);
      // The coach's panel is told live that this conversation now waits for them.
      expect(await heard).toMatchObject({ change: 'updated', conversation: { handoff: false } });
      // The coach sees the conversation waiting, without it being handed off.
      expect(await waitingIds()).toContain(customer.conversationId);
      const held = await adminFetch(app.url, cookie, '/api/admin/conversations?handoff=true');
      expect(held.body.items.map((c: { id: string }) => c.id)).not.toContain(customer.conversationId);
      expect(await today()).toMatchObject({ handoffs: 0, handoffsWaiting: 1 });
      for (const [ask, answer] of s.covered) expect(await customer.ask(ask)).toContain(answer);
      // Once the coach answers, nothing waits for them any more.
      const coach = await adminFetch(
        app.url,
        cookie,
        `/api/admin/conversations/${customer.conversationId}/messages`,
        {
          method: 'POST',
          body: JSON.stringify({ text: 'Oui, un parking gratuit derrière la salle.' }),
        },
      );
      expect(coach.status).toBe(201);
      expect(await waitingIds()).not.toContain(customer.conversationId);
      expect((await today()).handoffsWaiting).toBe(0);
      // The coach answering took the conversation over; handing it back ends the evening cleanly.
      await adminFetch(app.url, cookie, `/api/admin/conversations/${customer.conversationId}/handoff`, {
        method: 'POST',
        body: JSON.stringify({ active: false }),
      });
    });
  }

  it('goes silent once the customer asks for a person', async () => {
    const customer = await visitor(links.standard, 'Léo');
    expect(await customer.ask('Je veux parler à un humain')).toMatch(/coach/);
    const silence = nextMessage(sockets.at(-1)!, (m) => m.sender.type === 'assistant', 1_000);
    const sent = await request(sockets.at(-1)!, 'send', {
      conversationId: customer.conversationId,
      text: 'Combien coûte le cours de yoga ?',
      clientMessageId: 'leo-2',
    });
    expect(sent.ok).toBe(true);
    await app.kora.engine.idle();
    await expect(silence).rejects.toThrow('no matching message');
    expect(await waitingIds()).toContain(customer.conversationId);
  });

  it('refuses a waiting filter that is not true or false, naming the field', async () => {
    const bad = await adminFetch(app.url, cookie, '/api/admin/conversations?waiting=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('waiting');
  });
});

describe('the offline assistant on a STRICT link', () => {
  it('answers from the link prompt and an allowed article, and leaves prices to the coach', async () => {
    const customer = await visitor(links.strict, 'Nina');
    expect(await customer.ask("C'est quoi cet atelier ?")).toBe(
      "L'atelier Souffle est une matinée pour apprendre trois techniques de respiration qui apaisent le stress.",
    );
    expect(await customer.ask('Que faut-il apporter ?')).toContain('Apportez un tapis');
    for (const question of [
      "Combien coûte l'atelier ?",
      'Quels sont vos tarifs de groupe ?',
      'Parlez-moi du yoga',
    ]) {
      const reply = await customer.ask(question);
      expect(reply).toMatch(/transmets .*coach/);
      expect(reply).not.toMatch(/\d|CHF|http|Cours de yoga/);
    }
    expect(await waitingIds()).toContain(customer.conversationId);
    // Still answering after those.
    expect(await customer.ask('Où a lieu l’atelier ?')).toContain('samedi matin à Lausanne');
    const messages = await adminFetch(
      app.url,
      cookie,
      `/api/admin/conversations/${customer.conversationId}/messages`,
    );
    const said = messages.body.items.map((m: { text: string }) => m.text).join('\n');
    expect(said).not.toMatch(/Tu es l'assistante|Ne parle jamais|45 CHF|pay\.example/);
  });
});
