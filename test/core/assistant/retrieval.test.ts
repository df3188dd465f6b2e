import { describe, expect, it } from 'vitest';
import { hasPriceIntent, MIN_SCORE, PRICE_BOOST, search } from '../../../core/assistant/retrieval.js';
import { words } from '../../../core/text.js';
import type { Article, Offer } from '../../../core/types.js';

const T = '2025-01-01T00:00:00.000Z';

function offer(id: string, name: string, description = ''): Offer {
  const base = { kind: 'course', price: 10, currency: 'CHF', paymentUrl: null, visible: true } as const;
  return { ...base, id, name, description, createdAt: T, updatedAt: T };
}

function article(id: string, title: string, body: string): Article {
  return { id, title, body, visible: true, createdAt: T, updatedAt: T };
}

const names = (query: string, offers: Offer[], articles: Article[] = []) =>
  search(query, offers, articles).matches.map((m) => (m.kind === 'offer' ? m.offer.name : m.article.title));

describe('hasPriceIntent', () => {
  it('spots price words and phrases in three languages', () => {
    for (const q of [
      'Quel est le prix ?',
      'Ça coûte combien ?',
      'vos tarifs',
      'How much is it?',
      'cost?',
      'Wie viel?',
      'Was kostet das?',
      'Preise',
    ]) {
      expect(hasPriceIntent(words(q))).toBe(true);
    }
    for (const q of ['Bonjour', 'How are you?', 'Wie geht es?', 'much love']) {
      expect(hasPriceIntent(words(q))).toBe(false);
    }
  });
});

describe('search', () => {
  const yoga = offer('o1', 'Yoga Flow', 'Des séances de yoga dynamique.');
  const pilates = offer('o2', 'Pilates', 'Renforcement doux, inspiré du yoga.');
  const med = offer('o3', 'Cours de méditation', 'Respiration et pleine conscience.');

  it('ranks a name hit above a description hit', () => {
    expect(names('yoga', [pilates, yoga])).toEqual(['Yoga Flow']);
    const scores = search('yoga', [pilates, yoga], []).matches.map((m) => m.score);
    expect(scores).toEqual([4]);
  });

  it('scores name 3 and description 1, prefix hits at half', () => {
    const [exact] = search('meditation', [med], []).matches;
    const [prefix] = search('medit', [med], []).matches;
    expect(exact?.score).toBe(3);
    expect(prefix?.score).toBe(1.5);
  });

  it('does not prefix-match tokens shorter than four letters', () => {
    expect(names('med', [med])).toEqual([]);
  });

  it('drops matches below the threshold', () => {
    expect(MIN_SCORE).toBe(1.5);
    // "respiration" is one exact description hit: score 1.
    expect(names('respiration', [med])).toEqual([]);
    expect(names('respiration conscience', [med])).toEqual(['Cours de méditation']);
  });

  it('boosts offers over articles on a price question', () => {
    const art = article('a1', 'Méditation du matin', 'Dix minutes pour commencer la journée.');
    expect(names('méditation', [med], [art])[0]).toBe('Cours de méditation');
    const priced = search('prix méditation', [med], [art]);
    expect(priced.priceIntent).toBe(true);
    expect(priced.matches[0]).toMatchObject({ kind: 'offer', score: 3 * PRICE_BOOST });
    expect(priced.matches[1]).toMatchObject({ kind: 'article', score: 3 });
  });

  it('never scores the price words themselves', () => {
    const cost = offer('o4', 'Low cost', 'Price and cost.');
    expect(names('price cost', [cost])).toEqual([]);
  });

  it('finds articles by title and body', () => {
    const art = article('a1', 'Bien dormir', 'Le sommeil profond se prépare dès le dîner.');
    expect(names('dormir', [], [art])).toEqual(['Bien dormir']);
    expect(names('sommeil profond', [], [art])).toEqual(['Bien dormir']);
  });

  it('handles an empty catalog and a stopword-only query', () => {
    expect(search('yoga', [], [])).toEqual({ priceIntent: false, matches: [] });
    expect(search('le la les', [yoga], []).matches).toEqual([]);
  });

  it('does not reuse a cached index when texts change under the same ids', () => {
    const before = offer('x1', 'Aquarelle');
    const after = offer('x1', 'Céramique');
    expect(names('aquarelle', [before])).toEqual(['Aquarelle']);
    expect(names('aquarelle', [after])).toEqual([]);
    expect(names('ceramique', [after])).toEqual(['Céramique']);
  });

  it('notices an array edited in place', () => {
    const catalog = [offer('z1', 'Aquarelle')];
    expect(names('aquarelle', catalog)).toEqual(['Aquarelle']);
    catalog[0] = { ...offer('z1', 'Céramique') };
    expect(names('aquarelle', catalog)).toEqual([]);
    catalog.push(offer('z2', 'Aquarelle avancée'));
    expect(names('aquarelle', catalog)).toEqual(['Aquarelle avancée']);
  });

  it('returns the current offer objects when a cached index is reused', () => {
    const first = offer('y1', 'Tai-chi');
    const copy = { ...first, price: 99 };
    search('tai chi', [first], []);
    const [match] = search('tai chi', [copy], []).matches;
    expect(match?.kind === 'offer' && match.offer.price).toBe(99);
  });
});
