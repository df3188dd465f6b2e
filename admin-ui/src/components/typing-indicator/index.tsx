import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../lib/i18n.js';
import { useLive } from '../../lib/live.js';
import s from './style.module.css';

/** The web chat repeats `typing` at most every 1.5 s while the customer types: 4 s without one ends it. */
const SHOWN_MS = 4_000;

/** "Aïcha is typing…" under the thread while the customer types (channels that tell it: the web chat). */
export function TypingIndicator({ conversationId }: { conversationId: string }) {
  const { t } = useI18n();
  const [typing, setTyping] = useState<{ name: string; at: number } | null>(null);
  useLive('typing', (event) => {
    if (event.conversationId === conversationId) setTyping({ name: event.name, at: Date.now() });
  });
  // Their message arriving ends it at once.
  useLive('message', (event) => {
    if (event.conversationId === conversationId && event.message.sender.type === 'contact') setTyping(null);
  });
  useEffect(() => {
    if (!typing) return;
    const timer = setTimeout(() => setTyping(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [typing]);
  return (
    <p class={s.typing} aria-live="polite">
      {typing ? t('conv.typing', { name: typing.name }) : ''}
    </p>
  );
}
