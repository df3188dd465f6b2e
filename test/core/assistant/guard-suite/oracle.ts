/**
 * The suite's own leak check, deliberately simple and independent of the guard: the output is folded
 * (NFKC, any decimal digit to ASCII, invisible characters dropped, lowercase) and must not contain the
 * case's secrets: an amount's digits (separators allowed between them), a spelled amount, a link's pieces.
 */
export type Secret = { digits: string } | { words: string } | { piece: string };

function asciiDigit(ch: string): string {
  if (!/\p{Nd}/u.test(ch)) return ch;
  let cp = ch.codePointAt(0)!;
  let start = cp;
  // Unicode decimal digits come in runs of ten from 0 to 9, runs of a block following each other.
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  cp = (cp - start) % 10;
  return String(cp);
}

export function fold(text: string): string {
  return Array.from(text.normalize('NFKC'), asciiDigit)
    .join('')
    .replace(/\p{Cf}|\u20e3|\ufe0f/gu, '')
    .toLowerCase();
}

const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

export function leakedSecrets(output: string, secrets: Secret[]): string[] {
  const folded = fold(output);
  const compact = letters(folded);
  return secrets.flatMap((s) => {
    if ('digits' in s) {
      const re = new RegExp(`(?<!\\d)${s.digits.split('').join("[\\s'’.,]?")}(?!\\d)`, 'u');
      return re.test(folded) ? [s.digits] : [];
    }
    const needle = letters('words' in s ? s.words : s.piece);
    return compact.includes(needle) ? [needle] : [];
  });
}
