/**
 * The one short phrase that stands in for a removed sentence (or table cell), in the conversation's
 * language, and a light guess of that language from the answer itself. The phrases carry no number and
 * no link, so guarding a guarded answer changes nothing.
 */
export type GuardLanguage = 'fr' | 'en' | 'de' | 'it' | 'gsw';

export const PHRASES: Record<GuardLanguage, { sentence: string; link: string; cell: string }> = {
  fr: {
    sentence: 'Pour le prix et le paiement, le coach vous répondra directement.',
    link: 'Le coach vous transmettra le lien directement.',
    cell: 'sur demande',
  },
  en: {
    sentence: 'The coach will give you the price and payment details directly.',
    link: 'The coach will send you the link directly.',
    cell: 'on request',
  },
  de: {
    sentence: 'Preis und Zahlung bespricht der Coach direkt mit Ihnen.',
    link: 'Den Link schickt Ihnen der Coach direkt.',
    cell: 'auf Anfrage',
  },
  it: {
    sentence: 'Per il prezzo e il pagamento le risponderà direttamente il coach.',
    link: 'Il link glielo manderà direttamente il coach.',
    cell: 'su richiesta',
  },
  gsw: {
    sentence: 'De Priis und d Zahlig bespricht de Coach direkt mit Ihne.',
    link: 'De Link schickt Ihne de Coach direkt.',
    cell: 'uf Aafrag',
  },
};

const words = (list: string) => new Set(list.trim().split(/\s+/));
const MARKERS: Record<GuardLanguage, Set<string>> = {
  fr: words(`le la les est et vous pour un une des du avec c'est ça séance séances cours merci bonjour oui je tu de au sur
    montant comptez avant maintenant prix coûte coûtera tarif francs euros balles seulement entre selon lien payer ici
    voici tout pas plus ou mois semaine semaines lundi cette fait réserver bientôt là essai abonnement offre
    cotisation droit d'entrée frais d'inscription redevance participation acompte caution mensualité supplément devis
    écolage adhésion côté annuel annuelle l'heure poche ta rond tu sors débourser lâches prévois budget revient thunes
    boules sous ronds point avec inscrit final laisse toi par on`),
  en: words(`the is and you for with it's your class session thanks hello yes are to of at on this here amount due costs
    price prices between depending plan expect was now only instead just dollars bucks per month week link pay book
    see soon everything there trial full pack comes all included sure that will cost our fee no commitment offer pass
    rate drop-in hourly charge tariff dues subscription tuition admission fare deposit membership surcharge tag
    rent quote term out set back budget shell fork spend once pony up desk you'd it'll you're quid grand smackers done end
    that's hour looking ask runs give or take`),
  de: words(`der die das ist und sie für mit ein eine ich du dich wir nicht auch hier zum zur bei kostet stunde klar pro
    betrag zwischen je nach paket ohne preis beträgt sind kosten monat franken euro statt nur vorher jetzt rechne mit
    kannst buchen link bezahlen bis bald alles findest probestunde ganze macht inklusive angebot monatsabo wochen
    beitrag mitgliedsbeitrag tarif abo abonnement gebühr kursgeld eintritt anzahlung kaution monatsrate honorar
    aufpreis zuschlag startgeld schulgeld liegt im einfach ganz zahlst blätterst hin schlägt zu buche gibst aus berappst
    plane deinem ein legst auf den tisch eigener tasche es am ende dabei bist fertig kröten mäuse einheit`),
  it: words(`il lo gli è e per con un una della del sono ti qui lezione grazie ciao sì costa alle dal nel importo tra
    secondo pacchetto conta prezzo va da invece di solo prima ora euro franchi mese tariffa senza impegno costerà puoi
    prenotare link pagare presto trovi tutto prova completo viene compreso certo offerta abbonamento mensile settimane
    quota retta canone iscrizione contributo caparra acconto rata supplemento onorario biglietto ingresso tassa
    siamo semplice paghi spendi tiri fuori basta sborsi volta tondi te la cavi tasca tua alla fine sei dentro sacchi euri
    all'ora chiediamo fa seduta`),
  gsw: words(`isch het gits mir chasch bim öppe nöd nid ihne lektion gsehsch zahlsch bruchsch chunnt mached fanged gaht
    wuche johr mini dim ohni zwüsche choschtet choschte priis stutz franke fränkli rächne nume früener zahle probelektion
    inbegriffe monet aagebot monetsabo alles da fürs sind s gahts
    biitrag mitgliederbiitrag gebüür kursgäld iitritt aazahlig monetsrate zueschlag schuelgäld depot chostet koschtet
    chöschtet di blächsch gisch us uf eigete täsche stund mal bisch bi debii schtutz stei chlötz`),
};

/** The language with most marker words; Swiss German wins ties with German (its markers are rarer). */
export function guessLanguage(folded: string): GuardLanguage {
  const score: Record<GuardLanguage, number> = { en: 0, fr: 0, de: 0, it: 0, gsw: 0 };
  const langs = Object.keys(score) as GuardLanguage[];
  // The opening of the answer says enough; the whole of a long one costs more than it tells.
  for (const m of folded.slice(0, 400).matchAll(WORD)) {
    for (const lang of langs) if (MARKERS[lang].has(m[0])) score[lang] += lang === 'gsw' ? 1.5 : 1;
  }
  let best: GuardLanguage = 'en';
  for (const lang of langs) if (score[lang] > score[best]) best = lang;
  return best;
}

const WORD = /[\p{L}]+(?:'[\p{L}]+)?/gu;
