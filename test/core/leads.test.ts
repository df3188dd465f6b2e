import { describe, expect, it } from 'vitest';
import { captureLead } from '../../core/leads.js';
import type { Contact } from '../../core/types.js';
import { toE164 } from '../../server/phone.js';

const contact = (overrides: Partial<Contact> = {}): Contact => ({
  id: 'c1',
  name: 'Inès',
  email: null,
  phone: null,
  emailVerified: false,
  phoneVerified: false,
  tags: [],
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  ...overrides,
});

describe('lead capture', () => {
  it.each([
    ['Mon numéro : 079 123 45 67', { phone: '+41791234567' }],
    ['call me on +44 20 7946 0958 please', { phone: '+442079460958' }],
    ['Tel 0041 79 123 45 67', { phone: '+41791234567' }],
    ['écrivez à Ines.Martin@Example.ch merci', { email: 'ines.martin@example.ch' }],
    [
      'meine Nummer 079-123-45-67 und mail hans@beispiel.de',
      { email: 'hans@beispiel.de', phone: '+41791234567' },
    ],
  ])('finds what "%s" gives', (text, expected) => {
    expect(captureLead(text, contact(), toE164)).toEqual(expected);
  });

  it.each([
    'le cours dure 8 semaines, 3 séances de 90 minutes',
    'le 24.11.2026 à 18h30',
    'prix 490 CHF',
    'code postal 1200 Genève',
    'mail moi @ plus tard',
  ])('finds nothing in "%s"', (text) => {
    expect(captureLead(text, contact(), toE164)).toEqual({});
  });

  it('never overwrites what the contact already has', () => {
    const known = contact({ email: 'old@example.com', phone: '+41790000000' });
    expect(captureLead('new@example.com 079 123 45 67', known, toE164)).toEqual({});
  });
});
