import { activeTypers, type ChatSnapshot, groupPeople } from '../lib/chat-state.js';
import type { ChatSession } from '../lib/chat-session.js';
import { errorText, t } from '../lib/i18n.js';
import type { ConversationSummary } from '../lib/protocol.js';
import { conversationTitle } from '../lib/titles.js';
import { Composer } from './composer.js';
import { LeaveGroup } from './leave-group.js';
import { MessageList } from './message-list.js';

interface Props {
  chat: ChatSnapshot;
  session: ChatSession;
  /** With a conversation list beside it (or behind it on a phone). */
  withList: boolean;
}

/** The open conversation: its header, messages, who is typing, and the composer. */
export function Thread({ chat, session, withList }: Props) {
  const conversation = chat.conversations.find((candidate) => candidate.id === chat.selectedId);
  const notice = chat.notice && (
    <div class="notice-bar" role="alert">
      <p>{errorText(chat.notice.error.code, chat.notice.error.message, chat.notice.context)}</p>
      <button type="button" class="icon" aria-label={t('dismiss')} onClick={() => session.dismissNotice()}>
        ×
      </button>
    </div>
  );
  if (!conversation) {
    return (
      <section class="thread">
        {notice}
        <p class="notice">{withList ? t('thread.none') : t('connecting')}</p>
      </section>
    );
  }
  const id = conversation.id;
  const title = conversationTitle(conversation, chat.member, chat.messages[id]);
  return (
    <section class="thread" aria-labelledby={withList ? 'thread-title' : undefined}>
      {withList && (
        <header class="thread-header">
          <button
            type="button"
            class="icon back"
            aria-label={t('thread.back')}
            onClick={() => session.back()}
          >
            ←
          </button>
          <h2 id="thread-title">{title}</h2>
          {/* "Assistant Assistant" says nothing more: the kind shows when the title is something else. */}
          {title !== t(`kind.${conversation.kind}`) && (
            <span class="kind">{t(`kind.${conversation.kind}`)}</span>
          )}
          {conversation.kind === 'group' && (
            <People chat={chat} conversation={conversation} session={session} />
          )}
        </header>
      )}
      {notice}
      <MessageList
        kind={conversation.kind}
        messages={chat.messages[id] ?? []}
        member={chat.member}
        typing={activeTypers(chat.typing[id], Date.now()).map((typer) => typer.name)}
        draft={chat.drafts[id] ?? null}
        readUpTo={chat.readUpTo[id]}
        more={chat.more[id] ?? false}
        onLoadOlder={() => void session.loadOlder()}
        onOpenDirect={(memberId) => void session.openDirect(memberId)}
        onAction={(messageId, actionId) => void session.action(messageId, actionId)}
      />
      <Composer
        key={id}
        onSend={(text) => session.send(text)}
        onSendImage={(file, text) => session.sendImage(file, text)}
        onTyping={() => session.typing()}
      />
    </section>
  );
}

/** The people seen writing in the group, each a button to write to them privately. */
function People({
  chat,
  conversation,
  session,
}: {
  chat: ChatSnapshot;
  conversation: ConversationSummary;
  session: ChatSession;
}) {
  const people = groupPeople(chat.messages[conversation.id], chat.member);
  return (
    <details class="people">
      <summary>{t('thread.members')}</summary>
      <div class="people-menu">
        {people.length === 0 ? (
          <p>{t('thread.noMembers')}</p>
        ) : (
          <>
            <p>{t('thread.membersHint')}</p>
            <ul>
              {people.map((person) => (
                <li key={person.id}>
                  <button
                    type="button"
                    aria-label={t('thread.privateTo', { name: person.name })}
                    onClick={(event) => {
                      (event.currentTarget.closest('details') as HTMLDetailsElement).open = false;
                      void session.openDirect(person.id);
                    }}
                  >
                    {person.name}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <LeaveGroup conversation={conversation} session={session} />
      </div>
    </details>
  );
}
