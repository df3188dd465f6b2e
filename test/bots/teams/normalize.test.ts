/**
 * The Teams normaliser on activities shaped as Teams posts them (fixtures modelled on Microsoft's
 * documented activity samples: personal chat, group chat, channel thread, conversation update, guest).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ActivityJson, botMention, normalizeActivity } from '../../../bots/teams/normalize.js';

const BOT = '28:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const fixture = (name: string): ActivityJson =>
  JSON.parse(
    fs.readFileSync(path.join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8'),
  ) as ActivityJson;

function message(name: string) {
  const result = normalizeActivity(fixture(name));
  if (result.kind !== 'message') throw new Error(`${name} was ignored: ${result.reason}`);
  return result;
}

describe('normalizeActivity (Teams activities)', () => {
  it('turns a personal message into a private text event, named by the AAD object id', () => {
    const { event, reference } = message('personal-message');
    expect(event).toMatchObject({
      type: 'text',
      channel: 'teams',
      text: 'K7MWQ3',
      from: { externalId: '6f3d1c2a-9b8e-4c7d-a1f0-2e5b4d6c8a90', name: 'Ada Lovelace' },
      chatId: 'a:1Gx0QkD7m3XnB8vJ2rYtPq5sW9uZcE4fH6iK1lM0oN7pR3tV8yA2bD5gF',
      chatType: 'private',
      externalMessageId: '1764495667326',
    });
    expect(event.addressedToAssistant).toBeUndefined();
    expect(reference).toEqual({
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: {
        id: 'a:1Gx0QkD7m3XnB8vJ2rYtPq5sW9uZcE4fH6iK1lM0oN7pR3tV8yA2bD5gF',
        conversationType: 'personal',
        tenantId: '8c1e4b2d-3a5f-4e6d-9c7b-1a2d3e4f5a6b',
      },
      agent: { id: BOT, name: 'Kora' },
      user: { id: '29:1Xq3vN8zTdr0bqWcVYjGvJH6lX2yLw4u5m9Q0c3kPZsE' },
    });
  });

  it('turns a group chat message that mentions the bot into a group event addressed to the assistant, mention removed', () => {
    const { event, reference } = message('group-chat-mention');
    expect(event).toMatchObject({
      chatType: 'group',
      addressedToAssistant: true,
      text: 'quels sont vos horaires samedi ?',
      chatId: '19:3f9a1c7e5b2d4a6c8e0f1a3b5c7d9e1f@thread.v2',
    });
    expect(reference.conversation).toMatchObject({ conversationType: 'groupChat', isGroup: true });
  });

  it('does not address the assistant when someone else is mentioned', () => {
    const { event } = message('group-chat-other-mention');
    expect(event).toMatchObject({
      chatType: 'group',
      addressedToAssistant: false,
      text: '<at>Ada</at> tu viens samedi ?',
    });
  });

  it('names a channel thread after its team and channel', () => {
    const { event } = message('channel-mention');
    expect(event).toMatchObject({
      chatType: 'group',
      chatTitle: 'Studio Zen · Cours',
      addressedToAssistant: true,
      text: 'un cours de yoga le mardi ?',
    });
  });

  it('falls back to the Teams user id for a guest without an AAD object id, and takes the tenant from channelData', () => {
    const { event, reference } = message('personal-guest-no-aad');
    expect(event.from.externalId).toBe('29:1GuEsT0nLy1dW1thOuTaAd');
    expect(reference.conversation.tenantId).toBe('4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a');
    expect(reference.serviceUrl).toBe('https://smba.infra.gcc.teams.microsoft.com/amer/');
  });

  it('ignores activities that are not messages, and messages that are only a mention', () => {
    expect(normalizeActivity(fixture('conversation-update-bot-added'))).toEqual({
      kind: 'ignored',
      reason: 'activity type conversationUpdate',
    });
    const onlyMention = { ...fixture('group-chat-mention'), text: '<at>Kora</at>' };
    expect(normalizeActivity(onlyMention)).toMatchObject({ kind: 'ignored' });
  });

  it.each(['id', 'conversation', 'recipient', 'from', 'serviceUrl'] as const)(
    'refuses a message without %s, naming the field',
    (field) => {
      const activity = { ...fixture('personal-message'), [field]: undefined };
      expect(() => normalizeActivity(activity)).toThrow(
        expect.objectContaining({ field: expect.stringContaining(field) }),
      );
    },
  );

  it('removes every occurrence of the bot mention and squeezes the spaces', () => {
    const activity = fixture('group-chat-mention');
    activity.text = '<at>Kora</at>  hello  <at>Kora</at> there';
    expect(botMention(activity, BOT)).toEqual({ mentioned: true, text: 'hello there' });
  });
});
