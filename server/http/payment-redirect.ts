/** GET /p/:id: counts the click on the conversation the link was sent in, then redirects (302). */
import { Router } from 'express';
import type { Clock } from '../../core/ids.js';
import type { Store } from '../../core/repositories.js';

export function paymentRedirect(store: Store, clock: Clock): Router {
  const router = Router();
  router.get('/p/:id', async (req, res) => {
    const link = await store.trackedLinks.recordClick(req.params.id, clock.now().toISOString());
    if (!link) {
      res
        .status(404)
        .type('html')
        .send('<!doctype html><meta charset="utf-8"><title>Kora</title><p>This link does not exist.</p>');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.redirect(302, link.url);
  });
  return router;
}
