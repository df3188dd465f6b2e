/** Sentence bounds in folded text: a line, or a part of it ending with ". ", "! ", "? ", "; ". */
const END = /[.!?;](?=\s)|\n/g;

export interface Sentence {
  start: number;
  end: number;
}

export function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  END.lastIndex = 0;
  for (let m = END.exec(text); m; m = END.exec(text)) {
    out.push({ start, end: m.index + 1 });
    start = m.index + 1;
  }
  out.push({ start, end: text.length });
  return out;
}

/** The index of the sentence holding `pos` (sentences sorted, covering the text). */
export function sentenceAt(sentences: Sentence[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sentences[mid]!.start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
