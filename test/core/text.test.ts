import { describe, expect, it } from 'vitest';
import { detectLanguage, foldText, isStopword, stem, tokenize, words } from '../../core/text.js';

describe('foldText', () => {
  it('removes accents and case', () => {
    expect(foldText('Cours de MÉDITATION')).toBe('cours de meditation');
    expect(foldText('Ça coûte combien ? Über')).toBe('ca coute combien ? uber');
  });

  it('spells out ß, œ and typographic apostrophes', () => {
    expect(foldText('Straße')).toBe('strasse');
    expect(foldText('STRAẞE')).toBe('strasse');
    expect(foldText('cœur')).toBe('coeur');
    expect(foldText('l’offre')).toBe("l'offre");
  });
});

describe('words', () => {
  it('splits on anything but letters and digits, keeping stopwords', () => {
    expect(words("C'est quoi, l’offre « Yoga-Flow » 2025 ?")).toEqual([
      'c',
      'est',
      'quoi',
      'l',
      'offre',
      'yoga',
      'flow',
      '2025',
    ]);
  });
});

describe('stem', () => {
  it('drops a final plural and a final e symmetrically', () => {
    expect(stem('cours')).toBe('cour');
    expect(stem('course')).toBe('cour');
    expect(stem('kurse')).toBe(stem('kurs'));
    expect(stem('classes')).toBe(stem('classe'));
    expect(stem('prices')).toBe(stem('price'));
    expect(stem('meditations')).toBe('meditation');
    expect(stem('prix')).toBe('pri');
  });

  it('leaves short words alone', () => {
    expect(stem('yes')).toBe('yes');
    expect(stem('bus')).toBe('bus');
  });
});

describe('tokenize', () => {
  it('drops stopwords of the three languages and one-letter words', () => {
    expect(tokenize("Quel est le prix de l'atelier ?")).toEqual(['pri', 'atelier']);
    expect(tokenize('What is the price of the workshop?')).toEqual(['pric', 'workshop']);
    expect(tokenize('Was kostet der Kurs für Anfänger?')).toEqual(['kostet', 'kur', 'anfanger']);
  });

  it('gives the same tokens to catalog text and query whatever the accents and case', () => {
    expect(tokenize('Cours de méditation')).toEqual(tokenize('COURS DE MEDITATION'));
    expect(tokenize('Séances')).toEqual(tokenize('seance'));
  });

  it('returns nothing for an empty or stopword-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('et le la the und')).toEqual([]);
  });
});

describe('isStopword', () => {
  it('knows folded stopwords of all three languages', () => {
    expect(isStopword('etre')).toBe(true);
    expect(isStopword('the')).toBe(true);
    expect(isStopword('fur')).toBe(true);
    expect(isStopword('meditation')).toBe(false);
  });
});

describe('detectLanguage', () => {
  it('recognizes French, English and German questions', () => {
    expect(detectLanguage('Combien coûte le cours de méditation ?')).toBe('fr');
    expect(detectLanguage('How much is the meditation course?')).toBe('en');
    expect(detectLanguage('Wie viel kostet der Meditationskurs?')).toBe('de');
  });

  it('recognizes one-word greetings and price questions', () => {
    expect(detectLanguage('Hello')).toBe('en');
    expect(detectLanguage('Hallo')).toBe('de');
    expect(detectLanguage('Salut')).toBe('fr');
    expect(detectLanguage('Preis?')).toBe('de');
  });

  it('uses umlauts as German evidence', () => {
    expect(detectLanguage('Grüezi')).toBe('de');
  });

  it('defaults to French without evidence or on a tie', () => {
    expect(detectLanguage('')).toBe('fr');
    expect(detectLanguage('490 ?')).toBe('fr');
    expect(detectLanguage('yoga')).toBe('fr');
  });

  it('answers in English only when English dominates', () => {
    expect(detectLanguage('Cours de yoga, price?')).toBe('fr');
    expect(detectLanguage('What is the price of the cours de yoga?')).toBe('en');
  });
});
