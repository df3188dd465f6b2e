/**
 * A fake Telegram Bot API on 127.0.0.1 for the real grammY (`TELEGRAM_API_ROOT`): `/bot<token>/<method>`
 * with JSON bodies, as grammY sends them. getMe; getUpdates as a long poll honouring `offset` (earlier
 * updates are confirmed and dropped) and refusing while a webhook is set (409, as Telegram does);
 * setWebhook / deleteWebhook; sendMessage (4,096-character limit, scripted failures such as a 429
 * with `retry_after`), sendPhoto and sendDocument by URL or file_id (inline keyboards recorded),
 * sendChatAction, answerCallbackQuery; `press` builds a button's callback_query update. It also plays
 * Telegram's side of a webhook: POSTing an update to the registered URL with the secret header.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
  first_name?: string;
}

/** A message the bot sent (accepted by the fake). */
export interface SentByBot {
  method: 'sendMessage' | 'sendPhoto' | 'sendDocument';
  chatId: string;
  messageId: number;
  text?: string;
  caption?: string;
  /** The photo or document (URL or file_id). */
  file?: string;
  /** The inline keyboard sent with it, as the bot sent it. */
  replyMarkup?: { inline_keyboard: { text: string; callback_data: string }[][] };
  receivedAt: number;
}

export interface ScriptedFailure {
  error_code: number;
  description: string;
  retry_after?: number;
}

type Json = Record<string, unknown>;

export interface FakeTelegram {
  url: string;
  token: string;
  bot: { id: number; username: string; first_name: string };
  /** Accepted sends, in order. */
  sent: SentByBot[];
  /** Every API call: method and body, failed ones included. */
  calls: { method: string; body: Json }[];
  /** The webhook as set by the bot (null in polling mode). */
  webhook: { url: string; secretToken?: string } | null;
  /** The next calls of `method` fail with these, in order (one each). */
  failNext(method: string, ...failures: ScriptedFailure[]): void;
  /** Queues an update for getUpdates; returns it (with its update_id). */
  push(update: Json): Json;
  /** POSTs an update to the registered webhook as Telegram would; returns the HTTP status. */
  deliver(update: Json, options?: { secretToken?: string | null }): Promise<number>;
  /** Builds message updates (update_id and message_id filled in). */
  message(chat: FakeChat, from: FakeUser, text: string, extra?: Json): Json;
  /** A press on a button of `sent` (a callback_query update, as Telegram builds it). */
  press(sent: SentByBot, from: FakeUser, data: string): Json;
  /** answerCallbackQuery calls received, by callback query id. */
  answered: string[];
  /** Resolves once `count` sends were accepted in total, with them. */
  waitForSent(count: number, timeoutMs?: number): Promise<SentByBot[]>;
  /** Resolves once a send matches. */
  waitFor(match: (sent: SentByBot) => boolean, timeoutMs?: number): Promise<SentByBot>;
  /** Pending getUpdates long polls (the bot is polling). */
  readonly polling: number;
  close(): Promise<void>;
}

function readJson(req: http.IncomingMessage): Promise<Json> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? (JSON.parse(text) as Json) : {});
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: Json): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const ok = (res: http.ServerResponse, result: unknown) => reply(res, 200, { ok: true, result });

function fail(res: http.ServerResponse, failure: ScriptedFailure): void {
  const body: Json = { ok: false, error_code: failure.error_code, description: failure.description };
  if (failure.retry_after !== undefined) body.parameters = { retry_after: failure.retry_after };
  reply(res, failure.error_code, body);
}

interface Poll {
  offset: number;
  respond: (updates: Json[]) => void;
}

export async function startFakeTelegram(
  options: { token?: string; username?: string } = {},
): Promise<FakeTelegram> {
  const token = options.token ?? '7012345678:AAFakeTokenForTestsOnly_abcdefghijklmno';
  const botId = Number(token.split(':')[0]);
  const bot = { id: botId, username: options.username ?? 'kora_test_bot', first_name: 'Kora' };
  const sent: SentByBot[] = [];
  const answered: string[] = [];
  let nextCallbackId = 1;
  const calls: { method: string; body: Json }[] = [];
  const failures = new Map<string, ScriptedFailure[]>();
  const messageIds = new Map<string, number>();
  let updates: Json[] = [];
  let nextUpdateId = 100_000;
  let polls: Poll[] = [];
  let webhook: FakeTelegram['webhook'] = null;
  const sentWaiters = new Set<() => void>();

  const nextMessageId = (chatId: string) => {
    const id = (messageIds.get(chatId) ?? 0) + 1;
    messageIds.set(chatId, id);
    return id;
  };

  function answerPolls(): void {
    const waiting = polls;
    polls = [];
    for (const poll of waiting) {
      const due = updates.filter((u) => (u.update_id as number) >= poll.offset);
      if (due.length) poll.respond(due);
      else polls.push(poll);
    }
  }

  function record(entry: SentByBot): void {
    sent.push(entry);
    for (const wake of [...sentWaiters]) wake();
  }

  function getUpdates(res: http.ServerResponse, body: Json) {
    if (webhook) {
      return fail(res, {
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    }
    const offset = Number(body.offset ?? 0);
    // Telegram forgets the updates before the offset: they are confirmed.
    if (offset > 0) updates = updates.filter((u) => (u.update_id as number) >= offset);
    const limit = Number(body.limit ?? 100);
    const due = updates.filter((u) => (u.update_id as number) >= offset).slice(0, limit);
    const timeout = Number(body.timeout ?? 0);
    if (due.length || timeout <= 0) return ok(res, due);
    let done = false;
    const poll: Poll = {
      offset,
      respond: (found) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        ok(res, found.slice(0, limit));
      },
    };
    const timer = setTimeout(() => {
      polls = polls.filter((p) => p !== poll);
      poll.respond([]);
    }, timeout * 1000);
    res.on('close', () => {
      done = true;
      clearTimeout(timer);
      polls = polls.filter((p) => p !== poll);
    });
    polls.push(poll);
  }

  function send(res: http.ServerResponse, method: SentByBot['method'], body: Json) {
    const chatId = String(body.chat_id ?? '');
    if (!chatId) return fail(res, { error_code: 400, description: 'Bad Request: chat_id is empty' });
    const text = typeof body.text === 'string' ? body.text : undefined;
    if (method === 'sendMessage' && (!text || text.length > 4096)) {
      return fail(res, {
        error_code: 400,
        description: text ? 'Bad Request: message is too long' : 'Bad Request: message text is empty',
      });
    }
    const caption = typeof body.caption === 'string' ? body.caption : undefined;
    if (caption && caption.length > 1024) {
      return fail(res, { error_code: 400, description: 'Bad Request: message caption is too long' });
    }
    const file = method === 'sendPhoto' ? body.photo : method === 'sendDocument' ? body.document : undefined;
    if (method !== 'sendMessage' && typeof file !== 'string') {
      return fail(res, { error_code: 400, description: 'Bad Request: there is no file in the request' });
    }
    const messageId = nextMessageId(chatId);
    record({
      method,
      chatId,
      messageId,
      ...(text !== undefined ? { text } : {}),
      ...(caption !== undefined ? { caption } : {}),
      ...(typeof file === 'string' ? { file } : {}),
      ...(body.reply_markup ? { replyMarkup: body.reply_markup as SentByBot['replyMarkup'] } : {}),
      receivedAt: Date.now(),
    });
    ok(res, {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(chatId), type: chatId.startsWith('-') ? 'supergroup' : 'private' },
      from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username },
      ...(text !== undefined ? { text } : {}),
      ...(caption !== undefined ? { caption } : {}),
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!match || req.method !== 'POST')
      return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== token) return fail(res, { error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    const body = await readJson(req);
    calls.push({ method, body });
    const scripted = failures.get(method)?.shift();
    if (scripted) return fail(res, scripted);
    switch (method) {
      case 'getMe':
        return ok(res, {
          id: bot.id,
          is_bot: true,
          first_name: bot.first_name,
          username: bot.username,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        });
      case 'getUpdates':
        return getUpdates(res, body);
      case 'setWebhook':
        webhook = {
          url: String(body.url),
          ...(typeof body.secret_token === 'string' ? { secretToken: body.secret_token } : {}),
        };
        return ok(res, true);
      case 'deleteWebhook':
        webhook = null;
        if (body.drop_pending_updates) updates = [];
        return ok(res, true);
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
        return send(res, method, body);
      case 'sendChatAction':
        return ok(res, true);
      case 'answerCallbackQuery':
        answered.push(String(body.callback_query_id));
        return ok(res, true);
      default:
        return fail(res, { error_code: 404, description: 'Not Found: method not found' });
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeTelegram = {
    url: `http://127.0.0.1:${port}`,
    token,
    bot,
    sent,
    calls,
    answered,
    get webhook() {
      return webhook;
    },
    get polling() {
      return polls.length;
    },
    failNext(method, ...list) {
      failures.set(method, [...(failures.get(method) ?? []), ...list]);
    },
    push(update) {
      const full = { update_id: nextUpdateId++, ...update };
      updates.push(full);
      answerPolls();
      return full;
    },
    async deliver(update, deliverOptions = {}) {
      if (!webhook) throw new Error('no webhook is set');
      const secret =
        deliverOptions.secretToken === undefined ? webhook.secretToken : deliverOptions.secretToken;
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
        },
        body: JSON.stringify(update),
      });
      await response.arrayBuffer();
      return response.status;
    },
    message(chat, from, text, extra = {}) {
      return {
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId(String(chat.id)),
          from: { is_bot: false, ...from },
          chat,
          date: Math.floor(Date.now() / 1000),
          text,
          ...extra,
        },
      };
    },
    press(sentMessage, from, data) {
      const chatId = Number(sentMessage.chatId);
      return {
        update_id: nextUpdateId++,
        callback_query: {
          id: String(nextCallbackId++),
          from: { is_bot: false, ...from },
          chat_instance: `ci-${chatId}`,
          data,
          message: {
            message_id: sentMessage.messageId,
            date: Math.floor(sentMessage.receivedAt / 1000),
            chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
            from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username },
            ...(sentMessage.text !== undefined ? { text: sentMessage.text } : {}),
            ...(sentMessage.caption !== undefined ? { caption: sentMessage.caption } : {}),
            ...(sentMessage.replyMarkup ? { reply_markup: sentMessage.replyMarkup } : {}),
          },
        },
      };
    },
    waitForSent(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (sent.length < count) return;
          clearTimeout(timer);
          sentWaiters.delete(check);
          resolve(sent.slice(0, count));
        };
        const timer = setTimeout(() => {
          sentWaiters.delete(check);
          reject(new Error(`expected ${count} sends, got ${sent.length}`));
        }, timeoutMs);
        sentWaiters.add(check);
        check();
      });
    },
    waitFor(matcher, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = sent.find(matcher);
          if (!found) return;
          clearTimeout(timer);
          sentWaiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          sentWaiters.delete(check);
          reject(
            new Error(
              `no matching send among ${sent.length}: ${JSON.stringify(sent.map((s) => s.text ?? s.file))}`,
            ),
          );
        }, timeoutMs);
        sentWaiters.add(check);
        check();
      });
    },
    close() {
      for (const poll of polls) poll.respond([]);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
