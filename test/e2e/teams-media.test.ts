/**
 * Files on Teams (the real Agents SDK against the fake Bot Connector): an image and a file a Teams
 * user sends are stored as the message's media (by address, as other channels' media), the HTML copy
 * of the text is not. (The media of a message to Teams, a booking's QR code: teams-actions.test.ts.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { teamsMessage } from '../fakes/bot-framework.js';
import { newPersonalChatId, startTeamsApp, type TeamsKit } from '../helpers/teams-app.js';

let kit: TeamsKit;

beforeAll(async () => {
  kit = await startTeamsApp();
});

afterAll(async () => {
  await kit?.stop();
});

const IMAGE = 'https://smba.trafficmanager.net/emea/v3/attachments/0-abc/views/original';
const FILE = 'https://contoso.sharepoint.com/personal/ada/Documents/certificat.pdf?download=1';

it('stores an image and a file sent from Teams as the message media, with its text', async () => {
  const chatId = newPersonalChatId();
  const activity = {
    ...teamsMessage(kit.bf, { conversationId: chatId, text: 'Voici mon certificat' }),
    attachments: [
      { contentType: 'image/png', contentUrl: IMAGE, name: 'photo.png' },
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        name: 'certificat.pdf',
        content: { downloadUrl: FILE, fileType: 'pdf', uniqueId: 'u-1' },
      },
      { contentType: 'text/html', content: '<p>Voici mon certificat</p>' },
    ],
  };
  expect((await kit.send(activity)).status).toBe(200);
  const conversation = await kit.conversationOf(chatId);
  const messages = await kit.app.kora.store.messages.list(conversation!.id, { limit: 10 });
  const fromUser = messages.find((m) => m.sender.type === 'contact');
  expect(fromUser).toMatchObject({
    text: 'Voici mon certificat',
    media: [
      { url: IMAGE, contentType: 'image/png', name: 'photo.png' },
      { url: FILE, name: 'certificat.pdf' },
    ],
  });
});
