/**
 * The passage of a message a search matched: a window of the text around the first word found, cut
 * at word bounds, ellipses where cut. Matching folds case and accents as the search does, character
 * by character, so positions in the folded text are positions in the original.
 */
import { foldForSearch, searchWordsOf } from '../../storage/sql/search-text.js';

/** Characters kept before the match (a little context) and after it (where the reading goes). */
const BEFORE = 30;
const AFTER = 120;

export function snippetOf(text: string, query: string): string {
  const chars = [...text];
  const folded = chars.map((char) => foldForSearch(char).slice(0, 1) || ' ');
  const haystack = folded.join('');
  let at = -1;
  for (const word of searchWordsOf(query)) {
    const index = haystack.search(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}`, 'u'));
    if (index >= 0 && (at < 0 || index < at)) at = index;
  }
  if (at < 0) at = 0;
  let start = Math.max(0, at - BEFORE);
  let end = Math.min(chars.length, at + AFTER);
  while (start > 0 && /\S/u.test(chars[start - 1]!) && at - start < BEFORE + 15) start--;
  while (end < chars.length && /\S/u.test(chars[end]!) && end - at < AFTER + 15) end++;
  const body = chars.slice(start, end).join('').replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${body}${end < chars.length ? '…' : ''}`;
}

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
