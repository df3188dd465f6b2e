/** Folds text for accent- and case-insensitive matching: "Aïcha" and "AICHA" both become "aicha". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
