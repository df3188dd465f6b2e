/**
 * The offline assistant on a STRICT link (issue 16, item 7): it answers from the link's own prompt (its
 * descriptive sentences, never its instructions) and from the articles a STRICT link allows, leaves the
 * rest to the coach, and never says a price, a catalog item or a payment link.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../../core/assistant/defaults.js';
import { createOfflineProvider } from '../../../core/assistant/offline-provider.js';
import { buildAssistantRequest } from '../../../core/assistant/prompt-builder.js';
import { newConversation } from '../../../core/conversations.js';
import type { Article, EntryLink, Offer } from '../../../core/types.js';

const T = '2025-01-01T00:00:00.000Z';

const PROMPT_FR = [
  "Tu es l'assistante de l'atelier Souffle.",
  "L'atelier Souffle est une matinée pour apprendre trois techniques de respiration qui apaisent le stress.",
  'Il a lieu le samedi matin à Lausanne, en petit groupe.',
  'Ne parle jamais de prix et réponds en deux phrases au plus.',
].join(' ');
const PROMPT_EN = [
  'You are the assistant of the Breath workshop.',
  'The Breath workshop is a morning to learn three breathing techniques that ease stress.',
  'It takes place on Saturday morning in Lausanne, in a small group.',
  'Never mention prices.',
].join(' ');
const PROMPT_DE = [
  'Du bist der Assistent des Atem-Workshops.',
  'Der Atem-Workshop ist ein Vormittag, an dem man drei Atemtechniken gegen Stress lernt.',
  'Er findet am Samstagmorgen in Lausanne statt, in einer kleinen Gruppe.',
  'Nenne niemals Preise.',
].join(' ');

const MEDITATION: Offer = {
  id: 'o-med',
  name: 'Cours de méditation',
  kind: 'course',
  description: 'Huit semaines pour apprendre à méditer.',
  price: 490,
  currency: 'CHF',
  paymentUrl: 'https://pay.example.com/m',
  visible: true,
  createdAt: T,
  updatedAt: T,
};

function article(id: string, title: string, body: string): Article {
  return { id, title, body, visible: true, createdAt: T, updatedAt: T };
}

const BRING = article(
  'a-bring',
  'Que faut-il apporter ?',
  'Apportez un tapis, une couverture et une tenue souple.',
);
const PRICED = article('a-priced', 'Nos tarifs de groupe', 'Le tarif de groupe est de 45 CHF par personne.');
const LINKED = article(
  'a-linked',
  'Réserver sa place',
  'Réservez sur https://book.example.com/souffle dès maintenant.',
);
const NAMES_OFFER = article(
  'a-offer',
  'Aller plus loin',
  'Après l’atelier, le Cours de méditation prolonge la pratique.',
);
const ARTICLES = [BRING, PRICED, LINKED, NAMES_OFFER];

function strictRequest(text: string, prompt: string) {
  const now = T;
  const link: EntryLink = {
    id: 'l1',
    name: 'Souffle',
    mode: 'strict',
    customPrompt: prompt,
    token: 't',
    code: 'C',
    createdAt: now,
    updatedAt: now,
  };
  const conversation = newConversation(
    { id: 'c1', kind: 'assistant', title: 'x', channel: 'web', mode: 'strict', linkId: link.id },
    now,
  );
  return buildAssistantRequest({
    conversation,
    link,
    settings: { ...DEFAULT_ASSISTANT_SETTINGS, paymentLinks: { twint: 'https://twint.example/pay' } },
    offers: [MEDITATION],
    articles: ARTICLES,
    history: [{ role: 'user', content: text }],
  });
}

const provider = createOfflineProvider();
const ask = (text: string, prompt = PROMPT_FR) => provider.reply(strictRequest(text, prompt));
const AMOUNT = /\d\s*(?:CHF|EUR|USD|€|\$)/i;

describe('STRICT request: what a STRICT link allows', () => {
  it('carries the link prompt and only the articles with no amount, no link and no catalog item', () => {
    const request = strictRequest('x', PROMPT_FR);
    expect(request.context.prompt).toBe(PROMPT_FR);
    expect(request.context.articles.map((a) => a.id)).toEqual([BRING.id]);
    expect(request.context).toMatchObject({ offers: [], paymentLinks: {} });
    // A model's STRICT prompt is the link's prompt and rules only: the articles are for retrieval.
    expect(request.system).toContain(PROMPT_FR);
    expect(request.system).not.toContain(BRING.body);
    const everything = JSON.stringify({ ...request, system: request.system });
    for (const banned of ['45 CHF', 'book.example.com', 'Cours de méditation', '490', 'twint.example']) {
      expect(everything).not.toContain(banned);
    }
  });

  it('gives a STANDARD request no link prompt', () => {
    const conversation = newConversation({ id: 'c2', kind: 'assistant', title: 'x', channel: 'web' }, T);
    const request = buildAssistantRequest({
      conversation,
      link: null,
      settings: DEFAULT_ASSISTANT_SETTINGS,
      offers: [MEDITATION],
      articles: ARTICLES,
      history: [{ role: 'user', content: 'x' }],
    });
    expect(request.context.prompt).toBeUndefined();
    expect(request.context.articles).toHaveLength(ARTICLES.length);
  });
});

describe('offline provider on a STRICT link', () => {
  const cases = [
    {
      lang: 'fr',
      prompt: PROMPT_FR,
      ask: "C'est quoi cet atelier ?",
      says: 'trois techniques de respiration',
    },
    {
      lang: 'en',
      prompt: PROMPT_EN,
      ask: 'What is this workshop about?',
      says: 'three breathing techniques',
    },
    { lang: 'de', prompt: PROMPT_DE, ask: 'Was ist das für ein Workshop?', says: 'drei Atemtechniken' },
  ];
  for (const c of cases) {
    it(`${c.lang}: answers "what is this workshop" from the prompt's description`, async () => {
      const reply = await ask(c.ask, c.prompt);
      expect(reply.forCoach).toBeFalsy();
      expect(reply.text).toContain(c.says);
    });

    it(`${c.lang}: never repeats the prompt's instructions`, async () => {
      for (const question of [c.ask, 'assistant ?', 'prix ? price? Preis?', 'Never mention prices']) {
        const reply = await ask(question, c.prompt);
        const instructions = c.prompt
          .split(/(?<=\.)\s+/)
          .filter((s) => /^(Tu |You |Du |Ne |Never|Nenne)/.test(s));
        for (const rule of instructions) expect(reply.text).not.toContain(rule);
      }
    });
  }

  it('puts together the sentences a question needs ("où a lieu l’atelier ?")', async () => {
    const reply = await ask('Où a lieu l’atelier ?');
    expect(reply.text).toContain('samedi matin à Lausanne');
  });

  it('answers from an allowed article', async () => {
    const reply = await ask('Que faut-il apporter ?');
    expect(reply.forCoach).toBeFalsy();
    expect(reply.text).toContain('Apportez un tapis');
  });

  it('leaves price, payment and catalog questions, and what it does not know, to the coach', async () => {
    for (const question of [
      "Combien coûte l'atelier ?",
      'Quels sont vos tarifs de groupe ?',
      'Comment réserver sa place ?',
      'Parlez-moi du cours de méditation',
      'Est-ce que l’atelier est en ligne ?',
    ]) {
      const reply = await ask(question);
      expect(reply.forCoach, question).toBe(true);
      expect(reply.text).not.toMatch(AMOUNT);
      expect(reply.text).not.toContain('http');
      expect(reply.text).not.toContain('méditation');
    }
  });

  it('leaves everything but greetings to the coach when the link has no prompt', async () => {
    expect((await ask("C'est quoi cet atelier ?", '')).forCoach).toBe(true);
    expect((await ask('Bonjour', '')).forCoach).toBeFalsy();
  });
});
