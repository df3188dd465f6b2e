import { describe, expect, it } from 'vitest';
import { asksForHuman } from '../../../core/assistant/handoff.js';

const ASKS = [
  // French
  'humain',
  'un humain',
  'HUMAIN !!!',
  'une vraie personne',
  'parler à quelqu’un',
  'parler a quelqu un',
  'Je voudrais parler à qqn svp',
  'parler au coach',
  'Est-ce que je peux parler au coach directement ?',
  'je veux parler à une personne',
  'le coach svp',
  'Le coach, s’il vous plaît.',
  'conseiller',
  "j'ai besoin d'un humain",
  'je veux un être humain, pas un robot',
  'passez-moi le coach',
  'mettez-moi en relation avec un conseiller',
  'je souhaite contacter le coach',
  'Coach ?',
  // English
  'human',
  'human please',
  'talk to a human',
  'real person',
  'speak to someone',
  'agent',
  'operator',
  'live agent',
  'can I talk to the coach',
  'I want to speak with a real person',
  'Can I speak to an agent please?',
  'I need a human',
  "I'd like to talk to somebody",
  'connect me with someone',
  'How can I contact the coach?',
  'I want the coach now',
  // German
  'Mensch',
  'mit einem Menschen sprechen',
  'echte Person',
  'Mitarbeiter',
  'Berater',
  'den Coach sprechen',
  'Ich möchte mit einem Mitarbeiter sprechen',
  'Kann ich mit jemandem reden?',
  'Bitte einen Menschen',
  'Ich brauche einen echten Menschen',
  'Coach bitte',
  'Verbinden Sie mich mit einem Berater',
  'Ich will den Coach sprechen!',
  'Ich hätte gern einen Mitarbeiter',
];

const DOES_NOT_ASK = [
  'le coaching individuel coûte combien ?',
  'what does the coach offer?',
  "c'est humain de douter",
  'human design workshop',
  'Menschenkenntnis Kurs',
  'Qui est le coach ?',
  'Is the coach certified?',
  'Wie lange ist der Coach schon tätig?',
  'Je veux devenir coach',
  'I want to become an agent',
  'Ich möchte ein Berater werden',
  'Pouvez-vous me conseiller un cours ?',
  'Combien de personnes par groupe ?',
  'Is the workshop in person?',
  'What will the coach talk about?',
  'Can we talk about pricing?',
  'I like the human design workshop',
  'I need a human design reading',
  'Der Coach wird über Stress sprechen',
  'Mensch, ist das teuer!',
  'Wie viele Menschen passen in den Kurs?',
  'Agent immobilier : formation disponible ?',
  'Mitarbeiterschulung für Firmen?',
  'Le conseiller financier du programme est-il inclus ?',
  'parler en public : quel cours ?',
  'I want a coach for my career',
  'I need someone to help me with stress',
  'Je voudrais conseiller mon ami',
  'Peut-on parler du coach dans le forum ?',
  'Bonjour, je m’appelle Marie',
  '',
  '?!',
];

describe('asksForHuman', () => {
  it('has tables of the required size', () => {
    expect(ASKS.length).toBeGreaterThanOrEqual(30);
    expect(DOES_NOT_ASK.length).toBeGreaterThanOrEqual(20);
  });

  it.each(ASKS)('detects a request for a person: %s', (text) => {
    expect(asksForHuman(text)).toBe(true);
  });

  it.each(DOES_NOT_ASK)('ignores a mere mention: %s', (text) => {
    expect(asksForHuman(text)).toBe(false);
  });
});
