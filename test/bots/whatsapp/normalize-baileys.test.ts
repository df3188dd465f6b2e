import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chatIdOf,
  jidOf,
  normalizeBaileysMessage,
  statusOf,
} from '../../../bots/whatsapp/baileys/normalize-baileys.js';
import type { BaileysMessage } from '../../../bots/whatsapp/baileys/socket.js';

function fixture(name: string): BaileysMessage {
  return JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8'));
}

describe('Baileys messages', () => {
  it('reads a plain text: number in E.164, push name, message id, raw kept', () => {
    const message = fixture('baileys-text');
    expect(normalizeBaileysMessage(message)).toEqual({
      kind: 'customer',
      event: {
        type: 'text',
        channel: 'whatsapp',
        from: { externalId: '+41791234567', phone: '+41791234567', name: 'Aïcha' },
        chatId: '+41791234567',
        externalMessageId: '3A6B1F2C9D8E7F605142',
        text: 'Bonjour, vous avez des cours le samedi ?',
        raw: message,
      },
    });
  });

  it('prefers the phone number Baileys 7 gives beside a LID chat', () => {
    const result = normalizeBaileysMessage(fixture('baileys-lid-extended'));
    expect(result).toMatchObject({
      kind: 'customer',
      event: { chatId: '+4915112345678', text: 'Hallo! Wie viel kostet der Kurs? https://example.com' },
    });
  });

  it('keeps a LID-only chat addressable by its LID, without a phone', () => {
    const result = normalizeBaileysMessage(fixture('baileys-lid-only'));
    expect(result).toMatchObject({ kind: 'customer', event: { chatId: '118283745662992@lid' } });
    if (result.kind !== 'customer') throw new Error('expected a customer message');
    expect(result.event.from).not.toHaveProperty('phone');
  });

  it('unwraps a disappearing image and keeps its caption and type', () => {
    expect(normalizeBaileysMessage(fixture('baileys-image-ephemeral'))).toMatchObject({
      kind: 'customer',
      event: {
        type: 'media',
        text: "Ma posture, c'est bon ?",
        media: [{ url: 'whatsapp-media:3A0F9E8D7C6B5A493827', contentType: 'image/jpeg' }],
      },
    });
  });

  it('reads a document with a caption, with its file name', () => {
    expect(normalizeBaileysMessage(fixture('baileys-document'))).toMatchObject({
      kind: 'customer',
      event: {
        type: 'media',
        text: 'Voici le certificat',
        media: [{ contentType: 'application/pdf', name: 'certificat-medical.pdf' }],
      },
    });
  });

  it('reads a button reply with its payload', () => {
    expect(normalizeBaileysMessage(fixture('baileys-button-reply'))).toMatchObject({
      kind: 'customer',
      event: { type: 'button', payload: 'signup_yes', text: "Oui, je m'inscris" },
    });
  });

  it('stores a kind it cannot show under its name rather than dropping it', () => {
    expect(normalizeBaileysMessage(fixture('baileys-poll'))).toMatchObject({
      kind: 'customer',
      event: { type: 'text', text: '[pollCreationMessageV3]' },
    });
  });

  it('reads a message from the linked phone itself as the coach writing', () => {
    expect(normalizeBaileysMessage(fixture('baileys-from-me'))).toEqual({
      kind: 'coach',
      chatId: '+41791234567',
      messageId: '3EB0F00DF00DF00DF00D',
    });
  });

  // Group messages are read since issue 18 item 5: test/bots/whatsapp/normalize-baileys-group.test.ts.
  it.each(['baileys-status-broadcast', 'baileys-reaction'])('ignores %s', (name) => {
    expect(normalizeBaileysMessage(fixture(name)).kind).toBe('ignored');
  });

  it('ignores a message without content (a stub)', () => {
    expect(normalizeBaileysMessage({ ...fixture('baileys-text'), message: null }).kind).toBe('ignored');
  });

  it('converts between JIDs and chat ids', () => {
    expect(chatIdOf('41791234567:12@s.whatsapp.net')).toBe('+41791234567');
    expect(chatIdOf('123@lid')).toBe('123@lid');
    expect(chatIdOf('0791234567@s.whatsapp.net')).toBeNull();
    expect(chatIdOf('120363041234567890@g.us')).toBeNull();
    expect(jidOf('+41791234567')).toBe('41791234567@s.whatsapp.net');
    expect(jidOf('123@lid')).toBe('123@lid');
  });

  it("maps Baileys' receipt codes", () => {
    expect([0, 1, 2, 3, 4, 5, null].map(statusOf)).toEqual([
      'failed',
      null,
      'sent',
      'delivered',
      'read',
      'read',
      null,
    ]);
  });
});
