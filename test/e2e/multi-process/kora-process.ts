/**
 * One Kora process of the multi-process suite, run as a real child process (`node --import tsx`): the
 * app exactly as `npm start` builds it from the environment (DATABASE_URL, Telegram in webhook mode,
 * the OpenAI provider pointed at the test's fake), with shorter campaign locks and leases so that a
 * killed process's work is taken over within seconds rather than a minute.
 */
import { silentLogger } from '../../../core/logger.js';
import { startKora } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';

const app = await startKora(loadConfig(process.env), {
  logger: silentLogger,
  turnWindowMs: Number(process.env.TEST_TURN_WINDOW_MS ?? 0),
  campaigns: { processEveryMs: 200, lockLifetimeMs: 3_000, leaseMs: 3_000 },
});
process.stdout.write(`READY ${app.url} ${process.pid}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
