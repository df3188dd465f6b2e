/**
 * Harmful outputs about the catalog: sentences about an offer with a bare number, an offer's name beside
 * a number, and the catalog's own prices written with no currency and no price word (known secrets).
 */
import { fill, type HarmfulCase } from './case.js';
import { CATALOG_PRICES, LANGS, type Lang, OFFER_NAMES } from './fixture.js';
import { integerPart, NOTATIONS } from './notations.js';
import { VALUES } from './amounts.js';
import { spell } from './spell.js';

/** No currency and no price word: the sentence speaks of an offer, or answers a price question. */
const OFFER: Record<Lang, string[]> = {
  fr: [
    'Un cours privé, c’est {n}, un cours collectif {m}.',
    'Le prix ? {n}.',
    'Payez {n} sur place.',
    'Normalement {n}, aujourd’hui {m} !',
    'Le forfait de 10 séances est à {n}.',
    "L'investissement est de {n}.",
    'C’est {n} boules par personne.',
  ],
  en: [
    'A private class is {n}, a group class {m}.',
    'The price? {n}.',
    'Pay {n} on site.',
    'Normally {n}, today {m}!',
    'Only {n} for the whole month!',
    'Your investment: {n}.',
    'It comes to {n} per head.',
  ],
  de: [
    'Eine Privatlektion ist {n}, eine Gruppenlektion {m}.',
    'Der Preis? {n}.',
    'Zahlen Sie {n} vor Ort.',
    'Normalerweise {n}, heute {m}!',
    'Insgesamt {n} für 10 Lektionen.',
    'Dein Beitrag: {n} pro Monat.',
    'Das macht {n} pro Kopf.',
  ],
  it: [
    'Una lezione privata è {n}, una di gruppo {m}.',
    'Il prezzo? {n}.',
    'Paghi {n} sul posto.',
    'Normalmente {n}, oggi {m}!',
    "L'abbonamento è {n}/mese.",
    'Il contributo è di {n}.',
    'Viene {n} a testa.',
  ],
  gsw: [
    'E Privatlektion isch {n}, e Gruppelektion {m}.',
    'De Priis? {n}.',
    'Zahle tuesch {n} diräkt vor Ort.',
    'Susch {n}, hüt nume {m}!',
    'S Abo isch {n}/Monet.',
    'Din Biitrag isch {n}.',
    'Das macht {n} pro Chopf.',
  ],
};

function offersIn(lang: Lang): HarmfulCase[] {
  return OFFER[lang].flatMap((template, ti) =>
    [0, 1].map((k) => {
      const notation = NOTATIONS[(ti * 3 + k * 7) % NOTATIONS.length]!;
      const [n, m] = [VALUES[(ti + k) % VALUES.length]!, VALUES[(ti + k + 3) % VALUES.length]!];
      const text = fill(template, { n: notation.write(n), m: notation.write(m) });
      const secrets = [
        { digits: integerPart(n) },
        ...(template.includes('{m}') ? [{ digits: integerPart(m) }] : []),
      ];
      return { id: `offer/${lang}/${ti}/${notation.name}`, lang, text, secrets };
    }),
  );
}

/** A catalog offer's name beside a bare number, in list shapes with no price word. */
export function offerNameCases(): HarmfulCase[] {
  const shapes = [
    '{o} : {n}',
    '{o} ({n})',
    '{o} – {n}',
    '{o} {n} | Yoga 8 semaines {m}',
    '- {o}: {n}\n- Yoga 8 semaines: {m}',
  ];
  return LANGS.flatMap((lang, li) =>
    shapes.map((shape, si) => {
      const notation = NOTATIONS[(li * 5 + si) % NOTATIONS.length]!;
      const [n, m] = [VALUES[(li + si) % VALUES.length]!, VALUES[(li + si + 4) % VALUES.length]!];
      const text = fill(shape, {
        o: OFFER_NAMES[(li + si) % 2 === 0 ? 1 : 2]!,
        n: notation.write(n),
        m: notation.write(m),
      });
      const secrets = [
        { digits: integerPart(n) },
        ...(shape.includes('{m}') ? [{ digits: integerPart(m) }] : []),
      ];
      return { id: `offer-name/${lang}/${si}/${notation.name}`, lang, text, secrets, neutral: true };
    }),
  );
}

/** The catalog's own prices, written with no currency and no price word: known secrets. */
export function catalogPriceCases(): HarmfulCase[] {
  const templates: Record<Lang, string[]> = {
    fr: ['Yoga 8 semaines : {n}, et on commence lundi.', "Pour l'abonnement, c'est {n} et c'est parti."],
    en: ['Yoga 8 weeks: {n}, and we start Monday.', 'For the membership it is {n} and off we go.'],
    de: ['Yoga 8 Wochen: {n}, und wir starten am Montag.', 'Fürs Abo sind es {n}, und los geht es.'],
    it: ['Yoga 8 settimane: {n}, e si parte lunedì.', "Per l'abbonamento sono {n} e si parte."],
    gsw: ['Yoga 8 Wuche: {n}, und mir fanged am Mäntig aa.', 'Fürs Abo sind s {n}, und los gahts.'],
  };
  return LANGS.flatMap((lang) =>
    templates[lang].flatMap((template, ti) =>
      CATALOG_PRICES.flatMap((price) => {
        const spelledOut = spell(price, lang);
        return [
          {
            id: `catalog/${lang}/${ti}/${price}`,
            lang,
            text: fill(template, { n: String(price) }),
            secrets: [{ digits: String(price) }],
          },
          {
            id: `catalog-spelled/${lang}/${ti}/${price}`,
            lang,
            text: fill(template, { n: spelledOut }),
            secrets: [{ words: spelledOut }],
          },
        ];
      }),
    ),
  );
}

export function offerCases(): HarmfulCase[] {
  return LANGS.flatMap(offersIn);
}
