import { useLayoutEffect, useRef } from 'preact/hooks';
import { useBranding } from '../lib/branding.js';
import { isOwn, isRead } from '../lib/chat-state.js';
import { dateFormat, t, typingText } from '../lib/i18n.js';
import type { ChatMessage, ConversationKind, Member, Sender } from '../lib/protocol.js';
import { MessageImage } from './message-image.js';
import { MessageText } from './message-text.js';

/** A member's or the coach's image: read with the member token (MessageImage), not a plain <img>. */
const isAttachment = (url: string) => url.startsWith('/chat/attachments/');

const STICK_DISTANCE_PX = 80;
/** `sender.id` of the server's "(coach) joined the conversation" line (core/coach-joined.ts). */
const COACH_JOINED = 'coach_joined';

interface Props {
  kind: ConversationKind;
  messages: ChatMessage[];
  member: Member | null;
  typing: string[];
  /** The assistant's answer while it is being written. */
  draft: string | null;
  /** Time of the newest message someone else has read. */
  readUpTo: number | undefined;
  more: boolean;
  onLoadOlder(): void;
  onOpenDirect(memberId: string): void;
  onAction(messageId: string, actionId: string): void;
}

/** The conversation, kept scrolled to the newest message unless the member scrolled up to read. */
export function MessageList(props: Props) {
  const { kind, messages, member, typing, draft, readUpTo } = props;
  const listRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const last = messages.at(-1);
  const typingLine = typing.length > 0 ? typingText(typing) : '';
  // The business's welcome line opens a conversation with it (not stored: the coach's current text).
  const branding = useBranding();
  const welcome = kind === 'assistant' ? branding.welcomeMessage : '';
  const answeredUpTo = lastAnswer(messages);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && (stick.current || (last && isOwn(last, member)))) list.scrollTop = list.scrollHeight;
  }, [last, member, typingLine, draft]);

  const onScroll = () => {
    const list = listRef.current;
    if (list) stick.current = list.scrollHeight - list.scrollTop - list.clientHeight < STICK_DISTANCE_PX;
  };

  return (
    <div class="messages" ref={listRef} onScroll={onScroll} role="log" aria-label={t('messages.label')}>
      {props.more && (
        <button type="button" class="older" onClick={props.onLoadOlder}>
          {t('thread.older')}
        </button>
      )}
      {welcome && !props.more && (
        <p class="message assistant first welcome">
          <span class="bubble">{welcome}</span>
        </p>
      )}
      {messages.length === 0 ? (
        !welcome && (
          <p class="empty">{t(kind === 'assistant' ? 'messages.empty' : 'messages.emptyCommunity')}</p>
        )
      ) : (
        <ol>
          {messages.map((message, index) => {
            const own = isOwn(message, member);
            return (
              <MessageItem
                key={message.id}
                message={message}
                own={own}
                first={index === 0 || !sameSender(messages[index - 1]!.sender, message.sender)}
                showName={kind !== 'direct'}
                receipt={own ? receiptOf(message, index, kind, readUpTo, answeredUpTo) : null}
                onOpenDirect={kind === 'group' ? props.onOpenDirect : null}
                onAction={props.onAction}
              />
            );
          })}
        </ol>
      )}
      {draft && (
        <p class="message assistant draft">
          <span class="bubble">
            <MessageText text={draft} />
          </span>
        </p>
      )}
      <p class="typing" aria-live="polite">
        {typingLine}
      </p>
    </div>
  );
}

interface ItemProps {
  message: ChatMessage;
  own: boolean;
  first: boolean;
  showName: boolean;
  receipt: Receipt | null;
  onOpenDirect: ((memberId: string) => void) | null;
  onAction(messageId: string, actionId: string): void;
}

function MessageItem({ message, own, first, showName, receipt, onOpenDirect, onAction }: ItemProps) {
  const { sender } = message;
  if (sender.type === 'system' && sender.id === COACH_JOINED) {
    return (
      <li class="message system-line" data-sender="system">
        <p>{t('system.coachJoined', { name: sender.name })}</p>
      </li>
    );
  }
  const date = new Date(message.createdAt);
  const valid = !Number.isNaN(date.getTime());
  const badge = sender.type === 'assistant' || sender.type === 'coach' ? t(`badge.${sender.type}`) : null;
  // An assistant named "Assistant" needs no name beside its badge.
  const name = sender.name.toLowerCase() !== badge?.toLowerCase() ? sender.name : null;
  const canWrite = onOpenDirect && sender.type === 'contact' && sender.id && !own;
  return (
    <li
      class={`message ${sender.type}${own ? ' own' : ''}${first ? ' first' : ''}`}
      data-sender={sender.type}
    >
      {first && !own && sender.type !== 'system' && (showName || badge) && (
        <p class="sender">
          {canWrite ? (
            <button
              type="button"
              class="sender-name"
              title={t('thread.privateTo', { name: sender.name })}
              onClick={() => onOpenDirect(sender.id!)}
            >
              {name}
            </button>
          ) : (
            name
          )}
          {badge && <span class="badge">{badge}</span>}
        </p>
      )}
      <p class="bubble">
        {own && <span class="visually-hidden">{t('message.you')}: </span>}
        {message.media?.map((item) =>
          isAttachment(item.url) ? (
            <MessageImage key={item.url} url={item.url} />
          ) : item.contentType?.startsWith('image/') ? null : (
            <a key={item.url} href={item.url} target="_blank" rel="noopener noreferrer nofollow">
              {item.name ?? item.url}
            </a>
          ),
        )}
        {message.text && <MessageText text={message.text} />}
      </p>
      {message.media?.map(
        (item) =>
          item.contentType?.startsWith('image/') &&
          !isAttachment(item.url) && (
            <img key={item.url} class="media" src={item.url} alt={item.name ?? ''} loading="lazy" />
          ),
      )}
      {!own && message.actions?.length ? (
        <div class="actions">
          {message.actions.map((action) => (
            <button key={action.id} type="button" onClick={() => onAction(message.id, action.id)}>
              {action.label}
            </button>
          ))}
        </div>
      ) : null}
      <p class="meta">
        {valid && (
          <time dateTime={message.createdAt} title={dateFormat('dateTime').format(date)}>
            {dateFormat('time').format(date)}
          </time>
        )}
        {message.status === 'failed' ? (
          <span class="failed">{t('message.failed')}</span>
        ) : (
          receipt && (
            <span class={`receipt ${receipt}`} title={t(`message.${receipt}`)}>
              <span aria-hidden="true">{receipt === 'sent' ? '✓' : '✓✓'}</span>
              <span class="visually-hidden">{t(`message.${receipt}`)}</span>
            </span>
          )
        )}
      </p>
    </li>
  );
}

type Receipt = 'sent' | 'delivered' | 'read';

/** The index of the business's newest answer (assistant or coach), or -1. */
function lastAnswer(messages: ChatMessage[]): number {
  return messages.findLastIndex(
    (message) => message.sender.type === 'assistant' || message.sender.type === 'coach',
  );
}

/**
 * ✓ sent (stored), ✓✓ read when someone else read it (in a conversation with the business: the coach
 * opened it). With the business, ✓✓ delivered in between: its assistant or coach answered after it.
 */
function receiptOf(
  message: ChatMessage,
  index: number,
  kind: ConversationKind,
  readUpTo: number | undefined,
  answeredUpTo: number,
): Receipt {
  if (isRead(message, readUpTo)) return 'read';
  return kind === 'assistant' && index < answeredUpTo ? 'delivered' : 'sent';
}

function sameSender(a: Sender, b: Sender): boolean {
  return a.type === b.type && a.id === b.id && a.name === b.name;
}
