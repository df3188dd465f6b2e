/** What a detector reports: a span of the view it read, and what kind of secret it is. */
export type GuardKind = 'amount' | 'payment_url' | 'url' | 'shortener' | 'payment_handle' | 'bank_account';

export interface Finding {
  start: number;
  end: number;
  kind: GuardKind;
}

/** Spans of the same view that detectors must leave alone (allow-listed links, phone numbers). */
export type Protected = [number, number][];

export const inside = (spans: Protected, start: number, end: number) =>
  spans.some(([s, e]) => start < e && end > s);
