import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  normalizeTwilioMessage,
  normalizeTwilioStatus,
  type TwilioParams,
} from '../../../bots/twilio/normalize.js';
import { ValidationError } from '../../../core/errors.js';

function fixture(name: string): TwilioParams {
  return JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8'));
}

function refusal(call: () => unknown): ValidationError {
  try {
    call();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('Twilio inbound posts', () => {
  it('reads a WhatsApp text: number in E.164, profile name, MessageSid, the raw post kept', () => {
    const params = fixture('twilio-whatsapp-text');
    expect(normalizeTwilioMessage(params)).toEqual({
      type: 'text',
      channel: 'whatsapp',
      from: { externalId: '+41791234567', phone: '+41791234567', name: 'Aïcha' },
      chatId: '+41791234567',
      externalMessageId: 'SM0a7f1c2d3e4b5a69788796a5b4c3d2e1',
      text: 'Bonjour, vous avez des cours le samedi ?',
      raw: params,
    });
  });

  it('reads a WhatsApp image with no caption as media', () => {
    const event = normalizeTwilioMessage(fixture('twilio-whatsapp-image'));
    expect(event).toMatchObject({
      type: 'media',
      channel: 'whatsapp',
      from: { externalId: '+4915112345678', name: 'Jonas' },
      media: [
        {
          url: 'https://api.twilio.com/2010-04-01/Accounts/AC00112233445566778899aabbccddeeff/Messages/MM5d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a/Media/ME0f1e2d3c4b5a69788796a5b4c3d2e1f0',
          contentType: 'image/jpeg',
        },
      ],
    });
    expect(event).not.toHaveProperty('text');
  });

  it('reads a quick-reply button with its payload', () => {
    expect(normalizeTwilioMessage(fixture('twilio-whatsapp-button'))).toMatchObject({
      type: 'button',
      payload: 'signup_yes',
      text: "Oui, je veux m'inscrire",
    });
  });

  it('reads an SMS (no whatsapp: prefix) on the sms channel, with no name', () => {
    const event = normalizeTwilioMessage(fixture('twilio-sms'));
    expect(event).toMatchObject({
      type: 'text',
      channel: 'sms',
      chatId: '+41781112233',
      from: { externalId: '+41781112233', phone: '+41781112233' },
      text: "Salut, c'est combien le cours ?",
    });
    expect(event.from).not.toHaveProperty('name');
  });

  it.each([
    ['MessageSid', { MessageSid: '', SmsMessageSid: '', SmsSid: '' }],
    ['MessageSid', { MessageSid: 'not-a-sid', SmsMessageSid: '', SmsSid: '' }],
    ['From', { From: '' }],
    ['From', { From: 'whatsapp:0791234567' }],
    ['NumMedia', { NumMedia: 'two' }],
    ['NumMedia', { NumMedia: '11' }],
    ['MediaUrl0', { NumMedia: '1' }],
    ['MediaUrl0', { NumMedia: '1', MediaUrl0: 'javascript:alert(1)' }],
  ])('refuses a post with a bad %s, naming the field', (field, change) => {
    const error = refusal(() => normalizeTwilioMessage({ ...fixture('twilio-whatsapp-text'), ...change }));
    expect(error.field).toBe(field);
  });
});

describe('Twilio status callbacks', () => {
  it('reads delivered and read reports of WhatsApp messages', () => {
    expect(normalizeTwilioStatus(fixture('twilio-status-delivered'))).toMatchObject({
      type: 'status',
      channel: 'whatsapp',
      externalMessageId: 'SM4c5d6e7f8091a2b3c4d5e6f708192a3b',
      status: 'delivered',
    });
    expect(normalizeTwilioStatus(fixture('twilio-status-read')).status).toBe('read');
  });

  it('turns undelivered into failed with the code and an explanation when Twilio gives none', () => {
    const event = normalizeTwilioStatus(fixture('twilio-status-undelivered-63016'));
    expect(event.status).toBe('failed');
    expect(event.error?.code).toBe('63016');
    expect(event.error?.message).toMatch(/24-hour window/);
  });

  it("keeps Twilio's own error message when it sends one (SMS, 21610)", () => {
    expect(normalizeTwilioStatus(fixture('twilio-status-sms-failed-21610'))).toMatchObject({
      channel: 'sms',
      status: 'failed',
      error: { code: '21610', message: 'Attempt to send to unsubscribed recipient' },
    });
  });

  it.each([
    ['queued', 'queued'],
    ['accepted', 'queued'],
    ['sending', 'queued'],
    ['sent', 'sent'],
    ['canceled', 'failed'],
  ])('maps %s to %s', (twilio, ours) => {
    const params = { ...fixture('twilio-status-delivered'), MessageStatus: twilio, SmsStatus: twilio };
    expect(normalizeTwilioStatus(params).status).toBe(ours);
  });

  it('refuses an unknown or missing status, naming the field', () => {
    const base = fixture('twilio-status-delivered');
    expect(refusal(() => normalizeTwilioStatus({ ...base, MessageStatus: 'teleported' })).field).toBe(
      'MessageStatus',
    );
    expect(
      refusal(() => normalizeTwilioStatus({ ...base, MessageStatus: undefined, SmsStatus: undefined })).field,
    ).toBe('MessageStatus');
  });
});
