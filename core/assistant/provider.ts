/**
 * The AI provider port. The offline provider implements it now; OpenAI and Anthropic providers
 * implement the same interface. The prompt builder decides what goes into a request: a provider
 * never reads the store, so what a model can see is exactly the request.
 */
import type { Article, LinkMode, Offer, PaymentLinks } from '../types.js';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * Catalog facts a provider may use. In STRICT mode the prompt builder leaves offers and payment links
 * empty, and keeps only the articles a STRICT link allows (core/assistant/strict-articles.ts).
 */
export interface AssistantContext {
  offers: Offer[];
  articles: Article[];
  paymentLinks: PaymentLinks;
  offTopicReply: string;
  /** STRICT only: the link's own prompt, for a provider that answers by retrieval (offline). */
  prompt?: string;
}

export interface AssistantRequest {
  conversationId: string;
  mode: LinkMode;
  /** The whole system prompt, built per mode. */
  system: string;
  /** The memory window, oldest first; the last turn is the customer's newest message. */
  messages: ChatTurn[];
  context: AssistantContext;
  model?: string;
}

export interface AssistantReply {
  text: string;
  /**
   * The provider could not answer this question and says the coach will: the conversation shows as
   * waiting for the coach, and the assistant goes on answering what it can (it does not hand off).
   */
  forCoach?: boolean;
  usage?: { inputTokens: number; outputTokens: number };
}

export interface AssistantCallOptions {
  signal?: AbortSignal;
  /** Partial text as it grows, for channels that can show streaming. The final text is `reply.text`. */
  onDelta?: (textSoFar: string) => void;
}

export interface AssistantProvider {
  readonly name: string;
  /** Answers in process without I/O (the offline provider): no timeout or abort signal is set up. */
  readonly local?: boolean;
  /** The most past messages it reads (the offline provider: only the newest); unset = the memory setting. */
  readonly historyTurns?: number;
  /** Throws AssistantProviderError when the provider fails or times out. */
  reply(request: AssistantRequest, options?: AssistantCallOptions): Promise<AssistantReply>;
}
