/**
 * The built browser apps: the admin panel at /admin (any /admin/* path serves its index, the app
 * routes), the web chat at /c/:token (only for a link that exists) and /chat (groups and private
 * messages) with its assets at /chat-assets.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import type { Store } from '../../core/repositories.js';

const ADMIN_CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data: https:; style-src 'self'; frame-ancestors 'none'";
// The web chat is meant to be embedded in the business's own site, so any site may frame it.
const CHAT_CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data: blob: https:; style-src 'self'";

function readIndex(dir: string): string | null {
  const file = path.join(dir, 'index.html');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

function notBuilt(name: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Kora</title><p>The ${name} is not built: run <code>npm run build</code>.</p>`;
}

/** `dist/` at the repository root: the nearest folder above this file with a package.json (works from dist/ too). */
export function defaultDistDir(): string {
  let dir = import.meta.dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist');
}

export function staticRoutes(distDir: string, store: Store): Router {
  const router = express.Router();
  const adminDir = path.join(distDir, 'admin-ui');
  const chatDir = path.join(distDir, 'chat-ui');
  const adminIndex = readIndex(adminDir) ?? notBuilt('admin panel');
  const chatIndex = readIndex(chatDir) ?? notBuilt('web chat');

  router.use('/admin', express.static(adminDir, { index: false, redirect: false, maxAge: '1h' }));
  router.get(['/admin', '/admin/{*rest}'], (_req, res) => {
    res.setHeader('Content-Security-Policy', ADMIN_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(adminIndex);
  });
  router.use('/chat-assets', express.static(chatDir, { index: false, redirect: false, maxAge: '1h' }));
  router.get('/c/:token', async (req, res) => {
    res.setHeader('Content-Security-Policy', CHAT_CSP);
    res.setHeader('Cache-Control', 'no-store');
    const link = await store.links.getByToken(req.params.token);
    if (!link) {
      res
        .status(404)
        .type('html')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Kora</title><p>This chat link does not exist.</p>',
        );
      return;
    }
    res.type('html').send(chatIndex);
  });
  // The community chat: the page joins the group of `?group=` itself and answers not_found if there is none.
  router.get('/chat', (_req, res) => {
    res.setHeader('Content-Security-Policy', CHAT_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(chatIndex);
  });
  router.get('/', (_req, res) => res.redirect(302, '/admin'));
  return router;
}
