import { describe, expect, it } from 'vitest';
import { excerpt, firstSentence, formatPrice, REPLIES } from '../../../core/assistant/replies.js';

describe('formatPrice', () => {
  it('shows whole amounts without decimals and others with two', () => {
    expect(formatPrice(490, 'CHF')).toBe('490 CHF');
    expect(formatPrice(49.9, 'EUR')).toBe('49.90 EUR');
    expect(formatPrice(12.345, 'eur')).toBe('12.35 EUR');
    expect(formatPrice(1200, ' usd ')).toBe('1200 USD');
    expect(formatPrice(19.999, 'CHF')).toBe('20 CHF');
  });

  it('returns null for free or invalid amounts', () => {
    expect(formatPrice(0, 'CHF')).toBeNull();
    expect(formatPrice(Number.NaN, 'CHF')).toBeNull();
  });
});

describe('firstSentence', () => {
  it('keeps the first sentence only', () => {
    expect(firstSentence('Huit séances. Petits groupes.')).toBe('Huit séances.');
    expect(firstSentence('Pas de point final')).toBe('Pas de point final');
    expect(firstSentence('Version 2.5 disponible! Ensuite.')).toBe('Version 2.5 disponible!');
  });

  it('cuts a long sentence at a word boundary', () => {
    const long = `${'mot '.repeat(80)}fin.`;
    const out = firstSentence(long, 200);
    expect(out.length).toBeLessThanOrEqual(201);
    expect(out.endsWith('mot…')).toBe(true);
  });
});

describe('excerpt', () => {
  it('keeps a short body whole', () => {
    expect(excerpt('  Court texte.  ')).toBe('Court texte.');
  });

  it('cuts at the last sentence end within the limit', () => {
    const body = `${'Une phrase de taille moyenne. '.repeat(20)}`;
    const out = excerpt(body, 400);
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out.endsWith('moyenne.')).toBe(true);
  });

  it('falls back to a word boundary when no sentence ends early enough', () => {
    const out = excerpt('mot '.repeat(200), 400);
    expect(out.length).toBeLessThanOrEqual(401);
    expect(out.endsWith('mot…')).toBe(true);
  });
});

describe('REPLIES', () => {
  it('builds the offer answer per language', () => {
    const view = { name: 'Yoga', summary: 'Dix séances.', price: '49.90 EUR', link: 'https://pay.example' };
    expect(REPLIES.fr.offer(view)).toBe(
      'Yoga — Dix séances.\nPrix : 49.90 EUR\nPour réserver : https://pay.example',
    );
    expect(REPLIES.en.offer({ ...view, link: null })).toBe('Yoga — Dix séances.\nPrice: 49.90 EUR');
    expect(REPLIES.de.offer({ ...view, price: null })).toContain('Preis: kostenlos');
  });

  it('says the coach will answer here, in every language', () => {
    expect(REPLIES.fr.forCoach).toMatch(/coach.*ici/);
    expect(REPLIES.en.forCoach).toMatch(/coach.*here/);
    expect(REPLIES.de.forCoach).toMatch(/Coach.*hier/);
  });
});
