/**
 * A router whose module is imported on the first request that reaches it, not at start: the admin
 * API (its routes and their validation schemas) is a large part of the server that a start, and the
 * customers' traffic, never use. Requests that come while it loads wait for it; should the import
 * fail, they get the error (500), as a route that throws would.
 */
import type { RequestHandler } from 'express';

export function lazyRouter(load: () => Promise<RequestHandler>): RequestHandler {
  let router: Promise<RequestHandler> | null = null;
  return (req, res, next) => {
    router ??= load();
    // A throw from the router itself goes to `next`, as express does for a router mounted directly.
    router.then((handle) => handle(req, res, next)).catch(next);
  };
}
