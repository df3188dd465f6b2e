/**
 * One assistant turn: route the newest customer message of an assistant conversation that the coach
 * has not taken over. In order: a promo code gets its fixed answer (never through the AI); asking for
 * a person hands the conversation to the coach; otherwise the provider answers, and a provider that
 * fails or times out hands off too. A question the provider leaves to the coach hands nothing off:
 * the conversation is marked as waiting for the coach and the next questions are answered as usual.
 * Whatever the assistant says passes the STRICT guard first.
 */
import type { CatalogCache, CatalogSnapshot } from '../catalog.js';
import type { Logger } from '../logger.js';
import { checkPromo, findPromoCode, promoReply } from '../promo.js';
import type { Conversation, Message } from '../types.js';
import { withBusinessHours } from './away-reply.js';
import { asksForHuman } from './handoff.js';
import { trackPaymentLinks } from './payment-tracking.js';
import { previewSink } from './preview.js';
import { askProvider, type ProviderCallDeps, recentMessages } from './provider-call.js';
import { type AssistantAnswer, type ReplyStoreDeps, storeTurnAnswer } from './reply-store.js';
import { guardAnswer } from './strict-guard.js';
import type { HeldTurn } from '../turn-lease.js';
import { handoffReply, languageOf, providerFailedReply } from './system-replies.js';

export interface TurnDeps extends ReplyStoreDeps, Omit<ProviderCallDeps, 'store'> {
  logger: Logger;
  catalog: CatalogCache;
  /** The business's TIMEZONE (business hours in handoff replies); unset: UTC. */
  timeZone?: string;
  /** Payment links in STANDARD answers become `<trackingBaseUrl>/p/<id>` (the public URL); unset: kept. */
  trackingBaseUrl?: string;
}

/** The fixed answer to a promo code in the message, counting the use; null when there is no code. */
async function promoAnswer(
  deps: TurnDeps,
  text: string,
  snapshot: CatalogSnapshot,
): Promise<AssistantAnswer | null> {
  const code = findPromoCode(text, snapshot.promoCodes);
  if (!code) return null;
  const lang = languageOf(text);
  let check = checkPromo(code, deps.clock.now());
  if (check.ok && !(await deps.store.promoCodes.redeem(code.id, deps.clock.now().toISOString()))) {
    check = { ok: false, reason: 'exhausted' };
  }
  return { text: promoReply(code, check, lang, snapshot.offers[0]?.currency), handoff: false };
}

async function modelAnswer(
  deps: TurnDeps,
  conversation: Conversation,
  trigger: Message,
  snapshot: CatalogSnapshot,
): Promise<AssistantAnswer> {
  try {
    // In a group the model reads only the message addressed to it: what members say to each other
    // (the rest of the group's history) is never sent to a provider.
    const recent = conversation.kind === 'group' ? [trigger] : await recentMessages(deps, trigger, snapshot);
    const preview =
      conversation.mode === 'standard'
        ? previewSink(deps.events, conversation.id, snapshot.paymentUrls)
        : undefined;
    const reply = await askProvider(deps, conversation, snapshot, recent, preview);
    return { text: reply.text, handoff: false, forCoach: reply.forCoach === true };
  } catch (error) {
    deps.logger.warn(
      { err: error, conversationId: conversation.id },
      'assistant failed: handing off to the coach',
    );
    return { text: providerFailedReply(languageOf(trigger.text)), handoff: true, handoffReason: 'failed' };
  }
}

async function answerFor(
  deps: TurnDeps,
  conversation: Conversation,
  trigger: Message,
  snapshot: CatalogSnapshot,
): Promise<AssistantAnswer> {
  const promo = await promoAnswer(deps, trigger.text, snapshot);
  if (promo) return promo;
  if (asksForHuman(trigger.text)) {
    return { text: handoffReply(languageOf(trigger.text)), handoff: true, handoffReason: 'asked' };
  }
  return modelAnswer(deps, conversation, trigger, snapshot);
}

/**
 * Answers `trigger`, the newest customer message when the turn was queued. A turn with a later one
 * already waiting does nothing: the later turn answers both, in one reply.
 */
export async function runAssistantTurn(
  deps: TurnDeps,
  conversation: Conversation,
  trigger: Message,
  superseded: boolean,
  held?: HeldTurn,
): Promise<boolean> {
  if (superseded) return false;
  // `conversation` is as the engine stored `trigger` in it; the answer is written only if the coach
  // has not taken it over since (compared with the stored row in the answer's own write).
  // Groups reach a turn only for a message addressed to the assistant (the engine's routing).
  if (conversation.kind === 'direct' || conversation.handoff) return false;
  const snapshot = await deps.catalog.get();
  const answer = await withBusinessHours(
    deps,
    await answerFor(deps, conversation, trigger, snapshot),
    trigger.text,
  );
  if (conversation.mode === 'standard' && deps.trackingBaseUrl) {
    const now = deps.clock.now().toISOString();
    answer.text = await trackPaymentLinks(
      deps.store.trackedLinks,
      deps.ids,
      now,
      conversation.id,
      answer.text,
      snapshot.paymentUrls,
      deps.trackingBaseUrl,
    );
  }
  // Enforced here, not left to the prompt: a STRICT answer never carries a price or a payment link.
  const stored = await storeTurnAnswer(
    deps,
    conversation,
    guardAnswer(conversation, answer, snapshot, deps.trackingBaseUrl),
    held,
  );
  // Dropped (the coach took over meanwhile): a streamed draft the customer may be seeing goes away.
  if (!stored.message && conversation.mode === 'standard') {
    deps.events.emit('assistant:delta', { conversationId: conversation.id, text: '' });
  }
  return stored.releasedTurn;
}
