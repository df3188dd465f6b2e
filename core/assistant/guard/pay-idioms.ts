/**
 * Ways to speak of paying with no price noun ("49 de ta poche", "you'd be out 49", "es chostet di 49",
 * "Sono 49 tondi tondi"), per language. Regex sources over folded text, matched as whole words by
 * PRICE_WORD (lexicon.ts): the sentence is then about a price, and a number in it that reads as nothing
 * else (harmless.ts: no noun or unit after it) is an amount.
 */
/** A price question answered by a bare number ("How much? 80", "Combien ? 80"): not "how much time". */
const QUESTION = [
  "how much(?=\\s?(?:\\?|is|does|do|for|will|would|it|that|are|was|'s)(?![\\p{L}]))",
  "combien(?=\\s?(?:\\?|ça|ca|c'est|co[uû]t|pour|je dois|dois-je|faut)(?![\\p{L}]))",
  'wie ?viel(?=\\s?(?:\\?|kostet|ist|macht|zahl|für|isch|choscht|chost)(?![\\p{L}]))',
  'wie ?vill?(?=\\s?(?:\\?|choscht|chost|isch|macht|zahl)(?![\\p{L}]))',
  'quanto(?=\\s?(?:\\?|costa|è|viene|fa|per|sono|pago|devo)(?![\\p{L}]))',
];
/** Handing the money over to the speaker: "give me 60", "tu me donnes 60", "gib mir 60", "dammi 60". */
const TO_ME = [
  'give me|gimme|hand me',
  '(?:tu )?me donnes?|donne-moi|donnez-moi|file-moi|tu me files|vous me donnez',
  'gib mir|gebt mir|geben sie mir|gisch mer|gisch mir|gib mer|dr[üu]ck(?:st)? [^!?\\n]{1,24} ab',
  'mi dai|dammi|datemi|mi date',
  'erm[äa](?:ss|ß)igt|reduziert',
];
/**
 * Offering it for a sum ("yours for 38", "für 38 zu haben", "tu l'as pour 38", "te la porti a casa per
 * 38"): the sale said without a price noun.
 */
const OFFERED = [
  "(?:it's|it is|they're|they are|all) yours for",
  'up for grabs for',
  '(?:you )?can have (?:it|them|one) for',
  'to be had for',
  "(?:c'est|c’est|elle est|il est) (?:à|a) (?:toi|vous) pour",
  "tu (?:l'|l’|les )as pour",
  "vous (?:l'|l’|les )avez pour",
  '(?:part|partent|est parti) (?:à|a)',
  'zu haben',
  'gibt es (?:schon |bereits )?f[üu]r',
  'bekomm(?:st|t|en) [^!?\\n]{1,24} f[üu]r',
  'z ha\\b',
  'gits (?:scho |bereits )?f[üu]r',
  '[üu]berch(?:u|ö)(?:n|nn)?sch [^!?\\n]{1,24} f[üu]r',
  '(?:è|sono) tu[oaie] per',
  '(?:te|ve) l[oaie] porti? a casa per',
  'l[oaie] trovi a',
];
const FR = [
  '(?:de|dans) (?:ta|ta propre|votre|sa|ma|notre) poche',
  'tout rond',
  'tu sors',
  'vous sortez',
  'sortir',
  'd[ée]bours\\p{L}*',
  'l[âa]ch(?:e|es|ez|er)',
  'pr[ée]voi[rsz]',
  'pr[ée]voyez',
  'budg[eé]t\\p{L}*',
  '(?:te|vous|nous|me) revien(?:t|dra) à',
  'à r[ée]gler',
  'allong(?:e|es|ez|er)',
  'casqu(?:e|es|ez|er)',
  'raqu(?:e|es|ez|er)',
  'd[ée]pens\\p{L}*',
  'claqu(?:e|es|ez|er)',
];
const EN = [
  "(?:you|you'd|you'll|you would|you will) be out",
  'out of (?:your|my|our) (?:own )?pocket',
  'out of pocket',
  'sets? (?:you|me|us|them) back',
  "(?:it|that|this) (?:runs|'ll run|will run)",
  'runs? you',
  'budget\\p{L}*',
  'shell(?:s|ed|ing)? out',
  'fork(?:s|ed|ing)? (?:out|over)',
  'spend(?:s|ing)?',
  'spent',
  'settle up',
  'cough(?:s|ed)? up',
  'pony up',
  'chip in',
];
const DE = [
  'hinbl[äa]tter\\p{L}*',
  'bl[äa]tter(?:st|t|e|n) ',
  'leg(?:st|t|e|en) [^!?\\n]{1,24} hin',
  'berapp\\p{L}*',
  'blech(?:st|t|e|en)',
  'l[öo]hn(?:st|t|e|en)',
  'zu buche',
  'ausgeben',
  'ausgegeben',
  'gibs?t [^!?\\n]{1,24} aus',
  'auf den tisch',
  'eigener tasche',
  'eigenen tasche',
  'begleich\\p{L}*',
];
const IT = [
  'spend(?:i|e|ere|iamo|ete)',
  'spes[ae]',
  'tir(?:i|a|are|ate) fuori',
  'ti costa',
  'sbors\\p{L}*',
  'tondi tondi',
  'tondi',
  'te la cavi con',
  'cavartela con',
  'di tasca',
  'sald(?:i|a|are|ate)',
  'vers(?:i|a|are|ate)',
];
const GSW = [
  'ch[oö]s(?:ch)?t\\p{L}*',
  'k[oö]s(?:ch)?t\\p{L}*',
  'bl[äe]ch(?:sch|t|e|ä)',
  'gi(?:sch|t) [^!?\\n]{1,24} us',
  'usg[äe]h?',
  'chunn?t (?:di|dich|eu|öich) (?:uf|öppe)',
  'eigete t[äa]sche',
];

export const PAY_IDIOM = [...QUESTION, ...TO_ME, ...OFFERED, ...FR, ...EN, ...DE, ...IT, ...GSW].join('|');
