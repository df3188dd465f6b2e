/**
 * What the offline assistant may quote of a STRICT link's own prompt. A coach writes that prompt for a
 * model: instructions ("Tu es l'assistante de…", "Never mention prices") mixed with what the link is
 * about ("L'atelier Souffle est une matinée pour…"). Only the describing sentences are ever quoted, and
 * only those that cover a question: more than half of its topic words, from at most two sentences.
 */
import { tokensOf, words } from '../text.js';

function set(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

/** Words that address the assistant: a sentence holding one is an instruction, not a description. */
const ADDRESSED = set(`tu te toi ton ta tes you your yours yourself du dich dir dein deine deinen deinem
  deiner`);
/** Words about the assistant's role or its rules. */
const ROLE = set(`assistant assistante assistants assistent assistentin bot chatbot ia prompt
  instruction instructions consigne consignes regle regles rule rules anweisung anweisungen regel regeln`);
/** Imperatives and rule words that open an instruction (folded). */
const COMMAND = set(`never always only do dont don answer reply respond be keep stay avoid ignore refuse use
  say tell mention speak talk give write ne n jamais toujours uniquement seulement reponds repondez sois
  soyez reste restez evite evitez ignore refuse utilise utilisez dis dites parle parlez donne donnez
  mentionne mentionnez ecris ecrivez antworte antworten sei seien nenne nennen sprich sag sage vermeide
  ignoriere verwende erwahne niemals immer nur bleib bleibe gib schreibe`);

/** At most this many sentences in one answer. */
const MAX_SENTENCES = 2;
/** Shorter tokens only match exactly (as in retrieval). */
const MIN_PREFIX = 4;
const CACHE_LIMIT = 64;

interface Sentence {
  text: string;
  tokens: ReadonlySet<string>;
}

function isInstruction(sentence: string): boolean {
  const w = words(sentence);
  if (w.length === 0) return true;
  if (COMMAND.has(w[0] as string)) return true;
  return w.some((x) => ADDRESSED.has(x) || ROLE.has(x));
}

const described = new Map<string, Sentence[]>();

/** The prompt's describing sentences with their topic tokens, computed once per prompt text. */
function describingSentences(prompt: string): Sentence[] {
  let sentences = described.get(prompt);
  if (sentences) return sentences;
  sentences = prompt
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !isInstruction(s))
    .map((text) => ({ text, tokens: new Set(tokensOf(words(text))) }));
  if (described.size >= CACHE_LIMIT) described.clear();
  described.set(prompt, sentences);
  return sentences;
}

/** A query token hits a sentence exactly, or as a prefix either way (German compounds, plurals). */
function hits(q: string, tokens: ReadonlySet<string>): boolean {
  if (tokens.has(q)) return true;
  for (const t of tokens) {
    if (q.length >= MIN_PREFIX && t.startsWith(q)) return true;
    if (t.length >= MIN_PREFIX && q.startsWith(t)) return true;
  }
  return false;
}

/**
 * The describing sentences of `prompt` that answer `question`, in the prompt's order; null when
 * they cover half of its topic words or fewer (the coach answers then).
 */
export function promptPassages(question: string, prompt: string): string[] | null {
  const query = [...new Set(tokensOf(words(question)))];
  if (query.length === 0 || !prompt.trim()) return null;
  const scored = describingSentences(prompt)
    .map((sentence, index) => ({
      index,
      text: sentence.text,
      found: query.filter((q) => hits(q, sentence.tokens)),
    }))
    .filter((s) => s.found.length > 0)
    .sort((a, b) => b.found.length - a.found.length || a.index - b.index);
  const covered = new Set<string>();
  const chosen: typeof scored = [];
  for (const s of scored) {
    if (chosen.length === MAX_SENTENCES) break;
    if (s.found.every((q) => covered.has(q))) continue;
    for (const q of s.found) covered.add(q);
    chosen.push(s);
  }
  if (covered.size * 2 <= query.length) return null;
  return chosen.sort((a, b) => a.index - b.index).map((s) => s.text);
}
