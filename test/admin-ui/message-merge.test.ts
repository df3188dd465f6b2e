import { describe, expect, it } from 'vitest';
import { mergeMessage, upsertMessage } from '../../admin-ui/src/lib/message-merge.js';
import type { Message } from '../../admin-ui/src/lib/types.js';

const reply = (status: string, extra: Partial<Message> = {}): Message => ({
  id: '01REPLY',
  conversationId: '01CONV',
  sender: { type: 'coach', id: 'u1', name: 'Coach' },
  text: 'Oui, à 10 h.',
  status,
  createdAt: '2026-12-05T10:00:00.000Z',
  ...extra,
});

describe("the open conversation's messages (issue 19 #1)", () => {
  it('keeps "sent" when the POST\'s answer ("queued") arrives after the live status', () => {
    const live = upsertMessage(upsertMessage([], reply('queued')), reply('sent'));
    expect(upsertMessage(live, reply('queued'))).toEqual([reply('sent')]);
  });

  it('moves a status forward, whatever the order of the news', () => {
    const statuses = ['queued', 'sent', 'delivered', 'read'];
    for (const order of [statuses, [...statuses].reverse(), ['sent', 'queued', 'read', 'delivered']]) {
      const list = order.reduce<Message[]>((current, status) => upsertMessage(current, reply(status)), []);
      expect(list.map((message) => message.status)).toEqual(['read']);
    }
  });

  it('keeps a failure and its error over a late "queued", and the guard a status update lacks', () => {
    const error = { code: '63016', message: 'outside the window' };
    const guard = [{ kind: 'amount', removed: '120 CHF' }] as unknown as Message['guard'];
    const failed = mergeMessage(reply('queued', { guard }), reply('failed', { error }));
    expect(failed).toMatchObject({ status: 'failed', error, guard });
    expect(mergeMessage(failed, reply('queued'))).toMatchObject({ status: 'failed', error, guard });
  });

  it('adds new messages in time order', () => {
    const later = reply('sent', { id: '01LATER', createdAt: '2026-12-05T10:01:00.000Z' });
    const earlier = reply('received', { id: '01EARLY', createdAt: '2026-12-05T09:59:00.000Z' });
    expect(upsertMessage([later], earlier).map((m) => m.id)).toEqual(['01EARLY', '01LATER']);
  });
});
