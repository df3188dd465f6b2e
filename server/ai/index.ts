/** The AI providers that call a model over the network, and the choice between them. */
export {
  ANTHROPIC_DEFAULT_MODEL,
  type AnthropicProviderOptions,
  createAnthropicProvider,
  toAnthropicMessages,
} from './anthropic-provider.js';
export {
  createOpenAiProvider,
  DEFAULT_AI_TIMEOUT_MS,
  OPENAI_DEFAULT_MODEL,
  type OpenAiProviderOptions,
} from './openai-provider.js';
export { type SelectProviderOptions, selectProvider } from './select-provider.js';
