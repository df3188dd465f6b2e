/**
 * Group messages through the linked number (issue 18 item 5): the sender is the group's participant
 * (by number when WhatsApp gives it, either form), the chat the group's JID, and a message is addressed
 * to the assistant only when it mentions the linked number or replies to one of its messages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownJidsOf, participantMember } from '../../../bots/whatsapp/baileys/group-message.js';
import { jidOf, normalizeBaileysMessage } from '../../../bots/whatsapp/baileys/normalize-baileys.js';
import type { BaileysMessage } from '../../../bots/whatsapp/baileys/socket.js';

function fixture(name: string): BaileysMessage {
  return JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8'));
}

// The linked number as socket.user gives it: a device suffix on both forms.
const OWN = ownJidsOf({ id: '41791112233:9@s.whatsapp.net', lid: '118000000000042:9@lid' });

describe('Baileys group messages', () => {
  it('reads a group message: the group is the chat, the participant the sender (number verified)', () => {
    const message = fixture('baileys-group');
    expect(normalizeBaileysMessage(message, OWN)).toEqual({
      kind: 'customer',
      event: {
        type: 'text',
        channel: 'whatsapp',
        chatId: '120363041234567890@g.us',
        chatType: 'group',
        addressedToAssistant: false,
        from: { externalId: '+41791234567', phone: '+41791234567', name: 'Aïcha' },
        externalMessageId: '3A9988776655443322AA',
        text: 'Salut le groupe',
        raw: message,
      },
    });
  });

  it('names a LID participant by the number beside it, and sees a mention of the linked LID', () => {
    expect(normalizeBaileysMessage(fixture('baileys-group-lid-mention'), OWN)).toMatchObject({
      kind: 'customer',
      event: {
        chatId: '120363041234567891@g.us',
        from: { externalId: '+33612345678', phone: '+33612345678', name: 'Mathilde' },
        addressedToAssistant: true,
      },
    });
  });

  it('counts a reply to a message of the linked number as addressed to it', () => {
    expect(normalizeBaileysMessage(fixture('baileys-group-reply'), OWN)).toMatchObject({
      kind: 'customer',
      event: { text: 'Et le prix ?', addressedToAssistant: true },
    });
  });

  it('does not count a reply to, or a mention of, another member', () => {
    expect(normalizeBaileysMessage(fixture('baileys-group-reply-member'), OWN)).toMatchObject({
      kind: 'customer',
      event: { addressedToAssistant: false },
    });
    // Without knowing its own JIDs (not linked yet), nothing is addressed to the number.
    expect(normalizeBaileysMessage(fixture('baileys-group-reply'), [])).toMatchObject({
      event: { addressedToAssistant: false },
    });
  });

  it('ignores the linked phone writing in a group (not a takeover of the group)', () => {
    expect(normalizeBaileysMessage(fixture('baileys-group-from-me'), OWN)).toMatchObject({ kind: 'ignored' });
  });

  it('keeps a member known only by LID under that LID, without a phone', () => {
    const message = fixture('baileys-group');
    message.key = { ...message.key, participant: '207311445522999@lid', participantAlt: null };
    expect(normalizeBaileysMessage(message, OWN)).toMatchObject({
      event: { from: { externalId: '207311445522999@lid', name: 'Aïcha' } },
    });
    const event = (normalizeBaileysMessage(message, OWN) as { event: { from: object } }).event;
    expect(event.from).not.toHaveProperty('phone');
  });

  it("reads a group's participants as members, by number when WhatsApp gives one", () => {
    expect(participantMember({ id: '41791234567@s.whatsapp.net', admin: 'admin' })).toEqual({
      externalId: '+41791234567',
      phone: '+41791234567',
    });
    expect(
      participantMember({ id: '207311445522871@lid', phoneNumber: '33612345678@s.whatsapp.net' }),
    ).toEqual({ externalId: '+33612345678', phone: '+33612345678' });
    expect(participantMember({ id: '207311445522871@lid' })).toEqual({ externalId: '207311445522871@lid' });
    expect(participantMember({ id: 'garbage' })).toBeNull();
  });

  it('sends to a group by its JID', () => {
    expect(jidOf('120363041234567890@g.us')).toBe('120363041234567890@g.us');
  });
});
