/**
 * The unsubscribe link of campaign emails. `POST /email/unsubscribe/:token` opts the address out at
 * once: the mail client's one-click unsubscribe (RFC 8058, `List-Unsubscribe-Post`), or the button
 * of the page. `GET` shows that page and changes nothing, so a link scanner that follows every link
 * of an email never unsubscribes anyone. A token that is not ours is 404 and changes nothing.
 */
import type { WebhookHandler, WebhookRequest } from '../../core/channels/plugin.js';
import { NotFoundError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../core/repositories.js';
import { escapeHtml } from './compose.js';
import { readUnsubscribeToken } from './unsubscribe-token.js';
import { optOutAddress } from './webhook.js';

export const UNSUBSCRIBE_PATH = '/email/unsubscribe/';

export interface UnsubscribeDeps {
  store: Store;
  logger: Logger;
  now: () => Date;
  secretKey: string;
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
${body}</body></html>`;
}

function addressOf(deps: UnsubscribeDeps, request: WebhookRequest): string {
  const path = request.originalUrl.split('?')[0] ?? '';
  const token = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  const address = readUnsubscribeToken(deps.secretKey, token);
  if (!address) throw new NotFoundError('unknown unsubscribe link');
  return address;
}

export function unsubscribePage(deps: UnsubscribeDeps): WebhookHandler {
  return async (request) => {
    const address = addressOf(deps, request);
    const body = page(
      'Unsubscribe',
      `<p>Stop the emails we send to <strong>${escapeHtml(address)}</strong>?</p>
<form method="post"><button type="submit">Unsubscribe</button></form>`,
    );
    return { status: 200, type: 'text/html', body };
  };
}

export function unsubscribeClick(deps: UnsubscribeDeps): WebhookHandler {
  return async (request) => {
    await optOutAddress(deps, addressOf(deps, request), 'unsubscribe link');
    const body = page('Unsubscribed', '<p>Done: you will not receive these emails anymore.</p>');
    return { status: 200, type: 'text/html', body };
  };
}
