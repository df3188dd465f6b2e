/**
 * The per-conversation turn queue: turns run one at a time in arrival order, and a turn leaves its
 * answer to a later one only when that turn's trigger is newer (message ids sort by time). Arrival
 * order and id order differ when a process stores two messages of one conversation at once; a turn
 * superseded by an older message's turn was lost (that turn then left the answer to the newer message,
 * whose turn had been skipped: nobody answered).
 */
import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../../core/turn-queue.js';

/** Queues turns for `orders` in that arrival order; which of them were told they are superseded. */
async function supersededOf(orders: (string | undefined)[]): Promise<(string | undefined)[]> {
  const queue = new TurnQueue();
  const superseded: (string | undefined)[] = [];
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  // A turn already running holds the queue while the others arrive.
  void queue.run('c1', () => gate);
  const runs = orders.map((order) =>
    queue.run(
      'c1',
      async (skip) => {
        if (skip) superseded.push(order);
      },
      order,
    ),
  );
  release();
  await Promise.all(runs);
  return superseded;
}

describe('TurnQueue', () => {
  it('supersedes a turn only by a waiting turn with a newer trigger', async () => {
    expect(await supersededOf(['m1', 'm2', 'm3'])).toEqual(['m1', 'm2']);
    // The newest arrived first: it is never left out, the older ones behind it are.
    expect(await supersededOf(['m3', 'm1', 'm2'])).toEqual(['m1']);
    expect(await supersededOf(['m2', 'm3', 'm1'])).toEqual(['m2']);
  });

  it('supersedes by arrival when turns carry no trigger (every waiting turn is newer)', async () => {
    expect(await supersededOf([undefined, undefined, undefined])).toEqual([undefined, undefined]);
  });

  it('runs turns of one key one at a time in arrival order, keys independently', async () => {
    const queue = new TurnQueue();
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name} end`);
    };
    await Promise.all([
      queue.run('a', step('a1', 20)),
      queue.run('a', step('a2', 1)),
      queue.run('b', step('b1', 5)),
    ]);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
    await queue.idle();
  });
});
