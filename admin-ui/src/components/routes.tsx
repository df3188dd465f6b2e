import { Route, Router } from 'preact-iso';
import { Home } from './home/index.js';
import { Login } from './login/index.js';
import { NotFound } from './not-found/index.js';
import { Setup } from './setup/index.js';

/** Pages reachable without a session; every other page sends a signed-out visitor to the login. */
export const PUBLIC_PATHS = ['/admin/login', '/admin/setup'];
export const LOGIN_PATH = '/admin/login';
export const HOME_PATH = '/admin';

// Every page is small so far; a heavy page gets preact-iso's `lazy(() => import('./x/index.js'))` here.
export function Routes() {
  return (
    <Router>
      <Route path="/admin/login" component={Login} />
      <Route path="/admin/setup" component={Setup} />
      <Route path="/admin" component={Home} />
      <Route default component={NotFound} />
    </Router>
  );
}
