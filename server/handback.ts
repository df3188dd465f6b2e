/**
 * The automatic hand-back: conversations handed off for longer than the assistant settings'
 * `handbackMinutes` without the coach writing go back to the assistant. A recurring Agenda job runs it
 * (server/app.ts): one run at a time for the installation, whichever process takes it; the hand-back
 * itself is a compare-and-set, so a run repeated after a crash changes nothing twice.
 */
import { DEFAULT_ASSISTANT_SETTINGS } from '../core/assistant/defaults.js';
import type { Engine } from '../core/engine.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../core/repositories.js';

export async function handBackIdle(store: Store, engine: Engine, logger: Logger): Promise<void> {
  try {
    const settings = (await store.settings.getAssistant()) ?? DEFAULT_ASSISTANT_SETTINGS;
    if (!settings.handbackMinutes) return;
    const count = await engine.handBackIdle(settings.handbackMinutes * 60_000);
    if (count > 0) logger.info({ count }, 'conversations handed back to the assistant');
  } catch (error) {
    logger.error({ err: error }, 'automatic hand-back failed');
  }
}
