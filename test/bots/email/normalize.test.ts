/** The email normaliser on recorded Resend webhook payloads (fixtures/) and received emails. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replySubject } from '../../../bots/email/adapter.js';
import { composeEmail, toHtml } from '../../../bots/email/compose.js';
import {
  normalizeWebhook,
  parseMailbox,
  receivedToInbound,
  stripQuoted,
} from '../../../bots/email/normalize.js';

const fixture = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8'));

const ID = '56761188-7520-42d8-8898-ff6fc54ce618';

describe('normalizeWebhook', () => {
  it('delivered: the message is delivered, nobody opts out', () => {
    const event = normalizeWebhook(fixture('delivered'));
    expect(event).toMatchObject({
      kind: 'status',
      optOut: null,
      status: { channel: 'email', externalMessageId: ID, status: 'delivered' },
    });
  });

  it('a hard (Permanent) bounce fails the message and opts the address out', () => {
    const event = normalizeWebhook(fixture('bounced-permanent'));
    expect(event).toMatchObject({
      kind: 'status',
      optOut: 'marie@example.org',
      status: { status: 'failed', error: { code: 'bounced_permanent' } },
    });
  });

  it('a soft (Transient) bounce fails the message but opts nobody out', () => {
    const event = normalizeWebhook(fixture('bounced-transient'));
    expect(event).toMatchObject({
      kind: 'status',
      optOut: null,
      status: { status: 'failed', error: { code: 'bounced_transient' } },
    });
  });

  it('a complaint keeps the message delivered and opts the address out', () => {
    expect(normalizeWebhook(fixture('complained'))).toMatchObject({
      kind: 'status',
      optOut: 'marie@example.org',
      status: { status: 'delivered' },
    });
  });

  it('received: the id whose body the receiving API serves', () => {
    expect(normalizeWebhook(fixture('received'))).toEqual({
      kind: 'received',
      emailId: '4ef9a417-02e9-4d39-ad75-9611e0fcc33c',
    });
  });

  it('ignores other events and anything malformed', () => {
    expect(normalizeWebhook(fixture('opened'))).toEqual({ kind: 'ignored', type: 'email.opened' });
    expect(normalizeWebhook(null)).toEqual({ kind: 'ignored', type: 'unknown' });
    expect(normalizeWebhook({ type: 'email.delivered', data: {} })).toEqual({
      kind: 'ignored',
      type: 'email.delivered',
    });
  });
});

describe('receivedToInbound', () => {
  const body = {
    from: 'Ada Lovelace <Ada@Example.org>',
    subject: 'Yoga classes',
    text: 'Do you have classes on Monday?\n\nOn Mon, 1 Dec 2026 at 10:00, Coach <hello@example.com> wrote:\n> Hello Ada',
    html: null,
    messageId: '<CAF=abc@mail.gmail.com>',
    headers: null,
  };

  it('is a text message from the sender address (proven), threaded by sender, quoted history left out', () => {
    expect(receivedToInbound('e1', body, 'hello@example.com')).toEqual({
      type: 'text',
      channel: 'email',
      from: { externalId: 'ada@example.org', email: 'ada@example.org', name: 'Ada Lovelace' },
      chatId: 'ada@example.org',
      chatType: 'private',
      externalMessageId: 'e1',
      text: 'Yoga classes\n\nDo you have classes on Monday?',
    });
  });

  it('leaves out a reply subject, and reads the HTML when there is no text', () => {
    const event = receivedToInbound(
      'e2',
      {
        ...body,
        subject: 'Re: Yoga',
        text: null,
        html: '<p>Yes&amp;no<br>thanks</p><blockquote>old</blockquote>',
      },
      'hello@example.com',
    );
    expect(event?.text).toBe('Yes&no\nthanks');
  });

  it('keeps an entry link code given as the subject of a mailto: link', () => {
    expect(receivedToInbound('e3', { ...body, subject: 'K7PQ2M', text: '' }, 'hello@example.com')?.text).toBe(
      'K7PQ2M',
    );
  });

  it('ignores automatic replies, our own address and senders without an address', () => {
    expect(
      receivedToInbound(
        'e4',
        { ...body, headers: { 'Auto-Submitted': 'auto-replied' } },
        'hello@example.com',
      ),
    ).toBeNull();
    expect(
      receivedToInbound('e5', { ...body, from: 'Coach <HELLO@example.com>' }, 'hello@example.com'),
    ).toBeNull();
    expect(receivedToInbound('e6', { ...body, from: 'nobody' }, 'hello@example.com')).toBeNull();
  });

  it('parses mailboxes and strips quotes in French and German too', () => {
    expect(parseMailbox('"Marie C." <marie@ex.org>')).toEqual({ address: 'marie@ex.org', name: 'Marie C.' });
    expect(stripQuoted('Merci !\nLe lun. 1 déc. 2026, Coach a écrit :\n> x')).toBe('Merci !');
    expect(stripQuoted('Danke\nAm 01.12.2026 schrieb Coach <a@b.ch>:\n> x')).toBe('Danke');
  });
});

describe('composeEmail', () => {
  it('a campaign email: text, escaped HTML with links, the unsubscribe link and one-click headers', () => {
    const email = composeEmail({
      from: 'Coach <hello@example.com>',
      to: 'marie@example.org',
      subject: 'News\r\nBcc: x@evil.test',
      text: 'Hello <Marie> & co\nSee https://kora.test/c/abc.\n\nBye',
      unsubscribeUrl: 'https://kora.test/email/unsubscribe/t0k',
    });
    expect(email.subject).toBe('News Bcc: x@evil.test');
    expect(email.text).toBe(
      'Hello <Marie> & co\nSee https://kora.test/c/abc.\n\nBye\n\n--\nUnsubscribe: https://kora.test/email/unsubscribe/t0k',
    );
    expect(email.html).toContain(
      '<p>Hello &lt;Marie&gt; &amp; co<br>See <a href="https://kora.test/c/abc">https://kora.test/c/abc</a>.</p>\n<p>Bye</p>',
    );
    expect(email.html).toContain('<a href="https://kora.test/email/unsubscribe/t0k">Unsubscribe</a>');
    expect(email.headers).toEqual({
      'List-Unsubscribe': '<https://kora.test/email/unsubscribe/t0k>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('an answer threads under the customer email and has no unsubscribe', () => {
    const email = composeEmail({
      from: 'a@b.ch',
      to: 'c@d.ch',
      subject: replySubject('Yoga'),
      text: 'x',
      inReplyTo: '<m1@x>',
    });
    expect(email.subject).toBe('Re: Yoga');
    expect(replySubject('RE: Yoga')).toBe('RE: Yoga');
    expect(email.headers).toEqual({ 'In-Reply-To': '<m1@x>', References: '<m1@x>' });
    expect(toHtml('<script>')).toBe('<p>&lt;script&gt;</p>');
  });
});
