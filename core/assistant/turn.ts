/**
 * One assistant turn: answer the newest customer message of an assistant conversation that the
 * coach has not taken over. The reply and its outbox entry are stored together, then sent.
 */
import type { CatalogCache, CatalogSnapshot } from '../catalog.js';
import type { EventBus } from '../events.js';
import type { Clock, IdGenerator } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../outbox.js';
import type { Store } from '../repositories.js';
import { AssistantProviderError } from '../errors.js';
import type { Conversation, Message } from '../types.js';
import { ASSISTANT_NAME } from './defaults.js';
import { memoryWindow } from './memory.js';
import { buildAssistantRequest } from './prompt-builder.js';
import type { AssistantProvider, AssistantReply } from './provider.js';

export interface TurnDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  outbox: Outbox;
  provider: AssistantProvider;
  catalog: CatalogCache;
  /** Longest wait for the provider before the conversation goes to the coach. */
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

async function ask(
  deps: TurnDeps,
  conversation: Conversation,
  snapshot: CatalogSnapshot,
  recent: Message[],
): Promise<AssistantReply> {
  const { store, clock } = deps;
  const memory = snapshot.settings.memory;
  // Only a STRICT prompt comes from the link.
  const link =
    conversation.mode === 'strict' && conversation.linkId ? await store.links.get(conversation.linkId) : null;
  const request = buildAssistantRequest({
    conversation,
    link,
    settings: snapshot.settings,
    offers: snapshot.offers,
    articles: snapshot.articles,
    history: memoryWindow(recent, clock.now(), memory),
  });
  if (deps.provider.local) return deps.provider.reply(request);
  return withTimeout(deps.timeoutMs, (signal) => deps.provider.reply(request, { signal }));
}

async function storeReply(deps: TurnDeps, conversation: Conversation, reply: AssistantReply): Promise<void> {
  const { store, ids, clock, outbox, events } = deps;
  const now = clock.now().toISOString();
  const message: Message = {
    id: ids.next(),
    conversationId: conversation.id,
    sender: { type: 'assistant', name: ASSISTANT_NAME },
    text: reply.text,
    channel: conversation.channel,
    status: 'queued',
    createdAt: now,
  };
  const { entry, updated } = await store.transaction(async (tx) => {
    await tx.messages.insert(message);
    const entry = await outbox.enqueue(tx, message, conversation.externalChatId);
    const updated = await tx.conversations.update(conversation.id, {
      lastMessageAt: now,
      updatedAt: now,
      ...(reply.handoff ? { handoff: true } : {}),
    });
    return { entry, updated };
  });
  events.emit('message', { conversation: updated ?? conversation, message });
  if (reply.handoff && updated) events.emit('conversation', { conversation: updated, change: 'handoff' });
  void outbox.dispatch(entry, { message, conversation: updated ?? conversation });
}

async function handOff(deps: TurnDeps, conversation: Conversation, error: unknown): Promise<void> {
  deps.logger.warn(
    { err: error, conversationId: conversation.id },
    'assistant failed: handing off to the coach',
  );
  const now = deps.clock.now().toISOString();
  const updated = await deps.store.conversations.update(conversation.id, { handoff: true, updatedAt: now });
  if (updated) deps.events.emit('conversation', { conversation: updated, change: 'handoff' });
}

/** The messages the provider reads: just the trigger when it reads only the newest, else the window. */
async function recentMessages(
  deps: TurnDeps,
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

/**
 * Answers `trigger`, the newest customer message when the turn was queued. A turn with a later one
 * already waiting does nothing: the later turn answers both, in one reply.
 */
export async function runAssistantTurn(deps: TurnDeps, trigger: Message, superseded: boolean): Promise<void> {
  if (superseded) return;
  const conversation = await deps.store.conversations.get(trigger.conversationId);
  if (conversation?.kind !== 'assistant' || conversation.handoff) return;
  const snapshot = await deps.catalog.get();
  const recent = await recentMessages(deps, trigger, snapshot);
  let reply: AssistantReply;
  try {
    reply = await ask(deps, conversation, snapshot, recent);
  } catch (error) {
    return handOff(deps, conversation, error);
  }
  await storeReply(deps, conversation, reply);
}
