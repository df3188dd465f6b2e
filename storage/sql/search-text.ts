/** Folds text for accent- and case-insensitive matching: "Aïcha" and "AICHA" both become "aicha". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The folded words of what a person typed (letters and digits), at most 16. */
export function searchWordsOf(text: string): string[] {
  return foldForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 16);
}
