/**
 * Money slang after an amount, as morphological patterns over folded text (lowercase, NFKC): a stem
 * and the endings it takes (Swiss German diminutives -li/-eli, plurals -e, Sch- spellings; Italian
 * -i/-etti/-ini; French and English plurals), so "Schtützli", "Chlötzli", "Fränggeli", "franchetti"
 * and "SMACKERS" need no entry of their own.
 * Strong slang is money wherever it follows a number. Weak slang is also a thing (balles, Mäuse,
 * sacchi, Stei, bucks): it counts unless a preposition or a hyphen follows it ("35 balles la séance" counts) ("3 balles de tennis",
 * "3 Mäuse im Keller", "3 sacchi di sabbia", "2 bucks in the park", "sous-groupes").
 */
const STRONG = [
  // Swiss German: Stutz/Schtutz/Stütz, Chlotz/Chlötz, Fränkli/Fränggli and their diminutives and plurals.
  's(?:ch)?t[uü]tz(?:eli|li|is|i|e|ä)?',
  'chl[oö]tz(?:eli|li|is|i|e|ä)?',
  'fr[aä]n(?:k|gg|kk)(?:eli|li|is|i)',
  // Italian: franchi/franchetti/franchini (svizzeri), euri/eurini/euretti/eurozzi, cucuzze, bigliettoni.
  'franch(?:i|etti|ini)(?: svizzeri)?',
  'eur(?:i|ini|etti|ozzi)',
  'cucuzz[ae]',
  'bigliettoni',
  'testoni',
  // French: thunes, pépètes, kopecks.
  'thunes?',
  'p[ée]p[èe]t?tes?',
  'kopecks?',
  // English: quid(s), smackers, dollaroos.
  'quids?',
  'smacker(?:oo)?s?',
  'dollaroos?',
  // German: Piepen, Moneten, Öcken, Tacken, Euronen.
  'piepen',
  'moneten',
  '[öo]cken',
  'tacken',
  'euronen',
].join('|');

const WEAK = [
  'balles?',
  'boules?',
  'sous',
  'ronds',
  'patates',
  'briques',
  'bucks?',
  'clams?',
  'kr[öo]ten',
  'm[äa]use',
  'flocken',
  'm[üu]cken',
  'taler',
  's(?:ch)?t[eä]i',
  'sacch(?:i|etti|ini)',
].join('|');

/** What follows a weak slang word when it is a thing: a preposition ("balles de", "ronds au sol", "Mäuse im"; not "au total"), a hyphen. */
const THING_AFTER = String.raw`(?!-\p{L}|\s(?:de|d'|du|des|dans|sur|sous|en|aux?(?!\s(?:total|final|bout|max|maximum|plus|moins)(?![\p{L}]))|im|in|am|an|auf|unter|vom|von|di|da|del|della|nel|nella|sul|sulla|on|of|at|from|under|uf|vo|bi|ufem|um)(?![\p{L}]))`;

/** "2 grand" is money, "3 grand pianos" is not: only a connector may follow it. */
const GRAND = String.raw`grand(?!\s(?!(?:for|a|an|per|each|in total|total|all|up front|upfront|and|or|to|now|only|cash|plus|flat|a year|a month)(?![\p{L}]))\p{L})`;

/** A weak slang word alone (amounts.ts: below five it is money only in a price sentence, "Prends 3 balles"). */
export const WEAK_SLANG_RE = new RegExp(`^(?:${WEAK})$`, 'u');

/** The slang alternatives, to sit inside the currency-after group (word edges are the caller's). */
export const SLANG_AFTER = `(?:${STRONG}|(?:${WEAK})${THING_AFTER}|${GRAND})`;
