import { useEffect, useState } from 'preact/hooks';
import { ChatSession, type ChatSnapshot } from '../lib/chat-session.js';
import { errorText, type Lang, lang, setLang, t } from '../lib/i18n.js';
import { loadMember, type Route } from '../lib/storage.js';
import { useBranding } from '../lib/branding.js';
import { BrandHeader } from './brand-header.js';
import { ConversationList } from './conversation-list.js';
import { JoinForm } from './join-form.js';
import { LangSwitch } from './lang-switch.js';
import { Thread } from './thread.js';

export function ChatApp({ route }: { route: Route }) {
  const [current, setCurrent] = useState<Lang>(lang);
  const [session, setSession] = useState<ChatSession | null>(null);
  const switchLang = (next: Lang) => {
    setLang(next);
    setCurrent(next);
    session?.retitle();
  };
  const body =
    route.kind === 'unknown' ? (
      <p class="notice" role="alert">
        {t('badLink')}
      </p>
    ) : route.kind === 'community' && !route.group && !loadMember() ? (
      <p class="notice">{t('noInvitation')}</p>
    ) : (
      <Chat route={route} onSession={setSession} />
    );
  return (
    <div class={`chat ${route.kind === 'community' ? 'community' : 'assistant'}`} lang={current}>
      <header class="chat-header">
        <BrandHeader />
        <LangSwitch onChange={switchLang} />
      </header>
      {body}
    </div>
  );
}

function Chat({ route, onSession }: { route: Route; onSession(session: ChatSession): void }) {
  const welcome = useBranding().welcomeMessage;
  const [session] = useState(() => new ChatSession(route));
  const [chat, setChat] = useState<ChatSnapshot>(session.snapshot);
  useEffect(() => {
    onSession(session);
    session.start(setChat);
    const onVisible = () => session.markRead();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      session.dispose();
    };
  }, [session, onSession]);

  if (chat.phase === 'form') {
    return (
      <JoinForm
        error={chat.error}
        errorContext={chat.errorContext}
        initial={session.lastJoin}
        intro={route.kind === 'community' ? t('form.introGroup') : welcome || t('form.intro')}
        onJoin={(input) => session.join(input)}
      />
    );
  }
  if (chat.phase === 'failed') {
    return (
      <div class="notice">
        <p role="alert">{errorText(chat.error?.code ?? 'client', chat.error?.message, chat.errorContext)}</p>
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
  // An entry link's visitor with one conversation needs no list; a member of the community always has it.
  const withList = route.kind === 'community' || chat.conversations.length > 1;
  return (
    <>
      {!chat.online && (
        <p class="banner" role="status">
          {t('offline')}
        </p>
      )}
      <div class={`chat-body${withList ? ' with-list' : ''}`} data-view={withList ? chat.view : 'thread'}>
        {withList && <ConversationList chat={chat} onSelect={(id) => session.select(id)} />}
        <Thread chat={chat} session={session} withList={withList} />
      </div>
    </>
  );
}
