import { describe, expect, it } from 'vitest';
import { PacedSender } from '../../../bots/paced-sender.js';

describe('PacedSender', () => {
  it('joins a second call for the same idempotency key to the first (no double send)', async () => {
    const pacer = new PacedSender({ rate: 1, perMs: 1000 });
    let sends = 0;
    const send = async () => {
      sends++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { externalId: `SM${sends}` };
    };
    const [first, second] = await Promise.all([
      pacer.run('k1', 'from', 1, send),
      pacer.run('k1', 'from', 1, send),
    ]);
    expect(sends).toBe(1);
    expect(second).toEqual(first);
    // Once done, the same key may be sent again (a genuine retry after a failure).
    await pacer.run('k1', 'from', 1, send).catch(() => undefined);
    expect(sends).toBe(2);
  });

  it('takes one token per unit of cost from the key, never from other keys', async () => {
    let now = 0;
    const pacer = new PacedSender({ rate: 1, perMs: 1000 }, () => now);
    const order: string[] = [];
    const started = [
      pacer.run('a', 'long-code-1', 3, async () => order.push('a')),
      pacer.run('b', 'long-code-2', 1, async () => order.push('b')),
    ];
    now = 0;
    await Promise.all(started);
    // The 3-segment message on long code 1 waited 2 s; long code 2 was not held back by it.
    expect(order).toEqual(['b', 'a']);
  });
});
