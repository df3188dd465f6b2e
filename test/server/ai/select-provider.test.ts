import { afterAll, describe, expect, it } from 'vitest';
import { createOfflineProvider } from '../../../core/assistant/offline-provider.js';
import type { AssistantRequest } from '../../../core/assistant/provider.js';
import { selectProvider } from '../../../server/ai/select-provider.js';
import { ConfigError } from '../../../server/config.js';
import { type FakeLlm, startFakeLlm } from '../../fakes/llm-server.js';

const fake: FakeLlm = await startFakeLlm({ text: 'From the fake.' });
afterAll(() => fake.close());
const offline = createOfflineProvider();

const request: AssistantRequest = {
  conversationId: 'c1',
  mode: 'standard',
  system: 'System prompt',
  messages: [{ role: 'user', content: 'Hello' }],
  context: { offers: [], articles: [], paymentLinks: {}, offTopicReply: 'Ask the coach.' },
};

describe('selectProvider', () => {
  it('keeps the offline fallback when the configuration says offline', async () => {
    const ai = { provider: 'offline' as const, openai: { apiKey: 'sk-unused' } };
    expect(await selectProvider(ai, offline)).toBe(offline);
  });

  it('builds an OpenAI provider that uses the configured base URL and model', async () => {
    const ai = {
      provider: 'openai' as const,
      openai: { apiKey: 'sk-test', baseURL: `${fake.url}/v1`, model: 'gpt-configured' },
    };
    const provider = await selectProvider(ai, offline);
    expect(provider.name).toBe('openai');
    expect(await provider.reply(request)).toMatchObject({ text: 'From the fake.' });
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/v1/chat/completions',
      body: { model: 'gpt-configured' },
    });
  });

  it('builds an Anthropic provider that uses the configured base URL and model', async () => {
    const ai = {
      provider: 'anthropic' as const,
      anthropic: { apiKey: 'sk-ant-test', baseURL: fake.url, model: 'claude-configured' },
    };
    const provider = await selectProvider(ai, offline, { timeoutMs: 5_000 });
    expect(provider.name).toBe('anthropic');
    expect(await provider.reply(request)).toMatchObject({ text: 'From the fake.' });
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/v1/messages',
      body: { model: 'claude-configured' },
    });
  });

  it('refuses a provider without its key', async () => {
    await expect(selectProvider({ provider: 'anthropic' }, offline)).rejects.toThrow(ConfigError);
  });
});
