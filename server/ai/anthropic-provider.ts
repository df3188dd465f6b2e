/**
 * The Anthropic provider: the Messages API through the official SDK, streamed when the caller wants
 * deltas. Same failure rules as the OpenAI provider (one AssistantProviderError, no key in it).
 */
import Anthropic from '@anthropic-ai/sdk';
import type {
  AssistantCallOptions,
  AssistantProvider,
  AssistantReply,
  AssistantRequest,
  ChatTurn,
} from '../../core/assistant/provider.js';
import { AssistantProviderError } from '../../core/errors.js';
import { DEFAULT_AI_TIMEOUT_MS, guardProviderCall, redactSecrets } from './openai-provider.js';

export const ANTHROPIC_DEFAULT_MODEL = 'claude-haiku-4-5';
const MAX_TOKENS = 1024;

export interface AnthropicProviderOptions {
  apiKey: string;
  /** The origin; the SDK appends /v1/messages. */
  baseURL?: string;
  model?: string;
  /** The whole call, streaming included. */
  timeoutMs?: number;
}

type Usage = AssistantReply['usage'];
type Turn = { role: ChatTurn['role']; content: string };

/**
 * Anthropic wants the first message from the user and roles that alternate: leading assistant
 * turns are dropped, consecutive turns of one role are joined, and empty turns (rejected by the
 * API) are skipped.
 */
export function toAnthropicMessages(turns: ChatTurn[]): Turn[] {
  const out: Turn[] = [];
  for (const turn of turns) {
    if (!turn.content.trim()) continue;
    if (out.length === 0 && turn.role === 'assistant') continue;
    const last = out.at(-1);
    if (last && last.role === turn.role) last.content = `${last.content}\n\n${turn.content}`;
    else out.push({ role: turn.role, content: turn.content });
  }
  return out;
}

function describeAnthropicError(error: unknown, apiKey: string): string {
  const detail = (message: string) => redactSecrets(message, apiKey);
  if (error instanceof Anthropic.APIConnectionTimeoutError) return 'Anthropic did not answer in time';
  if (error instanceof Anthropic.APIConnectionError)
    return `Could not reach Anthropic: ${detail(error.message)}`;
  if (error instanceof Anthropic.APIError) {
    const where = error.status ? `with HTTP ${error.status}` : 'mid-stream';
    // The SDK's message is the raw JSON body; the API's own sentence is in body.error.message.
    const body = error.error as { error?: { message?: unknown } } | undefined;
    const inner = body?.error?.message;
    const message = typeof inner === 'string' ? inner : error.message.replace(/^\d{3}\s*/, '');
    return `Anthropic failed ${where}: ${detail(message)}`;
  }
  return `The Anthropic call failed: ${detail(error instanceof Error ? error.message : String(error))}`;
}

export function createAnthropicProvider(options: AnthropicProviderOptions): AssistantProvider {
  const timeoutMs = options.timeoutMs ?? DEFAULT_AI_TIMEOUT_MS;
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: timeoutMs,
    maxRetries: 1,
  });

  async function complete(
    request: AssistantRequest,
    signal: AbortSignal,
    onDelta: AssistantCallOptions['onDelta'],
  ): Promise<AssistantReply> {
    const messages = toAnthropicMessages(request.messages);
    if (messages.length === 0) {
      throw new AssistantProviderError('Nothing to send to Anthropic: the conversation has no user message');
    }
    const params = {
      model: request.model || options.model || ANTHROPIC_DEFAULT_MODEL,
      max_tokens: MAX_TOKENS,
      system: request.system,
      messages,
    };
    let text = '';
    let usage: Usage;
    if (!onDelta) {
      const message = await client.messages.create(params, { signal });
      for (const block of message.content) if (block.type === 'text') text += block.text;
      usage = { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
    } else {
      const stream = await client.messages.create({ ...params, stream: true }, { signal });
      let inputTokens: number | undefined;
      let outputTokens: number | undefined;
      for await (const event of stream) {
        if (signal.aborted) break;
        if (event.type === 'message_start') {
          inputTokens = event.message.usage.input_tokens;
          outputTokens = event.message.usage.output_tokens;
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          text += event.delta.text;
          onDelta(text);
        } else if (event.type === 'message_delta') {
          // message_delta carries cumulative counts; input_tokens may be null there.
          inputTokens = event.usage.input_tokens ?? inputTokens;
          outputTokens = event.usage.output_tokens;
        }
      }
      if (inputTokens !== undefined && outputTokens !== undefined) usage = { inputTokens, outputTokens };
    }
    if (!signal.aborted && !text.trim())
      throw new AssistantProviderError('Anthropic returned an empty answer');
    return usage ? { text, usage } : { text };
  }

  return {
    name: 'anthropic',
    reply(request, callOptions = {}) {
      return guardProviderCall(
        'Anthropic',
        timeoutMs,
        callOptions.signal,
        (signal) => complete(request, signal, callOptions.onDelta),
        (error) => describeAnthropicError(error, options.apiKey),
      );
    },
  };
}
