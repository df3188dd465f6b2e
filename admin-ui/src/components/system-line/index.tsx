import { useI18n } from '../../lib/i18n.js';
import type { Message } from '../../lib/types.js';
import s from './style.module.css';

/** `sender.id` of the "(coach) joined the conversation" line (core/coach-joined.ts). */
const COACH_JOINED = 'coach_joined';

export function isSystemLine(message: Message): boolean {
  return message.sender.type === 'system' && message.sender.id === COACH_JOINED;
}

/** A line across the thread, in the panel's language: "Lina (coach) joined the conversation". */
export function SystemLine({ message }: { message: Message }) {
  const { t } = useI18n();
  return (
    <li class={s.line} data-system="coach_joined">
      <span>{t('system.coachJoined', { name: message.sender.name })}</span>
    </li>
  );
}
