import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantRequest } from '../../../core/assistant/provider.js';
import { AssistantProviderError } from '../../../core/errors.js';
import { createAnthropicProvider, toAnthropicMessages } from '../../../server/ai/anthropic-provider.js';
import { type FakeLlm, startFakeLlm } from '../../fakes/llm-server.js';

const API_KEY = 'sk-ant-test-0123456789abcdefSECRET';
const fake: FakeLlm = await startFakeLlm({ text: 'Default answer.' });
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.respondWith({});
});

const SYSTEM = 'You are Kora.\n\nRules:\n- Never mention a price.';

function request(overrides: Partial<AssistantRequest> = {}): AssistantRequest {
  return {
    conversationId: 'c1',
    mode: 'strict',
    system: SYSTEM,
    messages: [
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Hi! How can I help?' },
      { role: 'user', content: 'Tell me about the program.' },
    ],
    context: { offers: [], articles: [], paymentLinks: {}, offTopicReply: 'Ask the coach.' },
    ...overrides,
  };
}

function provider(options: { model?: string; timeoutMs?: number } = {}) {
  return createAnthropicProvider({ apiKey: API_KEY, baseURL: fake.url, ...options });
}

async function failure(promise: Promise<unknown>): Promise<AssistantProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AssistantProviderError);
  return error as AssistantProviderError;
}

describe('Anthropic provider against the fake LLM server', () => {
  it('sends the system prompt apart and the turns as they are, and returns answer and usage', async () => {
    fake.respondWith({ text: 'The coach will tell you more.', usage: { input: 25, output: 6 } });
    const reply = await provider().reply(request());

    expect(reply).toEqual({
      text: 'The coach will tell you more.',
      usage: { inputTokens: 25, outputTokens: 6 },
    });
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    // SDK 1.x sends the key as `Authorization: Bearer`; older ones used `x-api-key`.
    expect(sent.credentials.authorization || sent.credentials.apiKey).toBe(true);
    expect(JSON.stringify(sent.headers)).not.toContain(API_KEY);
    expect(sent.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 1024,
      system: SYSTEM,
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi! How can I help?' },
        { role: 'user', content: 'Tell me about the program.' },
      ],
    });
  });

  it('honours the configured model, and the request model over it', async () => {
    await provider({ model: 'claude-configured' }).reply(request());
    await provider({ model: 'claude-configured' }).reply(request({ model: 'claude-from-settings' }));
    expect(fake.requests.map((r) => (r.body as { model: string }).model)).toEqual([
      'claude-configured',
      'claude-from-settings',
    ]);
  });

  it('merges consecutive turns of one role and drops leading assistant turns', async () => {
    await provider().reply(
      request({
        messages: [
          { role: 'assistant', content: 'Welcome!' },
          { role: 'user', content: 'Hi' },
          { role: 'user', content: 'Are you there?' },
          { role: 'assistant', content: 'Yes.' },
          { role: 'assistant', content: 'How can I help?' },
          { role: 'user', content: 'Prices?' },
        ],
      }),
    );
    expect((fake.requests[0]!.body as { messages: unknown }).messages).toEqual([
      { role: 'user', content: 'Hi\n\nAre you there?' },
      { role: 'assistant', content: 'Yes.\n\nHow can I help?' },
      { role: 'user', content: 'Prices?' },
    ]);
  });

  it('refuses a conversation without a user turn before calling the API', async () => {
    expect(toAnthropicMessages([{ role: 'assistant', content: 'Hello' }])).toEqual([]);
    const error = await failure(
      provider().reply(request({ messages: [{ role: 'assistant', content: 'Hi' }] })),
    );
    expect(error.message).toContain('no user message');
    expect(fake.requests).toHaveLength(0);
  });

  it('streams growing text to onDelta and returns the whole answer with usage', async () => {
    fake.respondWith({ chunks: ['The ', 'program ', 'lasts ', '8 weeks.'], usage: { input: 31, output: 5 } });
    const deltas: string[] = [];
    const reply = await provider().reply(request(), { onDelta: (text) => deltas.push(text) });

    expect(deltas).toEqual(['The ', 'The program ', 'The program lasts ', 'The program lasts 8 weeks.']);
    expect(reply).toEqual({
      text: 'The program lasts 8 weeks.',
      usage: { inputTokens: 31, outputTokens: 5 },
    });
    expect(fake.requests[0]!.body).toMatchObject({ stream: true, system: SYSTEM });
  });

  it('turns a 500 into AssistantProviderError after one retry', async () => {
    fake.respondWith({ status: 500, headers: { 'retry-after-ms': '1' } });
    const error = await failure(provider().reply(request()));
    expect(error.code).toBe('assistant_unavailable');
    expect(error.message).toContain('HTTP 500');
    expect(fake.requests).toHaveLength(2);
  });

  it('never puts the API key in the error, even when the API echoes it', async () => {
    fake.respondWith({
      status: 401,
      body: {
        type: 'error',
        error: { type: 'authentication_error', message: `invalid x-api-key ${API_KEY}` },
      },
    });
    const error = await failure(provider().reply(request()));
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain('invalid x-api-key');
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).not.toContain('0123456789abcdef');
  });

  it('gives up quickly when the API is slower than timeoutMs', async () => {
    fake.respondWith({ delayMs: 5_000 });
    const started = Date.now();
    const error = await failure(provider({ timeoutMs: 200 }).reply(request()));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error.message).toContain('did not answer within 200 ms');
  });

  it('aborts a call in flight', async () => {
    fake.respondWith({ delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await failure(provider().reply(request(), { signal: controller.signal }));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error.message).toContain('aborted');
  });

  it('aborts a stream midway instead of returning half an answer', async () => {
    fake.respondWith({ chunks: ['a ', 'b ', 'c ', 'd '], chunkDelayMs: 150 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const call = provider().reply(request(), {
      signal: controller.signal,
      onDelta: (text) => {
        deltas.push(text);
        controller.abort();
      },
    });
    const error = await failure(call);
    expect(error.message).toContain('aborted');
    expect(deltas).toEqual(['a ']);
  });

  it('treats an answer without text as a failure', async () => {
    fake.respondWith({ text: '' });
    const error = await failure(provider().reply(request()));
    expect(error.message).toContain('empty answer');
  });
});
