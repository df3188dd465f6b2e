/**
 * The automatic hand-back: every `intervalMs`, conversations handed off for longer than the assistant
 * settings' `handbackMinutes` without the coach writing go back to the assistant. (A timed job that
 * moves to the scheduler when Agenda arrives.)
 */
import { DEFAULT_ASSISTANT_SETTINGS } from '../core/assistant/defaults.js';
import type { Engine } from '../core/engine.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../core/repositories.js';

export function startHandback(store: Store, engine: Engine, logger: Logger, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const settings = (await store.settings.getAssistant()) ?? DEFAULT_ASSISTANT_SETTINGS;
      if (settings.handbackMinutes) {
        const count = await engine.handBackIdle(settings.handbackMinutes * 60_000);
        if (count > 0) logger.info({ count }, 'conversations handed back to the assistant');
      }
    } catch (error) {
      logger.error({ err: error }, 'automatic hand-back failed');
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
