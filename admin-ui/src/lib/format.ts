import type { Lang } from './i18n.js';

const DAY_MS = 86_400_000;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** "Today", "Yesterday" or the date, for the separators of a list by day. */
export function dayLabel(iso: string, lang: Lang, words: { today: string; yesterday: string }): string {
  const date = new Date(iso);
  const diff = Math.round((startOfDay(new Date()) - startOfDay(date)) / DAY_MS);
  if (diff === 0) return words.today;
  if (diff === 1) return words.yesterday;
  return date.toLocaleDateString(lang, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });
}

export const dayKey = (iso: string) => new Date(startOfDay(new Date(iso))).toISOString();

export const time = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });

export const dateTime = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });

export const number = (value: number, lang: Lang) => new Intl.NumberFormat(lang).format(value);

/** 10 → "10%" (en), "10 %" (fr). */
export const percent = (value: number, lang: Lang) =>
  new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);

export const money = (value: number, currency: string, lang: Lang) => {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
};

/** A local `datetime-local` value (YYYY-MM-DDTHH:mm) as a UTC ISO instant. */
export function localToIso(value: string): string {
  return new Date(value).toISOString();
}

/** A UTC ISO instant as a local `datetime-local` value. */
export function isoToLocal(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
