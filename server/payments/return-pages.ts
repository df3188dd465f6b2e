/** The pages Stripe Checkout sends the customer back to (its success and cancel URLs). */
import { Router } from 'express';

function page(title: string, text: string): string {
  return `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><main style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1>${title}</h1><p>${text}</p></main>`;
}

export function returnPages(): Router {
  const router = Router();
  router.get('/payments/done', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res
      .type('html')
      .send(page('Thank you!', 'Your payment is received. You can close this page and go back to the chat.'));
  });
  router.get('/payments/cancelled', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res
      .type('html')
      .send(
        page(
          'Payment cancelled',
          'Nothing was charged. The payment link in the chat still works until it expires.',
        ),
      );
  });
  return router;
}
