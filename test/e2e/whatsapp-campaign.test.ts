/**
 * A WhatsApp campaign and the 24-hour rule, end to end through the real `twilio` SDK against the fake
 * Twilio REST API: a recipient who never wrote (or not in the last 24 hours) gets the campaign's
 * approved Content template, personalised; one who wrote lately gets the free text. The template is
 * kept on the message, so a retry after a 429 sends the template again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssistantConversation } from '../../core/conversations.js';
import { createUlidGenerator } from '../../core/ids.js';
import type { Message } from '../../core/types.js';
import {
  type FakeTwilio,
  postTwilioWebhook,
  type SentMessage,
  whatsappInbound,
} from '../fakes/twilio-api.js';
import type { TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { startTwilioApp, type TwilioTestApp } from '../helpers/twilio-app.js';
import { waitFor } from '../helpers/wait.js';

const BUSINESS = 'whatsapp:+41791112233';
const CONTENT_SID = 'HX0123456789abcdef0123456789abcdef';
const MARIE = '+41795551234';
const GRACE = '+41795556789';
const ADA = '+41790000077';

let kit: TwilioTestApp;
let twilio: FakeTwilio;
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  kit = await startTwilioApp({ TWILIO_WHATSAPP_FROM: BUSINESS });
  ({ twilio, app, cookie } = kit);
});

afterAll(async () => {
  await kit?.stop();
});

const api = (path: string, init?: RequestInit) => adminFetch(app.url, cookie, path, init);

function sentTo(number: string): SentMessage[] {
  return twilio.sent.filter((m) => m.params.To === `whatsapp:${number}`);
}

async function contactByPhone(phone: string): Promise<string> {
  const contact = await app.kora.store.contacts.findByIdentity('whatsapp', phone);
  if (!contact) throw new Error(`no contact for ${phone}`);
  return contact.id;
}

async function messagesOf(conversationId: string): Promise<Message[]> {
  const page = await api(`/api/admin/conversations/${conversationId}/messages`);
  expect(page.status).toBe(200);
  return page.body.items;
}

async function launchAndFinish(id: string): Promise<void> {
  const launched = await api(`/api/admin/campaigns/${id}/launch`, { method: 'POST' });
  expect(launched.status).toBe(200);
  await waitFor(async () => (await api(`/api/admin/campaigns/${id}`)).body.status === 'completed');
}

describe('a WhatsApp campaign and the 24-hour rule', () => {
  let campaignId: string;

  it('says in its notes that recipients outside the 24-hour window need a template, until one is set', async () => {
    const imported = await fetch(`${app.url}/api/admin/contacts/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie, origin: app.url },
      body: `name,email,phone,tags\nMarie Curie,,${MARIE},wa\nGrace Hopper,,${GRACE},wa\n`,
    });
    expect(imported.status).toBe(200);
    const created = await api('/api/admin/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Rentrée',
        message: 'Bonjour {firstName}, les cours reprennent lundi !',
        targets: [{ type: 'tag', id: 'wa' }],
        channels: ['whatsapp'],
        schedule: null,
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body.whatsappTemplate).toBeNull();
    expect(created.body.notes).toHaveLength(1);
    expect(created.body.notes[0]).toMatch(/24 hours/);
    expect(created.body.notes[0]).toMatch(/63016/);
    expect(created.body.notes[0]).toMatch(/whatsappTemplate/);
    campaignId = created.body.id;
    expect((await api(`/api/admin/campaigns/${campaignId}`)).body.notes).toEqual(created.body.notes);

    // No WhatsApp among the channels: nothing to say. (The web: SMS is not configured in this app,
    // and the campaigns API refuses a channel that is not.)
    const web = await api('/api/admin/campaigns', {
      method: 'POST',
      body: JSON.stringify({ name: 'Web', message: 'Hi', targets: [{ type: 'all' }], channels: ['web'] }),
    });
    expect(web.status).toBe(201);
    expect(web.body.notes).toEqual([]);
  });

  it('refuses a malformed template with a 400 naming the field, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ contentSid: 'HX123' }, 'whatsappTemplate.contentSid'],
      [{ contentSid: 'MG0123456789abcdef0123456789abcdef' }, 'whatsappTemplate.contentSid'],
      [{ variables: { '1': 'x' } }, 'whatsappTemplate.contentSid'],
      [{ contentSid: CONTENT_SID, variables: { '1': 42 } }, 'whatsappTemplate.variables.1'],
      [{ contentSid: CONTENT_SID, body: 'free text' }, 'whatsappTemplate.body'],
      ['HX0123456789abcdef0123456789abcdef', 'whatsappTemplate'],
    ];
    for (const [whatsappTemplate, field] of cases) {
      const patched = await api(`/api/admin/campaigns/${campaignId}`, {
        method: 'PATCH',
        body: JSON.stringify({ whatsappTemplate }),
      });
      expect(patched.status, JSON.stringify(whatsappTemplate)).toBe(400);
      expect(patched.body.error).toMatchObject({ code: 'validation_failed', field });
    }
    const created = await api('/api/admin/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Bad',
        message: 'Hi',
        targets: [{ type: 'all' }],
        channels: ['whatsapp'],
        whatsappTemplate: { contentSid: 'HXnothex' },
      }),
    });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ field: 'whatsappTemplate.contentSid' });
    const unchanged = await api(`/api/admin/campaigns/${campaignId}`);
    expect(unchanged.body.whatsappTemplate).toBeNull();
  });

  it('sends the template to those outside the window and free text to one who wrote lately', async () => {
    // Ada writes in today: she is inside the window.
    const inbound = whatsappInbound(twilio.accountSid, ADA, BUSINESS, 'Bonjour !');
    const response = await postTwilioWebhook(kit.target(), '/webhooks/twilio', inbound);
    expect(response.status).toBeLessThan(300);
    await app.kora.engine.idle();
    const ada = await contactByPhone(ADA);
    // Grace wrote, but 25 hours ago: outside the window again.
    const grace = await app.kora.store.contacts.get(await contactByPhone(GRACE));
    const ids = createUlidGenerator();
    const longAgo = new Date(Date.now() - 25 * 60 * 60 * 1_000).toISOString();
    await app.kora.store.transaction(async (tx) => {
      const conversation = await openAssistantConversation(tx, ids, longAgo, {
        contact: grace!,
        channel: 'whatsapp',
        chatId: GRACE,
        link: null,
      });
      await tx.messages.insert({
        id: ids.next(),
        conversationId: conversation.id,
        sender: { type: 'contact', id: grace!.id, name: grace!.name },
        text: 'Merci !',
        channel: 'whatsapp',
        status: 'received',
        createdAt: longAgo,
      });
    });

    const whatsappTemplate = { contentSid: CONTENT_SID, variables: { '1': '{firstName}', '2': 'lundi' } };
    const patched = await api(`/api/admin/campaigns/${campaignId}`, {
      method: 'PATCH',
      body: JSON.stringify({
        targets: [
          { type: 'tag', id: 'wa' },
          { type: 'contact', id: ada },
        ],
        whatsappTemplate,
      }),
    });
    expect(patched.status).toBe(200);
    expect(patched.body.whatsappTemplate).toEqual(whatsappTemplate);
    expect(patched.body.notes).toEqual([]);

    const before = twilio.sent.length;
    await launchAndFinish(campaignId);
    const campaign = await api(`/api/admin/campaigns/${campaignId}`);
    expect(campaign.body.counts).toMatchObject({ sent: 3, failed: 0, skipped: 0 });
    await waitFor(async () => twilio.sent.length >= before + 3 && twilio.sent);

    const [toMarie] = sentTo(MARIE);
    expect(sentTo(MARIE)).toHaveLength(1);
    expect(toMarie!.params).toMatchObject({ From: BUSINESS, ContentSid: CONTENT_SID });
    expect(JSON.parse(toMarie!.params.ContentVariables as string)).toEqual({ '1': 'Marie', '2': 'lundi' });
    expect(toMarie!.params.Body).toBeUndefined();

    const [toGrace] = sentTo(GRACE);
    expect(sentTo(GRACE)).toHaveLength(1);
    expect(toGrace!.params.ContentSid).toBe(CONTENT_SID);
    expect(JSON.parse(toGrace!.params.ContentVariables as string)).toEqual({ '1': 'Grace', '2': 'lundi' });
    expect(toGrace!.params.Body).toBeUndefined();

    const toAda = sentTo(ADA).filter((m) => m.params.Body === 'Bonjour Ada, les cours reprennent lundi !');
    expect(toAda).toHaveLength(1);
    expect(toAda[0]!.params.ContentSid).toBeUndefined();
    expect(sentTo(ADA).every((m) => m.params.ContentSid === undefined)).toBe(true);

    // The coach reads the personalised text; the message says it went as the template.
    const marieConversation = await app.kora.store.conversations.findLatestByExternalChat('whatsapp', MARIE);
    const [marieMessage] = await messagesOf(marieConversation!.id);
    expect(marieMessage).toMatchObject({
      text: 'Bonjour Marie, les cours reprennent lundi !',
      template: { contentSid: CONTENT_SID, variables: { '1': 'Marie', '2': 'lundi' } },
    });
    const adaConversation = await app.kora.store.conversations.findLatestByExternalChat('whatsapp', ADA);
    const adaCampaign = (await messagesOf(adaConversation!.id)).find((m) => m.text.startsWith('Bonjour Ada'));
    expect(adaCampaign).toBeDefined();
    expect(adaCampaign!.template).toBeUndefined();
  });

  it('sends the template again when Twilio asks to retry (the template is stored with the message)', async () => {
    const marie = await contactByPhone(MARIE);
    const created = await api('/api/admin/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Rappel',
        message: 'Rappel {name}',
        targets: [{ type: 'contact', id: marie }],
        channels: ['whatsapp'],
        whatsappTemplate: { contentSid: CONTENT_SID, variables: { '1': '{name}' } },
      }),
    });
    expect(created.status).toBe(201);
    const requestsBefore = twilio.requests;
    twilio.failNext({ status: 429, code: 20429, message: 'Too Many Requests', retryAfterSeconds: 1 });
    const launched = await api(`/api/admin/campaigns/${created.body.id}/launch`, { method: 'POST' });
    expect(launched.status).toBe(200);
    const retried = await waitFor(() =>
      Promise.resolve(
        sentTo(MARIE).find((m) => m.params.ContentVariables === JSON.stringify({ '1': 'Marie Curie' })),
      ),
    );
    expect(twilio.requests - requestsBefore).toBe(2);
    expect(retried.params.ContentSid).toBe(CONTENT_SID);
    expect(retried.params.Body).toBeUndefined();
  });
});
