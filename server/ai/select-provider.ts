/**
 * Picks the AI provider the configuration names; `offline` keeps the in-process fallback. The SDKs are
 * imported only when chosen, so an offline install never loads them (faster start, less memory).
 */
import type { AssistantProvider } from '../../core/assistant/provider.js';
import { type Config, ConfigError } from '../config.js';

export interface SelectProviderOptions {
  /** The whole call, streaming included; default 30 s. */
  timeoutMs?: number;
}

export async function selectProvider(
  ai: Config['ai'],
  fallback: AssistantProvider,
  options: SelectProviderOptions = {},
): Promise<AssistantProvider> {
  switch (ai.provider) {
    case 'openai':
      // loadConfig already refuses this; the check keeps a hand-built config honest.
      if (!ai.openai) throw new ConfigError('OPENAI_API_KEY is required when AI_PROVIDER=openai.');
      return (await import('./openai-provider.js')).createOpenAiProvider({
        ...ai.openai,
        timeoutMs: options.timeoutMs,
      });
    case 'anthropic':
      if (!ai.anthropic) throw new ConfigError('ANTHROPIC_API_KEY is required when AI_PROVIDER=anthropic.');
      return (await import('./anthropic-provider.js')).createAnthropicProvider({
        ...ai.anthropic,
        timeoutMs: options.timeoutMs,
      });
    default:
      return fallback;
  }
}
