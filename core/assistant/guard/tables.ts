/**
 * Markdown tables whose column is a price ("| Offre | Prix |", "| Fee (USD) |"): every cell of that
 * column holding a digit or a spelled number is an amount, with no currency needed.
 */
import type { Finding } from './finding.js';
import { findNumbers } from './numbers.js';

const PRICE_HEADER =
  /(?<![\p{L}])(?:prix|price|prices|preis|preise|priis|prezzo|prezzi|tarifs?|tariffa|tariff|fee|fees|co[uû]ts?|costs?|costo|kosten|choschte|montant|amount|betrag|importo|investissement|investment|beitrag|contributo|cotisation|chf|eur|usd|gbp|€|\$|£|francs?|franken|euro)(?![\p{L}])/u;
const SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function cells(line: string, lineStart: number): { start: number; end: number; text: string }[] {
  const out = [];
  let offset = lineStart;
  for (const cell of line.split('|')) {
    out.push({ start: offset, end: offset + cell.length, text: cell });
    offset += cell.length + 1;
  }
  return out;
}

export function findTableAmounts(text: string): Finding[] {
  if (!text.includes('|')) return [];
  const out: Finding[] = [];
  const lines = text.split('\n');
  let priceCols: Set<number> | null = null;
  let pos = 0;
  for (const [i, line] of lines.entries()) {
    const isRow = /^\s*\|/.test(line);
    if (!isRow) priceCols = null;
    else if (SEPARATOR.test(line) && i > 0 && /^\s*\|/.test(lines[i - 1]!)) {
      const header = cells(lines[i - 1]!, 0);
      priceCols = new Set(header.flatMap((c, k) => (PRICE_HEADER.test(c.text) ? [k] : [])));
    } else if (priceCols && priceCols.size > 0) {
      for (const [k, c] of cells(line, pos).entries()) {
        const trimmed = c.text.trim();
        if (!priceCols.has(k) || !(/\d/.test(trimmed) || findNumbers(trimmed).length > 0)) continue;
        const start = c.start + c.text.indexOf(trimmed);
        out.push({ start, end: start + trimmed.length, kind: 'amount' });
      }
    }
    pos += line.length + 1;
  }
  return out;
}
