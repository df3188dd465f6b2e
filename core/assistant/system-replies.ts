/**
 * Fixed texts the engine sends on its own, without a provider: when it hands a conversation to the
 * coach and when the provider could not answer. Short, warm, and in the customer's language.
 */
import { detectLanguage, type Language } from '../text.js';

export type { Language };

const HANDOFF: Record<Language, string> = {
  fr: 'Bien sûr ! Je vous passe le coach, qui vous répondra ici très bientôt.',
  en: "Of course! I'm passing you to the coach, who will answer you here shortly.",
  de: 'Gerne! Ich gebe Sie an den Coach weiter, der Ihnen hier in Kürze antwortet.',
};

const PROVIDER_FAILED: Record<Language, string> = {
  fr: 'Désolé, je ne peux pas vous répondre pour le moment. Le coach a été prévenu et vous répondra ici.',
  en: "Sorry, I can't answer right now. The coach has been notified and will answer you here.",
  de: 'Entschuldigung, ich kann gerade nicht antworten. Der Coach wurde informiert und antwortet Ihnen hier.',
};

/** Sent when the conversation goes to the coach (the customer asked, or nothing could answer). */
export function handoffReply(lang: Language): string {
  return HANDOFF[lang];
}

/** Sent when the provider failed or timed out: the coach has been told and takes over. */
export function providerFailedReply(lang: Language): string {
  return PROVIDER_FAILED[lang];
}

/** The language to answer a customer message in (French on no evidence). */
export function languageOf(text: string): Language {
  return detectLanguage(text);
}
