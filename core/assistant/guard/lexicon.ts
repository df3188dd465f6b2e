/**
 * The words the STRICT detectors know, in French, English, German, Italian and Swiss German, as regex
 * sources over folded text (lowercase, NFKC). One place, so a missing word is added once for all rules.
 */
import { PAY_IDIOM } from './pay-idioms.js';
import { PRICE_NOUN } from './price-nouns.js';
import { SLANG_AFTER } from './slang.js';

/** A letter or digit on neither side: word edges that also hold for accented letters. */
export const WB = String.raw`(?<![\p{L}\p{N}])`;
export const WE = String.raw`(?![\p{L}\p{N}])`;

/** Symbols, and the money emoji a chatty model puts where a currency goes ("💰 49"). */
export const CURRENCY_SYMBOL = String.raw`(?:us\$|ca\$|au\$|a\$|c\$|s\$|\$|€|£|¥|₣|₤|₹|₽|₺|₿|💰|💸|💵|💶|💷|💴|💲|🪙|🏷)`;
const CODES = 'chf|eur|usd|gbp|cad|aud|jpy|sek|nok|dkk|pln|czk|huf|btc';
/** Currency words that are unambiguous after or before an amount. */
const WORDS =
  'francs|franken|franke|frankä|fränkli|sfr|frs|stutz|euros?|euronen|dollars?|' +
  'livres sterling|pounds sterling|pfund|sterling|franchi(?: svizzeri)?|rappen|räppli|centimes|centesimi|cents?|cts|' +
  'öre|kronor|kroner|kronen|zł|zloty|yen|yuan|rupees?|roupies?|rubles?|roubles?|lira|lire|dinars?|dirhams?|pesos?|reais|real';
/** After an amount only: "49 fr.", "2 franc", "10 pounds" with a price word, money slang (slang.ts). */
const AFTER_ONLY = String.raw`fr\.?|franc|pounds?|${SLANG_AFTER}`;
export const CURRENCY_AFTER = `(?:${CURRENCY_SYMBOL}|${WB}(?:${CODES}|${WORDS}|${AFTER_ONLY})(?![\\p{L}\\p{N}]))`;
/** "Fr"/"Fr." before an amount, but not Friday ("Mo-Fr 9-18 Uhr", "Fr 12.6.") nor "Fr. Müller". */
export const CURRENCY_BEFORE = `(?:${CURRENCY_SYMBOL}|${WB}(?:${CODES}|${WORDS}|s?fr\\.?)(?![\\p{L}]))`;

/** Words that make the sentence about a price. */
export const PRICE_WORD =
  `${WB}(?:prix|tarifs?|tarifa?\\w*|co[uû]t\\w*|payer|payez|payes?|pay[ée]e?s?|paie\\w*|paiement\\w*|payable|montant|factur\\w*|frais|` +
  'prices?|priced|pricing|costs?|costing|fees?|paid|paying|pays?|amount|' +
  'preis\\w*|kostet|kosten|kostest|gebühr\\w*|gebuhr\\w*|bezahl\\w*|zahlen|zahlst|zahlt|zahle|zahlsch|zahlig|zahlung\\w*|betrag|beträgt|betragen|' +
  'prezz[oi]|costa|costo|costi|costano|coster[àa]\\w*|tariff[ae]|paga|pagare|paghi|pagato|pagamento|pagher\\w*|importo|quota|' +
  "ça (?:te |vous |nous )?fer(?:a|ait)|ça fait|ça revient à|das macht|macht (?:das|es)|that(?:'ll| will)? be|that makes|comes to|fanno|viene|" +
  'priis\\w*|choscht\\w*|chöscht\\w*|vers(?:er|ez|e)|vire[rz]?|virement|überweis\\w*|überwiis\\w*|transf[eé]r\\w*|send|envoie[rz]?|schick\\w*|bonifico|versamento|cotisations?|contributions?|contribut[oi]|beitr[aä]g\\w*|mitgliederbeitrag|biitrag\\w*|investissements?|investments?|investition|investiment[oi]|participation|partecipazione|unkostenbeitrag|' +
  `${PRICE_NOUN}|${PAY_IDIOM})(?![\\p{L}])`;

/** Before/after words: "statt 49 nur 39", "au lieu de 49, seulement 39", "was 49, now 39". */
export const BEFORE_WORD = `${WB}(?:statt|anstatt|anstelle von|au lieu de|instead of|invece di|anzich[ée]|was|vorher|fr[üu]ener|avant|prima|before|previously|früher|normally|normalement|normalerweise|normalmente|usually|d'habitude|habituellement|sonst|regular|regulär|regulärpreis|au lieu|statt)`;
export const AFTER_WORD = `${WB}(?:now|only|just|nur|nume|numme|jetzt|jetz|seulement|maintenant|désormais|solo|soltanto|ora|adesso|today|aujourd'hui|heute|hüt|oggi|this week|cette semaine|diese woche|questa settimana)`;

/** Per-unit forms: "29/séance", "29 per class", "29 la séance", "29 pro Lektion", "29 a lezione". */
export const PER_WORD = String.raw`(?:\/|(?:per|pro|par|pour|for|für|fürs|a|al|alla|allo|à|au|la|le|l'|the|each|ogni|am|im|i de|in der)\s(?:une?\s|one\s|a\s|eine?\s|e\s|una?\s|le\s|la\s|l'|the\s|den\s|die\s|das\s|de\s|il\s|lo\s|el\s|d\s|s\s)?)`;
export const UNIT_NOUN =
  `(?:mo|mth|yr|wk|j|d|sess|pop|nase|nasa|ora|mal|s[ée]ances?|cours|class(?:es)?|sessions?|lessons?|lektion(?:en)?|stunden?|std|hours?|hrs?|h|heures?|mois|months?|monats?|monet|mese|mesi|` +
  'semaines?|weeks?|wochen?|wuche|settimana|lezion[ei]|stund|kurs(?:e|es)?|personnes?|persons?|pers|persona|person|jours?|days?|tage?s?|giorno|years?|ans?|' +
  'ann[ée]es?|jahre?s?|anno|johr|abo|abonnement|entr[ée]es?|eintritt|ingresso|tickets?|pack|paket|pacchetto|mitglied|members?|units?|st[üu]ck|' +
  'pi[èe]ces?|pezzo|einheit(?:en)?|testa|kopf|chopf|head|t[êe]te|sedut[ae]|trainings?|trainig|termin|rdv|rendez-vous|nuit|night|nacht|notte|personne|kind|enfant|child|bambino)';
/** Short frequencies: "3 per week" is a count, not a price. */
export const FREQUENCY_UNIT = '(?:jours?|days?|tage?s?|giorno|semaines?|weeks?|wochen?|wuche|settimana)';

/** Words an amount may be followed by in a price sentence ("29 la séance", "149 and off we go"). */
export const CONNECTOR =
  "(?:la|le|les|l'|the|a|an|per|pro|par|pour|for|für|fürs|each|sur|on|auf|in|vor|bar|cash|direkt|direct|directement|contanti|contant|subito|" +
  "heute|today|aujourd'hui|oggi|hüt|aufs|into|sul|selon|suivant|depending|according|je|nach|secondo|" +
  'hors|excl|exkl|zzgl|mwst|tva|vat|iva|tax|taxes|environ|about|approx|circa|ungefähr|ca|öppe|sulla|nel|diräkt|bim|uf|dert|hier|ici|qui|here|there|là|please|bitte|merci|danke|grazie|svp|stp|thanks|via|per|with|avec|mit|con|by|en|' +
  'chacun|jeweils|al|alla|à|au|aux|ttc|ht|net|netto|brutto|inkl|incl|' +
  'tout|all|alles|tutto|only|nur|seulement|solo|now|jetzt|maintenant|ora|cette|this|diese|dieses|questa|et|and|und|e|ou|or|oder|o|to|bis|' +
  'da|a|ab|dès|from|von|vo|instead|au|statt|invece|c|es|isch|is|ist|est|è|sind|sont|are|sono|cash|comptant|bar|net|chacune|jede|jedes|ciascuno|' +
  'par personne|the lot|en tout|in total|insgesamt|in tutto|alles in allem|au total|total|tout compris|all inclusive|inklusive|compris|inbegriffe|' +
  'compreso|included|inclus|inbegriffen|seulement|pile|flat|exactement|exactly|genau|esatti|plus|mehr|more|più|de plus|extra|supplémentaires?|zusätzlich|' +
  'in più|a testa|pro kopf|chacun|each|apiece|cad[au]no|ciascuno|jeder|' +
  // Particles and idioms of paying that follow the amount (pay-idioms.ts): "gibst 45 aus", "45 de ta poche".
  'you|tu|du|vous|ihr|we|wir|noi|voi|hai|hesch|hast|kriegst|bekommst|bechunsch|as|avez|get|gets|' +
  'aus|us|hin|zu buche|zu haben|z ha|tondi|tout rond|de (?:ta|votre|ta propre) poche|di tasca|at|once|una volta|une fois|einmal|eimal)';

/** Words before a number that make it a label, not an amount ("salle 204", "version 2.3", "n° 12"). */
export const LABEL_BEFORE =
  // Not after a hyphen: "drop-in: 25" is a price, not a label "in".
  `${WB}(?<!-)(?:salle|room|raum|ruum|saal|aula|sala|studio|stanza|zimmer|chambre|version|v|ios|android|windows|macos|app|étage|stock|floor|piano|` +
  'page|seite|pagina|chapitre|kapitel|chapter|capitolo|section|abschnitt|sezione|paragraphe|paragraph|absatz|step|étape|schritt|passo|série|series|serie|satz|sätz|round|runde|rundi|giro|set|' +
  String.raw`n°|no\.|nr\.?|nummer|numéro|number|numero|nummere|gruppe|group|groupe|gruppo|jahrgang|depuis|seit|since|sit|dal|nel|anno|année|jahr|` +
  'im jahr|en|in|bus|tram|ligne|linie|line|linea|gleis|quai|platform|binario|exercice|exercise|übung|üebig|esercizio|level|niveau|livello|stufe|' +
  String.raw`semaine|week|woche|settimana|(?<!price )tag|day|jour|giorno|score|note|grade|taille|size|grösse|größe|taglia|max|maximum|min|minimum)\s?[:#]?\s?$`;

/** Offer words: a bare number in a sentence about an offer is its price ("A private class is 90"). */
export const PRODUCT_WORD =
  `${WB}(?:forfaits?|packs?|packages?|pakete?s?|pacchett[oi]|abos?|abonnements?|abbonament[oi]|memberships?|mitgliedschaft|` +
  'tickets?|billets?|entr[ée]es?|eintritts?|ingress[oi]|workshops?|ateliers?|retreats?|classes?|courses?|cours|kurs(?:e|es)?|kürs|lezion[ei]|lektione?n?|' +
  's[ée]ances?|sessions?|lessons?|priv[ée]e?s?|privat\\w*|privat[ae]|trial|essai|probe\\w*|prova|offers?|offres?|angebot\\w*|offert[ae]|aagebot|' +
  'pass(?:es)?|carnets?|tesser[ae]|\\p{L}+(?:karte|abo|lektion|ticket|paket|eintritt)|cartes?|cards?|karten?|coachings?|programmes?|programs?|tiers?|plans?|programm\\w*|formules?|vouchers?|gutschein\\w*|buon[oi]|insgesamt|en tout|in total)(?![\\p{L}])';
/** A word of this list right before a number makes it its label ("Lektion 5", "Class 3"), never with a colon. */
export const PRODUCT_LABEL = String.raw`${WB}(?:s[ée]ance|lektion|lesson|session|class|course|cours|kurs|lezione|module|modul|episode|épisode|woche|week|semaine|settimana|wuche|teil|part|partie|parte|level|niveau|stufe|livello)\s$`;
/** A day of the month: "June 12", "le 12", "am 12.", "il 12", "on the 12". */
export const DAY_BEFORE = String.raw`${WB}(?:jan\w*|f[eé]v\w*|feb\w*|m[aä]r\w*|avr\w*|apr\w*|mai|may|jui?n\w*|juil\w*|jul\w*|ao[uû]t|aug\w*|sep\w*|o[ck]t\w*|nov\w*|d[eé][cz]\w*|genn\w*|giu\w*|lug\w*|ago\w*|sett\w*|dic\w*|le|am|on the|on|il|dal|al|vom|bis zum|jusqu'au|au|du|ab dem|dès le|ab|bis)\s$`;
