/**
 * A fake LLM API on 127.0.0.1 for the real OpenAI and Anthropic SDKs: `POST /v1/chat/completions`
 * and `POST /v1/messages`, JSON or SSE (the request's `stream` flag), shaped as the SDKs' own types
 * (ChatCompletion / ChatCompletionChunk, Message / RawMessageStreamEvent). Records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased headers without `authorization` and `x-api-key` (see `credentials`). */
  headers: Record<string, string>;
  /** Whether each credential header was sent; its value is never kept. */
  credentials: { authorization: boolean; apiKey: boolean };
  /** The parsed JSON body (the raw text when it is not JSON). */
  body: unknown;
}

export interface FakeLlmReply {
  /** The answer; default: the fake's default text. */
  text?: string;
  /** The streamed pieces; default: `text` split after each space. */
  chunks?: string[];
  usage?: { input: number; output: number };
  /** A non-2xx status sends `body` (default: a provider-shaped error) instead of an answer. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait before the response headers (for timeouts). */
  delayMs?: number;
  /** Wait between streamed events (for aborts mid-stream). */
  chunkDelayMs?: number;
}

export type FakeLlmHandler = (request: RecordedRequest) => FakeLlmReply | Promise<FakeLlmReply>;

export interface FakeLlm {
  /** The origin, e.g. http://127.0.0.1:43123 (OpenAI's baseURL is `${url}/v1`). */
  url: string;
  requests: RecordedRequest[];
  /** A handler, a fixed reply, or a reply text for every following request. */
  respondWith(reply: FakeLlmHandler | FakeLlmReply | string): void;
  close(): Promise<void>;
}

type Api = 'openai' | 'anthropic';
type Send = (event: string | null, data: unknown) => Promise<void>;

const HIDDEN_HEADERS = new Set(['authorization', 'x-api-key']);

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Every string content in the request (system prompt and turns), for a plausible input-token count. */
function promptText(body: unknown): string {
  const b = (body ?? {}) as { system?: unknown; messages?: { content?: unknown }[] };
  const parts = [typeof b.system === 'string' ? b.system : ''];
  for (const m of b.messages ?? []) if (typeof m.content === 'string') parts.push(m.content);
  return parts.join(' ');
}

function errorBody(api: Api, status: number): unknown {
  const message = `fake failure ${status}`;
  return api === 'openai'
    ? { error: { message, type: 'server_error', param: null, code: null } }
    : { type: 'error', error: { type: 'api_error', message } };
}

interface Answer {
  id: string;
  model: string;
  text: string;
  chunks: string[];
  usage: { input: number; output: number };
  /** OpenAI: `stream_options.include_usage` was asked for. */
  includeUsage: boolean;
}

const openAiUsage = ({ usage }: Answer) => ({
  prompt_tokens: usage.input,
  completion_tokens: usage.output,
  total_tokens: usage.input + usage.output,
});

function openAiJson(a: Answer) {
  const message = { role: 'assistant', content: a.text, refusal: null };
  return {
    ...{ id: a.id, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: a.model },
    choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
    usage: openAiUsage(a),
  };
}

async function openAiStream(send: Send, a: Answer) {
  const created = Math.floor(Date.now() / 1000);
  const base = { id: a.id, object: 'chat.completion.chunk', created, model: a.model };
  const chunk = (delta: object, finish: string | null) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    ...(a.includeUsage ? { usage: null } : {}),
  });
  await send(null, chunk({ role: 'assistant', content: '', refusal: null }, null));
  for (const piece of a.chunks) await send(null, chunk({ content: piece }, null));
  await send(null, chunk({}, 'stop'));
  if (a.includeUsage) await send(null, { ...base, choices: [], usage: openAiUsage(a) });
  await send(null, '[DONE]');
}

const anthropicUsage = (input: number | null, output: number) => ({
  input_tokens: input,
  output_tokens: output,
  cache_creation_input_tokens: null,
  cache_read_input_tokens: null,
  server_tool_use: null,
});

/** A whole Message, or (`started`) the empty one that message_start carries. */
function anthropicMessage(a: Answer, started = false) {
  return {
    ...{ id: a.id, type: 'message', role: 'assistant', model: a.model, stop_sequence: null, container: null },
    content: started ? [] : [{ type: 'text', text: a.text, citations: null }],
    stop_reason: started ? null : 'end_turn',
    usage: { ...anthropicUsage(a.usage.input, started ? 1 : a.usage.output), service_tier: 'standard' },
  };
}

async function anthropicStream(send: Send, a: Answer) {
  await send('message_start', { type: 'message_start', message: anthropicMessage(a, true) });
  const block = { type: 'text', text: '', citations: null };
  await send('content_block_start', { type: 'content_block_start', index: 0, content_block: block });
  await send('ping', { type: 'ping' });
  for (const text of a.chunks) {
    const delta = { type: 'text_delta', text };
    await send('content_block_delta', { type: 'content_block_delta', index: 0, delta });
  }
  await send('content_block_stop', { type: 'content_block_stop', index: 0 });
  const delta = { stop_reason: 'end_turn', stop_sequence: null, container: null, stop_details: null };
  const usage = anthropicUsage(a.usage.input, a.usage.output);
  await send('message_delta', { type: 'message_delta', delta, usage });
  await send('message_stop', { type: 'message_stop' });
}

const ROUTES: Record<string, Api> = { '/v1/chat/completions': 'openai', '/v1/messages': 'anthropic' };

function record(req: http.IncomingMessage, raw: string): RecordedRequest {
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {}
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HIDDEN_HEADERS.has(name) && value !== undefined) headers[name] = String(value);
  }
  return {
    method: req.method ?? 'GET',
    path: (req.url ?? '/').split('?')[0] ?? '/',
    headers,
    credentials: { authorization: 'authorization' in req.headers, apiKey: 'x-api-key' in req.headers },
    body,
  };
}

export async function startFakeLlm(options: { text?: string } = {}): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  let handler: FakeLlmHandler = () => ({});
  let counter = 0;
  const json = (res: http.ServerResponse, status: number, body: unknown, headers = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  const server = http.createServer(async (req, res) => {
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    try {
      const recorded = record(req, Buffer.concat(await req.toArray()).toString('utf8'));
      requests.push(recorded);
      const api = req.method === 'POST' ? ROUTES[recorded.path] : undefined;
      if (!api) return void json(res, 404, { error: { message: 'not found' } });

      const reply = await handler(recorded);
      if (reply.delayMs) await sleep(reply.delayMs, undefined, { signal: gone.signal });
      const status = reply.status ?? 200;
      if (status >= 300) return void json(res, status, reply.body ?? errorBody(api, status), reply.headers);

      const text = reply.text ?? options.text ?? 'Hello from the fake model.';
      const b = recorded.body as {
        model?: string;
        stream?: boolean;
        stream_options?: { include_usage?: boolean };
      };
      const answer: Answer = {
        id: `${api === 'openai' ? 'chatcmpl' : 'msg'}_fake_${++counter}`,
        model: b.model ?? 'fake-model',
        text,
        chunks: reply.chunks ?? text.match(/\S+\s*|\s+/g) ?? [text],
        usage: reply.usage ?? { input: words(promptText(b)), output: words(text) },
        includeUsage: b.stream_options?.include_usage === true,
      };
      if (!b.stream) {
        return void json(
          res,
          200,
          api === 'openai' ? openAiJson(answer) : anthropicMessage(answer),
          reply.headers,
        );
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        ...reply.headers,
      });
      const send: Send = async (event, data) => {
        if (gone.signal.aborted) throw gone.signal.reason;
        const payload = typeof data === 'string' ? data : JSON.stringify(data);
        res.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
        if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs, undefined, { signal: gone.signal });
      };
      await (api === 'openai' ? openAiStream(send, answer) : anthropicStream(send, answer));
      res.end();
    } catch (error) {
      // A throwing handler is a test bug: say so. A client that went away (timeout, abort): drop it.
      if (res.headersSent || gone.signal.aborted) res.destroy();
      else json(res, 500, { error: { message: String(error) } });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(reply) {
      handler =
        typeof reply === 'function' ? reply : () => (typeof reply === 'string' ? { text: reply } : reply);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
