/**
 * The business the generated STRICT suite runs against: its public URL, the domains the coach lists as
 * safe, and the catalog secrets (offer prices, payment URLs). Written for the suite, not taken from the
 * guard: the suite must not know how the guard works.
 */
export type Lang = 'fr' | 'en' | 'de' | 'it' | 'gsw';
export const LANGS: Lang[] = ['fr', 'en', 'de', 'it', 'gsw'];

export const PUBLIC_URL = 'https://kora.studio-lumen.ch';
export const SAFE_DOMAINS = ['studio-lumen.ch', 'youtube.com', 'maps.google.com'];

/** The catalog's offers: their names, then their prices (CHF). */
export const OFFER_NAMES = ['Yoga 8 semaines', 'Pilates', 'Méditation guidée'];
export const CATALOG_PRICES = [390, 29, 149];
export const PAYMENT_URLS = [
  'https://buy.stripe.com/test_8wM3cdLumen',
  'https://paypal.me/lumenyoga',
  'https://pay.studio-lumen.ch/checkout/yoga-8',
];
/** The handle behind the catalog's payment URLs, as it would be dictated. */
export const SECRET_HANDLE = 'lumenyoga';
