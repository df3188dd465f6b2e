/**
 * Several processes on one database (DATABASE_URL): a conversation's messages may reach any of them,
 * and each queues its turns in memory (core/turn-queue.ts). A turn therefore also holds the
 * conversation's lease in the store (`turns`) while it runs, renewed while the model answers, so no
 * two processes call the model for one conversation at once. Holding it, a turn does nothing when its
 * trigger is already answered (a finished turn recorded a message at least as new) or when a newer
 * customer message is stored (that message's own turn answers the burst from the whole history). A
 * process that dies holding the lease blocks the conversation until the lease runs out.
 */
import { burstAnsweredElsewhere } from './burst-owner.js';
import type { Clock } from './ids.js';
import type { Logger } from './logger.js';
import type { Store, TurnTaken } from './repositories.js';
import type { Message } from './types.js';

export interface TurnLeaseOptions {
  /** This process's name in the lease. */
  holder: string;
  /** Longer than a model call (30 s by default): a holder that died is waited for this long. */
  leaseMs?: number;
  /** How often a turn waiting for the lease asks again. */
  pollMs?: number;
}

export interface TurnLease {
  /**
   * Runs `work` for `trigger` under its conversation's lease, or not at all when it is not needed.
   * `taken`: the lease the trigger's own write took for this turn (`InboundWrite.takeTurn`), which
   * the turn then holds without asking again.
   */
  run(trigger: Message, work: (held: HeldTurn) => Promise<boolean>, taken?: TurnTaken): Promise<void>;
  /** What a customer message's write needs to take the lease for the turn that answers it at once. */
  request(): { holder: string; until: string; now: string };
  /** Lets go a lease a message's write took for a turn that did not start (it runs out otherwise). */
  release(conversationId: string): Promise<void>;
}

/**
 * The lease a running turn holds, for its answer's write to let go of in the same statement
 * (`OutboundWrite.releases`): `work` resolves true when that write released it.
 */
export interface HeldTurn {
  holder: string;
  /** Recorded as answered when the lease is let go: the turn's trigger. */
  answered: string;
}

export function createTurnLease(
  store: Store,
  clock: Clock,
  logger: Logger,
  options: TurnLeaseOptions,
): TurnLease {
  const { holder } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 100;
  const until = () => new Date(clock.now().getTime() + leaseMs).toISOString();

  /** Waits for the lease; then what the turn decides from (see `turns.acquireAfter`). */
  async function acquire(conversationId: string, trigger: string) {
    for (;;) {
      const now = clock.now().toISOString();
      const taken = await store.turns.acquireAfter(conversationId, holder, until(), now, trigger);
      if (taken !== false) return taken;
      // Jittered, so waiters in several processes do not ask in step.
      await new Promise((resolve) => setTimeout(resolve, pollMs * (0.5 + Math.random())));
    }
  }

  async function run(
    trigger: Message,
    work: (held: HeldTurn) => Promise<boolean>,
    taken?: TurnTaken,
  ): Promise<void> {
    const conversationId = trigger.conversationId;
    const { answered, newerFromContacts } = taken ?? (await acquire(conversationId, trigger.id));
    const renewal = setInterval(() => {
      store.turns.renew(conversationId, holder, until()).catch((error: unknown) => {
        logger.warn({ err: error, conversationId }, 'turn lease not renewed');
      });
    }, leaseMs / 3);
    renewal.unref?.();
    let done: string | null = null;
    let released = false;
    try {
      // Message ids sort by time: a turn answered this message or a later one already.
      if (answered !== null && answered >= trigger.id) return;
      if (burstAnsweredElsewhere(newerFromContacts)) return;
      released = await work({ holder, answered: trigger.id });
      done = trigger.id;
    } finally {
      clearInterval(renewal);
      if (!released)
        await store.turns.release(conversationId, holder, done).catch((error: unknown) => {
          logger.warn({ err: error, conversationId }, 'turn lease not released (it runs out)');
        });
    }
  }

  return {
    run,
    request: () => ({ holder, until: until(), now: clock.now().toISOString() }),
    release: (conversationId) =>
      store.turns.release(conversationId, holder, null).catch((error: unknown) => {
        logger.warn({ err: error, conversationId }, 'turn lease not released (it runs out)');
      }),
  };
}
