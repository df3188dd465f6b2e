/**
 * Detects a customer asking for a person (FR/EN/DE) instead of the assistant. Works on folded words
 * (accents, case and punctuation gone), so "Parler a quelqu un!!" and "parler à quelqu'un" are alike.
 *
 * A message asks for a person when one of three rules holds:
 * 1. Alone: once politeness, greetings, articles and "real" adjectives are dropped, only person
 *    words remain ("humain", "le coach svp", "echte Person", "live agent").
 * 2. Talk: a communication verb ("parler", "talk", "sprechen", "contacter"...) is followed within
 *    five words by a person word, with no "about"-like word in between ("parler au coach", "talk
 *    to a human"). German also puts the verb after: "mit einem Menschen sprechen" (two words back).
 * 3. Want: a wish verb ("veux", "need", "brauche"...) is followed within four words by an article,
 *    optional "real" adjectives and a person word that ends the phrase ("je veux un humain", "I need
 *    a real person please"). "the coach" needs a definite article ("I want a coach" is a sales
 *    question), and talk of becoming or training one never counts ("je veux devenir conseiller").
 * Mentions without such a verb ("what does the coach offer?", "c'est humain de douter") are not
 * requests; words that only contain a person word ("coaching", "Menschenkenntnis") never match.
 */
import { isStopword, words } from '../text.js';

function set(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

/** Who the customer may ask for. "quelquun" is "quelqu'un" after joining (see normalize). */
const PERSON = set(`humain humaine humains human humans mensch menschen coach coachs coaches coachin
  personne personnes person persons people someone somebody anyone anybody quelquun jemand jemanden
  jemandem agent agents operator operateur operatrice conseiller conseillere berater beraterin
  mitarbeiter mitarbeiterin representative`);

/** Pronoun-like person words: fine after a talk verb, too vague after a wish verb. */
const PRONOUNS = set('someone somebody anyone anybody quelquun jemand jemanden jemandem');
/** Words that need a "real" adjective after a wish verb ("I need a person to..." is no request). */
const NEEDS_REAL = set('personne personnes person persons people');
const COACHES = set('coach coachs coaches coachin');

const TALK = set(`parler discuter echanger contacter joindre appeler rappeler passez passe transferer
  transferez transmettre transmettez relation talk speak chat contact reach connect transfer sprechen
  reden kontakt kontaktieren erreichen verbinden anrufen weiterleiten`);
/** German verbs may close the clause: "den Coach sprechen". */
const TALK_AFTER = set('sprechen reden kontaktieren erreichen anrufen');
/** Between a talk verb and the person, these turn a request into a topic ("talk about the coach"). */
const ABOUT = set('about regarding du sur propos concernant uber woruber von');

const WISH = set(`veux voudrais voudrait souhaite souhaiterais aimerais besoin demande exige want wanna
  need needs prefer will mochte mochten brauche brauchen hatte wunsche verlange`);
/** In the message, these make a wish about a job or a course, not about a person. */
const NOT_A_WISH = set(`devenir deviens become becoming werden werde formation training ausbildung
  certification zertifizierung design`);

const ARTICLES = set('un une le la l les a an the some ein eine einen einem einer den dem der die d');
const DEFINITE = set('le la l the den dem der die mon ma my your votre ton ihren deinen');
const REAL = set('vrai vraie vrais vraies real actual live etre echte echten echter echtes richtigen');

/** Dropped before rule 1 (beside articles and REAL). */
const POLITE = set(`svp stp sil s il vous te plait please pls plz bitte merci thanks thank danke oui yes ja
  ok okay hi hello hey bonjour salut hallo mit with avec au aux des just only nur juste now maintenant
  jetzt sofort`);
/** A person word after a wish verb may only be followed by these (or stopwords): "a human now". */
const AFTER_WISH = set('now maintenant jetzt sofort asap immediately instead plutot stattdessen svp stp pls');

/** Folded words with "quelqu'un" and its short forms joined into one word. */
function normalize(text: string): string[] {
  const folded = words(text);
  const out: string[] = [];
  for (let i = 0; i < folded.length; i++) {
    const w = folded[i]!;
    if (w === 'quelqu' && folded[i + 1] === 'un') {
      out.push('quelquun');
      i++;
    } else out.push(w === 'qqn' || w === 'quelqun' ? 'quelquun' : w);
  }
  return out;
}

function onlyPersons(w: readonly string[]): boolean {
  const rest = w.filter((x) => !POLITE.has(x) && !ARTICLES.has(x) && !REAL.has(x));
  return rest.length > 0 && rest.every((x) => PERSON.has(x));
}

function noneBetween(w: readonly string[], from: number, to: number, stop: ReadonlySet<string>): boolean {
  for (let k = from + 1; k < to; k++) if (stop.has(w[k]!)) return false;
  return true;
}

function talksToPerson(w: readonly string[]): boolean {
  for (let i = 0; i < w.length; i++) {
    if (!TALK.has(w[i]!)) continue;
    for (let j = i + 1; j <= i + 5 && j < w.length; j++) {
      if (PERSON.has(w[j]!) && noneBetween(w, i, j, ABOUT)) return true;
    }
    if (!TALK_AFTER.has(w[i]!)) continue;
    for (let j = Math.max(0, i - 2); j < i; j++) {
      if (PERSON.has(w[j]!) && noneBetween(w, j, i, ABOUT)) return true;
    }
  }
  return false;
}

/** A person word at j that a wish verb may ask for: article (+ REAL words) before, nothing topical after. */
function wishedPerson(w: readonly string[], j: number): boolean {
  const target = w[j]!;
  if (!PERSON.has(target) || PRONOUNS.has(target)) return false;
  let k = j - 1;
  while (k >= 0 && REAL.has(w[k]!)) k--;
  const article = w[k];
  if (article === undefined) return false;
  if (COACHES.has(target) ? !DEFINITE.has(article) : !ARTICLES.has(article)) return false;
  if (NEEDS_REAL.has(target) && k === j - 1) return false;
  const next = w[j + 1];
  return next === undefined || isStopword(next) || AFTER_WISH.has(next);
}

function wishesPerson(w: readonly string[]): boolean {
  if (w.some((x) => NOT_A_WISH.has(x))) return false;
  for (let i = 0; i < w.length; i++) {
    const isWish = WISH.has(w[i]!) || (w[i] === 'like' && (w[i - 1] === 'would' || w[i - 1] === 'd'));
    if (!isWish) continue;
    for (let j = i + 1; j <= i + 4 && j < w.length; j++) if (wishedPerson(w, j)) return true;
  }
  return false;
}

/** true when the customer asks to talk to a person (the coach, a human) rather than the assistant. */
export function asksForHuman(text: string): boolean {
  const w = normalize(text);
  if (w.length === 0) return false;
  return onlyPersons(w) || talksToPerson(w) || wishesPerson(w);
}
