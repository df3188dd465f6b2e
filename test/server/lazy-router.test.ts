/**
 * server/http/lazy-router.ts: the module behind a lazy router is loaded once, by the first request,
 * however many arrive while it loads; a load that fails answers each request with the error handler.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { Router } from 'express';
import { afterEach, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { createErrorHandler } from '../../server/http/errors.js';
import { lazyRouter } from '../../server/http/lazy-router.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(router: express.RequestHandler): Promise<string> {
  const app = express();
  app.use('/api/admin', router);
  app.use((_req, res) => {
    res.status(404).json({ where: 'after' });
  });
  app.use(createErrorHandler(silentLogger));
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('loads the router once for the many requests that arrive while it loads, and serves them all', async () => {
  let loads = 0;
  const url = await serve(
    lazyRouter(async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const router = Router();
      router.get('/ping/:n', (req, res) => {
        res.json({ n: Number(req.params.n) });
      });
      return router;
    }),
  );
  const answers = await Promise.all(
    Array.from({ length: 20 }, async (_, n) => (await fetch(`${url}/api/admin/ping/${n}`)).json()),
  );
  expect(answers).toEqual(Array.from({ length: 20 }, (_, n) => ({ n })));
  // What the router does not match goes on to the next handler, as a router mounted directly.
  expect(await (await fetch(`${url}/api/admin/other`)).json()).toEqual({ where: 'after' });
  expect(loads).toBe(1);
});

it('answers every request with the error handler when the router cannot be loaded', async () => {
  const url = await serve(lazyRouter(() => Promise.reject(new Error('chunk missing'))));
  const statuses = await Promise.all(
    Array.from({ length: 5 }, async () => (await fetch(`${url}/api/admin/anything`)).status),
  );
  expect(statuses).toEqual([500, 500, 500, 500, 500]);
});
