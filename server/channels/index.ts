/**
 * The channels of this build: one line per plug-in (its descriptor lives in bots/<channel>/plugin.ts).
 * Adding a channel: its folder, and its line here.
 */
import { emailPlugin } from '../../bots/email/plugin.js';
import { smsPlugin } from '../../bots/sms/plugin.js';
import { teamsPlugin } from '../../bots/teams/plugin.js';
import { telegramPlugin } from '../../bots/telegram/plugin.js';
import { webPlugin } from '../../bots/web/plugin.js';
import { whatsappPlugin } from '../../bots/whatsapp/plugin.js';
import type { AnyChannelPlugin } from '../../core/channels/plugin.js';

export const CHANNEL_PLUGINS: readonly AnyChannelPlugin[] = [
  webPlugin,
  telegramPlugin,
  whatsappPlugin,
  smsPlugin,
  teamsPlugin,
  emailPlugin,
];
