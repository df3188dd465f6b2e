/**
 * The growing answer shown while a model streams. Only STANDARD conversations get it (a STRICT answer
 * is shown only once the guard has read all of it), at most every `intervalMs`, and without the
 * configured payment URLs: those become tracked links in the stored message, which replaces the preview.
 */
import type { EventBus } from '../events.js';

const HIDDEN_URL = '…';

export function previewSink(
  events: EventBus,
  conversationId: string,
  hiddenUrls: string[],
  intervalMs = 100,
): (textSoFar: string) => void {
  let lastAt = 0;
  return (textSoFar) => {
    const now = Date.now();
    if (now - lastAt < intervalMs) return;
    lastAt = now;
    let text = textSoFar;
    for (const url of hiddenUrls) text = text.split(url).join(HIDDEN_URL);
    events.emit('assistant:delta', { conversationId, text });
  };
}
