/**
 * The server of the campaign crash test, run as a child process (`node --import tsx`): the real app
 * on DATA_DIR, plus an SMS channel whose provider is the test's fake HTTP endpoint (PROVIDER_URL).
 * Short scheduler locks and ledger leases so a restart takes over within seconds.
 */
import type { ChannelAdapter, OutboundMessage, SendResult } from '../../core/channels.js';
import { ChannelApiError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { startKora } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';

/** A real adapter over HTTP: each send is a POST carrying the outbox's idempotency key. */
class HttpSmsChannel implements ChannelAdapter {
  readonly name = 'sms' as const;
  readonly capabilities = { typing: false, streaming: false, media: false, groups: false };
  constructor(private readonly base: string) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  status() {
    return { state: 'ready' as const };
  }
  async send(outbound: OutboundMessage): Promise<SendResult> {
    const response = await fetch(`${this.base}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        key: outbound.idempotencyKey,
        to: outbound.recipient,
        text: outbound.message.text,
      }),
    });
    if (!response.ok) throw new ChannelApiError(`provider answered ${response.status}`, { transient: true });
    const body = (await response.json()) as { id: string };
    return { externalId: body.id };
  }
}

// Port 0 (a free one) is for tests only: users cannot ask for it, so it bypasses the parsed PORT.
const config = {
  ...loadConfig({ ...process.env, PORT: undefined }),
  port: Number(process.env.TEST_PORT ?? 0),
};
const app = await startKora(config, {
  logger: silentLogger,
  turnWindowMs: 0,
  channels: [new HttpSmsChannel(process.env.PROVIDER_URL!)],
  campaigns: { processEveryMs: 200, lockLifetimeMs: 2_000, leaseMs: 2_000, channelRates: { sms: null } },
});
process.stdout.write(`READY ${app.url}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
