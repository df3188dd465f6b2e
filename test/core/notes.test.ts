/**
 * Private notes (issue 19) on a Telegram conversation: the channel is never asked to send one, no
 * outbox entry is written for it, no `message` event reaches the members' side, the conversation's activity
 * and waiting state stay as they were, and the assistant's next prompt does not carry it.
 */
import { describe, expect, it } from 'vitest';
import type { AssistantProvider, AssistantRequest } from '../../core/assistant/provider.js';
import { ChannelRegistry } from '../../core/channels.js';
import { createEngine } from '../../core/engine.js';
import { EventBus } from '../../core/events.js';
import { createUlidGenerator, systemClock } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { postNote } from '../../core/notes.js';
import { createOutbox } from '../../core/outbox.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { RecordingChannel } from '../fakes/recording-channel.js';

describe('private notes', () => {
  it('never reach the channel, the outbox, the members’ events or the AI', async () => {
    const store = createMemoryStore();
    const events = new EventBus();
    const ids = createUlidGenerator();
    const telegram = new RecordingChannel('telegram');
    const registry = new ChannelRegistry();
    registry.register(telegram);
    const prompts: string[] = [];
    const provider: AssistantProvider = {
      name: 'recording',
      async reply(request: AssistantRequest) {
        prompts.push(JSON.stringify(request));
        return { text: 'Bien reçu.' };
      },
    };
    const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
    const engine = createEngine({
      store,
      ids,
      clock: systemClock,
      logger: silentLogger,
      events,
      outbox,
      provider,
    });
    const say = async (text: string, n: number) => {
      const result = await engine.ingest({
        type: 'text',
        channel: 'telegram',
        from: { externalId: 'user-1', name: 'Ana' },
        chatId: 'chat-1',
        text,
        externalMessageId: `m-${n}`,
      });
      if (result.type !== 'message') throw new Error('expected a message');
      await result.done;
      return result.conversation;
    };
    const conversation = await say('Bonjour', 1);
    await engine.idle();
    const sentBefore = telegram.sent.length;
    // Every send is an outbox row (the assistant's answer has one): the note must add none.
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    const outboxBefore = total(await store.outbox.countByStatus());
    const before = await store.conversations.get(conversation.id);
    const seen: string[] = [];
    events.on('message', ({ message }) => seen.push(message.text));
    const notes: string[] = [];
    events.on('note', ({ message }) => notes.push(message.text));

    const note = await postNote(
      { store, ids, clock: systemClock, events },
      conversation.id,
      { id: 'u1', name: 'Ann' },
      'SECRET-NOTE prix VIP',
    );

    expect(note).toMatchObject({ kind: 'note', status: 'received', channel: 'telegram' });
    expect(notes).toEqual(['SECRET-NOTE prix VIP']);
    expect(seen).toEqual([]);
    expect(telegram.sent.length).toBe(sentBefore);
    expect(total(await store.outbox.countByStatus())).toBe(outboxBefore);
    expect(await store.outbox.get(note.id)).toBeNull();
    expect(await store.conversations.get(conversation.id)).toEqual(before);
    await say('Et le prix ?', 2);
    await engine.idle();
    expect(prompts.length).toBeGreaterThanOrEqual(2);
    expect(prompts.at(-1)).toContain('Et le prix ?');
    expect(prompts.at(-1)).not.toContain('SECRET-NOTE');
    expect(telegram.sent.map((sent) => sent.message.text)).not.toContain('SECRET-NOTE prix VIP');
  });
});
