import { describe, expect, it } from 'vitest';
import { handoffReply, languageOf, providerFailedReply } from '../../../core/assistant/system-replies.js';

describe('system replies', () => {
  it.each([
    ['fr', 'Bien sûr ! Je vous passe le coach, qui vous répondra ici très bientôt.'],
    ['en', "Of course! I'm passing you to the coach, who will answer you here shortly."],
    ['de', 'Gerne! Ich gebe Sie an den Coach weiter, der Ihnen hier in Kürze antwortet.'],
  ] as const)('handoffReply(%s)', (lang, expected) => {
    expect(handoffReply(lang)).toBe(expected);
  });

  it.each([
    [
      'fr',
      'Désolé, je ne peux pas vous répondre pour le moment. Le coach a été prévenu et vous répondra ici.',
    ],
    ['en', "Sorry, I can't answer right now. The coach has been notified and will answer you here."],
    [
      'de',
      'Entschuldigung, ich kann gerade nicht antworten. Der Coach wurde informiert und antwortet Ihnen hier.',
    ],
  ] as const)('providerFailedReply(%s)', (lang, expected) => {
    expect(providerFailedReply(lang)).toBe(expected);
  });

  it('keeps every text short and distinct', () => {
    const all = (['fr', 'en', 'de'] as const).flatMap((l) => [handoffReply(l), providerFailedReply(l)]);
    expect(new Set(all).size).toBe(6);
    for (const text of all) expect(text.length).toBeLessThanOrEqual(120);
  });

  it.each([
    ['Bonjour, je voudrais parler au coach', 'fr'],
    ['Can I talk to the coach please?', 'en'],
    ['Kann ich bitte mit dem Coach sprechen?', 'de'],
    ['Preis?', 'de'],
    ['Hi', 'en'],
    ['', 'fr'],
    ['SPRING10', 'fr'],
  ] as const)('languageOf(%s) = %s', (text, expected) => {
    expect(languageOf(text)).toBe(expected);
  });
});
