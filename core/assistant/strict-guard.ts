/**
 * The STRICT guard as the turn applies it: in a STRICT conversation, whatever the assistant is about to
 * say (model answer, promo answer, fixed reply) loses every amount, link, payment handle and bank
 * account before it is stored or sent (core/assistant/guard/); what was removed stays on the message
 * for the coach. Links may point only to the business's public URL and the coach's safe domains.
 * STANDARD answers pass unchanged.
 */
import type { CatalogSnapshot } from '../catalog.js';
import type { Conversation } from '../types.js';
import { guardStrict, type StrictPolicy, strictPolicy } from './guard/index.js';
import type { AssistantAnswer } from './reply-store.js';

/** One policy per catalog snapshot and public URL: the snapshot is rebuilt whenever the catalog changes. */
const policies = new WeakMap<CatalogSnapshot, Map<string, StrictPolicy>>();

export function policyFor(snapshot: CatalogSnapshot, publicUrl?: string): StrictPolicy {
  let byUrl = policies.get(snapshot);
  if (!byUrl) {
    byUrl = new Map();
    policies.set(snapshot, byUrl);
  }
  let policy = byUrl.get(publicUrl ?? '');
  if (!policy) {
    policy = strictPolicy({
      publicUrl,
      safeDomains: snapshot.settings.safeDomains ?? [],
      prices: snapshot.offers.map((offer) => offer.price),
      offerNames: snapshot.offers.map((offer) => offer.name),
      paymentUrls: snapshot.paymentUrls,
    });
    byUrl.set(publicUrl ?? '', policy);
  }
  return policy;
}

export function guardAnswer(
  conversation: Conversation,
  answer: AssistantAnswer,
  snapshot: CatalogSnapshot,
  publicUrl?: string,
): AssistantAnswer {
  if (conversation.mode !== 'strict') return answer;
  const { text, interventions } = guardStrict(answer.text, policyFor(snapshot, publicUrl));
  if (interventions.length === 0) return answer;
  return { ...answer, text, guard: interventions };
}
