/**
 * Language-light text helpers for the offline assistant: folding, tokenizing and language detection
 * for French, English and German. Pure and allocation-light: the same functions run on catalog text
 * (once per catalog version) and on every customer message.
 */

export type Language = 'fr' | 'en' | 'de';

/** Words that carry no topic. Listed folded (no accents, lowercase) because they are matched after foldText. */
const FR_STOPWORDS = `a au aux avec ce ces cet cette c ca d dans de des du elle elles en est et etre eux il ils
  j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour
  qu que qui quel quelle quels quelles quoi s sa se ses si son sont sur t ta te tes toi ton tu un une
  vos votre vous y suis es sommes etes ai as avons avez ont fait faire peut peux puis veux voudrais
  aimerais savoir dire comment quand va vais tres bien aussi cela ceci svp stp merci oui non`;

const EN_STOPWORDS = `a about an and are as at be been but by can could do does did for from had has have
  he her him his how i if in into is it its me my no not of on or our please she so than that the their
  them then there these they this those to us was we were what when where which who why will with would
  you your yours much many any some tell know want like get just also very thanks thank yes`;

const DE_STOPWORDS = `aber als am an auch auf aus bei bin bis bist da das dass dein deine dem den der des
  die dir doch du ein eine einem einen einer er es euch euer fur gibt habe haben hast hat ich ihr ihre im
  in ist ja kann konnen konnte mein meine mich mir mit nach nicht noch nur ob oder sein seine sich sie
  sind so uber um und uns unser vom von vor war was welche welcher welches wenn wer wie wir wird wo zu
  zum zur viel viele bitte danke gerne mochte wurde etwas`;

function wordSet(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

const STOPWORDS: Record<Language, ReadonlySet<string>> = {
  fr: wordSet(FR_STOPWORDS),
  en: wordSet(EN_STOPWORDS),
  de: wordSet(DE_STOPWORDS),
};

/**
 * Extra language evidence that is not a stopword: greetings and price words are the most common
 * short messages ("Hi", "Preis?"), which would otherwise carry no stopword at all.
 */
const MARKERS: Record<Language, ReadonlySet<string>> = {
  fr: wordSet('bonjour bonsoir salut coucou prix tarif tarifs combien cout coute coutent cours seance'),
  en: wordSet('hello hi hey good morning evening price prices cost costs course session'),
  de: wordSet('hallo guten tag morgen abend servus moin gruezi preis preise kostet kosten kurs kurse'),
};

const ALL_STOPWORDS: ReadonlySet<string> = new Set([...STOPWORDS.fr, ...STOPWORDS.en, ...STOPWORDS.de]);

const COMBINING_MARKS = /\p{M}+/gu;
const TYPOGRAPHIC_APOSTROPHES = /[\u2018\u2019\u02BC\u0060\u00B4]/g;
const NON_WORD = /[^\p{L}\p{N}]+/u;
const STEM_SUFFIX = new Set(['s', 'x', 'e'].map((c) => c.charCodeAt(0)));

/** Accent- and case-insensitive form: "Méditation" and "MEDITATION" both fold to "meditation". */
/**
 * One customer message is folded and split by several readers in a turn (consent keywords, handoff,
 * language, greetings, promo codes, retrieval): the latest results are remembered, by exact text.
 */
function memo<T>(compute: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let value = cache.get(s);
    if (value === undefined) {
      value = compute(s);
      if (cache.size >= MEMO_SIZE) cache.clear();
      cache.set(s, value);
    }
    return value;
  };
}

const MEMO_SIZE = 512;

export const foldText: (s: string) => string = memo((s) =>
  s
    .replace(TYPOGRAPHIC_APOSTROPHES, "'")
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae'),
);

/** The folded words of a text, stopwords included (language detection and greetings need them). */
export const words: (s: string) => readonly string[] = memo((s) =>
  Object.freeze(
    foldText(s)
      .split(NON_WORD)
      .filter((w) => w.length > 0),
  ),
);

export function isStopword(word: string): boolean {
  return ALL_STOPWORDS.has(word);
}

/**
 * Light, symmetric stemming: strip every final s, x or e while the word stays longer than 3 letters.
 * Stripping all of them (not one of each) keeps it symmetric: "kurs"/"kurse", "classe"/"classes",
 * "cours"/"course" all meet. No attempt at real morphology: the same function runs on the catalog
 * and the query, and prefix matching covers the rest.
 */
export function stem(word: string): string {
  let end = word.length;
  while (end > 3 && STEM_SUFFIX.has(word.charCodeAt(end - 1))) end--;
  return end === word.length ? word : word.slice(0, end);
}

/** Topic tokens: folded words minus stopwords of all three languages and one-letter words, stemmed. */
export function tokenize(s: string): string[] {
  return tokensOf(words(s));
}

export function tokensOf(folded: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of folded) {
    if (w.length < 2 || ALL_STOPWORDS.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

function countHits(folded: readonly string[], lang: Language): number {
  const stop = STOPWORDS[lang];
  const markers = MARKERS[lang];
  let hits = 0;
  for (const w of folded) if (stop.has(w) || markers.has(w)) hits++;
  return hits;
}

/**
 * Language of a customer message, from stopword and marker hits (a word listed in two languages
 * counts for both), plus one hit for German when the raw text has ä/ö/ü/ß and one for French when it
 * has é/è/ê/à/ç (these vanish in folding). Rule: English only when its hits strictly beat both
 * French and German; German when it strictly beats French and at least ties English; otherwise
 * French, the product's home language, which also wins on no evidence at all.
 */
export function detectLanguage(s: string): Language {
  const folded = words(s);
  const fr = countHits(folded, 'fr') + (/[éèêàç]/i.test(s) ? 1 : 0);
  const en = countHits(folded, 'en');
  const de = countHits(folded, 'de') + (/[äöüß]/i.test(s) ? 1 : 0);
  if (en > fr && en > de) return 'en';
  if (de > fr && de >= en) return 'de';
  return 'fr';
}
