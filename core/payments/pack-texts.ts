/**
 * What packs say to customers, in French, English or German: the language of the customer's latest
 * message in the conversation, French when none shows it (as the booking texts).
 */
import type { Repositories } from '../repositories.js';
import { detectLanguage, type Language } from '../text.js';

interface PackTexts {
  offer(name: string, sessions: number, price: string, url: string): string;
  paid(name: string, sessions: number): string;
}

const TEXTS: Record<Language, PackTexts> = {
  fr: {
    offer: (name, sessions, price, url) => `${name} : ${sessions} séances pour ${price}. Payez ici : ${url}`,
    paid: (name, sessions) => `Merci ! Votre forfait « ${name} » est payé : ${sessions} séances à réserver.`,
  },
  en: {
    offer: (name, sessions, price, url) => `${name}: ${sessions} sessions for ${price}. Pay here: ${url}`,
    paid: (name, sessions) => `Thank you! Your pack "${name}" is paid: ${sessions} sessions to book.`,
  },
  de: {
    offer: (name, sessions, price, url) => `${name}: ${sessions} Termine für ${price}. Hier bezahlen: ${url}`,
    paid: (name, sessions) => `Danke! Ihr Paket «${name}» ist bezahlt: ${sessions} Termine zum Buchen.`,
  },
};

export async function packTexts(
  store: Pick<Repositories, 'messages'>,
  conversationId: string,
): Promise<PackTexts> {
  const recent = await store.messages.list(conversationId, { limit: 10 });
  const theirs = recent.findLast((message) => message.sender.type === 'contact');
  return TEXTS[detectLanguage(theirs?.text ?? '')];
}
