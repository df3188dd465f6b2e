/**
 * Splits a text into plain and matched parts for a search: a word matches where it starts with one
 * of the searched words, ignoring case and accents (the server's rule), so "yog" marks "Yôga".
 */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function highlightParts(text: string, query: string): { text: string; hit: boolean }[] {
  const words = fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const parts: { text: string; hit: boolean }[] = [];
  for (const token of text.split(/([\p{L}\p{N}]+)/u)) {
    if (!token) continue;
    const folded = fold(token);
    const hit = words.find((word) => folded.startsWith(word));
    if (hit) {
      // Mark the matched prefix only; the rest of the word stays plain.
      const cut = [...token].findIndex(
        (_, i) => fold([...token].slice(0, i + 1).join('')).length >= hit.length,
      );
      const end = cut < 0 ? token.length : [...token].slice(0, cut + 1).join('').length;
      parts.push({ text: token.slice(0, end), hit: true });
      if (end < token.length) parts.push({ text: token.slice(end), hit: false });
    } else parts.push({ text: token, hit: false });
  }
  return parts;
}
