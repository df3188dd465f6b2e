/** The email descriptor: what core and the server read from it. */
import { describe, expect, it } from 'vitest';
import { emailPlugin } from '../../../bots/email/plugin.js';
import { readUnsubscribeToken, unsubscribeToken } from '../../../bots/email/unsubscribe-token.js';

describe('emailPlugin', () => {
  it('is turned on by its own variables only', () => {
    const context = {
      fail: (message: string): never => {
        throw new Error(message);
      },
    };
    expect(emailPlugin.config.load({}, context)).toBeNull();
    const values = { RESEND_API_KEY: 're_x1234567', EMAIL_FROM: 'a@b.ch' };
    expect(emailPlugin.config.load(values, context)).toEqual({
      apiKey: 're_x1234567',
      from: 'a@b.ch',
      fromAddress: 'a@b.ch',
    });
    expect(emailPlugin.config.enabledBy).toBe('RESEND_API_KEY');
  });

  it('opens an entry link as a mailto: whose subject is the link code', () => {
    const url = emailPlugin.entryLink.url(
      { token: 't', code: 'K7PQ2M' },
      { publicUrl: 'https://x', account: 'Coach Ada <Hello@Example.com>' },
    );
    expect(url).toBe('mailto:hello@example.com?subject=K7PQ2M');
    expect(
      emailPlugin.entryLink.url({ token: 't', code: 'K7PQ2M' }, { publicUrl: 'https://x', account: null }),
    ).toBeNull();
    expect(emailPlugin.entryLink.carrier).toBe('code');
    expect(emailPlugin.identity).toBe('email');
  });
});

describe('unsubscribe tokens', () => {
  const key = 'k'.repeat(40);
  it('name the address they were made for, and only under our key', () => {
    const token = unsubscribeToken(key, 'Ada@Example.org');
    expect(readUnsubscribeToken(key, token)).toBe('ada@example.org');
    expect(readUnsubscribeToken('z'.repeat(40), token)).toBeNull();
    const [, mac] = token.split('.');
    const other = `${Buffer.from('bob@example.org').toString('base64url')}.${mac}`;
    expect(readUnsubscribeToken(key, other)).toBeNull();
    expect(readUnsubscribeToken(key, 'garbage')).toBeNull();
  });
});
