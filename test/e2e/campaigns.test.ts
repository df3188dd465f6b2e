/**
 * Campaigns through the whole app, as the coach and the recipients see them: the admin API, Agenda
 * on the embedded store, the web channel with connected members, the /admin socket.
 */
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import {
  adminFetch,
  connectChat,
  type JoinedCustomer,
  joinThroughLink,
  nextMessage,
  request,
} from '../helpers/chat-client.js';
import { e2eOnPostgres } from '../helpers/e2e-store.js';

let app: TestApp;
let cookie: string;
let linkId: string;
let linkToken: string;
const members: JoinedCustomer[] = [];
let groupId: string;
let admin: Socket;
const adminEvents: { campaignId: string; delivery?: { status: string }; status?: string }[] = [];

const api = (path: string, init: RequestInit = {}) => adminFetch(app.url, cookie, path, init);
const post = (path: string, body?: unknown) =>
  api(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

/** The messages the coach sent into a conversation (campaign messages among them). */
async function coachMessages(conversationId: string) {
  const page = await app.kora.store.messages.list(conversationId, { limit: 200 });
  return page.filter((message) => message.sender.type === 'coach');
}

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const campaign = (id: string) => api(`/api/admin/campaigns/${id}`).then((response) => response.body);

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login();
  // Its own connection (forceNew): a multiplexed one would reuse the members' handshake, without the cookie.
  admin = io(`${app.url}/admin`, {
    extraHeaders: { cookie },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  admin.on('delivery', (event) => adminEvents.push(event));
  await new Promise<void>((resolve, reject) => {
    admin.once('connect', () => resolve());
    admin.once('connect_error', reject);
  });
  const link = await post('/api/admin/links', { name: 'Site', mode: 'standard' });
  linkId = link.body.id;
  linkToken = link.body.token;
  for (const name of ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'])
    members.push(await joinThroughLink(app.url, linkToken, name));
  const group = await post('/api/admin/groups', { name: 'Morning yoga' });
  expect(group.status).toBe(201);
  groupId = group.body.id;
  for (const member of members) {
    expect((await post(`/api/admin/groups/${groupId}/members/${member.member.id}`)).status).toBeLessThan(300);
  }
  // Alan opts out of the business's messages on the web.
  const stopped = nextMessage(members[2]!.socket, (m) => m.sender.type !== 'contact');
  await request(members[2]!.socket, 'send', {
    conversationId: members[2]!.conversationId,
    text: 'STOP',
    clientMessageId: 's1',
  });
  await stopped;
});

afterAll(async () => {
  admin?.close();
  for (const member of members) member.socket.close();
  await app?.stop();
});

describe('validation', () => {
  const valid = () => ({ name: 'News', message: 'Hello', targets: [{ type: 'all' }], channels: ['web'] });
  it.each([
    ['unknown channel', { channels: ['pigeon'] }, 'channels.0'],
    ['empty message', { message: '   ' }, 'message'],
    ['schedule in the past', { schedule: { at: '2020-01-01T09:00:00Z' } }, 'schedule.at'],
    [
      'a slot in the past',
      { schedule: { slots: ['2999-01-01T09:00', '2020-01-01T09:00'] } },
      'schedule.slots.1',
    ],
    ['unknown contact', { targets: [{ type: 'contact', id: 'nobody' }] }, 'targets.0.id'],
    ['unknown group', { targets: [{ type: 'all' }, { type: 'group', id: 'nope' }] }, 'targets.1.id'],
    ['unknown tag', { targets: [{ type: 'tag', id: 'no-such-tag' }] }, 'targets.0.id'],
    ['unknown entry link', { message: 'Go {link:nope}' }, 'message'],
    ['unknown field', { colour: 'blue' }, 'colour'],
    ['quiet hours not HH:MM', { quietHours: { from: '9pm', to: '08:00' } }, 'quietHours.from'],
    ['quiet hours past 23:59', { quietHours: { from: '21:00', to: '24:00' } }, 'quietHours.to'],
    ['empty quiet hours', { quietHours: { from: '21:00', to: '21:00' } }, 'quietHours.to'],
    ['quiet hours without an end', { quietHours: { from: '21:00' } }, 'quietHours.to'],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_case, change, field) => {
    const before = (await api('/api/admin/campaigns')).body.total;
    const response = await post('/api/admin/campaigns', { ...valid(), ...change });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    expect((await api('/api/admin/campaigns')).body.total).toBe(before);
  });
});

describe('a scheduled campaign to a group', () => {
  let id: string;

  it('reaches each member once, personalised, at the slot time; the opted-out member is skipped', async () => {
    const at = new Date(Date.now() + 1_500);
    const received = members
      .slice(0, 2)
      .map((member) => nextMessage(member.socket, (m) => m.sender.type === 'coach', 10_000));
    const created = await post('/api/admin/campaigns', {
      name: 'Spring',
      message: `Hi {firstName}, book here: {link:${linkId}}`,
      targets: [{ type: 'group', id: groupId }],
      channels: ['web'],
      schedule: { at: at.toISOString() },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', counts: { pending: 0, sent: 0 } });
    id = created.body.id;
    const launched = await post(`/api/admin/campaigns/${id}/launch`);
    expect(launched.body.status).toBe('scheduled');
    const messages = await Promise.all(received);
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    expect(messages.map((m) => m.text)).toEqual([
      `Hi Ada, book here: ${app.kora.config.publicUrl}/c/${linkToken}`,
      `Hi Grace, book here: ${app.kora.config.publicUrl}/c/${linkToken}`,
    ]);
    const done = await waitFor(
      () => campaign(id),
      (c) => c.status === 'completed',
    );
    expect(done.counts).toMatchObject({ pending: 0, sent: 2, skipped: 1, failed: 0 });
    const skipped = await api(`/api/admin/campaigns/${id}/deliveries?status=skipped`);
    expect(skipped.body.items).toEqual([
      expect.objectContaining({
        recipientId: members[2]!.member.id,
        error: expect.objectContaining({ code: 'opted_out' }),
      }),
    ]);
    // Each landed in the member's own conversation with the business, sent by the coach.
    for (const member of members.slice(0, 2))
      expect(await coachMessages(member.conversationId)).toHaveLength(1);
    expect(await coachMessages(members[2]!.conversationId)).toHaveLength(0);
    // The assistant was not silenced by the broadcast.
    expect((await app.kora.store.conversations.get(members[0]!.conversationId))?.handoff).toBe(false);
  });

  it('streams the progress to the /admin socket', async () => {
    const mine = adminEvents.filter((event) => event.campaignId === id);
    expect(mine.filter((event) => event.delivery?.status === 'sent')).toHaveLength(2);
    expect(mine.filter((event) => event.delivery?.status === 'skipped')).toHaveLength(0);
    expect(mine.some((event) => event.status === 'completed')).toBe(true);
  });

  it('sends nothing when launched again once completed', async () => {
    const again = await post(`/api/admin/campaigns/${id}/launch`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('completed');
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const member of members.slice(0, 2))
      expect(await coachMessages(member.conversationId)).toHaveLength(1);
    expect((await campaign(id)).counts.sent).toBe(2);
  });

  it('duplicates into a draft copy', async () => {
    const copy = await post(`/api/admin/campaigns/${id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      status: 'draft',
      name: 'Spring (copy)',
      slots: [],
      counts: { sent: 0 },
    });
    expect(copy.body.id).not.toBe(id);
  });

  it('duplicates without the send time that has passed, so the copy launches', async () => {
    const copy = await post(`/api/admin/campaigns/${id}/duplicate`);
    expect(copy.body.schedule).toBeNull();
    const launched = await post(`/api/admin/campaigns/${copy.body.id}/launch`);
    expect(launched.status).toBe(200);
    expect(launched.body.status).not.toBe('draft');
  });
});

describe('duplicating a campaign with several send times', () => {
  it('keeps only the times still ahead', async () => {
    const now = Date.now();
    const soon = new Date(now + 800).toISOString();
    const later = new Date(now + 3_600_000).toISOString();
    const created = await post('/api/admin/campaigns', {
      name: 'Twice',
      message: 'Hello',
      targets: [{ type: 'contact', id: members[0]!.member.id }],
      channels: ['web'],
      schedule: { slots: [soon, later] },
    });
    expect(created.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const copy = await post(`/api/admin/campaigns/${created.body.id}/duplicate`);
    expect(copy.body.schedule).toEqual({ slots: [later] });
    // The copy is an editable draft: saving it as it is passes validation.
    const saved = await api(`/api/admin/campaigns/${copy.body.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ schedule: copy.body.schedule }),
    });
    expect(saved.status).toBe(200);
    await api(`/api/admin/campaigns/${copy.body.id}`, { method: 'DELETE' });
    await api(`/api/admin/campaigns/${created.body.id}`, { method: 'DELETE' });
  });
});

describe('two slots', () => {
  it('sends twice, once per slot; launching twice at once changes nothing', async () => {
    const now = Date.now();
    const created = await post('/api/admin/campaigns', {
      name: 'Reminder',
      message: 'Reminder for {name}',
      targets: [
        { type: 'contact', id: members[0]!.member.id },
        { type: 'group', id: groupId },
      ],
      channels: ['web'],
      schedule: { slots: [new Date(now + 1_000).toISOString(), new Date(now + 2_000).toISOString()] },
    });
    const before = (await coachMessages(members[1]!.conversationId)).length;
    const id = created.body.id;
    const launches = await Promise.all([
      post(`/api/admin/campaigns/${id}/launch`),
      post(`/api/admin/campaigns/${id}/launch`),
    ]);
    expect(launches.map((r) => r.status)).toEqual([200, 200]);
    const done = await waitFor(
      () => campaign(id),
      (c) => c.status === 'completed',
    );
    expect(done.counts).toMatchObject({ sent: 4, skipped: 2, pending: 0 });
    const texts = (await coachMessages(members[1]!.conversationId)).slice(before).map((m) => m.text);
    expect(texts).toEqual(['Reminder for Grace Hopper', 'Reminder for Grace Hopper']);
    const jobs = await api('/api/admin/scheduler?name=campaign-slot');
    expect(
      jobs.body.jobs.filter((job: { data: { campaignId: string } }) => job.data.campaignId === id),
    ).toHaveLength(2);
  });
});

describe('a campaign posted into a group conversation', () => {
  it('posts once into the group, whatever the number of members', async () => {
    const created = await post('/api/admin/campaigns', {
      name: 'Group post',
      message: 'Class moved to 10:00 {firstName}',
      targets: [{ type: 'conversation', id: groupId }],
      channels: ['web'],
    });
    const launched = await post(`/api/admin/campaigns/${created.body.id}/launch`);
    expect(launched.body.status).toBe('sending');
    const done = await waitFor(
      () => campaign(created.body.id),
      (c) => c.status === 'completed',
    );
    expect(done.counts).toMatchObject({ sent: 1 });
    const posts = await coachMessages(groupId);
    expect(posts.map((m) => m.text)).toEqual(['Class moved to 10:00']);
  });
});

describe('a campaign that opens the conversation with the business (issue 19 #3)', () => {
  it('reaches a connected member live, and the conversation it opened stays live both ways', async () => {
    // A member who came through a group only: no conversation with the business yet. A group of its
    // own, so the other tests' recipients stay as they were.
    const group = await post('/api/admin/groups', { name: 'Evening yoga' });
    const socket = await connectChat(app.url);
    const joined = await request<{ member: { id: string; token: string } }>(socket, 'join', {
      group: group.body.id,
      name: 'Hedy Lamarr',
    });
    if (!joined.ok) throw new Error(joined.error.message);
    try {
      const memberId = joined.member.id;
      expect(await app.kora.store.conversations.listForContact(memberId)).toHaveLength(1);
      const received = nextMessage(socket, (m) => m.sender.type === 'coach');
      const created = await post('/api/admin/campaigns', {
        name: 'Welcome',
        message: 'Welcome {firstName}!',
        targets: [{ type: 'contact', id: memberId }],
        channels: ['web'],
      });
      expect((await post(`/api/admin/campaigns/${created.body.id}/launch`)).status).toBe(200);
      const message = await received;
      expect(message.text).toBe('Welcome Hedy!');
      const opened = (await app.kora.store.messages.get(message.id))!.conversationId;
      expect(opened).not.toBe(group.body.id);
      // The member answers there and hears the assistant back, live: the socket is in the room.
      const answered = nextMessage(socket, (m) => m.sender.type === 'assistant');
      const sent = await request(socket, 'send', {
        conversationId: opened,
        text: 'Merci !',
        clientMessageId: 'w1',
      });
      expect(sent.ok).toBe(true);
      expect((await answered).text.length).toBeGreaterThan(0);
    } finally {
      socket.close();
    }
  });
});

describe('cancel', () => {
  it('stops sending at once; what was not sent is skipped as cancelled', async () => {
    // Forty more web members, reached at 4 messages a second.
    const now = new Date().toISOString();
    const { store } = app.kora;
    for (let i = 0; i < 40; i++) {
      const id = `01CANCEL${String(i).padStart(18, '0')}`;
      await store.contacts.create({
        id,
        name: `Member ${i}`,
        email: null,
        phone: null,
        emailVerified: false,
        phoneVerified: false,
        tags: ['slow'],
        createdAt: now,
        updatedAt: now,
      });
      await store.contacts.addIdentity({ channel: 'web', externalId: id, contactId: id, createdAt: now });
    }
    const created = await post('/api/admin/campaigns', {
      name: 'Slow',
      message: 'Hello {firstName}',
      targets: [{ type: 'tag', id: 'slow' }],
      channels: ['web'],
      rate: 4,
    });
    const id = created.body.id;
    await post(`/api/admin/campaigns/${id}/launch`);
    await waitFor(
      () => campaign(id),
      (c) => c.counts.sent >= 2,
    );
    const cancelled = await post(`/api/admin/campaigns/${id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const sentAtCancel = cancelled.body.counts.sent;
    expect(sentAtCancel).toBeLessThan(40);
    expect(cancelled.body.counts).toMatchObject({ pending: 0, skipped: 40 - sentAtCancel });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await campaign(id)).counts).toMatchObject({ sent: sentAtCancel, skipped: 40 - sentAtCancel });
    const cancelledRows = await api(`/api/admin/campaigns/${id}/deliveries?status=skipped&limit=1`);
    expect(cancelledRows.body.items[0].error.code).toBe('cancelled');
    expect((await post(`/api/admin/campaigns/${id}/launch`)).status).toBe(409);
  });
});

describe('quiet hours', () => {
  /** HH:MM in the business's time zone (the system's: TIMEZONE is not set here) `minutes` from now. */
  const clock = (minutes: number) =>
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      Date.now() + minutes * 60_000,
    );

  it('launched inside its quiet hours, sends nothing and waits for their end', async () => {
    const quietHours = { from: clock(-5), to: clock(10) };
    const created = await post('/api/admin/campaigns', {
      name: 'Night news',
      message: 'Quiet night message',
      targets: [{ type: 'group', id: groupId }],
      channels: ['web'],
      quietHours,
    });
    expect(created.status).toBe(201);
    expect(created.body.quietHours).toEqual(quietHours);
    const id = created.body.id as string;
    expect((await post(`/api/admin/campaigns/${id}/launch`)).status).toBe(200);

    // The slot ran, wrote its ledger, and was put off to the end of the quiet hours.
    type Job = { data: { campaignId: string }; lastFinishedAt: string | null; nextRunAt: string | null };
    const job = await waitFor(
      async () =>
        ((await api('/api/admin/scheduler?name=campaign-slot')).body.jobs as Job[]).find(
          (candidate) => candidate.data.campaignId === id,
        ),
      (found) => Boolean(found?.lastFinishedAt && found.nextRunAt),
    );
    const resumeAt = Date.parse(job!.nextRunAt!);
    expect(resumeAt).toBeGreaterThan(Date.now() + 8 * 60_000);
    expect(resumeAt).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
    expect(new Date(resumeAt).getUTCSeconds()).toBe(0);
    const view = await campaign(id);
    expect(view).toMatchObject({ status: 'sending', counts: { pending: 2, sent: 0 } });
    for (const member of members)
      expect((await coachMessages(member.conversationId)).map((m) => m.text)).not.toContain(
        'Quiet night message',
      );
    expect((await post(`/api/admin/campaigns/${id}/cancel`)).status).toBe(200);
  });
});

describe('the scheduler', () => {
  it('shows its jobs and health, and is part of /readyz', async () => {
    const view = await api('/api/admin/scheduler');
    expect(view.status).toBe(200);
    const backend = e2eOnPostgres() ? 'PostgreSQL' : 'Kora embedded (SQLite)';
    expect(view.body.health).toMatchObject({ ok: true, running: true, backend });
    const names = view.body.overview.map((o: { name: string }) => o.name);
    expect(names).toEqual(
      expect.arrayContaining(['campaign-slot', 'maintenance:purge-outbox', 'maintenance:purge-sessions']),
    );
    const ready = await fetch(`${app.url}/readyz`).then((r) => r.json());
    expect(ready.scheduler).toMatchObject({ ok: true });
  });
});
