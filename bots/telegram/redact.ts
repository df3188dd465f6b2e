/**
 * The bot token is a secret, and the Bot API puts it in every URL (`/bot<token>/sendMessage`): an
 * error message from the SDK or from fetch may carry it. Everything we log or store goes through here.
 */
const TOKEN_IN_URL = /bot\d+:[A-Za-z0-9_-]+/g;
const BARE_TOKEN = /\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g;

export function redactToken(text: string, token?: string): string {
  let out = token ? text.split(token).join('<token>') : text;
  out = out.replace(TOKEN_IN_URL, 'bot<token>').replace(BARE_TOKEN, '<token>');
  return out;
}
