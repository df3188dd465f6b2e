/** Spelled-out numbers 0..999 in the suite's five languages (the suite's own speller, not the guard's). */
import type { Lang } from './fixture.js';

const FR_U =
  'zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf'.split(
    ' ',
  );
const FR_T = ['', '', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'];
function fr(n: number): string {
  if (n < 20) return FR_U[n]!;
  if (n < 100) {
    const t = Math.floor(n / 10);
    const u = n % 10;
    if (t === 7 || t === 9)
      return `${t === 7 ? 'soixante' : 'quatre-vingt'}${u === 1 && t === 7 ? ' et ' : '-'}${FR_U[10 + u]}`;
    if (t === 8) return u === 0 ? 'quatre-vingts' : `quatre-vingt-${FR_U[u]}`;
    return u === 0 ? FR_T[t]! : u === 1 ? `${FR_T[t]} et un` : `${FR_T[t]}-${FR_U[u]}`;
  }
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const head = h === 1 ? 'cent' : `${FR_U[h]} cent${rest === 0 ? 's' : ''}`;
  return rest === 0 ? head : `${head} ${fr(rest)}`;
}

const EN_U =
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(
    ' ',
  );
const EN_T = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
function en(n: number): string {
  if (n < 20) return EN_U[n]!;
  if (n < 100) return n % 10 === 0 ? EN_T[n / 10]! : `${EN_T[Math.floor(n / 10)]}-${EN_U[n % 10]}`;
  const rest = n % 100;
  return `${EN_U[Math.floor(n / 100)]} hundred${rest ? ` and ${en(rest)}` : ''}`;
}

function germanic(u: string[], t: string[], hundred: string, and: string, one: string) {
  const speak = (n: number): string => {
    if (n < 13) return n === 1 ? one : u[n]!;
    if (n < 20) return `${u[n - 10]!.replace(/s$/, '')}${u[10]}`;
    if (n < 100)
      return n % 10 === 0 ? t[n / 10]! : `${n % 10 === 1 ? one : u[n % 10]}${and}${t[Math.floor(n / 10)]}`;
    const h = Math.floor(n / 100);
    return `${h === 1 ? '' : u[h]}${hundred}${n % 100 ? speak(n % 100) : ''}`;
  };
  return speak;
}
const de = germanic(
  'null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf'.split(' '),
  ['', '', 'zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'],
  'hundert',
  'und',
  'ein',
);
const gsw = germanic(
  'nüt eis zwei drüü vier föif sächs sibe acht nüün zää elf zwölf'.split(' '),
  ['', '', 'zwänzg', 'drissg', 'vierzg', 'füfzg', 'sächzg', 'sibezg', 'achzg', 'nüünzg'],
  'hundert',
  'e',
  'eis',
);

const IT_U =
  'zero uno due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici quindici sedici diciassette diciotto diciannove'.split(
    ' ',
  );
const IT_T = [
  '',
  '',
  'venti',
  'trenta',
  'quaranta',
  'cinquanta',
  'sessanta',
  'settanta',
  'ottanta',
  'novanta',
];
function it(n: number): string {
  if (n < 20) return IT_U[n]!;
  if (n < 100) {
    const u = n % 10;
    const t = IT_T[Math.floor(n / 10)]!;
    if (u === 0) return t;
    return u === 1 || u === 8 ? `${t.slice(0, -1)}${IT_U[u]}` : `${t}${IT_U[u]}`;
  }
  const h = Math.floor(n / 100);
  return `${h === 1 ? '' : IT_U[h]}cento${n % 100 ? it(n % 100) : ''}`;
}

export function spell(n: number, lang: Lang): string {
  return { fr, en, de, it, gsw }[lang](n);
}
