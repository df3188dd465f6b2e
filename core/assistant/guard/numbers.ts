/**
 * Numbers in folded text: digit tokens ("1'200", "49,90", "30.-") and spelled-out numbers in the five
 * languages ("quatre-vingt-dix", "neunundzwanzig", "centoventi", "nüünezwänzg"), each with its value so
 * the catalog's own prices are recognised in any notation.
 */
import { WB } from './lexicon.js';

export interface NumberToken {
  start: number;
  end: number;
  value: number;
  spelled: boolean;
  /** "30.-": the Swiss way of writing a price, an amount whatever the context. */
  swissDash: boolean;
}

const DIGITS = String.raw`(?=\d)(?:(?<=(?:chf|eur|usd|gbp|sfr|fr)\.?)|(?<=[\p{L} ],)|(?<![\p{L}\d.,]))(?<!\d')(\d{1,3}(?:(?:'|,|\.| (?=\d{3}(?![\d]| ?\d)))\d{3})+|\d+)(?:[.,](\d{1,2})(?!\d))?([.,]-{1,2}(?!\d))?(?!\d)(?: ?(k|mio\.?|mrd\.?|millions?|millionen|mille|tausend)(?![\p{L}]))?`;
const DIGITS_RE = new RegExp(DIGITS, 'gu');

/** Morphemes of spelled numbers (a value; 0 for the connectors inside compounds). */
const MORPHEMES: Record<string, number> = {};
function add(list: string, value: (i: number) => number): void {
  list.split(' ').forEach((w, i) => {
    if (w && w !== '-') MORPHEMES[w] = value(i);
  });
}
// French, English, German, Italian, Swiss German: units and teens (index = value).
add(
  'zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize',
  (i) => i,
);
add(
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen',
  (i) => i,
);
add(
  'null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn',
  (i) => i,
);
add(
  'zero uno due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici quindici sedici diciassette diciotto diciannove',
  (i) => i,
);
add(
  'nüt eis zwei drüü vier föif sächs sibe acht nüün zää elf zwölf drizää vierzää füfzää sächzää sibezää achzää nüünzää',
  (i) => i,
);
add('- ein eine einen einem einer', () => 1);
add('- une uno una', () => 1);
add('- zwöi drü drei füf nün sibä nünzää', (i) => [0, 2, 3, 3, 5, 9, 7, 19][i]!);
add('- - vingt trente quarante cinquante soixante septante huitante nonante', (i) => i * 10);
add('- - twenty thirty forty fifty sixty seventy eighty ninety', (i) => i * 10);
add('- - zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig', (i) => i * 10);
add('- - venti trenta quaranta cinquanta sessanta settanta ottanta novanta', (i) => i * 10);
add('- - vent trent quarant cinquant sessant settant ottant novant', (i) => i * 10);
add('- - zwänzg drissg vierzg füfzg sächzg sibezg achzg nüünzg', (i) => i * 10);
Object.assign(MORPHEMES, {
  vingts: 20,
  octante: 80,
  dreissig: 30,
  fuenf: 5,
  fuenfzig: 50,
  nünzg: 90,
  föifzg: 50,
  drissig: 30,
  cent: 100,
  cents: 100,
  hundred: 100,
  hundert: 100,
  cento: 100,
  mille: 1000,
  mila: 1000,
  thousand: 1000,
  tausend: 1000,
  tuusig: 1000,
  tausig: 1000,
  // About so many: "une cinquantaine" (French), as a price "around fifty".
  dizaine: 10,
  douzaine: 12,
  quinzaine: 15,
  vingtaine: 20,
  trentaine: 30,
  quarantaine: 40,
  cinquantaine: 50,
  soixantaine: 60,
  centaine: 100,
  und: 0,
  e: 0,
  et: 0,
  and: 0,
});
MORPHEMES.un = 1;

const VALUE_WORDS = Object.keys(MORPHEMES)
  .filter((w) => MORPHEMES[w]! > 0 || w === 'zéro' || w === 'zero' || w === 'null')
  .sort((a, b) => b.length - a.length)
  .join('|');
/** A word made of value morphemes, "und"/"e" only between two of them ("neunundzwanzig", "nüünezwänzg"). */
const WORD = `(?:${VALUE_WORDS})(?:(?:und|e)?(?:${VALUE_WORDS}))*`;
const SPELLED = `${WB}${WORD}(?:(?:[ -]+(?:et|and|und|e)[ -]+|[ -]+)${WORD})*(?![\\p{L}])`;
const SPELLED_RE = new RegExp(SPELLED, 'gu');
const SEGMENT_RE = new RegExp(
  Object.keys(MORPHEMES)
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'gu',
);

/** The value of a spelled-out number, read morpheme by morpheme. */
export function spelledValue(words: string): number {
  let total = 0;
  let current = 0;
  let lastUnit = 0;
  for (const m of words.replace(/[ -]+/g, '').matchAll(SEGMENT_RE)) {
    const v = MORPHEMES[m[0]] ?? 0;
    if (v === 0) continue;
    if (v === 100) current = (current % 100 || 1) * 100 + current - (current % 100);
    else if (v === 1000) {
      total += (current || 1) * 1000;
      current = 0;
    } else if (v === 20 && m[0].startsWith('vingt') && lastUnit >= 2 && lastUnit <= 9) {
      current += lastUnit * 19; // "quatre-vingt": four twenties
    } else current += v;
    lastUnit = v < 10 ? v : 0;
  }
  return total + current;
}

function digitValue(int: string, dec: string | undefined): number {
  return Number(int.replace(/\D/g, '')) + (dec ? Number(dec) / 10 ** dec.length : 0);
}

/** "2k", "1.5 Mio": thousands and millions written after the digits. */
function multiplier(suffix: string | undefined): number {
  if (!suffix) return 1;
  if (suffix === 'k' || suffix === 'mille' || suffix === 'tausend') return 1_000;
  return suffix.startsWith('mrd') ? 1_000_000_000 : 1_000_000;
}

export function findNumbers(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  for (const m of text.matchAll(DIGITS_RE)) {
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      value: digitValue(m[1]!, m[2]) * multiplier(m[4]),
      spelled: false,
      swissDash: Boolean(m[3]),
    });
  }
  for (const m of text.matchAll(SPELLED_RE)) {
    // A lone connector is no number ("e", "und"); neither is "un"/"one" alone outside a price.
    const value = spelledValue(m[0]);
    if (value === 0 && !/^(?:z[ée]ro|null)$/.test(m[0])) continue;
    out.push({ start: m.index, end: m.index + m[0].length, value, spelled: true, swissDash: false });
  }
  return out.sort((a, b) => a.start - b.start);
}
