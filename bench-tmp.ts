import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { createEmbeddedStore } from './storage/index.js';
import { createUlidGenerator } from './core/ids.js';
const mode = process.argv[2];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-'));
const store = await createEmbeddedStore(mode === 'mem' ? { filename: ':memory:' } : { dataDir: dir });
const ids = createUlidGenerator();
const now = new Date().toISOString();
const contact = { id: ids.next(), name: 'A', email: null, phone: null, tags: [], createdAt: now, updatedAt: now };
await store.contacts.create(contact);
await store.contacts.addIdentity({ channel: 'telegram', externalId: '1', contactId: contact.id, createdAt: now });
const conv = { id: ids.next(), kind: 'assistant' as const, title: 't', contactId: contact.id, channel: 'telegram' as const, externalChatId: '1', linkId: null, mode: 'standard' as const, handoff: false, createdAt: now, updatedAt: now, lastMessageAt: null };
await store.conversations.create(conv);
const N = 20000;
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  await store.transaction(async (tx) => {
    const c = await tx.contacts.findByIdentity('telegram', '1');
    const cv = await tx.conversations.get(conv.id);
    const m = { id: ids.next(), conversationId: cv!.id, sender: { type: 'contact' as const, id: c!.id, name: 'A' }, text: 'hello there, how are you doing today? ' + i, channel: 'telegram' as const, status: 'received' as const, externalId: 'e' + i, createdAt: now };
    await tx.messages.insert(m, 'tg:' + i);
    await tx.conversations.update(cv!.id, { lastMessageAt: now });
    const reply = { ...m, id: ids.next(), externalId: undefined, sender: { type: 'assistant' as const, name: 'K' }, status: 'queued' as const };
    await tx.messages.insert(reply);
    await tx.outbox.enqueue({ id: ids.next(), messageId: reply.id, conversationId: cv!.id, channel: 'telegram', recipient: '1', status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, lastError: null, createdAt: now, updatedAt: now });
  });
  if (i % 50 === 0) { const due = await store.outbox.claimDue(new Date().toISOString(), now, 50); for (const e of due) await store.outbox.markSent(e.id, now); }
}
const secs = (performance.now() - t0) / 1000;
console.log(mode, JSON.stringify({ ingestsPerSecond: Math.round(N / secs) }));
await store.close(); fs.rmSync(dir, { recursive: true });
