/**
 * Turns findings into a readable answer: each finding grows to the unit that holds it (the sentence, or
 * the cell of a markdown table, or the line of a code block), and each run of touched units becomes one
 * short phrase in the conversation's language. Nothing is left half removed ("…9 CHF", a handle without
 * its domain); the rest of the answer is kept byte for byte.
 */
import type { GuardKind } from './finding.js';
import { type GuardLanguage, PHRASES } from './phrases.js';

export interface Removal {
  start: number;
  end: number;
  kind: GuardKind;
}
interface Unit {
  start: number;
  end: number;
  cell: boolean;
  kinds: Set<GuardKind>;
}

/** List markers, quote marks and emphasis before a sentence stay; so does the space around it. */
const LEAD = /^[ \t]*(?:(?:[-*+•]|\d{1,3}[.)]|>)[ \t]+)*/;
const SENTENCE_END = /[.!?…]+["'»)\]*_]*[ \t]+(?=[\p{Lu}\p{N}"'«(*_\p{Extended_Pictographic}])/gu;

/** Only spaces, line breaks and list or quote markers between two removed units: one phrase for both. */
const JOINABLE = /^\s*(?:(?:[-*+•]|\d{1,3}[.)]|>)[ \t]+)*$/;

function lineBounds(text: string, pos: number): [number, number] {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  const nl = text.indexOf('\n', pos);
  return [start, nl < 0 ? text.length : nl];
}

function unitAround(text: string, pos: number, inCode: boolean): Omit<Unit, 'kinds'> {
  const [ls, le] = lineBounds(text, pos);
  const line = text.slice(ls, le);
  if (/^\s*\|/.test(line)) {
    const before = line.lastIndexOf('|', pos - ls - 1);
    const after = line.indexOf('|', pos - ls);
    const s = ls + before + 1;
    const e = after < 0 ? le : ls + after;
    const cell = text.slice(s, e);
    return {
      start: s + cell.length - cell.trimStart().length,
      end: e - (cell.length - cell.trimEnd().length),
      cell: true,
    };
  }
  let start = ls + (inCode ? (line.match(/^\s*/)?.[0].length ?? 0) : (LEAD.exec(line)?.[0].length ?? 0));
  let end = le;
  if (!inCode) {
    for (const m of line.matchAll(SENTENCE_END)) {
      const boundary = ls + m.index + m[0].length;
      if (boundary <= pos) start = Math.max(start, boundary);
      else if (ls + m.index + m[0].trimEnd().length < end && boundary > pos) {
        end = ls + m.index + m[0].trimEnd().length;
        break;
      }
    }
  }
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end, cell: false };
}

function codeLines(text: string): (pos: number) => boolean {
  const fences: [number, number][] = [];
  const re = /^[ \t]*```.*$/gm;
  let open = -1;
  for (const m of text.matchAll(re)) {
    if (open < 0) open = m.index + m[0].length;
    else {
      fences.push([open, m.index]);
      open = -1;
    }
  }
  return (pos) => fences.some(([s, e]) => pos >= s && pos < e);
}

/** Units touched by the removals, merged when they overlap or when only spaces separate two sentences. */
export function unitsOf(text: string, removals: Removal[]): Unit[] {
  const inCode = codeLines(text);
  const units: Unit[] = [];
  for (const r of [...removals].sort((a, b) => a.start - b.start)) {
    const first = unitAround(text, r.start, inCode(r.start));
    const last = unitAround(text, Math.max(r.start, r.end - 1), inCode(r.end - 1));
    const unit: Unit = {
      start: Math.min(first.start, r.start),
      end: Math.max(last.end, r.end),
      cell: first.cell && last.cell,
      kinds: new Set([r.kind]),
    };
    const prev = units.at(-1);
    const gap = prev ? text.slice(prev.end, unit.start) : null;
    if (
      prev &&
      gap !== null &&
      (unit.start <= prev.end || (!prev.cell && !unit.cell && JOINABLE.test(gap)))
    ) {
      prev.end = Math.max(prev.end, unit.end);
      prev.start = Math.min(prev.start, unit.start);
      for (const k of unit.kinds) prev.kinds.add(k);
    } else units.push(unit);
  }
  return units;
}

export function applyUnits(text: string, units: Unit[], lang: GuardLanguage): string {
  const phrases = PHRASES[lang];
  let out = '';
  let pos = 0;
  for (const u of units) {
    const onlyLinks = ![...u.kinds].some(
      (k) => k === 'amount' || k === 'bank_account' || k === 'payment_handle' || k === 'payment_url',
    );
    out += text.slice(pos, u.start) + (u.cell ? phrases.cell : onlyLinks ? phrases.link : phrases.sentence);
    pos = u.end;
  }
  return out + text.slice(pos);
}
