import { useEffect, useState } from 'preact/hooks';
import { ChatSession, type ChatSnapshot } from '../lib/chat-session.js';
import { errorText, t } from '../lib/i18n.js';
import { Composer } from './composer.js';
import { JoinForm } from './join-form.js';
import { MessageList } from './message-list.js';

export function ChatApp({ link }: { link: string | null }) {
  return (
    <div class="chat">
      <header class="chat-header">
        <h1>{t('title')}</h1>
      </header>
      {link ? (
        <LinkChat link={link} />
      ) : (
        <p class="notice" role="alert">
          {t('badLink')}
        </p>
      )}
    </div>
  );
}

function LinkChat({ link }: { link: string }) {
  const [session] = useState(() => new ChatSession(link));
  const [chat, setChat] = useState<ChatSnapshot>(session.snapshot);
  useEffect(() => {
    session.start(setChat);
    const onVisible = () => session.markRead();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      session.close();
    };
  }, [session]);

  if (chat.phase === 'form') {
    return <JoinForm error={chat.error} onJoin={(input) => session.join(input)} />;
  }
  if (chat.phase === 'failed') {
    return (
      <div class="notice">
        <p role="alert">{errorText(chat.error?.code ?? 'client', chat.error?.message)}</p>
        <button type="button" onClick={() => session.retry()}>
          {t('retry')}
        </button>
      </div>
    );
  }
  if (chat.phase === 'connecting') {
    return (
      <p class="notice" role="status">
        {t('connecting')}
      </p>
    );
  }
  return (
    <>
      {!chat.online && (
        <p class="banner" role="status">
          {t('offline')}
        </p>
      )}
      <MessageList messages={chat.messages} member={chat.member} typing={chat.typing} draft={chat.draft} />
      <Composer onSend={(text) => session.send(text)} onTyping={() => session.typing()} />
    </>
  );
}
