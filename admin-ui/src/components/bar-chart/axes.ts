import type { Lang } from '../../lib/i18n.js';

/** Day labels ("2026-12-06" → "6 déc." / "Dec 6") and values in the panel's language; `compact`: 12.5K. */
export function chartAxes(lang: Lang, compact = false) {
  const days = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const numbers = new Intl.NumberFormat(
    lang,
    compact ? { notation: 'compact', maximumFractionDigits: 1 } : {},
  );
  return {
    formatLabel: (label: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(label) ? days.format(new Date(`${label}T00:00:00Z`)) : label,
    formatValue: (value: number) => numbers.format(value),
  };
}
