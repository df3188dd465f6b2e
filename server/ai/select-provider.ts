/** Picks the AI provider the configuration names; `offline` (or no key) keeps the in-process fallback. */
import type { AssistantProvider } from '../../core/assistant/provider.js';
import { type Config, ConfigError } from '../config.js';
import { createAnthropicProvider } from './anthropic-provider.js';
import { createOpenAiProvider } from './openai-provider.js';

export interface SelectProviderOptions {
  /** The whole call, streaming included; default 30 s. */
  timeoutMs?: number;
}

export function selectProvider(
  ai: Config['ai'],
  fallback: AssistantProvider,
  options: SelectProviderOptions = {},
): AssistantProvider {
  switch (ai.provider) {
    case 'openai':
      // loadConfig already refuses this; the check keeps a hand-built config honest.
      if (!ai.openai) throw new ConfigError('OPENAI_API_KEY is required when AI_PROVIDER=openai.');
      return createOpenAiProvider({ ...ai.openai, timeoutMs: options.timeoutMs });
    case 'anthropic':
      if (!ai.anthropic) throw new ConfigError('ANTHROPIC_API_KEY is required when AI_PROVIDER=anthropic.');
      return createAnthropicProvider({ ...ai.anthropic, timeoutMs: options.timeoutMs });
    default:
      return fallback;
  }
}
