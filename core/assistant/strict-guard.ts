/**
 * The STRICT guard as the turn applies it: in a STRICT conversation, whatever the assistant is about to
 * say (model answer, promo answer, fixed reply) loses every amount and payment URL before it is stored
 * or sent; what was removed stays on the message for the coach. STANDARD answers pass unchanged.
 */
import type { CatalogSnapshot } from '../catalog.js';
import type { Conversation } from '../types.js';
import { guardStrictOutput, paymentDomainsOf } from './output-guard.js';
import type { AssistantAnswer } from './reply-store.js';

export function guardAnswer(
  conversation: Conversation,
  answer: AssistantAnswer,
  snapshot: CatalogSnapshot,
): AssistantAnswer {
  if (conversation.mode !== 'strict') return answer;
  const paymentDomains = paymentDomainsOf(snapshot.paymentUrls);
  const { text, interventions } = guardStrictOutput(answer.text, { paymentDomains });
  if (interventions.length === 0) return answer;
  return { ...answer, text, guard: interventions };
}
