/**
 * Message actions on Teams (the real Agents SDK against the fake Bot Connector): the booking flow's
 * class choices arrive as an Adaptive Card with one Action.Submit per choice; a press (a message
 * activity whose `value` carries the action) is the same button event as a Telegram press, stored
 * before the 200, and a redelivered press books nothing more.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localParts } from '../../core/bookings/calendar.js';
import { type PostedActivity, postActivity, teamsMessage } from '../fakes/bot-framework.js';
import { adminFetch } from '../helpers/chat-client.js';
import { newPersonalChatId, startTeamsApp, type TeamsKit } from '../helpers/teams-app.js';
import { waitFor } from '../helpers/wait.js';

let kit: TeamsKit;

beforeAll(async () => {
  kit = await startTeamsApp({ TIMEZONE: 'Europe/Zurich' });
});

afterAll(async () => {
  await kit?.stop();
});

interface CardAction {
  type: string;
  title: string;
  data: { koraAction: string };
}

/** The Action.Submit buttons of a posted activity's Adaptive Card. */
function actionsOf(post: PostedActivity): CardAction[] {
  const attachments = (post.activity.attachments ?? []) as {
    contentType: string;
    content: { actions?: [] };
  }[];
  const card = attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return (card?.content.actions ?? []) as CardAction[];
}

it('offers classes as Action.Submit buttons; a press books once, answered with a cancel button', async () => {
  const { bf, app, cookie } = kit;
  const day = localParts(new Date(Date.now() + 86_400_000), 'Europe/Zurich').date;
  const created = await adminFetch(app.url, cookie, '/api/admin/classes', {
    method: 'POST',
    body: JSON.stringify({
      title: 'Yoga du matin',
      startsAt: `${day}T08:00`,
      durationMinutes: 60,
      capacity: 3,
      payment: 'manual',
      price: { amount: 20, currency: 'CHF' },
    }),
  });
  expect(created.status).toBe(201);
  const chatId = newPersonalChatId();
  const user = { id: '29:1noa', name: 'Noa', aadObjectId: 'aad-noa' };
  await kit.send(teamsMessage(bf, { conversationId: chatId, user, text: 'Je voudrais réserver un cours' }));
  const list = await waitFor(() =>
    kit.postedTo(chatId).find((post) => actionsOf(post).some((a) => a.data.koraAction.startsWith('book:'))),
  );
  const choice = actionsOf(list).find((a) => a.data.koraAction.startsWith(`book:${created.body.id}`))!;
  expect(choice).toMatchObject({ type: 'Action.Submit', title: expect.stringContaining('08:00') });
  expect(list.activity.text).not.toMatch(/^1\. /m);

  // Teams posts a press as a message activity without text, the card's data as its value.
  const press = { ...teamsMessage(bf, { conversationId: chatId, user, text: '' }), value: choice.data };
  delete (press as { text?: string }).text;
  const statuses = await Promise.all([1, 2].map(() => postActivity(app.url, press, bf.sign())));
  expect(statuses.map((s) => s.status)).toEqual([200, 200]);
  await app.kora.engine.idle();
  const confirmation = await waitFor(() =>
    kit.postedTo(chatId).find((post) => actionsOf(post).some((a) => a.data.koraAction.startsWith('cancel:'))),
  );
  expect(confirmation.activity.text).toMatch(/[A-HJKMNP-Z]{6}/);
  // Its QR code goes as an image attachment beside the card (media capability).
  const attachments = confirmation.activity.attachments as { contentType: string; contentUrl?: string }[];
  expect(attachments[0]).toMatchObject({
    contentType: 'image/png',
    contentUrl: expect.stringMatching(/^https?:\/\/.+\/qr\/bookings\/[A-HJKMNP-Z]{6}\.png$/),
  });
  const conversation = await kit.conversationOf(chatId);
  const messages = await app.kora.store.messages.list(conversation!.id, { limit: 50 });
  expect(messages.filter((m) => m.sender.type === 'contact').map((m) => m.text)).toEqual([
    'Je voudrais réserver un cours',
    choice.title,
  ]);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const confirmations = kit
    .postedTo(chatId)
    .filter((post) => actionsOf(post).some((a) => a.data.koraAction.startsWith('cancel:')));
  expect(confirmations).toHaveLength(1);
});
