/**
 * The client and adapter against the fake Bot API with the real grammY: errors keep Telegram's code
 * and description (429 transient with retry_after, 403 final), never the token; a split message
 * resumes after a 429 without sending a part twice; a send claimed twice goes once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramChannelAdapter } from '../../../bots/telegram/adapter.js';
import { TelegramClient } from '../../../bots/telegram/client.js';
import type { OutboundMessage } from '../../../core/channels.js';
import { ChannelApiError } from '../../../core/errors.js';
import { silentLogger } from '../../../core/logger.js';
import type { Conversation, Message } from '../../../core/types.js';
import { type FakeTelegram, startFakeTelegram } from '../../fakes/telegram-api.js';

let fake: FakeTelegram;

beforeAll(async () => {
  fake = await startFakeTelegram();
});

afterAll(async () => {
  await fake?.close();
});

const conversation = (chatId: string, kind: Conversation['kind'] = 'assistant'): Conversation => ({
  id: `c-${chatId}`,
  kind,
  title: 't',
  contactId: null,
  channel: 'telegram',
  externalChatId: chatId,
  linkId: null,
  mode: 'standard',
  handoff: false,
  handoffAt: null,
  coachNeededAt: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  lastMessageAt: null,
});

function outbound(chatId: string, text: string, key: string, extra: Partial<Message> = {}): OutboundMessage {
  return {
    message: {
      id: `m-${key}`,
      conversationId: `c-${chatId}`,
      sender: { type: 'coach', name: 'Coach' },
      text,
      channel: 'telegram',
      status: 'queued',
      createdAt: '2025-01-01T00:00:00.000Z',
      ...extra,
    },
    conversation: conversation(chatId),
    recipient: chatId,
    idempotencyKey: key,
  };
}

async function caught(promise: Promise<unknown>): Promise<ChannelApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelApiError);
    return error as ChannelApiError;
  }
  throw new Error('expected a ChannelApiError');
}

function newAdapter() {
  const client = new TelegramClient({ token: fake.token, apiRoot: fake.url });
  const adapter = new TelegramChannelAdapter({ client, mode: 'polling', logger: silentLogger });
  return { client, adapter };
}

describe('TelegramClient errors', () => {
  it('a 429 is transient with retry_after in ms; a 403 is final with Telegram’s code and description', async () => {
    const client = new TelegramClient({ token: fake.token, apiRoot: fake.url });
    fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      retry_after: 7,
    });
    const limited = await caught(client.sendMessage('1', 'hi'));
    expect(limited.options).toEqual({ providerCode: '429', transient: true, retryAfterMs: 7_000 });
    expect(limited.message).toBe('Too Many Requests: retry after 7');
    fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const blocked = await caught(client.sendMessage('1', 'hi'));
    expect(blocked.options).toEqual({ providerCode: '403', transient: false });
    expect(blocked.message).toBe('Forbidden: bot was blocked by the user');
  });

  it('a network failure is transient and its message never carries the token', async () => {
    const dead = http.createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const { port } = dead.address() as AddressInfo;
    const client = new TelegramClient({ token: fake.token, apiRoot: `http://127.0.0.1:${port}` });
    const failed = await caught(client.sendMessage('1', 'hi'));
    dead.close();
    expect(failed.options).toMatchObject({ providerCode: 'network', transient: true });
    expect(failed.message).not.toContain(fake.token);
    expect(failed.message).not.toContain(fake.token.split(':')[1]);
  });

  it('a wrong token at start leaves the channel in error (401), without retrying, token not shown', async () => {
    const client = new TelegramClient({
      token: '7012345678:AAWrongTokenWrongTokenWrongToken0',
      apiRoot: fake.url,
    });
    const adapter = new TelegramChannelAdapter({ client, mode: 'polling', logger: silentLogger });
    await adapter.start();
    const status = adapter.status();
    expect(status).toMatchObject({
      state: 'error',
      mode: 'polling',
      lastError: { code: '401', message: 'Unauthorized' },
    });
    expect(JSON.stringify(status)).not.toContain('AAWrongToken');
    await adapter.stop();
  });
});

describe('TelegramChannelAdapter.send', () => {
  it('resumes a split message after a 429 in the middle: no part is sent twice', async () => {
    const { adapter } = newAdapter();
    const text = Array.from({ length: 3 }, (_, i) => `${String(i + 1).repeat(4_000)}`).join('\n\n');
    const chat = '910001';
    // The second part is refused once.
    const before = fake.sent.length;
    const first = adapter.send(outbound(chat, text, 'split-1'));
    await fake.waitFor((s) => s.chatId === chat);
    fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      retry_after: 1,
    });
    const error = await caught(first);
    expect(error.options).toMatchObject({ providerCode: '429', transient: true, retryAfterMs: 1_000 });
    expect(fake.sent.filter((s) => s.chatId === chat)).toHaveLength(1);
    // The outbox retries with the same idempotency key: parts 2 and 3 only.
    const result = await adapter.send(outbound(chat, text, 'split-1'));
    const parts = fake.sent.slice(before).filter((s) => s.chatId === chat);
    expect(parts.map((p) => p.text?.[0])).toEqual(['1', '2', '3']);
    expect(result.externalId).toBe(String(parts[0]!.messageId));
  });

  it('joins a send already in flight for the same idempotency key', async () => {
    const { adapter } = newAdapter();
    const chat = '910002';
    const [a, b] = await Promise.all([
      adapter.send(outbound(chat, 'Once', 'same-key')),
      adapter.send(outbound(chat, 'Once', 'same-key')),
    ]);
    expect(a).toEqual(b);
    expect(fake.sent.filter((s) => s.chatId === chat)).toHaveLength(1);
  });

  it('sends media by URL (photo with its caption, other files as documents) and a file Telegram gave by its id', async () => {
    const { adapter } = newAdapter();
    const chat = '910003';
    await adapter.send(
      outbound(chat, 'Our studio', 'media-1', {
        media: [{ url: 'https://example.com/studio.jpg', contentType: 'image/jpeg' }],
      }),
    );
    await adapter.send(
      outbound(chat, '', 'media-2', {
        media: [{ url: 'https://example.com/plan.pdf', contentType: 'application/pdf', name: 'plan.pdf' }],
      }),
    );
    await adapter.send(
      outbound(chat, 'Again', 'media-3', {
        media: [{ url: 'telegram:file/AgACAgQAAx', contentType: 'image/jpeg' }],
      }),
    );
    const sent = fake.sent.filter((s) => s.chatId === chat);
    expect(sent.map((s) => [s.method, s.file, s.caption])).toEqual([
      ['sendPhoto', 'https://example.com/studio.jpg', 'Our studio'],
      ['sendDocument', 'https://example.com/plan.pdf', undefined],
      ['sendPhoto', 'AgACAgQAAx', 'Again'],
    ]);
  });

  it('refuses, as final, a message with no chat or nothing to send', async () => {
    const { adapter } = newAdapter();
    const noChat = await caught(adapter.send({ ...outbound('1', 'hi', 'x1'), recipient: null }));
    expect(noChat.options).toMatchObject({ providerCode: 'no_recipient', transient: false });
    const empty = await caught(adapter.send(outbound('1', '   ', 'x2')));
    expect(empty.options).toMatchObject({ providerCode: 'empty_message', transient: false });
  });
});
