/**
 * Price nouns a sentence may use instead of "price", per language, checked against one list of kinds:
 * rate, charge, tariff, dues, subscription, tuition, admission, deposit, instalment, surcharge, fee
 * compounds (Kursgeld, Teilnahmegebühr, Mitgliederbiitrag). Regex sources over folded text, matched as
 * whole words by PRICE_WORD (lexicon.ts). Words that also name something else are narrowed here:
 * "heart rate", "success rate" and "rate your pain" (the verb) are no price, nor a German word merely ending in "-rate" (Karate).
 */
const EN = [
  '(?<!(?:heart|success|pulse|breathing|respiratory|respiration|conversion|completion|failure|retention|growth|error|drop-?out|frame|bit|sample|birth|death|exchange|response|metabolic|burn|click|open|win|pass|resting) )rates?(?! (?:your|yourself|the|it|how|each|from|this|that|on|of perceived)(?![\\p{L}]))',
  'drop-in',
  'walk-in',
  'hourly',
  'charges?',
  'charged',
  'tariffs?',
  'dues',
  'subscriptions?',
  'tuition',
  'admission',
  'fares',
  String.raw`fare(?=\s?(?:is|was|will|of|for|:))`,
  'deposits?',
  'surcharges?',
  'price tag',
  'rent',
  'rental',
  'quotes?',
  'quoted',
  'levy',
  'retainer',
  'instal?lments?',
  'down payment',
];
const FR = [
  "droits? d'entr[ée]e",
  'redevances?',
  'acomptes?',
  'arrhes',
  'cautions?',
  'mensualit[ée]s?',
  'suppl[ée]ments?',
  'devis',
  '[ée]colages?',
  'adh[ée]sions?',
  'honoraires?',
  'loyers?',
  'abonnements?',
  'versements?',
];
/**
 * German and Swiss German compounds (Kursgeld, Teilnahmegebühr, Mitgliederbiitrag, Stundenansatz,
 * Einzeleintritt), found anywhere in a word: a separate search, not a "\p{L}*" prefix inside the
 * whole-word list, which would rescan every word of every sentence once per stem.
 */
export const PRICE_COMPOUND =
  '(?:geb[üu]h?[üu]?r|beitr[aä]g|biitr[aä]g|preis|g[eä]ld(?![\\p{L}])|g[eä]lder|eintritt|iitritt|(?:an|aa|stunden|tages)satz)';
const DE = [
  'abos?',
  'abonnements?',
  String.raw`eintritt\p{L}*`,
  String.raw`anzahlung\p{L}*`,
  String.raw`kaution\p{L}*`,
  '(?:monats|jahres|teil)raten?',
  'raten',
  String.raw`honorar\p{L}*`,
  String.raw`aufpreis\p{L}*`,
  String.raw`zuschl[aä]g\p{L}*`,
  'miete',
];
const IT = [
  'rett[ae]',
  'canon[ei]',
  'abbonament[oi]',
  'iscrizion[ei]',
  'caparr[ae]',
  'accont[oi]',
  'rata',
  'supplement[oi]',
  'onorari[oi]?',
  'bigliett[oi]',
  'ingress[oi]',
  'tass[ae]',
  'affitto',
];
const GSW = [
  String.raw`iitritt\p{L}*`,
  String.raw`aazahlig\p{L}*`,
  '(?:monets|johres)rate',
  String.raw`zueschl[aä]g\p{L}*`,
  'depot',
];

export const PRICE_NOUN = [...EN, ...FR, ...DE, ...IT, ...GSW].join('|');
