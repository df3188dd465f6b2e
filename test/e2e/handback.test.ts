/**
 * The automatic hand-back runs as a recurring scheduler job (one run at a time for the installation,
 * whichever process takes it): a conversation handed off for longer than `handbackMinutes` goes back
 * to the assistant; one the coach took over just now stays with the coach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../core/assistant/defaults.js';
import { HANDBACK_JOB } from '../../scheduler/scheduler.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ start: { handbackIntervalMs: 300, campaigns: { processEveryMs: 100 } } });
});

afterAll(async () => {
  await app?.stop();
});

describe('the automatic hand-back', () => {
  it('gives an idle handed-off conversation back to the assistant, and leaves a fresh one with the coach', async () => {
    const { store } = app.kora;
    const cookie = await app.login();
    const link = await adminFetch(app.url, cookie, '/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({ name: 'Site', mode: 'standard' }),
    });
    const idle = await joinThroughLink(app.url, link.body.token, 'Idle');
    const fresh = await joinThroughLink(app.url, link.body.token, 'Fresh');
    const settings = (await store.settings.getAssistant()) ?? DEFAULT_ASSISTANT_SETTINGS;
    await store.settings.putAssistant({ ...settings, handbackMinutes: 30 });
    const now = Date.now();
    const longAgo = new Date(now - 31 * 60_000).toISOString();
    await store.conversations.update(idle.conversationId, { handoff: true, handoffAt: longAgo });
    await store.conversations.update(fresh.conversationId, {
      handoff: true,
      handoffAt: new Date(now).toISOString(),
    });
    await waitFor(
      async () => (await store.conversations.get(idle.conversationId))?.handoff === false,
      10_000,
    );
    expect((await store.conversations.get(fresh.conversationId))?.handoff).toBe(true);
    const { jobs } = await app.kora.campaigns.scheduler.agenda.queryJobs({ name: HANDBACK_JOB });
    expect(jobs).toHaveLength(1);
    idle.socket.close();
    fresh.socket.close();
  });
});
