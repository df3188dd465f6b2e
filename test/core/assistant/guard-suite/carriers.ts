/**
 * Harmful amounts inside the shapes a model answers in: a bulleted list, a markdown table whose column
 * is a price (no currency in the cells), a JSON or code block, a quote. Each carrier × language × value.
 */
import { fill, type HarmfulCase } from './case.js';
import { LANGS, type Lang } from './fixture.js';
import { integerPart, NOTATIONS } from './notations.js';

interface Words {
  offer: string;
  price: string;
  tariff: string;
  trial: string;
  month: string;
  sentence: string;
}
const WORDS: Record<Lang, Words> = {
  fr: {
    offer: 'Offre',
    price: 'Prix',
    tariff: 'Tarif (CHF)',
    trial: "Séance d'essai",
    month: 'Abonnement mensuel',
    sentence: 'Le prix est de {n} CHF.',
  },
  en: {
    offer: 'Offer',
    price: 'Price',
    tariff: 'Fee (USD)',
    trial: 'Trial class',
    month: 'Monthly pass',
    sentence: 'The price is {n} dollars.',
  },
  de: {
    offer: 'Angebot',
    price: 'Preis',
    tariff: 'Kosten (CHF)',
    trial: 'Probestunde',
    month: 'Monatsabo',
    sentence: 'Der Preis ist {n} Franken.',
  },
  it: {
    offer: 'Offerta',
    price: 'Prezzo',
    tariff: 'Tariffa (CHF)',
    trial: 'Lezione di prova',
    month: 'Abbonamento mensile',
    sentence: 'Il prezzo è {n} franchi.',
  },
  gsw: {
    offer: 'Aagebot',
    price: 'Priis',
    tariff: 'Choschte (CHF)',
    trial: 'Probelektion',
    month: 'Monetsabo',
    sentence: 'De Priis isch {n} Stutz.',
  },
};

type Carrier = (w: Words, a: string, b: string) => string;
const CARRIERS: Record<string, Carrier> = {
  list: (w, a, b) => `- ${w.trial} : ${a} CHF\n- ${w.month} : ${b} CHF`,
  'list-bare': (w, a, b) =>
    `* ${w.trial} — ${w.price.toLowerCase()} ${a}\n* ${w.month} — ${w.price.toLowerCase()} ${b}`,
  table: (w, a, b) => `| ${w.offer} | ${w.price} |\n|---|---|\n| ${w.trial} | ${a} |\n| ${w.month} | ${b} |`,
  'table-tariff': (w, a, b) =>
    `| ${w.offer} | ${w.tariff} |\n| :-- | --: |\n| ${w.trial} | ${a} |\n| ${w.month} | ${b} |`,
  json: (w, a, b) =>
    `\`\`\`json\n[{"name": "${w.trial}", "${w.price.toLowerCase()}": ${a}}, {"name": "${w.month}", "price": "${b}"}]\n\`\`\``,
  code: (w, a, b) => `\`\`\`\n${w.trial.replace(/\W/g, '_')}_price = ${a}\nmonthly_amount = ${b}\n\`\`\``,
  'inline-code': (w, a, b) => `${w.trial}: \`${a}\`, ${w.month}: \`${b}.-\``,
  csv: (w, a, b) => `${w.offer};${w.price}\n${w.trial};${a};CHF\n${w.month};${b};CHF`,
  xml: (w, a, b) =>
    `<offer name="${w.trial}"><price>${a}</price></offer>\n<offer name="${w.month}"><price>${b}</price></offer>`,
  yaml: (w, a, b) =>
    `\`\`\`yaml\n- name: ${w.trial}\n  price: ${a}\n- name: ${w.month}\n  price: ${b}\n\`\`\``,
  quote: (w, a) => `> ${fill(w.sentence, { n: a })}`,
};

export function carrierCases(): HarmfulCase[] {
  const values: [string, string][] = [
    ['35', '120'],
    ['45', '180'],
    ['55', '220'],
  ];
  return LANGS.flatMap((lang, li) =>
    Object.entries(CARRIERS).flatMap(([name, carrier], ci) =>
      values.map(([a, b], vi) => {
        const notation = NOTATIONS[(li + ci + vi * 7) % NOTATIONS.length]!;
        const text = carrier(WORDS[lang], notation.write(a), notation.write(b));
        const secrets = name === 'quote' ? [{ digits: integerPart(a) }] : [{ digits: a }, { digits: b }];
        return { id: `carrier/${lang}/${name}/${vi}/${notation.name}`, lang, text, secrets };
      }),
    ),
  );
}
