import type { ChatSnapshot } from '../lib/chat-state.js';
import { plural, t } from '../lib/i18n.js';
import { conversationTitle, preview } from '../lib/titles.js';

interface Props {
  chat: ChatSnapshot;
  onSelect(conversationId: string): void;
}

/** Groups, private messages and assistant conversations, newest activity first, with unread counts. */
export function ConversationList({ chat, onSelect }: Props) {
  const { conversations, selectedId, member, messages } = chat;
  return (
    <nav class="conversations" aria-label={t('list.label')}>
      {conversations.length === 0 ? (
        <p class="empty">{t('list.empty')}</p>
      ) : (
        <ul>
          {conversations.map((conversation) => {
            const title = conversationTitle(conversation, member, messages[conversation.id]);
            const unread = conversation.unread;
            return (
              <li key={conversation.id}>
                <button
                  type="button"
                  class={`conversation${unread > 0 ? ' has-unread' : ''}`}
                  data-id={conversation.id}
                  data-kind={conversation.kind}
                  aria-current={conversation.id === selectedId ? 'true' : undefined}
                  onClick={() => onSelect(conversation.id)}
                >
                  <span class="avatar" aria-hidden="true">
                    {initial(title)}
                  </span>
                  <span class="summary">
                    <span class="title-line">
                      <span class="title">{title}</span>
                      {title !== t(`kind.${conversation.kind}`) && (
                        <span class="kind">{t(`kind.${conversation.kind}`)}</span>
                      )}
                    </span>
                    <span class="preview">{preview(conversation, member)}</span>
                  </span>
                  {unread > 0 && (
                    <span class="unread">
                      <span aria-hidden="true">{unread > 99 ? '99+' : unread}</span>
                      <span class="visually-hidden">{plural('list.unread', unread)}</span>
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}

function initial(title: string): string {
  return Array.from(title.trim())[0]?.toUpperCase() ?? '?';
}
