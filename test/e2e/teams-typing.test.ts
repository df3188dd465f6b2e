/**
 * The typing indicator on Teams (the real Agents SDK against the fake Bot Connector): shown while the
 * assistant works on a message it will answer (a personal chat, a group message that mentions the
 * bot), before the answer; never for a group message the assistant does not answer, nor for a
 * redelivered message.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { teamsMessage } from '../fakes/bot-framework.js';
import { newGroupChatId, newPersonalChatId, startTeamsApp, type TeamsKit } from '../helpers/teams-app.js';
import { waitFor } from '../helpers/wait.js';

let kit: TeamsKit;

beforeAll(async () => {
  kit = await startTeamsApp();
});

afterAll(async () => {
  await kit?.stop();
});

it('shows typing in a personal chat before the answer, once per message', async () => {
  const chatId = newPersonalChatId();
  const message = teamsMessage(kit.bf, { conversationId: chatId, text: 'Bonjour, vous avez des cours ?' });
  await kit.send(message);
  const [typing] = await waitFor(() => (kit.typingIn(chatId).length > 0 ? kit.typingIn(chatId) : null));
  const [answer] = kit.postedTo(chatId);
  expect(typing!.activity).toMatchObject({ type: 'typing', conversation: { id: chatId } });
  expect(answer).toBeDefined();
  expect(typing!.receivedAt).toBeLessThanOrEqual(answer!.receivedAt);
  await kit.send(message);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(kit.typingIn(chatId)).toHaveLength(1);
});

it('shows typing in a group only for a message that mentions the bot', async () => {
  const chatId = newGroupChatId();
  await kit.send(teamsMessage(kit.bf, { conversationId: chatId, kind: 'groupChat', text: 'Qui vient ?' }));
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(kit.typingIn(chatId)).toHaveLength(0);
  await kit.send(
    teamsMessage(kit.bf, {
      conversationId: chatId,
      kind: 'groupChat',
      mention: true,
      text: 'vos horaires ?',
    }),
  );
  await waitFor(() => kit.typingIn(chatId).length === 1);
});
