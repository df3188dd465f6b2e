/**
 * What the booking flow says to customers, in French or English (the customer's language when a
 * message shows it, French otherwise, as the engine's other fixed texts). Never a price on STRICT.
 */
import type { Language } from '../text.js';

type Lang = 'fr' | 'en';
const pick = (lang: Language): Lang => (lang === 'fr' ? 'fr' : 'en');

const T = {
  fr: {
    list: 'Prochains cours avec des places :',
    none: "Il n'y a pas de cours avec des places libres pour le moment.",
    choose: (n: number) => `Répondez ${numbers(n, 'ou')} pour réserver.`,
    booked: (what: string, code: string) => `C'est réservé : ${what}. Votre code : ${code}.`,
    waiting: (what: string) =>
      `Ce cours est complet : vous êtes sur la liste d'attente pour ${what}. Je vous préviens si une place se libère.`,
    pay: (url: string, until: string | null) =>
      `Payez ici pour garder votre place${until ? ` (avant ${until})` : ''} : ${url}`,
    payLater: 'Le paiement se fait sur place ou auprès du coach.',
    offered: (what: string, until: string) =>
      `Une place s'est libérée : ${what}. Elle est à vous si vous acceptez avant ${until}.`,
    accept: 'Accepter la place',
    cancel: 'Annuler',
    cancelled: (what: string) => `Votre réservation est annulée : ${what}.`,
    sessionCancelled: (what: string) => `Le cours est annulé : ${what}. Désolé !`,
    expired: (what: string) => `Le paiement n'est pas arrivé à temps : la réservation ${what} est annulée.`,
    reminder: (what: string, code: string) =>
      `Rappel : ${what}. Votre code : ${code}. Répondez ANNULER pour libérer votre place.`,
    nothingToCancel: "Vous n'avez pas de réservation à venir.",
    gone: "Ce cours n'est plus disponible.",
  },
  en: {
    list: 'Next classes with places:',
    none: 'There are no classes with free places right now.',
    choose: (n: number) => `Reply ${numbers(n, 'or')} to book.`,
    booked: (what: string, code: string) => `You're booked: ${what}. Your code: ${code}.`,
    waiting: (what: string) =>
      `This class is full: you're on the waiting list for ${what}. I'll tell you if a place opens.`,
    pay: (url: string, until: string | null) =>
      `Pay here to keep your place${until ? ` (before ${until})` : ''}: ${url}`,
    payLater: 'Payment is made on site or with the coach.',
    offered: (what: string, until: string) =>
      `A place opened: ${what}. It's yours if you accept before ${until}.`,
    accept: 'Accept the place',
    cancel: 'Cancel',
    cancelled: (what: string) => `Your booking is cancelled: ${what}.`,
    sessionCancelled: (what: string) => `The class is cancelled: ${what}. Sorry!`,
    expired: (what: string) => `The payment did not arrive in time: the booking ${what} is cancelled.`,
    reminder: (what: string, code: string) =>
      `Reminder: ${what}. Your code: ${code}. Reply CANCEL to free your place.`,
    nothingToCancel: 'You have no upcoming booking.',
    gone: 'This class is no longer available.',
  },
};

function numbers(n: number, or: string): string {
  const all = Array.from({ length: n }, (_, i) => String(i + 1));
  return all.length <= 1 ? all.join('') : `${all.slice(0, -1).join(', ')} ${or} ${all.at(-1)}`;
}

export function texts(lang: Language) {
  return T[pick(lang)];
}

/** "Tue 18 Mar, 18:30" in the business's zone, in the customer's language. */
export function formatWhen(startsAt: string, timeZone: string, lang: Language): string {
  return new Intl.DateTimeFormat(pick(lang) === 'fr' ? 'fr-CH' : 'en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(startsAt));
}

export function describeSession(title: string, startsAt: string, timeZone: string, lang: Language): string {
  return `${title}, ${formatWhen(startsAt, timeZone, lang)}`;
}
