import { deliveryErrorText } from '../../lib/delivery-error.js';
import { time } from '../../lib/format.js';
import { type I18n, type MessageKey, useI18n } from '../../lib/i18n.js';
import type { Message } from '../../lib/types.js';
import { MessageMedia } from '../message-media/index.js';
import { isSystemLine, SystemLine } from '../system-line/index.js';
import { CampaignMark } from '../campaign-mark/index.js';
import s from './style.module.css';

/** One message; the customer's on the left, the business's (coach, assistant, Kora) on the right. */
export function MessageItem({ message }: { message: Message }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  if (isSystemLine(message)) return <SystemLine message={message} />;
  const own = message.sender.type !== 'contact';
  const role = t(`sender.${message.sender.type}` as MessageKey);
  return (
    <li
      class={`${s.item} ${own ? s.own : ''} ${s[message.sender.type] ?? ''} ${message.kind === 'note' ? s.note : ''}`}
    >
      <span class={s.who}>
        {message.sender.name}
        {message.sender.type !== 'contact' && message.sender.name !== role && ` · ${role}`}
        {message.kind === 'note' && ` · ${t('compose.noteLabel')}`}
      </span>
      <CampaignMark message={message} />
      <div class={s.bubble}>
        {message.text}
        {message.media && message.media.length > 0 && <MessageMedia media={message.media} />}
      </div>
      {message.guard && message.guard.length > 0 && (
        <div class={s.guard}>
          <p>{t('conv.guard', { items: message.guard.map((g) => g.removed).join(', ') })}</p>
          {/* The passages the customer got one short phrase for instead, as the model wrote them. */}
          {[...new Set(message.guard.flatMap((g) => (g.passage ? [g.passage] : [])))].map((passage) => (
            <p key={passage}>{t('conv.guardPassage', { text: passage })}</p>
          ))}
        </div>
      )}
      {message.status === 'failed' && (
        <p class={s.failed}>
          {t('conv.failed', { error: deliveryErrorText(message.error ?? null, null, i18n) })}
        </p>
      )}
      <span class={s.meta}>
        {time(message.createdAt, lang)}
        {own && message.status !== 'received' && ` · ${statusText(message.status, t)}`}
      </span>
    </li>
  );
}

const STATUSES = new Set(['queued', 'sent', 'delivered', 'read', 'failed']);

/** The status in the panel's language; one the panel does not know yet shows as it came. */
function statusText(status: string, t: I18n['t']): string {
  return STATUSES.has(status) ? t(`message.status.${status}` as MessageKey) : status;
}
