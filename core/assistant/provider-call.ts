/** Asking the provider: the request built for the conversation's mode, within a time limit. */
import type { CatalogSnapshot } from '../catalog.js';
import { AssistantProviderError } from '../errors.js';
import type { Clock } from '../ids.js';
import type { Repositories } from '../repositories.js';
import type { Conversation, EntryLink, Message } from '../types.js';
import { memoryWindow } from './memory.js';
import { buildAssistantRequest } from './prompt-builder.js';
import type { AssistantProvider, AssistantReply, ChatTurn } from './provider.js';

export interface ProviderCallDeps {
  store: Repositories;
  clock: Clock;
  provider: AssistantProvider;
  /** Answers instead of `provider` once the day's token budget is spent (the offline provider). */
  fallback?: AssistantProvider;
  /** Told once a day when the budget is spent and the fallback takes over. */
  onBudgetSpent?: (day: string, used: number, budget: number) => void;
  timeoutMs: number;
}

const budgetNoticeDays = new WeakMap<ProviderCallDeps, string>();

/** The provider for this turn: the configured one, or the fallback when today's budget is spent. */
async function providerForToday(
  deps: ProviderCallDeps,
  snapshot: CatalogSnapshot,
): Promise<AssistantProvider> {
  const budget = snapshot.settings.dailyTokenBudget;
  if (!budget || !deps.fallback || deps.provider.local) return deps.provider;
  const day = deps.clock.now().toISOString().slice(0, 10);
  const rows = await deps.store.aiUsage.list(day);
  const used = rows
    .filter((row) => row.day === day)
    .reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
  if (used < budget) return deps.provider;
  if (budgetNoticeDays.get(deps) !== day) {
    budgetNoticeDays.set(deps, day);
    deps.onBudgetSpent?.(day, used, budget);
  }
  return deps.fallback;
}

/** Aborts the call after `ms` and rejects even if the provider ignores its signal. */
async function withTimeout<T>(ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AssistantProviderError(`the assistant did not answer within ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The messages the provider reads: just the trigger when it reads only the newest, else the window. */
export async function recentMessages(
  deps: ProviderCallDeps,
  trigger: Message,
  snapshot: CatalogSnapshot,
): Promise<Message[]> {
  const limit = Math.min(
    snapshot.settings.memory.messages,
    deps.provider.historyTurns ?? Number.POSITIVE_INFINITY,
  );
  if (limit <= 1) return [trigger];
  return deps.store.messages.list(trigger.conversationId, { limit });
}

export async function askProvider(
  deps: ProviderCallDeps,
  conversation: Conversation,
  snapshot: CatalogSnapshot,
  recent: Message[],
  onDelta?: (textSoFar: string) => void,
): Promise<AssistantReply> {
  const { store, clock } = deps;
  // Only a STRICT prompt comes from the link.
  const link =
    conversation.mode === 'strict' && conversation.linkId ? await store.links.get(conversation.linkId) : null;
  const history = memoryWindow(recent, clock.now(), snapshot.settings.memory);
  return callProvider(deps, snapshot, conversation, link, history, onDelta);
}

/** Builds the request for the mode (the one place deciding what a model sees) and asks, counting usage. */
export async function callProvider(
  deps: ProviderCallDeps,
  snapshot: CatalogSnapshot,
  conversation: Conversation,
  link: EntryLink | null,
  history: ChatTurn[],
  onDelta?: (textSoFar: string) => void,
): Promise<AssistantReply> {
  const { store, clock } = deps;
  const request = buildAssistantRequest({
    conversation,
    link,
    settings: snapshot.settings,
    offers: snapshot.offers,
    articles: snapshot.articles,
    history,
    promoCodes: snapshot.promoCodes.map((promo) => promo.code),
  });
  const provider = await providerForToday(deps, snapshot);
  if (provider.local) return provider.reply(request);
  const reply = await withTimeout(deps.timeoutMs, (signal) => provider.reply(request, { signal, onDelta }));
  if (reply.usage) {
    const day = clock.now().toISOString().slice(0, 10);
    await store.aiUsage.add(day, provider.name, reply.usage.inputTokens, reply.usage.outputTokens);
  }
  return reply;
}
