/** Which customer messages the booking flow takes before the assistant, and which it leaves to it. */
import { describe, expect, it } from 'vitest';
import { BookingChat } from '../../../core/bookings/chat.js';
import type { BookingService } from '../../../core/bookings/service.js';
import { newConversation } from '../../../core/conversations.js';
import type { Message } from '../../../core/types.js';

const chat = new BookingChat({} as BookingService);
const conversation = newConversation(
  { id: 'c', kind: 'assistant', title: 't', channel: 'web' },
  '2026-01-01',
);
const message = (text: string, extra: Partial<Message> = {}): Message => ({
  id: 'm',
  conversationId: 'c',
  sender: { type: 'contact', id: 'p', name: 'P' },
  text,
  channel: 'web',
  status: 'received',
  createdAt: '2026-01-01',
  ...extra,
});

describe('the booking flow takes', () => {
  const taken = [
    'je veux réserver mardi 18h30',
    'Quels cours avez-vous ?',
    'Quand sont les prochains cours ?',
    'cours demain ?',
    'Which classes are next week?',
    'I want to book',
    'Welche Kurse gibt es am Freitag?',
    'Ich möchte buchen',
    'ANNULER',
    'cancel',
    '2',
  ];
  for (const text of taken)
    it(`"${text}"`, () => expect(chat.claims(conversation, message(text))).toBe(true));
  it('a button press', () =>
    expect(
      chat.claims(conversation, message('Yoga', { actions: [{ id: 'book:x-20260101', label: 'Yoga' }] })),
    ).toBe(true));
});

describe('the booking flow leaves to the assistant', () => {
  const left = [
    'Combien coûte le cours de méditation ?',
    'Quel est le prix du cours ?',
    'How much is the yoga class?',
    'Was kostet der Kurs?',
    "C'est quoi ce cours exactement ?",
    'Bonjour',
    'please cancel my subscription to the newsletter',
    '12',
  ];
  for (const text of left)
    it(`"${text}"`, () => expect(chat.claims(conversation, message(text))).toBe(false));
  it('messages in a handed-off conversation, and the coach’s', () => {
    expect(chat.claims({ ...conversation, handoff: true }, message('je veux réserver'))).toBe(false);
    expect(
      chat.claims(conversation, message('je veux réserver', { sender: { type: 'coach', name: 'C' } })),
    ).toBe(false);
  });
});
