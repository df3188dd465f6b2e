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
  // Accented Latin letters alone (é, ü, à, ß...), the bulk of French, German and Italian: lowercase only.
  if (cluster.length === 1 && cp >= 0xc0 && cp <= 0x17f && cp !== 0xd7 && cp !== 0xf7 && cp !== 0x17f) {
    const lower = cluster.toLowerCase();
    return lower.length === 1 ? lower : cluster;
  }
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

/** Char codes with their original ranges; whitespace runs collapse as they are pushed. */
class Builder {
  codes: number[] = [];
  from: number[] = [];
  to: number[] = [];
  pushCode(code: number, start: number, end: number): void {
    const last = this.codes.length - 1;
    if ((code === 32 || code === 10) && last >= 0 && (this.codes[last] === 32 || this.codes[last] === 10)) {
      if (code === 10) this.codes[last] = 10;
      this.to[last] = end;
      return;
    }
    this.codes.push(code);
    this.from.push(start);
    this.to.push(end);
  }
  push(piece: string, start: number, end: number): void {
    for (let k = 0; k < piece.length; k++) this.pushCode(piece.charCodeAt(k), start, end);
  }
  view(): View {
    let text = '';
    for (let k = 0; k < this.codes.length; k += 4096)
      text += String.fromCharCode(...this.codes.slice(k, k + 4096));
    return { text, from: this.from, to: this.to };
  }
}

export function fold(original: string): View {
  const b = new Builder();
  let i = 0;
  while (i < original.length) {
    const c = original.charCodeAt(i);
    if (c < 0x80) {
      // ASCII: whitespace to one space or line break, backtick to apostrophe, letters to lowercase.
      const code =
        c === 13 || c === 10
          ? 10
          : c === 9 || c === 11 || c === 12
            ? 32
            : c === 96
              ? 39
              : c >= 65 && c <= 90
                ? c + 32
                : c;
      b.pushCode(code, i, i + 1);
      i++;
      continue;
    }
    // A cluster: the code point and the combining marks after it, normalised together.
    let j = i + (c >= 0xd800 && c < 0xdc00 ? 2 : 1);
    while (
      j < original.length &&
      original.charCodeAt(j) >= 0x300 &&
      MARK.test(String.fromCodePoint(original.codePointAt(j)!))
    ) {
      j += original.codePointAt(j)! > 0xffff ? 2 : 1;
    }
    b.push(foldPiece(original.slice(i, j)), i, j);
    i = j;
  }
  return b.view();
}

const MARK = /^\p{M}/u;

/** A view derived by replacing `re`'s matches: each new code unit maps to the whole original match. */
export function derive(view: View, re: RegExp, replace: (match: RegExpExecArray) => string): View {
  re.lastIndex = 0;
  let m = re.exec(view.text);
  if (!m) return view;
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let pos = 0;
  for (; m; m = re.exec(view.text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const by = replace(m);
    if (by === m[0]) continue; // left as it was: copied with the text around it
    parts.push(view.text.slice(pos, m.index));
    for (let k = pos; k < m.index; k++) {
      from.push(view.from[k]!);
      to.push(view.to[k]!);
    }
    parts.push(by);
    const end = m.index + m[0].length;
    for (let k = 0; k < by.length; k++) {
      from.push(view.from[m.index]!);
      to.push(view.to[end - 1]!);
    }
    pos = end;
  }
  parts.push(view.text.slice(pos));
  for (let k = pos; k < view.text.length; k++) {
    from.push(view.from[k]!);
    to.push(view.to[k]!);
  }
  return { text: parts.join(''), from, to };
}

/** The original range behind view[start, end). */
export function originalRange(view: View, start: number, end: number): [number, number] {
  return [view.from[start]!, view.to[end - 1]!];
}
