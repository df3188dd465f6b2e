/**
 * Debian's Chromium driven by playwright-core. Missing Chromium skips the browser tests on a
 * developer's machine (with a notice) but fails them in CI, which installs it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type ConsoleMessage, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

const installed = existsSync(CHROMIUM_PATH);

/** Per browser test: a few seconds here, more on a slow CI machine. */
export const TEST_TIMEOUT_MS = 60_000;

/** For `describe.skipIf`: true only off CI when Chromium is missing. */
export const skipBrowserTests = !installed && process.env.CI !== 'true';

if (skipBrowserTests) {
  console.warn(
    `\n[browser tests skipped] ${CHROMIUM_PATH} not found; run \`apt-get install -y chromium\` to run them.\n`,
  );
}

export async function launchChromium(): Promise<Browser> {
  if (!installed) {
    throw new Error(
      `${CHROMIUM_PATH} not found: CI must install Debian's chromium (apt-get install -y chromium)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/**
 * The server reads the built page at start, so build it first when `npm run build` has not.
 * An existing build is used as is (rebuilding would empty the folder under other tests' servers).
 */
export async function ensureBuilt(ui: 'admin-ui' | 'chat-ui'): Promise<void> {
  if (existsSync(path.join(repoRoot, 'dist', ui, 'index.html'))) return;
  const config = ui === 'admin-ui' ? 'admin-ui/vite.config.ts' : 'bots/web/ui/vite.config.ts';
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, config), logLevel: 'warn' });
}

/**
 * Collects the page's uncaught errors and console errors, except the ones a browser prints for an
 * expected HTTP refusal (`allowStatus` on a URL containing `allowPath`, e.g. 401 from /auth/me).
 */
export function watchErrors(page: Page, allow: { path: string; status: number[] } | null = null): string[] {
  const errors: string[] = [];
  const expected = (message: ConsoleMessage) =>
    allow !== null &&
    message.location().url.includes(allow.path) &&
    allow.status.some((status) => message.text().includes(`status of ${status}`));
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected(message)) errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * Signs in through the panel's login page, in the page's language (EN or FR labels), and waits for the
 * panel's navigation. Tests of the login itself drive the form on their own.
 */
export async function signInToPanel(
  page: Page,
  baseUrl: string,
  credentials: { email: string; password: string },
  locale = 'en-US',
): Promise<void> {
  const french = locale.startsWith('fr');
  await page.goto(`${baseUrl}/admin/login`);
  await page.getByLabel(french ? 'E-mail' : 'Email').fill(credentials.email);
  await page.getByLabel(french ? 'Mot de passe' : 'Password').fill(credentials.password);
  await page.locator('form button[type="submit"]').click();
  await page.getByRole('navigation').waitFor();
}
