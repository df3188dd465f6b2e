/**
 * Issue 19, groups: each group has an invite link (the community web chat with the group), and a
 * member leaves a group from the web chat with `leave {conversationId}`: the group is gone from their
 * list, its messages no longer reach them, the coach sees one member fewer. Only groups can be left.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { adminFetch, connectChat, joinThroughLink, nextMessage, request } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
let group: { id: string; inviteUrl: string };
const sockets: Socket[] = [];
const admin = (path: string, init: RequestInit = {}) => adminFetch(app.url, cookie, path, init);

beforeAll(async () => {
  app = await startTestApp({ env: { PUBLIC_URL: 'https://coach.example.ch' } });
  cookie = await app.login();
  group = (
    await admin('/api/admin/groups', { method: 'POST', body: JSON.stringify({ name: 'Yoga du matin' }) })
  ).body;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

async function joinGroup(name: string) {
  const socket = await connectChat(app.url);
  sockets.push(socket);
  const groupId = new URL(group.inviteUrl).searchParams.get('group');
  const joined = await request<{ member: { id: string }; conversationId: string }>(socket, 'join', {
    group: groupId,
    name,
  });
  if (!joined.ok) throw new Error(joined.error.message);
  return { socket, member: joined.member };
}

describe('invite link', () => {
  it('is the community web chat opened on the group, in the list and on the group', async () => {
    expect(group.inviteUrl).toBe(`https://coach.example.ch/chat?group=${group.id}`);
    const listed = (await admin('/api/admin/groups')).body.items[0];
    expect(listed.inviteUrl).toBe(group.inviteUrl);
    expect((await admin(`/api/admin/groups/${group.id}`)).body.inviteUrl).toBe(group.inviteUrl);
  });
});

describe('leave', () => {
  it('takes the member out of the group: list, live messages, the coach’s member count', async () => {
    const ana = await joinGroup('Ana');
    const bob = await joinGroup('Bob');
    expect((await admin(`/api/admin/groups/${group.id}`)).body.memberCount).toBe(2);

    const left = await request(ana.socket, 'leave', { conversationId: group.id });
    expect(left).toEqual({ ok: true });
    const list = await request<{ conversations: { id: string }[] }>(ana.socket, 'conversations', {});
    expect(list.ok && list.conversations.map((c) => c.id)).not.toContain(group.id);
    expect((await admin(`/api/admin/groups/${group.id}`)).body.memberCount).toBe(1);
    const members = (await admin(`/api/admin/groups/${group.id}/members`)).body.items;
    expect(members.map((m: { name: string }) => m.name)).toEqual(['Bob']);

    // Bob still gets the group's messages; Ana does not, and may not read or write there any more.
    let anaGotIt = false;
    ana.socket.on('message', (event: { conversationId: string }) => {
      if (event.conversationId === group.id) anaGotIt = true;
    });
    const bobGets = nextMessage(bob.socket, (message) => message.text === 'Bonjour le groupe');
    const posted = await admin(`/api/admin/conversations/${group.id}/messages`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Bonjour le groupe' }),
    });
    expect(posted.status).toBe(201);
    await bobGets;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(anaGotIt).toBe(false);
    const history = await request(ana.socket, 'history', { conversationId: group.id });
    expect(history).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const again = await request(ana.socket, 'leave', { conversationId: group.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found', field: 'conversationId' } });
    const audit = (await admin('/api/admin/audit-log')).body.items as { action: string }[];
    expect(audit.some((entry) => entry.action === 'groups.members.remove')).toBe(false);
  });

  it('refuses anything but a group, and a member who has not joined', async () => {
    const link = (
      await admin('/api/admin/links', {
        method: 'POST',
        body: JSON.stringify({ name: 'Site', mode: 'standard' }),
      })
    ).body.token;
    const customer = await joinThroughLink(app.url, link, 'Chloé');
    sockets.push(customer.socket);
    const own = await request(customer.socket, 'leave', { conversationId: customer.conversationId });
    expect(own).toMatchObject({ ok: false, error: { code: 'validation_failed', field: 'conversationId' } });
    const stranger = await request(customer.socket, 'leave', { conversationId: group.id });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const bad = await request(customer.socket, 'leave', { conversationId: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed', field: 'conversationId' } });
    const anonymous = await connectChat(app.url);
    sockets.push(anonymous);
    expect(await request(anonymous, 'leave', { conversationId: group.id })).toMatchObject({ ok: false });
  });
});
