/**
 * What each normalized Telegram update does. Messages go to `engine.ingest` (stored first, then
 * routed: the engine decides who answers). `/start <token>` opens an assistant conversation through
 * that entry link (an unknown token, or none, opens the default link: the oldest one, "Website" on a
 * fresh install) and greets the customer in the link's mode. The bot joining a group opens its
 * group conversation at once, so the coach sees it before anyone writes.
 */
import { ASSISTANT_NAME } from '../../core/assistant/defaults.js';
import { REPLIES } from '../../core/assistant/replies.js';
import { openChannelGroup } from '../../core/conversations.js';
import type { Engine } from '../../core/engine.js';
import type { InboundMessageEvent } from '../../core/inbound.js';
import type { Logger } from '../../core/logger.js';
import { type OutboundDeps, sendToConversation } from '../../core/outbound.js';
import type { Store } from '../../core/repositories.js';
import type { Language } from '../../core/text.js';
import type { EntryLink } from '../../core/types.js';
import type { UpdateHandler } from './adapter.js';
import type { NormalizedUpdate } from './normalize.js';

export interface TelegramHandlerDeps extends OutboundDeps {
  engine: Engine;
  logger: Logger;
  /** Shows "typing…" in a chat the assistant is about to answer (best effort). */
  typing?: (chatId: string) => Promise<void>;
}

/** Offers named in the greeting of a STANDARD link. */
const GREETING_OFFERS = 3;

/** The customer's Telegram language when we speak it; English for others; French with no hint. */
export function greetingLanguage(code: string | undefined): Language {
  if (!code) return 'fr';
  const lang = code.slice(0, 2).toLowerCase();
  return lang === 'fr' || lang === 'de' || lang === 'en' ? lang : 'en';
}

/** The link a /start payload names (token or short code), else the default one: the oldest link. */
export async function startLink(store: Store, payload: string | undefined): Promise<EntryLink | null> {
  const named = payload
    ? ((await store.links.getByToken(payload)) ?? (await store.links.getByCode(payload)))
    : null;
  return named ?? (await store.links.list())[0] ?? null;
}

async function onMessage(deps: TelegramHandlerDeps, event: InboundMessageEvent): Promise<void> {
  const result = await deps.engine.ingest(event);
  if (result.type !== 'message' || result.duplicate || !event.chatId) return;
  const { conversation } = result;
  const answered =
    conversation.kind === 'group' ? event.addressedToAssistant === true : conversation.kind === 'assistant';
  if (answered && !conversation.handoff) void deps.typing?.(event.chatId);
}

async function onStart(
  deps: TelegramHandlerDeps,
  update: Extract<NormalizedUpdate, { kind: 'start' }>,
): Promise<void> {
  const link = await startLink(deps.store, update.event.link);
  const joined = await deps.engine.ingest({ ...update.event, link: link?.token });
  if (joined.type !== 'join' || !joined.conversation) return;
  const conversation = joined.conversation;
  // STRICT links name nothing from the catalog, not even in a greeting.
  const offers = conversation.mode === 'standard' ? await deps.store.offers.listVisible() : [];
  const names = offers.slice(0, GREETING_OFFERS).map((offer) => offer.name);
  await sendToConversation(deps, conversation, {
    sender: { type: 'assistant', name: ASSISTANT_NAME },
    text: REPLIES[greetingLanguage(update.language)].welcome(names),
  });
}

async function onMembership(
  deps: TelegramHandlerDeps,
  update: Extract<NormalizedUpdate, { kind: 'membership' }>,
): Promise<void> {
  if (update.chatType !== 'group') return;
  if (update.change === 'removed') {
    // The conversation and its history stay; sends to it now fail with Telegram's reason, shown on each message.
    deps.logger.info({ chatId: update.chatId }, 'Telegram: the bot was removed from a group');
    return;
  }
  const now = deps.clock.now().toISOString();
  const { conversation, created } = await deps.store.transaction((tx) =>
    openChannelGroup(tx, deps.ids, now, {
      channel: 'telegram',
      chatId: update.chatId,
      title: update.chatTitle,
    }),
  );
  if (created) deps.events.emit('conversation', { conversation, change: 'created' });
}

export function createTelegramHandler(deps: TelegramHandlerDeps): UpdateHandler {
  return async (update) => {
    switch (update.kind) {
      case 'message':
        return onMessage(deps, update.event);
      case 'start':
        return onStart(deps, update);
      case 'membership':
        return onMembership(deps, update);
      case 'ignored':
        return;
    }
  };
}
