/**
 * Payment handles, bank accounts and phone numbers in folded text. A handle is what follows a payment
 * provider's name in the same sentence (@name, $cashtag, a phone number, an e-mail); a bank account is an
 * IBAN by its shape, or a long number after a bank word (IBAN, Konto, account number, conto, RIB...).
 * Phone numbers elsewhere are harmless: they are returned so the amount rules leave them alone.
 */
import type { Finding, Protected } from './finding.js';
import { PROVIDER_WORD } from './hosts.js';
import { WB, WE } from './lexicon.js';

const HANDLE = String.raw`(?:@[\p{L}\p{N}._-]{2,}|\$[\p{L}][\p{L}\p{N}_-]+|\+?\d[\d .()\/-]{5,}\d|[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}.-]{1,253}\.[\p{L}]{2,})`;
const PROVIDER_HANDLE = new RegExp(`${WB}(?:${PROVIDER_WORD})${WE}[^\\n.!?]{0,40}?${HANDLE}`, 'gu');
const PAY_VERB = String.raw`(?:pay|payer|payez|paie|envoie|envoyez|send|zahl\w*|überweis\w*|bezahl\w*|pagare|paga|manda|schick\w*|virement|verse[zr]?)`;
const VERB_HANDLE = new RegExp(
  `${WB}${PAY_VERB}${WE}[^\\n.!?]{0,40}?(?:@[\\p{L}\\p{N}._-]{2,}|\\$[\\p{L}][\\p{L}\\p{N}_-]+)`,
  'gu',
);
const IBAN = /(?<![\p{L}\p{N}])[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?(?![\p{L}\p{N}])/gu;
const BANK_WORD = String.raw`(?:iban|bic|swift|rib|konto\w*|bankverbindung|postkonto|pc-konto|ccp|compte(?: bancaire| postal| courant)?|num[ée]ro de compte|account(?: number| no\.?)?|acct|sort code|routing(?: number)?|aba|bsb|conto(?: corrente)?|bankkonto|blz|clearing\w*|bank details|coordonn[ée]es bancaires|bankdaten|dati bancari|c\/c)`;
const ACCOUNT = String.raw`(?:\d[\d -]{4,}\d|\d{1,3}-\d{3,9}-\d)`;
const BIC_RE =
  /(?<![\p{L}\p{N}])(?:bic|swift)(?:[ :/-]|code)*[a-z]{6}[a-z0-9]{2}(?:[a-z0-9]{3})?(?![\p{L}\p{N}])/gu;
const BANK_RE = new RegExp(`${WB}${BANK_WORD}${WE}[^\\n.!?]{0,40}?${ACCOUNT}(?![\\p{L}\\p{N}])`, 'gu');
const PHONE =
  /(?<![\p{L}\p{N}+])(?:\+\d{1,3} ?(?:\(0\) ?)?)?\(?\d{2,4}\)?(?:[ .-]\d{2,4}){2,4}(?![\p{L}\p{N}])/gu;

const MAY_PROVIDER = new RegExp(PROVIDER_WORD);
const digitCount = (s: string) => s.replace(/\D/g, '').length;

export function findAccounts(text: string): Finding[] {
  const out: Finding[] = [];
  const add = (m: RegExpMatchArray, kind: Finding['kind']) =>
    out.push({ start: m.index!, end: m.index! + m[0].length, kind });
  // Cheap tests first: most answers name no provider, hold no handle and no long number.
  if (MAY_PROVIDER.test(text)) for (const m of text.matchAll(PROVIDER_HANDLE)) add(m, 'payment_handle');
  if (/[@$]/.test(text)) for (const m of text.matchAll(VERB_HANDLE)) add(m, 'payment_handle');
  if (/\d[\d -]{4,}\d/.test(text)) {
    for (const m of text.matchAll(IBAN)) if (digitCount(m[0]) >= 8) add(m, 'bank_account');
    for (const m of text.matchAll(BANK_RE)) if (digitCount(m[0]) >= 6) add(m, 'bank_account');
  }
  if (/bic|swift/.test(text)) for (const m of text.matchAll(BIC_RE)) add(m, 'bank_account');
  return out;
}

/** Phone numbers (at least nine digits in groups): not amounts. */
export function phoneSpans(text: string): Protected {
  const out: Protected = [];
  for (const m of text.matchAll(PHONE)) if (digitCount(m[0]) >= 9) out.push([m.index, m.index + m[0].length]);
  return out;
}
