/**
 * Opt-out and opt-in by keyword: a customer message that is only STOP (ARRET, ARRÊT, STOPP,
 * UNSUBSCRIBE) opts the contact out of the business's own messages (campaigns) on that channel, START
 * opts them back in. Either way the customer gets a short confirmation, and the message goes no further
 * (never to the assistant). The keyword message itself stays stored like any other.
 */
import { type ReplyStoreDeps, storeAnswer } from './assistant/reply-store.js';
import { foldText, type Language } from './text.js';
import type { Consent, Conversation, Message } from './types.js';

export type ConsentKeyword = 'stop' | 'start';

/** Folded keyword -> what it does and the language to confirm in (the keyword's own language). */
const KEYWORDS: ReadonlyMap<string, { kind: ConsentKeyword; lang: Language }> = new Map([
  ['stop', { kind: 'stop', lang: 'en' }],
  ['unsubscribe', { kind: 'stop', lang: 'en' }],
  ['arret', { kind: 'stop', lang: 'fr' }],
  ['stopp', { kind: 'stop', lang: 'de' }],
  ['start', { kind: 'start', lang: 'en' }],
]);

/** Trailing punctuation and spaces a keyword may carry ("Stop!", "ARRÊT."). */
const TRAILING = /[\s.!?¡¿…]+$/u;

function lookup(text: string) {
  return KEYWORDS.get(foldText(text.trim()).replace(TRAILING, '')) ?? null;
}

/**
 * 'stop' or 'start' when the whole message is one of the keywords (case- and accent-insensitive,
 * trailing punctuation tolerated); null otherwise ("please stop" is not a keyword).
 */
export function consentKeyword(text: string): ConsentKeyword | null {
  return lookup(text)?.kind ?? null;
}

const CONFIRMATIONS: Record<ConsentKeyword, Record<Language, string>> = {
  stop: {
    fr: "C'est noté : vous ne recevrez plus nos messages sur ce canal. Répondez START pour vous réabonner.",
    en: "Done: you won't receive our messages on this channel anymore. Reply START to subscribe again.",
    de: 'Erledigt: Sie erhalten über diesen Kanal keine Nachrichten mehr von uns. Antworten Sie START, um sie wieder zu erhalten.',
  },
  start: {
    fr: "C'est noté : vous recevez de nouveau nos messages sur ce canal. Répondez STOP pour vous désabonner.",
    en: "Done: you'll receive our messages on this channel again. Reply STOP to unsubscribe.",
    de: 'Erledigt: Sie erhalten über diesen Kanal wieder Nachrichten von uns. Antworten Sie STOPP, um sich abzumelden.',
  },
};

export function confirmationText(kind: ConsentKeyword, lang: Language): string {
  return CONFIRMATIONS[kind][lang];
}

/**
 * Records the consent that `message`, a keyword from `contactId`, asks for on the message's channel,
 * then confirms it in the conversation (as the assistant, through the outbox, in the keyword's
 * language). The consent is written first, on its own: a confirmation that fails to be stored never
 * undoes an opt-out. Returns the stored consent, or null when the message is no keyword.
 */
export async function applyConsent(
  deps: ReplyStoreDeps,
  conversation: Conversation,
  message: Message,
  contactId: string,
): Promise<Consent | null> {
  const match = lookup(message.text);
  if (!match) return null;
  const consent: Consent = {
    contactId,
    channel: message.channel,
    optedOut: match.kind === 'stop',
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.store.consents.set(consent);
  await storeAnswer(deps, conversation, { text: confirmationText(match.kind, match.lang), handoff: false });
  return consent;
}
