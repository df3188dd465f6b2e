/**
 * The unsubscribe link of campaign emails. `POST /email/unsubscribe/:token` opts the address out at
 * once: the mail client's one-click unsubscribe (RFC 8058, `List-Unsubscribe-Post`), or the button
 * of the page. `GET` shows that page and changes nothing, so a link scanner that follows every link
 * of an email never unsubscribes anyone. A token that is not ours is 404 and changes nothing.
 */
import express, { type Request, Router } from 'express';
import { escapeHtml } from '../../bots/email/compose.js';
import { maskAddress } from '../../bots/email/normalize.js';
import { readUnsubscribeToken } from '../../bots/email/unsubscribe-token.js';
import { NotFoundError } from '../../core/errors.js';
import type { Clock } from '../../core/ids.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../core/repositories.js';

export interface EmailUnsubscribeDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  secretKey: string;
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
${body}</body></html>`;
}

function addressOf(deps: EmailUnsubscribeDeps, req: Request): string {
  const address = readUnsubscribeToken(deps.secretKey, String(req.params.token ?? ''));
  if (!address) throw new NotFoundError('unknown unsubscribe link');
  return address;
}

export function emailUnsubscribeRoutes(deps: EmailUnsubscribeDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  router.get('/email/unsubscribe/:token', (req, res) => {
    const address = addressOf(deps, req);
    res.type('html').send(
      page(
        'Unsubscribe',
        `<p>Stop the emails we send to <strong>${escapeHtml(address)}</strong>?</p>
<form method="post"><button type="submit">Unsubscribe</button></form>`,
      ),
    );
  });

  router.post('/email/unsubscribe/:token', form, async (req, res) => {
    const address = addressOf(deps, req);
    const contact = await deps.store.contacts.findByIdentity('email', address);
    if (contact) {
      await deps.store.consents.set({
        contactId: contact.id,
        channel: 'email',
        optedOut: true,
        updatedAt: deps.clock.now().toISOString(),
      });
      deps.logger.info({ contactId: contact.id, to: maskAddress(address) }, 'email unsubscribe');
    }
    res.type('html').send(page('Unsubscribed', '<p>Done: you will not receive these emails anymore.</p>'));
  });

  return router;
}
