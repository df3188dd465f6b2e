/**
 * Outside business hours a handoff says when the coach will answer: the next opening in the business's
 * TIMEZONE, written in the customer's language, then the coach's away message when there is one.
 * Read at each handoff (rare), so a change in the panel holds for the next one.
 */
import { loadBusinessHours, nextOpening } from '../business-hours.js';
import type { Clock } from '../ids.js';
import type { Store } from '../repositories.js';
import type { Language } from '../text.js';
import type { AssistantAnswer } from './reply-store.js';
import { languageOf } from './system-replies.js';

const LOCALES: Record<Language, string> = { fr: 'fr-CH', en: 'en-GB', de: 'de-CH' };

const ASKED: Record<Language, (when: string) => string> = {
  fr: (when) =>
    `Bien sûr ! Je vous passe le coach. Il est absent pour le moment et vous répondra ici dès ${when}.`,
  en: (when) =>
    `Of course! I'm passing you to the coach, who is away right now and will answer you here from ${when}.`,
  de: (when) =>
    `Gerne! Ich gebe Sie an den Coach weiter. Er ist gerade nicht da und antwortet Ihnen hier ab ${when}.`,
};

const FAILED: Record<Language, (when: string) => string> = {
  fr: (when) =>
    `Désolé, je ne peux pas vous répondre pour le moment. Le coach a été prévenu ; il est absent et vous répondra ici dès ${when}.`,
  en: (when) =>
    `Sorry, I can't answer right now. The coach has been notified; they are away and will answer you here from ${when}.`,
  de: (when) =>
    `Entschuldigung, ich kann gerade nicht antworten. Der Coach wurde informiert; er ist gerade nicht da und antwortet Ihnen hier ab ${when}.`,
};

/** "lundi 7 décembre à 08:00", "Monday 7 December at 08:00", "Montag, 7. Dezember um 08:00". */
export function openingText(when: Date, lang: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(when);
}

export function awayHandoffText(
  reason: 'asked' | 'failed',
  lang: Language,
  when: Date,
  timeZone: string,
  awayMessage: string,
): string {
  const sentence = (reason === 'asked' ? ASKED : FAILED)[lang](openingText(when, lang, timeZone));
  return awayMessage.trim() ? `${sentence}\n\n${awayMessage.trim()}` : sentence;
}

export interface AwayDeps {
  store: Pick<Store, 'settings'>;
  clock: Clock;
  /** The business's TIMEZONE; unset: UTC. */
  timeZone?: string;
}

/** The handoff answer, rewritten when the coach is out; any other answer as it is. */
export async function withBusinessHours(
  deps: AwayDeps,
  answer: AssistantAnswer,
  customerText: string,
): Promise<AssistantAnswer> {
  if (!answer.handoff || !answer.handoffReason) return answer;
  const hours = await loadBusinessHours(deps.store.settings);
  const timeZone = deps.timeZone ?? 'UTC';
  const opening = nextOpening(deps.clock.now(), hours, timeZone);
  if (!opening) return answer;
  const text = awayHandoffText(
    answer.handoffReason,
    languageOf(customerText),
    opening,
    timeZone,
    hours.awayMessage,
  );
  return { ...answer, text };
}
