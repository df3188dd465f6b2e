import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { listConversations, listMessages, listPaymentLinks, setHandoff } from '../../lib/conversations.js';
import { groupsUnavailable } from '../../lib/system.js';
import { errorMessage } from '../../lib/error-message.js';
import { dayKey, dayLabel } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useLive } from '../../lib/live.js';
import { upsertMessage } from '../../lib/message-merge.js';
import { CHANNEL_LABELS, type Conversation, type Message, type TrackedLink } from '../../lib/types.js';
import { type Load, useLoad } from '../../lib/use-load.js';
import { Empty, Failed, Loading } from '../load-view/index.js';
import { MessageItem } from '../message-item/index.js';
import { ReplyBox } from '../reply-box/index.js';
import s from './style.module.css';

/** The open conversation when the inbox's loaded pages do not hold it (a shared link, a reload). */
async function findConversation(id: string): Promise<Conversation | null> {
  for (let page = 1; page <= 5; page++) {
    const body = await listConversations({}, page);
    const found = body.items.find((item) => item.id === id);
    if (found) return found;
    if (body.items.length === 0 || page * body.items.length >= body.total) break;
  }
  return null;
}

interface Props {
  id: string;
  known: Conversation | null;
  onChange(conversation: Conversation): void;
}

export function ConversationView({ id, known, onChange }: Props) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [conversation, setConversation] = useState<Conversation | null>(known);
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [older, setOlder] = useState<'idle' | 'loading' | 'done'>('idle');
  const [toggleError, setToggleError] = useState<unknown>(null);
  const [toggling, setToggling] = useState(false);
  const payments = useLoad<TrackedLink[]>(() => listPaymentLinks(id), [id]);
  const noGroups = useLoad(() => groupsUnavailable(), []);
  // A group on a channel without groups here (WhatsApp through Twilio): nothing can be posted into it.
  const cannotPost =
    conversation?.kind === 'group' ? noGroups.load.data?.get(conversation.channel) : undefined;
  const scroller = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    if (known) setConversation(known);
  }, [known]);
  useEffect(() => {
    if (!known) findConversation(id).then(setConversation, () => {});
  }, [id]);

  const load = () => {
    setError(null);
    listMessages(id).then((items) => {
      setMessages(items);
      setOlder(items.length < 50 ? 'done' : 'idle');
    }, setError);
  };
  useEffect(load, [id]);

  const loadOlder = async () => {
    const first = messages?.[0];
    if (!first || older !== 'idle') return;
    setOlder('loading');
    const box = scroller.current;
    const fromBottom = box ? box.scrollHeight - box.scrollTop : 0;
    try {
      const items = await listMessages(id, first.id);
      setMessages((current) => [...items, ...(current ?? [])]);
      setOlder(items.length < 50 ? 'done' : 'idle');
      // Keep the message the coach was reading where it was.
      requestAnimationFrame(() => {
        if (box) box.scrollTop = box.scrollHeight - fromBottom;
      });
    } catch (failure) {
      setError(failure);
      setOlder('idle');
    }
  };

  useLive('message', (event) => {
    if (event.conversationId !== id) return;
    setMessages((current) => (current ? upsertMessage(current, event.message) : current));
    if (event.message.sender.type === 'assistant') payments.reload();
  });
  useLive('conversation', (event) => {
    if (event.conversation.id === id) setConversation(event.conversation);
  });
  // Back from a disconnection: the latest page merged in, so older pages, statuses that moved
  // forward and the draft in the reply box all stay.
  useLive('resynced', () => {
    listMessages(id).then(
      (items) => setMessages((current) => (current ? items.reduce(upsertMessage, current) : items)),
      () => {},
    );
    payments.reload();
    if (!known)
      findConversation(id).then(
        (found) => found && setConversation(found),
        () => {},
      );
  });

  useLayoutEffect(() => {
    const box = scroller.current;
    if (box && stickToBottom.current) box.scrollTop = box.scrollHeight;
  }, [messages]);

  const onScroll = () => {
    const box = scroller.current;
    if (!box) return;
    stickToBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    if (box.scrollTop < 40) void loadOlder();
  };

  const toggle = async () => {
    if (!conversation) return;
    setToggling(true);
    setToggleError(null);
    try {
      const updated = await setHandoff(id, !conversation.handoff);
      setConversation(updated);
      onChange(updated);
    } catch (failure) {
      setToggleError(failure);
    } finally {
      setToggling(false);
    }
  };

  const words = { today: t('today'), yesterday: t('yesterday') };
  let lastDay = '';
  return (
    <div class={s.view}>
      <header class={s.header}>
        <a class={s.back} href="/admin/conversations">
          ← {t('inbox.back')}
        </a>
        <div class={s.heading}>
          <h2 class={s.title}>{conversation?.title ?? '…'}</h2>
          {conversation && (
            <span class={s.sub}>
              {CHANNEL_LABELS[conversation.channel] ?? conversation.channel} ·{' '}
              {conversation.kind === 'group'
                ? t('conv.group')
                : t('conv.mode', { mode: t(`conv.mode.${conversation.mode}`) })}
            </span>
          )}
        </div>
        {conversation && conversation.kind === 'assistant' && (
          <div class={s.handoff}>
            <span class={s.state}>{conversation.handoff ? t('conv.handoffOn') : t('conv.handoffOff')}</span>
            <button
              type="button"
              class={conversation.handoff ? undefined : 'primary'}
              onClick={toggle}
              disabled={toggling}
            >
              {conversation.handoff ? t('conv.handBack') : t('conv.takeOver')}
            </button>
          </div>
        )}
      </header>
      {toggleError != null && (
        <p class="alert" role="alert">
          {errorMessage(toggleError, i18n)}
        </p>
      )}
      <PaymentLinks load={payments.load} />
      {error != null && <Failed error={error} retry={load} />}
      {messages === null && error == null && <Loading />}
      {messages !== null && (
        <ol class={s.messages} ref={scroller} onScroll={onScroll} aria-live="polite">
          {older === 'idle' && messages.length > 0 && (
            <li class={s.older}>
              <button type="button" class="small" onClick={loadOlder}>
                {t('conv.older')}
              </button>
            </li>
          )}
          {older === 'loading' && (
            <li class={s.older}>
              <Loading />
            </li>
          )}
          {messages.length === 0 && (
            <li>
              <Empty text={t('conv.noMessages')} />
            </li>
          )}
          {messages.map((message) => {
            const day = dayKey(message.createdAt);
            const separator = day !== lastDay;
            lastDay = day;
            return [
              separator && (
                <li key={`day-${day}`} class={s.day}>
                  {dayLabel(message.createdAt, lang, words)}
                </li>
              ),
              <MessageItem key={message.id} message={message} />,
            ];
          })}
        </ol>
      )}
      {cannotPost ? (
        <p class="muted" role="note">
          {cannotPost}
        </p>
      ) : (
        <ReplyBox
          conversationId={id}
          onSent={(message) => {
            stickToBottom.current = true;
            setMessages((current) => (current ? upsertMessage(current, message) : [message]));
          }}
        />
      )}
    </div>
  );
}

function PaymentLinks({ load }: { load: Load<TrackedLink[]> }) {
  const { t } = useI18n();
  const links = load.data ?? [];
  if (links.length === 0) return null;
  return (
    <details class={s.payments}>
      <summary>
        {t('conv.payments')} · {t('conv.clicks', { n: links.reduce((sum, link) => sum + link.clicks, 0) })}
      </summary>
      <ul>
        {links.map((link) => (
          <li key={link.id}>
            <span class={s.url}>{link.url}</span>{' '}
            <span class="badge">{t('conv.clicks', { n: link.clicks })}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
