/**
 * Teams refuses what the Bot Framework did not sign for us: every refusal generated from one valid
 * activity (token mutations × chat kinds), each answered 401/403 with nothing stored and nothing sent.
 * The app runs with the real Agents SDK against the fake Bot Framework on 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBotFramework, postActivity, teamsMessage } from '../fakes/bot-framework.js';
import type { TestApp } from '../helpers/app.js';
import { newGroupChatId, newPersonalChatId, startTeamsApp, type TeamsKit } from '../helpers/teams-app.js';

let kit: TeamsKit;
let bf: FakeBotFramework;
let app: TestApp;

beforeAll(async () => {
  kit = await startTeamsApp();
  ({ bf, app } = kit);
});

afterAll(async () => {
  await kit?.stop();
});

/** Every way a post must be refused, generated from one valid activity: token mutations × chat kinds. */
const REFUSALS: { name: string; status: 401 | 403; token: () => string | null; serviceUrl?: string }[] = [
  { name: 'no token', status: 401, token: () => null },
  { name: 'a token that is not a JWT', status: 401, token: () => 'not-a-jwt' },
  {
    name: 'a forged token (unpublished key, published kid)',
    status: 401,
    token: () => bf.sign({}, { key: 'forged' }),
  },
  {
    name: 'a token signed by an unknown kid',
    status: 401,
    token: () => bf.sign({}, { key: 'forged', kid: 'other' }),
  },
  { name: 'an unsigned token (alg none)', status: 401, token: () => bf.sign({}, { algorithm: 'none' }) },
  {
    name: 'an HS256 token keyed with the app password',
    status: 401,
    token: () => bf.sign({}, { algorithm: 'HS256' }),
  },
  {
    name: 'an expired token (beyond the 5-minute skew)',
    status: 401,
    token: () => bf.sign({ expiresIn: -360 }),
  },
  { name: 'a token not valid yet', status: 401, token: () => bf.sign({ notBeforeIn: 600 }) },
  { name: 'a wrong-audience token', status: 401, token: () => bf.sign({ aud: randomUUID() }) },
  {
    name: 'a wrong-issuer token',
    status: 401,
    token: () => bf.sign({ iss: 'https://sts.windows.net/evil/' }),
  },
  { name: 'a token without serviceurl', status: 403, token: () => bf.sign({ serviceurl: undefined }) },
  {
    name: 'a serviceUrl that differs from the token',
    status: 403,
    token: () => bf.sign(),
    serviceUrl: 'https://smba.evil.example/emea/',
  },
  {
    name: "a token issued for another service's URL",
    status: 403,
    token: () => bf.sign({ serviceurl: 'https://smba.trafficmanager.net/emea/' }),
  },
];

describe('Teams refuses what the Bot Framework did not sign for us', () => {
  const kinds = ['personal', 'groupChat'] as const;
  const cases = REFUSALS.flatMap((refusal) => kinds.map((kind) => ({ ...refusal, kind })));

  it.each(cases)('$name in a $kind chat: $status, nothing stored, nothing sent', async (refusal) => {
    const chatId = refusal.kind === 'personal' ? newPersonalChatId() : newGroupChatId();
    const user = { id: `29:${randomUUID()}`, name: 'Mallory', aadObjectId: randomUUID() };
    const activity = teamsMessage(bf, {
      conversationId: chatId,
      kind: refusal.kind,
      mention: refusal.kind !== 'personal',
      text: 'Quels sont vos prix ?',
      user,
      ...(refusal.serviceUrl ? { serviceUrl: refusal.serviceUrl } : {}),
    });
    const attempts = bf.attempts.length;
    const response = await postActivity(app.url, activity, refusal.token());
    expect(response.status).toBe(refusal.status);
    expect(JSON.parse(response.body).error.code).toBe(
      refusal.status === 401 ? 'invalid_token' : 'service_url_mismatch',
    );
    await app.kora.engine.idle();
    expect(await app.kora.store.contacts.findByIdentity('teams', user.aadObjectId)).toBeNull();
    expect(await kit.conversationOf(chatId)).toBeNull();
    expect(await app.kora.store.channelState.get('teams-references', [chatId])).toEqual({});
    expect(bf.attempts.length).toBe(attempts);
  });

  it('accepts the same activity with a valid token (the refusals above are the token alone)', async () => {
    const chatId = newPersonalChatId();
    const lateButWithinSkew = bf.sign({ expiresIn: -120 });
    const response = await kit.send(
      teamsMessage(bf, { conversationId: chatId, text: 'Quels sont vos prix ?' }),
      lateButWithinSkew,
    );
    expect(response.status).toBe(200);
    expect(kit.postedTo(chatId)).toHaveLength(1);
  });
});
