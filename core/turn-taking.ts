/**
 * Several processes on one database: a customer message whose turn starts as soon as it is stored
 * takes the turn's lease in the same write (`InboundWrite.takeTurn`, one round trip less per message
 * on PostgreSQL). Only when no reply window holds the turn back, the message is the assistant's (not
 * STOP/START, not the booking flow's), and no other turn of the conversation is queued or being taken
 * in this process: a turn queued here runs under the same lease name, and the engine's `runTurn` then
 * asks for the lease as usual.
 */
import { consentKeyword } from './consent.js';
import type { InboundWriteDeps } from './inbound-write.js';
import type { TurnLease } from './turn-lease.js';
import type { TurnQueue } from './turn-queue.js';
import type { Conversation, Message } from './types.js';

export interface TurnTakingDeps {
  lease: TurnLease | null;
  turns: TurnQueue;
  /** The reply window now (ms); 0: a turn starts when its message is stored. */
  windowMs: () => number;
  /** Whether the booking flow answers this message (then no assistant turn starts). */
  claims?: (conversation: Conversation, message: Message) => boolean;
}

export function createTurnTaking(deps: TurnTakingDeps) {
  /** Conversations whose message is being written with the lease: one at a time, until its turn is queued. */
  const taking = new Set<string>();

  function startsAtOnce(conversation: Conversation, message: Message): boolean {
    if (conversation.kind !== 'assistant' || conversation.handoff || deps.windowMs() > 0) return false;
    if (message.sender.type === 'contact' && consentKeyword(message.text)) return false;
    if (deps.claims?.(conversation, message)) return false;
    return !deps.turns.busy(conversation.id) && !taking.has(conversation.id);
  }

  return {
    /**
     * `storeAndRoute` given the `turnFor` of its write; it must queue the message's turn before it
     * settles (it routes without waiting once the message is stored).
     */
    async around<T>(storeAndRoute: (turnFor: InboundWriteDeps['turnFor']) => Promise<T>): Promise<T> {
      const { lease } = deps;
      if (!lease) return storeAndRoute(undefined);
      let conversationId: string | undefined;
      try {
        return await storeAndRoute((conversation, message) => {
          if (!startsAtOnce(conversation, message)) return undefined;
          conversationId = conversation.id;
          taking.add(conversationId);
          return lease.request();
        });
      } finally {
        if (conversationId !== undefined) taking.delete(conversationId);
      }
    },
  };
}
