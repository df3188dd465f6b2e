/**
 * Harmless outputs beside each rule added for the held-out classes (slang, price nouns, per-unit before
 * the amount, label then line break, paying idioms): the same words with numbers that are not prices,
 * and the words alone. Class × language, each must come back byte for byte.
 */
import type { HarmlessCase } from './case.js';
import { BREAKS, PER_BEFORE } from './contexts.js';
import { LANGS, type Lang } from './fixture.js';

const BY_CLASS: Record<string, Record<Lang, string[]>> = {
  'slang-lookalike': {
    fr: [
      'Prends 3 balles de tennis et un tapis.',
      'Il y a 12 boules de pétanque dans le sac.',
      'Reste 2 minutes sous la douche froide.',
      'Fais 10 cercles bien ronds avec les bras.',
      'Il y a 10 ronds au sol pour le circuit.',
    ],
    en: [
      'A grand total of 12 people joined.',
      'We had 3 grand pianos in the hall.',
      'The 2 bucks in the park ran off.',
      'I trained 5 years with a grand master.',
      'Run a 5k on Sunday, then 10k steps a day.',
    ],
    de: [
      'Die 3 Mäuse im Keller sind weg.',
      'Wir waren 20 Teilnehmende und 3 Kröten am Teich.',
      'Nimm 2 Flaschen Wasser mit.',
      'Mach 3 Runden im Park.',
    ],
    it: [
      'Porta 3 sacchi di sabbia per il circuito.',
      'Il corso è stato un franco successo, 20 persone.',
      'Usiamo 4 sacchi da boxe.',
      'Ci sono 2 cartelloni all’ingresso.',
    ],
    gsw: [
      'Mir händ 3 Stei im Garte für d Üebig.',
      'Bring 2 Fläsche Wasser mit.',
      'Mach 3 Rundene um de Stei.',
      'S Fränkli-Spiel mit de Chind dauret 10 Minute.',
    ],
  },
  // Weak slang words as things, a small count with no price in the sentence.
  'slang-small-count': {
    fr: ['Prends 3 balles.', 'Garde 2 boules sous la main.'],
    en: ['We saw 2 bucks near the trail.', 'Grab 3 clams for the recipe.'],
    de: ['Wir haben 3 Kröten gesehen.', 'Nimm 2 Taler fürs Spiel mit.'],
    it: ['Porta 2 sacchi.', 'Prendi 3 sacchetti.'],
    gsw: ['Nimm 2 Stei.', 'Mir händ 3 Stei gfunde.'],
  },
  'price-noun-other': {
    fr: [
      'Ta fréquence cardiaque au repos est de 58.',
      "L'abonnement est résiliable chaque mois.",
      'La cotisation annuelle couvre 2 ateliers.',
      'Le taux de réussite est de 80 %.',
    ],
    en: [
      'Your heart rate should stay under 150.',
      'Our success rate is 80 %.',
      'The subscription can be paused anytime.',
      'Keep your resting heart rate near 60.',
      'Charge your watch for 2 hours before class.',
      'Rate your pain from 1 to 10.',
      'Rate of perceived exertion: 7.',
    ],
    de: [
      'Das Abo kannst du jederzeit pausieren.',
      'Deine Herzfrequenz sollte unter 150 bleiben.',
      'Das Abo gilt für 10 Lektionen.',
      'Der Beitrag im Blog hat 3 Teile.',
    ],
    it: [
      'La frequenza cardiaca a riposo è 58.',
      "L'abbonamento si può sospendere.",
      'La quota di successo è dell’80 %.',
      "L'abbonamento comprende 10 lezioni.",
    ],
    gsw: [
      'S Abo chasch jederziit pausiere.',
      'Din Puls söll under 150 bliibe.',
      'S Abo gilt für 10 Lektione.',
      'De Biitrag im Blog het 3 Teil.',
    ],
  },
  'per-before-other': {
    fr: [
      'Taille du groupe par séance : 12',
      "Arrive à l'heure : on commence à 18h.",
      "À l'heure du cours, c'est 12 élèves au maximum.",
      'Par séance, ce sont 3 exercices de respiration.',
      'Par semaine, c’est 3 séances au plus.',
    ],
    en: [
      'Group size per class: 12',
      'Per hour that is 2 breaks of 5 minutes.',
      'A session, it is 3 rounds of 10 reps.',
      'Per week that is 3, no more.',
      'Be on time: we start at 6 pm.',
    ],
    de: [
      'Gruppengrösse pro Lektion: 12',
      'Pro Stunde 2 Pausen.',
      'Pro Stunde sind das 2 Pausen à 5 Minuten.',
      'Pro Woche sind das 3, mehr nicht.',
      'Pro Lektion sind es 12 Teilnehmende.',
    ],
    it: [
      'Partecipanti per lezione: 12',
      "All'ora giusta, sono 12 persone.",
      'A lezione sono 3 esercizi di respirazione.',
      'A settimana sono 3, non di più.',
      'Arriva in orario alle 18.',
    ],
    gsw: [
      'Gruppegrössi pro Lektion: 12',
      'Pro Stund 2 Pause.',
      'Pro Stund sind das 2 Pause à 5 Minute.',
      'Pro Wuche sind das 3, meh nöd.',
      'Pro Lektion sind mir 12 Lüüt.',
    ],
  },
  // Offer words beside numbers that are no price: a compound adjective, an opening hour.
  'offer-word-other': {
    fr: ['Ta carte 10-séances est valable 12 mois.', 'Le pass 8-semaines commence lundi.'],
    en: ['Your 10-class pass is valid for 6 months.', 'The 8-week program starts Monday.'],
    de: ['Dein 10-Lektionen-Abo gilt 12 Monate.', 'Der Eintritt ins Studio ist ab 7 Uhr möglich.'],
    it: ["L'ingresso è dalle 7.", 'Il pass 10-lezioni vale 6 mesi.'],
    gsw: ['Dis 10-Lektione-Abo gilt 12 Monet.', 'De Iitritt isch ab 7i möglich.'],
  },
  'label-break-other': {
    fr: ['Durée :\n45 minutes', 'Salle :\n204', 'Horaire\n- 18h30', 'Places :\n\n12 personnes'],
    en: ['Duration:\n45 minutes', 'Room:\n204', 'Time\n- 6:30 pm', 'Spots:\n\n12 people'],
    de: ['Dauer:\n45 Minuten', 'Raum:\n204', 'Zeit\n- 18:30 Uhr', 'Plätze:\n\n12 Personen'],
    it: ['Durata:\n45 minuti', 'Sala:\n204', 'Orario\n- 18:30', 'Posti:\n\n12 persone'],
    gsw: ['Duur:\n45 Minute', 'Ruum:\n204', 'Ziit\n- 18:30', 'Plätz:\n\n12 Lüüt'],
  },
  'pay-idiom-other': {
    fr: [
      "C'est 3 séances tout rond.",
      'Sors 2 tapis de ta poche… de ton sac !',
      'Prévois 45 minutes dans ton agenda.',
      'Il a 12 ans tout rond.',
      'Combien de séances ? 10.',
      'Donne-moi 10 squats et 5 pompes.',
      'Dès 16 ans tu peux venir seul.',
    ],
    en: [
      'You would be out 3 days at most.',
      'Budget 45 minutes for the warm-up.',
      'Spend 10 minutes stretching.',
      'It runs 45 minutes.',
      'How much water? 2 liters a day.',
      'Give me 10 squats and 5 push-ups.',
      'At 16 you can join alone.',
    ],
    de: [
      'Du zahlst mit Karte oder bar.',
      'Plane 45 Minuten ein.',
      'Gib 3 Sätze aus dem Plan dazu.',
      'Du gibst 100 % in jeder Lektion.',
      'Wie viele Lektionen? 10.',
      'Gib mir 10 Kniebeugen und 5 Liegestütze.',
      'Mit 16 darfst du allein kommen.',
    ],
    it: [
      'Spendi 10 minuti per lo stretching.',
      'Paghi con carta o contanti.',
      'Ti costa 5 minuti di pazienza.',
      'Sono 3 esercizi tondi tondi.',
      'Quanto tempo? 45 minuti.',
      'Dammi 10 squat e 5 piegamenti.',
      'A 16 anni puoi venire da solo.',
    ],
    gsw: [
      'Du zahlsch mit Karte oder bar.',
      'Es chostet di 5 Minute Geduld.',
      'Plan 45 Minute ii.',
      'Du gisch 100 % i jedere Lektion.',
      'Wie lang? 45 Minute.',
      'Gisch mer 10 Kniebüüge und 5 Liegestütz.',
      'Mit 16 chasch elei cho.',
    ],
  },
};

export function harmlessClassCases(): HarmlessCase[] {
  return LANGS.flatMap((lang) =>
    Object.entries(BY_CLASS).flatMap(([name, byLang]) =>
      byLang[lang].map((text, i) => ({ id: `${name}/${lang}/${i}`, lang, text })),
    ),
  );
}

/** Labels that are no price, and what follows a price label when it is no amount. */
const OTHER_LABELS: Record<Lang, string[]> = {
  en: ['Duration', 'Room', 'Spots', 'Level'],
  fr: ['Durée', 'Salle', 'Places', 'Niveau'],
  de: ['Dauer', 'Raum', 'Plätze', 'Stufe'],
  it: ['Durata', 'Sala', 'Posti', 'Livello'],
  gsw: ['Duur', 'Ruum', 'Plätz', 'Stufe'],
};
const COUNT_NOUN: Record<Lang, string> = {
  en: 'breaks',
  fr: 'pauses',
  de: 'Pausen',
  it: 'pause',
  gsw: 'Pause',
};
const PRICE_LABEL: Record<Lang, string> = {
  en: 'Price',
  fr: 'Prix',
  de: 'Preis',
  it: 'Prezzo',
  gsw: 'Priis',
};

/** Each line-break carrier with a label that is no price (in turn), and a price label over a count. */
function labelBreakOthers(lang: Lang): HarmlessCase[] {
  return BREAKS.flatMap((br, bi) => [
    {
      id: `label-break-carrier/${lang}/${bi}`,
      lang,
      text: br(OTHER_LABELS[lang][bi % 4]!, String([3, 204, 12, 2][bi % 4])),
    },
    { id: `label-break-count/${lang}/${bi}`, lang, text: br(PRICE_LABEL[lang], `10 ${COUNT_NOUN[lang]}`) },
  ]);
}

/** Each per-unit opening (copulas in turn), then a count of things. */
function perBeforeOthers(lang: Lang): HarmlessCase[] {
  const { per, copula } = PER_BEFORE[lang];
  return per.map((p, pi) => {
    const c = copula[pi % copula.length]!;
    return {
      id: `per-before-count/${lang}/${pi}`,
      lang,
      text: `${p.charAt(0).toUpperCase()}${p.slice(1)} ${c.replace('{n}', `${2 + (pi % 3)} ${COUNT_NOUN[lang]}`)}.`,
    };
  });
}

export function harmlessGeneratedCases(): HarmlessCase[] {
  return LANGS.flatMap((lang) => [...labelBreakOthers(lang), ...perBeforeOthers(lang)]);
}
