/**
 * The text the STRICT detectors read, with a map back to the original: NFKC, every Unicode decimal
 * digit to ASCII, keycaps and dingbat digits to digits, format characters (zero-width, soft hyphen,
 * variation selectors) dropped, dash/dot/slash/apostrophe look-alikes folded, whitespace runs collapsed
 * to one space (or one line break when the run has one), lowercase. `from[i]`/`to[i]` give the original
 * range behind folded code unit i, so a detection removes the matching span of the original.
 */
export interface View {
  text: string;
  from: number[];
  to: number[];
}

const DROP = /\p{Cf}|\u20e3|[\ufe00-\ufe0f]|\u034f|\u180e/gu;
const LOOKALIKE: Record<string, string> = {
  '。': '.',
  '｡': '.',
  '․': '.',
  '‧': '.',
  '⁄': '/',
  '∕': '/',
  '⧸': '/',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '−': '-',
  '﹣': '-',
  '－': '-',
  '‘': "'",
  '’': "'",
  ʼ: "'",
  '′': "'",
  '´': "'",
  '`': "'",
};

/** The ASCII digit of a Unicode decimal digit: digits come in runs of ten from 0 to 9. */
function asciiDigit(cp: number): string {
  let start = cp;
  while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return String((cp - start) % 10);
}

/** Dingbat and emoji digits NFKC leaves alone or wraps: ❶..❿, ➀..➉, ➊..➓, ⑴..⒇, ⒈..⒛, 🔟. */
function dingbat(cp: number): string | null {
  for (const base of [0x2776, 0x2780, 0x278a]) if (cp >= base && cp < base + 10) return String(cp - base + 1);
  for (const base of [0x2474, 0x2488]) if (cp >= base && cp < base + 20) return String(cp - base + 1);
  return cp === 0x1f51f ? '10' : null;
}

function foldPiece(cluster: string): string {
  const cp = cluster.codePointAt(0)!;
  const special = dingbat(cp);
  if (special) return special;
  let out = '';
  // Marks NFKC cannot compose (underline, strike-through overlays) only disguise the letter.
  for (const ch of cluster.normalize('NFKC').replace(DROP, '').replace(/\p{M}/gu, '')) {
    const c = ch.codePointAt(0)!;
    if (c > 0x7f && /\p{Nd}/u.test(ch)) out += asciiDigit(c);
    else out += LOOKALIKE[ch] ?? (/\s/u.test(ch) ? (ch === '\n' ? '\n' : ' ') : ch);
  }
  const lower = out.toLowerCase();
  return lower.length === out.length ? lower : out;
}

class Builder {
  text = '';
  from: number[] = [];
  to: number[] = [];
  push(piece: string, start: number, end: number): void {
    for (const ch of piece) {
      const last = this.text.length - 1;
      const isSpace = ch === ' ' || ch === '\n';
      if (isSpace && last >= 0 && (this.text[last] === ' ' || this.text[last] === '\n')) {
        if (ch === '\n' && this.text[last] === ' ') this.text = `${this.text.slice(0, last)}\n`;
        this.to[last] = end;
        continue;
      }
      for (let k = 0; k < ch.length; k++) {
        this.from.push(start);
        this.to.push(end);
      }
      this.text += ch;
    }
  }
}

export function fold(original: string): View {
  const b = new Builder();
  let i = 0;
  while (i < original.length) {
    const c = original.charCodeAt(i);
    if (c < 0x80) {
      const ch = original[i]!;
      b.push(
        c === 13 || c === 10
          ? '\n'
          : c === 9 || c === 11 || c === 12
            ? ' '
            : ch === '`'
              ? "'"
              : ch.toLowerCase(),
        i,
        i + 1,
      );
      i++;
      continue;
    }
    // A cluster: the code point and the combining marks after it, normalised together.
    let j = i + (c >= 0xd800 && c < 0xdc00 ? 2 : 1);
    while (j < original.length && /\p{M}/u.test(String.fromCodePoint(original.codePointAt(j)!))) {
      j += original.codePointAt(j)! > 0xffff ? 2 : 1;
    }
    b.push(foldPiece(original.slice(i, j)), i, j);
    i = j;
  }
  return { text: b.text, from: b.from, to: b.to };
}

/** A view derived by replacing `re`'s matches: each new code unit maps to the whole original match. */
export function derive(view: View, re: RegExp, replace: (match: RegExpExecArray) => string): View {
  const b: View = { text: '', from: [], to: [] };
  let pos = 0;
  let text = '';
  re.lastIndex = 0;
  for (let m = re.exec(view.text); m; m = re.exec(view.text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    text += view.text.slice(pos, m.index);
    b.from.push(...view.from.slice(pos, m.index));
    b.to.push(...view.to.slice(pos, m.index));
    const by = replace(m);
    text += by;
    const end = m.index + m[0].length;
    for (let k = 0; k < by.length; k++) {
      b.from.push(view.from[m.index]!);
      b.to.push(view.to[end - 1]!);
    }
    pos = end;
  }
  if (pos === 0) return view;
  b.text = text + view.text.slice(pos);
  b.from.push(...view.from.slice(pos));
  b.to.push(...view.to.slice(pos));
  return b;
}

/** The original range behind view[start, end). */
export function originalRange(view: View, start: number, end: number): [number, number] {
  return [view.from[start]!, view.to[end - 1]!];
}
