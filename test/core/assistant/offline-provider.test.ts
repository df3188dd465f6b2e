import { describe, expect, it, vi } from 'vitest';
import type { AssistantContext, AssistantRequest, ChatTurn } from '../../../core/assistant/provider.js';
import { createOfflineProvider, isGreeting } from '../../../core/assistant/offline-provider.js';
import { AssistantProviderError } from '../../../core/errors.js';
import type { Article, LinkMode, Offer } from '../../../core/types.js';

const T = '2025-01-01T00:00:00.000Z';

function offer(id: string, fields: Partial<Offer>): Offer {
  return {
    id,
    name: id,
    kind: 'course',
    description: '',
    price: 0,
    currency: 'CHF',
    paymentUrl: null,
    visible: true,
    createdAt: T,
    updatedAt: T,
    ...fields,
  };
}

const MEDITATION = offer('o-med', {
  name: 'Cours de méditation',
  description: 'Huit séances guidées pour apprendre à méditer au quotidien. Petits groupes, le mardi soir.',
  price: 490,
  currency: 'CHF',
  paymentUrl: 'https://pay.example.com/meditation',
});
const YOGA = offer('o-yoga', {
  name: 'Yoga Flow',
  description: 'Un abonnement de dix séances de yoga dynamique.',
  price: 49.9,
  currency: 'EUR',
});
const COACHING = offer('o-coach', {
  name: 'Coaching individuel',
  kind: 'service',
  description: 'Une heure en tête à tête pour faire le point sur vos objectifs.',
  price: 120,
  currency: 'chf',
});
const BREATHING: Article = {
  id: 'a-breath',
  title: 'Respirer pour se détendre',
  body: `${'La respiration lente calme le système nerveux. '.repeat(6)}Inspirez par le nez pendant quatre secondes, puis expirez lentement par la bouche pendant six secondes. Répétez dix fois.`,
  visible: true,
  createdAt: T,
  updatedAt: T,
};

function context(overrides: Partial<AssistantContext> = {}): AssistantContext {
  return {
    offers: [MEDITATION, YOGA, COACHING],
    articles: [BREATHING],
    paymentLinks: { stripe: 'https://stripe.example.com/kora', paypal: 'https://paypal.example.com/kora' },
    offTopicReply: 'Je ne peux répondre qu’aux questions sur nos offres.',
    ...overrides,
  };
}

const EMPTY_CONTEXT: AssistantContext = { offers: [], articles: [], paymentLinks: {}, offTopicReply: '' };

function request(text: string, mode: LinkMode = 'standard', ctx = context(), history: ChatTurn[] = []) {
  const req: AssistantRequest = {
    conversationId: 'c1',
    mode,
    system: 'system prompt',
    messages: [...history, { role: 'user', content: text }],
    context: mode === 'strict' ? EMPTY_CONTEXT : ctx,
  };
  return req;
}

const provider = createOfflineProvider();
const ask = (text: string, mode: LinkMode = 'standard', ctx = context()) =>
  provider.reply(request(text, mode, ctx));

/** An amount followed by a currency, the thing STRICT must never say. */
const AMOUNT = /\d\s*(?:CHF|EUR|USD|GBP|€|\$|£)/i;

describe('offline provider: matching', () => {
  it('is named offline and reports no usage', async () => {
    expect(provider.name).toBe('offline');
    expect((await ask('méditation')).usage).toBeUndefined();
  });

  it('finds an offer whatever the accents and case', async () => {
    for (const text of ['MEDITATION', 'méditation', 'Parlez-moi de la Méditation']) {
      const reply = await ask(text);
      expect(reply.forCoach).toBeFalsy();
      expect(reply.text).toContain('Cours de méditation');
    }
  });

  it('matches on a prefix of four letters or more', async () => {
    expect((await ask('medit ?')).text).toContain('Cours de méditation');
  });

  it('quotes the name, first sentence, price and payment URL in STANDARD', async () => {
    const reply = await ask('Combien coûte le cours de méditation ?');
    expect(reply.forCoach).toBeFalsy();
    expect(reply.text).toBe(
      [
        'Cours de méditation — Huit séances guidées pour apprendre à méditer au quotidien.',
        'Prix : 490 CHF',
        'Pour réserver : https://pay.example.com/meditation',
      ].join('\n'),
    );
  });

  it('formats decimals and falls back to the first configured payment link', async () => {
    const reply = await ask('yoga');
    expect(reply.text).toContain('Prix : 49.90 EUR');
    expect(reply.text).toContain('https://stripe.example.com/kora');
    const twint = await ask(
      'yoga',
      'standard',
      context({ paymentLinks: { other: 'https://o.example', twint: 'https://twint.example' } }),
    );
    expect(twint.text).toContain('https://twint.example');
  });

  it('omits the link when none is configured and upper-cases the currency', async () => {
    const reply = await ask('coaching individuel', 'standard', context({ paymentLinks: {} }));
    expect(reply.text).toContain('120 CHF');
    expect(reply.text).not.toContain('http');
  });

  it('lists up to five offers with prices for a general price question', async () => {
    const many = [
      MEDITATION,
      YOGA,
      COACHING,
      ...[1, 2, 3].map((n) => offer(`o${n}`, { name: `Atelier ${n}`, price: n * 10 })),
    ];
    const reply = await ask('Quels sont vos tarifs ?', 'standard', context({ offers: many }));
    expect(reply.forCoach).toBeFalsy();
    expect(reply.text).toContain('Cours de méditation : 490 CHF');
    expect(reply.text).toContain('Yoga Flow : 49.90 EUR');
    expect(reply.text).toContain('Atelier 2 : 20 CHF');
    expect(reply.text).not.toContain('Atelier 3');
  });

  it('lists the tied offers when a question matches several equally', async () => {
    const a = offer('o-a', { name: 'Atelier poterie', price: 80 });
    const b = offer('o-b', { name: 'Atelier peinture', price: 0 });
    const reply = await ask('Combien coûtent les ateliers ?', 'standard', context({ offers: [a, b, YOGA] }));
    expect(reply.text).toContain('Atelier poterie : 80 CHF');
    expect(reply.text).toContain('Atelier peinture : gratuit');
    expect(reply.text).not.toContain('Yoga');
  });

  it('answers from an article, trimmed at a sentence boundary', async () => {
    const reply = await ask('Comment mieux respirer ?');
    expect(reply.forCoach).toBeFalsy();
    expect(reply.text.startsWith('Respirer pour se détendre\n\nLa respiration lente')).toBe(true);
    const body = reply.text.split('\n\n')[1] ?? '';
    expect(body.length).toBeLessThanOrEqual(401);
    expect(body.endsWith('.')).toBe(true);
    expect(body.length).toBeLessThan(BREATHING.body.length);
  });

  it('answers the last user turn, not an earlier one', async () => {
    const history: ChatTurn[] = [
      { role: 'user', content: 'yoga' },
      { role: 'assistant', content: 'Yoga Flow — ...' },
    ];
    const reply = await provider.reply(request('méditation', 'standard', context(), history));
    expect(reply.text).toContain('Cours de méditation');
    expect(reply.text).not.toContain('Yoga');
  });
});

describe('offline provider: languages', () => {
  it('answers an English question in English', async () => {
    const reply = await ask('How much does the meditation course cost?');
    expect(reply.text).toContain('Price: 490 CHF');
    expect(reply.text).toContain('To book: https://pay.example.com/meditation');
  });

  it('answers a German question in German, compounds included', async () => {
    const reply = await ask('Wie viel kostet der Meditationskurs?');
    expect(reply.text).toContain('Cours de méditation');
    expect(reply.text).toContain('Preis: 490 CHF');
    expect(reply.text).toContain('Zur Buchung: https://pay.example.com/meditation');
  });

  it('leaves an unmatched question to the coach in the customer language', async () => {
    const en = await ask('Can you repair my bicycle?');
    expect(en).toEqual({
      text: expect.stringContaining('passing your question on to the coach'),
      forCoach: true,
    });
    expect(en).not.toHaveProperty('handoff');
    const de = await ask('Können Sie mein Fahrrad reparieren?');
    expect(de.forCoach).toBe(true);
    expect(de.text).toContain('an den Coach weiter');
  });
});

describe('offline provider: greetings and hand-off', () => {
  it('welcomes without handing off and names up to three offers in STANDARD', async () => {
    const extra = offer('o4', { name: 'Retraite en montagne' });
    const reply = await ask(
      'Bonjour !',
      'standard',
      context({ offers: [MEDITATION, YOGA, COACHING, extra] }),
    );
    expect(reply.forCoach).toBeFalsy();
    expect(reply.text).toContain('Cours de méditation, Yoga Flow, Coaching individuel');
    expect(reply.text).not.toContain('Retraite');
  });

  it('welcomes in English and German', async () => {
    expect((await ask('Hi there')).text.startsWith('Hello!')).toBe(true);
    expect((await ask('Guten Tag')).text.startsWith('Hallo!')).toBe(true);
  });

  it('leaves the question to the coach when nothing matches, and says it still answers others', async () => {
    const reply = await ask('Quel temps fera-t-il demain à Genève ?');
    expect(reply.forCoach).toBe(true);
    expect(reply.text).toContain('autres questions');
    expect(reply.text).toContain('coach');
    expect(reply.text).toContain('ici');
  });

  it('does not crash on an empty catalog', async () => {
    const reply = await ask('Combien coûte la méditation ?', 'standard', EMPTY_CONTEXT);
    expect(reply.forCoach).toBe(true);
    const hello = await ask('Salut', 'standard', EMPTY_CONTEXT);
    expect(hello).toEqual({ text: 'Bonjour ! Comment puis-je vous aider ?' });
  });

  it('leaves an empty message or a request with no user turn to the coach', async () => {
    expect((await ask('   ')).forCoach).toBe(true);
    const noUser: AssistantRequest = {
      ...request('x'),
      messages: [{ role: 'assistant', content: 'Bonjour' }],
    };
    expect((await provider.reply(noUser)).forCoach).toBe(true);
  });
});

describe('offline provider: STRICT', () => {
  it('never states a price or a URL, and leaves price questions to the coach', async () => {
    for (const text of [
      'Combien coûte le cours de méditation ?',
      'What is the price?',
      'Was kostet Yoga?',
      'Lien de paiement ?',
    ]) {
      const reply = await ask(text, 'strict');
      expect(reply.forCoach).toBe(true);
      expect(reply.text).not.toMatch(AMOUNT);
      expect(reply.text).not.toContain('http');
    }
  });

  it('stays silent about the catalog even when a caller fills the context by mistake', async () => {
    const req = { ...request('Bonjour', 'strict'), context: context() };
    const hello = await provider.reply(req);
    expect(hello).toEqual({ text: 'Bonjour ! Comment puis-je vous aider ?' });
    const price = await provider.reply({ ...req, messages: [{ role: 'user', content: 'prix méditation' }] });
    expect(price.forCoach).toBe(true);
    expect(price.text).not.toMatch(AMOUNT);
    expect(price.text).not.toContain('http');
  });
});

describe('offline provider: call options', () => {
  it('calls onDelta once with the final text', async () => {
    const onDelta = vi.fn();
    const reply = await provider.reply(request('yoga'), { onDelta });
    expect(onDelta).toHaveBeenCalledTimes(1);
    expect(onDelta).toHaveBeenCalledWith(reply.text);
  });

  it('throws AssistantProviderError when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(provider.reply(request('yoga'), { signal: controller.signal })).rejects.toBeInstanceOf(
      AssistantProviderError,
    );
  });
});

describe('isGreeting', () => {
  it('accepts greetings with small talk and rejects questions', () => {
    expect(isGreeting('Bonjour, ça va ?')).toBe(true);
    expect(isGreeting('Hello, how are you?')).toBe(true);
    expect(isGreeting('Guten Morgen zusammen')).toBe(true);
    expect(isGreeting('Bonjour, combien coûte le yoga ?')).toBe(false);
    expect(isGreeting('Hallo, wie viel kostet der Kurs?')).toBe(false);
    expect(isGreeting('merci')).toBe(false);
    expect(isGreeting('')).toBe(false);
  });
});
