import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Update } from '../../../bots/telegram/client.js';
import { normalizeUpdate } from '../../../bots/telegram/normalize.js';

const bot = { id: 7012345678, username: 'kora_demo_bot' };
const fixture = (name: string): Update =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Update;

describe('normalizeUpdate (recorded updates)', () => {
  it('turns a private text into a text event of a private chat', () => {
    const result = normalizeUpdate(fixture('private-text'), bot);
    expect(result).toMatchObject({
      kind: 'message',
      updateId: 730418001,
      event: {
        type: 'text',
        channel: 'telegram',
        text: 'Bonjour, combien coûte le cours de yoga ?',
        from: { externalId: '5123456789', name: 'Aïcha Benali' },
        chatId: '5123456789',
        chatType: 'private',
        externalMessageId: '12',
      },
    });
    if (result.kind !== 'message') throw new Error('not a message');
    expect(result.event.addressedToAssistant).toBeUndefined();
    expect(result.event.raw).toBeDefined();
  });

  it('marks a group text without mention as not addressed, with the group title', () => {
    const result = normalizeUpdate(fixture('group-text'), bot);
    expect(result).toMatchObject({
      kind: 'message',
      event: {
        type: 'text',
        chatId: '-1002123456789',
        chatType: 'group',
        chatTitle: 'Yoga Lausanne',
        addressedToAssistant: false,
        from: { externalId: '6234567890', name: 'Marc' },
      },
    });
  });

  it('marks a group text that mentions the bot (any case) as addressed', () => {
    const result = normalizeUpdate(fixture('group-mention'), bot);
    expect(result).toMatchObject({
      kind: 'message',
      event: { chatType: 'group', addressedToAssistant: true },
    });
  });

  it('does not take the mention of someone else (in a basic group, after an emoji) for the bot', () => {
    const result = normalizeUpdate(fixture('group-mention-other'), bot);
    expect(result).toMatchObject({
      kind: 'message',
      event: { chatType: 'group', chatId: '-4012345678', addressedToAssistant: false },
    });
  });

  it('marks a reply to one of the bot’s messages as addressed', () => {
    const result = normalizeUpdate(fixture('group-reply-to-bot'), bot);
    expect(result).toMatchObject({
      kind: 'message',
      event: { text: 'Und für Studenten?', addressedToAssistant: true },
    });
  });

  it('keeps the largest photo as a file reference (never a URL with the token) and the caption as text', () => {
    const result = normalizeUpdate(fixture('photo-caption'), bot);
    expect(result).toMatchObject({
      kind: 'message',
      event: {
        type: 'media',
        text: 'Ma posture est-elle correcte ?',
        media: [{ url: 'telegram:file/AgACAgQAAxkBAAMNZmbXlargeAAA', contentType: 'image/jpeg' }],
      },
    });
  });

  it('turns /start <payload> into a join through that link, with the language', () => {
    const result = normalizeUpdate(fixture('start-payload'), bot);
    expect(result).toMatchObject({
      kind: 'start',
      language: 'fr',
      event: {
        type: 'join',
        channel: 'telegram',
        link: 'Hk3x_Q9vLmP2-aZt7RcW0yNe',
        chatId: '5123456789',
        chatType: 'private',
        from: { externalId: '5123456789', name: 'Aïcha Benali' },
      },
    });
  });

  it('turns a bare /start into a join without a link', () => {
    const result = normalizeUpdate(fixture('start-bare'), bot);
    expect(result.kind).toBe('start');
    if (result.kind !== 'start') throw new Error('not a start');
    expect(result.event.link).toBeUndefined();
    expect(result.language).toBeUndefined();
  });

  it('ignores a payload Telegram would never send, and /start meant for another bot', () => {
    const start = fixture('start-payload');
    start.message!.text = '/start <script>';
    const odd = normalizeUpdate(start, bot);
    expect(odd.kind === 'start' && odd.event.link).toBe(undefined);
    start.message!.text = '/start@other_bot abc';
    expect(normalizeUpdate(start, bot)).toMatchObject({ kind: 'ignored', reason: 'command_for_another_bot' });
    start.message!.text = '/startup ideas';
    expect(normalizeUpdate(start, bot)).toMatchObject({ kind: 'message', event: { text: '/startup ideas' } });
  });

  it('ignores an edited message (the original stays as stored)', () => {
    expect(normalizeUpdate(fixture('edited-message'), bot)).toEqual({
      kind: 'ignored',
      updateId: 730418007,
      reason: 'edited_message',
    });
  });

  it('reports the bot joining a group, and a private block as a removal', () => {
    expect(normalizeUpdate(fixture('my-chat-member-added'), bot)).toEqual({
      kind: 'membership',
      updateId: 730418008,
      change: 'added',
      chatType: 'group',
      chatId: '-1002123456789',
      chatTitle: 'Yoga Lausanne',
      from: { externalId: '6234567890', name: 'Marc' },
    });
    expect(normalizeUpdate(fixture('my-chat-member-blocked'), bot)).toMatchObject({
      kind: 'membership',
      change: 'removed',
      chatType: 'private',
    });
  });

  it('ignores messages of other bots and messages with nothing to store', () => {
    const fromBot = fixture('group-text');
    fromBot.message!.from!.is_bot = true;
    expect(normalizeUpdate(fromBot, bot)).toMatchObject({ kind: 'ignored', reason: 'from_a_bot' });
    const empty = fixture('group-text');
    delete (empty.message as { text?: string }).text;
    expect(normalizeUpdate(empty, bot)).toMatchObject({ kind: 'ignored', reason: 'no_content' });
  });
});
