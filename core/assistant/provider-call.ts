/** Asking the provider: the request built for the conversation's mode, within a time limit. */
import type { CatalogSnapshot } from '../catalog.js';
import { AssistantProviderError } from '../errors.js';
import type { Clock } from '../ids.js';
import type { Repositories } from '../repositories.js';
import type { Conversation, Message } from '../types.js';
import { memoryWindow } from './memory.js';
import { buildAssistantRequest } from './prompt-builder.js';
import type { AssistantProvider, AssistantReply } from './provider.js';

export interface ProviderCallDeps {
  store: Repositories;
  clock: Clock;
  provider: AssistantProvider;
  timeoutMs: number;
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
): Promise<AssistantReply> {
  const { store, clock } = deps;
  // Only a STRICT prompt comes from the link.
  const link =
    conversation.mode === 'strict' && conversation.linkId ? await store.links.get(conversation.linkId) : null;
  const request = buildAssistantRequest({
    conversation,
    link,
    settings: snapshot.settings,
    offers: snapshot.offers,
    articles: snapshot.articles,
    history: memoryWindow(recent, clock.now(), snapshot.settings.memory),
    promoCodes: snapshot.promoCodes.map((promo) => promo.code),
  });
  if (deps.provider.local) return deps.provider.reply(request);
  return withTimeout(deps.timeoutMs, (signal) => deps.provider.reply(request, { signal }));
}
