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

/** Sentence ends of a line ([end of the sentence, start of the next]), found once per line. */
type Bounds = Map<number, [number, number][]>;

function sentenceEnds(text: string, ls: number, le: number, bounds: Bounds): [number, number][] {
  let ends = bounds.get(ls);
  if (!ends) {
    ends = [];
    for (const m of text.slice(ls, le).matchAll(SENTENCE_END)) {
      ends.push([ls + m.index + m[0].trimEnd().length, ls + m.index + m[0].length]);
    }
    bounds.set(ls, ends);
  }
  return ends;
}

function cellAround(text: string, pos: number, ls: number, le: number): Omit<Unit, 'kinds'> {
  const before = text.lastIndexOf('|', pos - 1);
  const after = text.indexOf('|', pos);
  const s = Math.max(ls, before + 1);
  const e = after < 0 || after > le ? le : after;
  const cell = text.slice(s, e);
  return {
    start: s + cell.length - cell.trimStart().length,
    end: e - (cell.length - cell.trimEnd().length),
    cell: true,
  };
}

function unitAround(text: string, pos: number, inCode: boolean, bounds: Bounds): Omit<Unit, 'kinds'> {
  const [ls, le] = lineBounds(text, pos);
  if (/^\s*\|/.test(text.slice(ls, Math.min(le, ls + 64)))) return cellAround(text, pos, ls, le);
  const head = text.slice(ls, Math.min(le, ls + 64));
  let start = ls + (inCode ? (head.match(/^\s*/)?.[0].length ?? 0) : (LEAD.exec(head)?.[0].length ?? 0));
  let end = le;
  if (!inCode) {
    for (const [sentenceEnd, next] of sentenceEnds(text, ls, le, bounds)) {
      if (next <= pos) start = Math.max(start, next);
      else {
        end = Math.min(end, Math.max(sentenceEnd, pos + 1));
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
  const bounds: Bounds = new Map();
  const units: Unit[] = [];
  for (const r of [...removals].sort((a, b) => a.start - b.start)) {
    const covering = units.at(-1);
    if (covering && r.end <= covering.end) {
      covering.kinds.add(r.kind); // inside the unit already replaced
      continue;
    }
    const first = unitAround(text, r.start, inCode(r.start), bounds);
    const last = unitAround(text, Math.max(r.start, r.end - 1), inCode(r.end - 1), bounds);
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
