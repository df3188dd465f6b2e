import { useLayoutEffect, useRef } from 'preact/hooks';
import { isOwn } from '../lib/chat-session.js';
import { lang, t } from '../lib/i18n.js';
import type { ChatMessage, Member, Sender } from '../lib/protocol.js';
import { MessageText } from './message-text.js';

const STICK_DISTANCE_PX = 80;
const timeFormat = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });

interface Props {
  messages: ChatMessage[];
  member: Member | null;
  typing: string | null;
  /** The assistant's answer while it is being written. */
  draft: string | null;
}

/** The conversation, kept scrolled to the newest message unless the visitor scrolled up to read. */
export function MessageList({ messages, member, typing, draft }: Props) {
  const listRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const last = messages.at(-1);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && (stick.current || (last && isOwn(last, member)))) list.scrollTop = list.scrollHeight;
  }, [last, member, typing, draft]);

  const onScroll = () => {
    const list = listRef.current;
    if (list) stick.current = list.scrollHeight - list.scrollTop - list.clientHeight < STICK_DISTANCE_PX;
  };

  return (
    <div class="messages" ref={listRef} onScroll={onScroll} role="log" aria-label={t('messages.label')}>
      {messages.length === 0 ? (
        <p class="empty">{t('messages.empty')}</p>
      ) : (
        <ol>
          {messages.map((message, index) => (
            <MessageItem
              key={message.id}
              message={message}
              own={isOwn(message, member)}
              first={index === 0 || !sameSender(messages[index - 1]!.sender, message.sender)}
            />
          ))}
        </ol>
      )}
      {draft && (
        <p class="message assistant draft" aria-live="polite">
          <span class="bubble">
            <MessageText text={draft} />
          </span>
        </p>
      )}
      {typing && <p class="typing">{t('typing', { name: typing })}</p>}
    </div>
  );
}

function MessageItem({ message, own, first }: { message: ChatMessage; own: boolean; first: boolean }) {
  const { sender } = message;
  const date = new Date(message.createdAt);
  const valid = !Number.isNaN(date.getTime());
  const badge = sender.type === 'assistant' || sender.type === 'coach' ? t(`badge.${sender.type}`) : null;
  return (
    <li
      class={`message ${sender.type}${own ? ' own' : ''}${first ? ' first' : ''}`}
      data-sender={sender.type}
    >
      {first && !own && sender.type !== 'system' && (
        <p class="sender">
          {/* An assistant named "Assistant" needs no name beside its badge. */}
          {sender.name.toLowerCase() !== badge?.toLowerCase() && sender.name}
          {badge && <span class="badge">{badge}</span>}
        </p>
      )}
      <p class="bubble">
        <MessageText text={message.text} />
      </p>
      <p class="meta">
        {valid && (
          <time dateTime={message.createdAt} title={dateTimeFormat.format(date)}>
            {timeFormat.format(date)}
          </time>
        )}
        {message.status === 'failed' && <span class="failed">{t('message.failed')}</span>}
      </p>
    </li>
  );
}

function sameSender(a: Sender, b: Sender): boolean {
  return a.type === b.type && a.id === b.id && a.name === b.name;
}
