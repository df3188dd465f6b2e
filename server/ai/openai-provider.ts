/**
 * The OpenAI provider: Chat Completions through the official SDK, streamed when the caller wants
 * deltas. Every failure (HTTP error, timeout, abort, empty answer) becomes AssistantProviderError,
 * whose message names the status and never carries the API key.
 */
import OpenAI from 'openai';
import type {
  AssistantCallOptions,
  AssistantProvider,
  AssistantReply,
  AssistantRequest,
} from '../../core/assistant/provider.js';
import { AssistantProviderError, isKoraError } from '../../core/errors.js';

export const OPENAI_DEFAULT_MODEL = 'gpt-4o-mini';
export const DEFAULT_AI_TIMEOUT_MS = 30_000;

export interface OpenAiProviderOptions {
  apiKey: string;
  /** Include `/v1`, e.g. http://127.0.0.1:8080/v1. */
  baseURL?: string;
  model?: string;
  /** The whole call, streaming included. */
  timeoutMs?: number;
}

type Usage = AssistantReply['usage'];

/** Removes the key (and anything shaped like one) from text that came back from the API. */
export function redactSecrets(text: string, apiKey: string): string {
  // A very short key would match ordinary words; real keys are long.
  const exact = apiKey.length >= 8 ? text.split(apiKey).join('[redacted]') : text;
  return exact.replace(/\b(sk-(?:ant-)?)[\w*-]{6,}/g, '$1[redacted]').slice(0, 300);
}

/**
 * Runs one SDK call under the caller's signal and a deadline for the whole call. It rejects as
 * soon as either fires, even while the SDK waits to retry, and aborts the request underneath.
 */
export async function guardProviderCall<T>(
  label: string,
  timeoutMs: number,
  outer: AbortSignal | undefined,
  call: (signal: AbortSignal) => Promise<T>,
  describe: (error: unknown) => string,
): Promise<T> {
  if (outer?.aborted) throw new AssistantProviderError(`The ${label} call was aborted`);
  const controller = new AbortController();
  let timedOut = false;
  const stop = () => controller.abort();
  outer?.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const stopped = (): AssistantProviderError =>
    new AssistantProviderError(
      timedOut ? `${label} did not answer within ${timeoutMs} ms` : `The ${label} call was aborted`,
    );
  const interrupted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(stopped()), { once: true });
  });
  try {
    const result = await Promise.race([call(controller.signal), interrupted]);
    // The SDKs end a stream quietly when it is aborted: a cut-short answer is not an answer.
    if (controller.signal.aborted) throw stopped();
    return result;
  } catch (error) {
    if (controller.signal.aborted) throw stopped();
    if (isKoraError(error)) throw error;
    throw new AssistantProviderError(describe(error));
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', stop);
  }
}

function describeOpenAiError(error: unknown, apiKey: string): string {
  const detail = (message: string) => redactSecrets(message, apiKey);
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'OpenAI did not answer in time';
  if (error instanceof OpenAI.APIConnectionError) return `Could not reach OpenAI: ${detail(error.message)}`;
  if (error instanceof OpenAI.APIError) {
    const where = error.status ? `with HTTP ${error.status}` : 'mid-stream';
    const message = error.message.replace(/^\d{3}\s*/, '');
    return `OpenAI failed ${where}: ${detail(message)}`;
  }
  return `The OpenAI call failed: ${detail(error instanceof Error ? error.message : String(error))}`;
}

function toUsage(usage: OpenAI.CompletionUsage | null | undefined): Usage {
  return usage ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens } : undefined;
}

export function createOpenAiProvider(options: OpenAiProviderOptions): AssistantProvider {
  const timeoutMs = options.timeoutMs ?? DEFAULT_AI_TIMEOUT_MS;
  const client = new OpenAI({
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
    const model = request.model || options.model || OPENAI_DEFAULT_MODEL;
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: 'system', content: request.system },
      ...request.messages.map((turn) => ({ role: turn.role, content: turn.content })),
    ];
    let text = '';
    let usage: Usage;
    if (!onDelta) {
      const completion = await client.chat.completions.create({ model, messages }, { signal });
      const message = completion.choices[0]?.message;
      text = message?.content || message?.refusal || '';
      usage = toUsage(completion.usage);
    } else {
      const stream = await client.chat.completions.create(
        { model, messages, stream: true, stream_options: { include_usage: true } },
        { signal },
      );
      for await (const chunk of stream) {
        if (signal.aborted) break;
        const piece = chunk.choices[0]?.delta?.content;
        if (piece) {
          text += piece;
          onDelta(text);
        }
        usage = toUsage(chunk.usage) ?? usage;
      }
    }
    if (!signal.aborted && !text.trim()) throw new AssistantProviderError('OpenAI returned an empty answer');
    return usage ? { text, usage } : { text };
  }

  return {
    name: 'openai',
    reply(request, callOptions = {}) {
      return guardProviderCall(
        'OpenAI',
        timeoutMs,
        callOptions.signal,
        (signal) => complete(request, signal, callOptions.onDelta),
        (error) => describeOpenAiError(error, options.apiKey),
      );
    },
  };
}
