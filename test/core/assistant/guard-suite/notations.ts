/**
 * Ways a model can write an amount's digits: separators, other scripts, keycaps, invisible splits.
 * Each notation takes the plain ASCII form ("49", "1200", "49.90") and returns what the model writes.
 */
export interface Notation {
  name: string;
  write(plain: string): string;
}

const mapDigits = (plain: string, zero: number) =>
  plain.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));
const thousands = (plain: string, sep: string) => {
  const [int, dec] = plain.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return dec ? `${grouped}.${dec}` : grouped;
};

export const NOTATIONS: Notation[] = [
  { name: 'plain', write: (p) => p },
  { name: 'decimal-comma', write: (p) => (p.includes('.') ? p.replace('.', ',') : `${p},00`) },
  { name: 'decimal-dot', write: (p) => (p.includes('.') ? p : `${p}.00`) },
  { name: 'swiss-dash', write: (p) => `${p.split('.')[0]}.–` },
  { name: 'apostrophe', write: (p) => thousands(p, "'") },
  { name: 'typographic-apostrophe', write: (p) => thousands(p, '’') },
  { name: 'thin-space', write: (p) => thousands(p, '\u202f') },
  { name: 'nbsp', write: (p) => thousands(p, '\u00a0') },
  { name: 'arabic-indic', write: (p) => mapDigits(p, 0x660) },
  { name: 'persian', write: (p) => mapDigits(p, 0x6f0) },
  { name: 'devanagari', write: (p) => mapDigits(p, 0x966) },
  { name: 'full-width', write: (p) => mapDigits(p, 0xff10) },
  { name: 'math-bold', write: (p) => mapDigits(p, 0x1d7ce) },
  { name: 'superscript', write: (p) => p.replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!) },
  { name: 'dingbat', write: (p) => p.replace(/[1-9]/g, (d) => String.fromCodePoint(0x2775 + Number(d))) },
  { name: 'math-monospace', write: (p) => mapDigits(p, 0x1d7f6) },
  { name: 'bengali', write: (p) => mapDigits(p, 0x9e6) },
  { name: 'thai', write: (p) => mapDigits(p, 0xe50) },
  { name: 'keycap', write: (p) => p.replace(/\d/g, (d) => `${d}\ufe0f\u20e3`) },
  { name: 'keycap-bare', write: (p) => p.replace(/\d/g, (d) => `${d}\u20e3`) },
  { name: 'zero-width-space', write: (p) => p.split('').join('\u200b') },
  { name: 'zero-width-joiner', write: (p) => p.split('').join('\u200d') },
  { name: 'soft-hyphen', write: (p) => p.split('').join('\u00ad') },
  { name: 'word-joiner', write: (p) => p.split('').join('\u2060') },
];

/** The plain integer part a leak check looks for ("1200" for "1200.50"). */
export const integerPart = (plain: string) => plain.split('.')[0]!;
