/**
 * A channel's group roster (WhatsApp groups of the linked number, issue 18 item 5): the group
 * conversation and its members follow what the channel lists; members are contacts named by their
 * number (verified: the channel lists it); and in a group the assistant reads only the message
 * addressed to it, never what members said to each other.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AssistantProvider, AssistantRequest } from '../../core/assistant/provider.js';
import { ChannelRegistry } from '../../core/channels.js';
import { ChannelDirectory } from '../../core/channels/directory.js';
import { createEngine, type Engine } from '../../core/engine.js';
import { EventBus, type EngineEvents } from '../../core/events.js';
import { createUlidGenerator, systemClock } from '../../core/ids.js';
import type { InboundGroupRoster } from '../../core/inbound.js';
import { silentLogger } from '../../core/logger.js';
import { createOutbox } from '../../core/outbox.js';
import type { Store } from '../../core/repositories.js';
import { smsPlugin } from '../../bots/sms/plugin.js';
import { whatsappPlugin } from '../../bots/whatsapp/plugin.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { RecordingChannel } from '../fakes/recording-channel.js';

const ids = createUlidGenerator();
const GROUP = '120363041234567890@g.us';
const ada = { externalId: '+41790000001', phone: '+41790000001' };
const ben = { externalId: '+41790000002', phone: '+41790000002' };
const lid = { externalId: '207311445522871@lid' };

let store: Store;
let events: EventBus;
let engine: Engine;
let requests: AssistantRequest[];
let memberships: EngineEvents['membership'][];

const roster = (
  change: InboundGroupRoster['change'],
  members: InboundGroupRoster['members'],
  title?: string,
) => ({ type: 'roster', channel: 'whatsapp', chatId: GROUP, change, members, chatTitle: title }) as const;

beforeEach(() => {
  store = createMemoryStore();
  events = new EventBus();
  requests = [];
  memberships = [];
  events.on('membership', (event) => memberships.push(event));
  const provider: AssistantProvider = {
    name: 'recording',
    async reply(request) {
      requests.push(request);
      return { text: 'Samedi à 10 h.', handoff: false };
    },
  };
  const registry = new ChannelRegistry(new ChannelDirectory([whatsappPlugin, smsPlugin]));
  registry.register(new RecordingChannel('whatsapp'));
  const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
  engine = createEngine({
    store,
    ids,
    clock: systemClock,
    logger: silentLogger,
    events,
    outbox,
    provider,
    channels: registry.directory,
  });
});

async function group() {
  const found = await store.conversations.findByExternalChat('whatsapp', GROUP, 'group');
  if (!found) throw new Error('no group');
  return found;
}

async function memberIds(): Promise<string[]> {
  const members = await store.conversations.listMembers((await group()).id);
  const shown: string[] = [];
  for (const member of members) {
    const contact = await store.contacts.get(member.contactId);
    // A member known only by LID has no number: their (placeholder) name shows.
    if (contact) shown.push(contact.phone ?? contact.name);
  }
  return shown.sort();
}

describe('a channel group roster', () => {
  it('opens the group with its title and members, their numbers verified and usable by SMS too', async () => {
    const result = await engine.ingest(roster('replace', [ada, ben], 'Yoga du jeudi'));
    expect(result).toMatchObject({ type: 'roster', added: [expect.any(String), expect.any(String)] });
    const conversation = await group();
    expect(conversation).toMatchObject({ kind: 'group', channel: 'whatsapp', title: 'Yoga du jeudi' });
    const contact = await store.contacts.findByIdentity('whatsapp', ada.externalId);
    expect(contact).toMatchObject({ name: 'WhatsApp user', phone: ada.phone, phoneVerified: true });
    expect((await store.contacts.findByIdentity('sms', ada.phone))?.id).toBe(contact?.id);
    expect(memberships.map((m) => m.change)).toEqual(['added', 'added']);
  });

  it('applies the same roster once, renames, and lets go of members no longer listed', async () => {
    await engine.ingest(roster('replace', [ada, ben], 'Yoga du jeudi'));
    memberships.length = 0;
    const again = await engine.ingest(roster('replace', [ada, ben], 'Yoga du jeudi'));
    expect(again).toMatchObject({ added: [], removed: [] });
    const updated: EngineEvents['conversation'][] = [];
    events.on('conversation', (event) => updated.push(event));
    await engine.ingest(roster('replace', [ada, lid], 'Yoga du vendredi'));
    expect((await group()).title).toBe('Yoga du vendredi');
    expect(updated).toEqual([expect.objectContaining({ change: 'updated' })]);
    expect(await memberIds()).toEqual(['+41790000001', 'WhatsApp user']);
    expect(memberships.map((m) => m.change).sort()).toEqual(['added', 'removed']);
    // Nobody is duplicated: the group is one conversation, each person one contact.
    expect((await store.conversations.list({ kind: 'group', limit: 10 })).total).toBe(1);
  });

  it('adds and removes members as they join and leave; a departure creates nobody', async () => {
    await engine.ingest(roster('replace', [ada], 'Yoga'));
    await engine.ingest(roster('add', [ben]));
    expect(await memberIds()).toEqual(['+41790000001', '+41790000002']);
    expect((await group()).title).toBe('Yoga');
    await engine.ingest(roster('remove', [ada, { externalId: '+41799999999', phone: '+41799999999' }]));
    expect(await memberIds()).toEqual(['+41790000002']);
    expect(await store.contacts.findByIdentity('whatsapp', '+41799999999')).toBeNull();
  });

  it('names a member known under the placeholder by the name they first write under', async () => {
    const write = (id: string, name?: string) =>
      engine.ingest({
        type: 'text',
        channel: 'whatsapp',
        chatType: 'group',
        chatId: GROUP,
        from: name ? { ...ada, name } : ada,
        externalMessageId: id,
        text: 'Salut !',
      });
    await write('m0');
    const listed = await store.contacts.findByIdentity('whatsapp', ada.externalId);
    expect(listed?.name).toBe('WhatsApp user');
    await write('m1', 'Ada');
    expect(await store.contacts.findByIdentity('whatsapp', ada.externalId)).toMatchObject({
      id: listed?.id,
      name: 'Ada',
    });
    // A real name stays: the coach's or the person's own.
    await write('m2', 'Someone else');
    expect((await store.contacts.findByIdentity('whatsapp', ada.externalId))?.name).toBe('Ada');
  });
});

describe('the assistant in a group', () => {
  const say = (from: typeof ada & { name: string }, id: string, body: string, addressed = false) =>
    engine.ingest({
      type: 'text',
      channel: 'whatsapp',
      chatType: 'group',
      chatId: GROUP,
      from,
      externalMessageId: id,
      text: body,
      addressedToAssistant: addressed,
    });

  it('answers only what is addressed to it, and reads nothing members said to each other', async () => {
    await engine.ingest(roster('replace', [ada, ben], 'Yoga'));
    await say({ ...ada, name: 'Ada' }, 'm1', 'Ben, tu as mon numéro de carte ?');
    await say({ ...ben, name: 'Ben' }, 'm2', 'Oui, Ada, je te le rends samedi');
    await engine.idle();
    expect(requests).toEqual([]);
    await say({ ...ada, name: 'Ada' }, 'm3', '@Kora à quelle heure est le cours ?', true);
    await engine.idle();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.messages).toEqual([{ role: 'user', content: '@Kora à quelle heure est le cours ?' }]);
    expect(JSON.stringify(requests[0])).not.toContain('carte');
  });
});
