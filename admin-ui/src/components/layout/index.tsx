import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { logout } from '../../lib/auth.js';
import { errorMessage } from '../../lib/error-message.js';
import { ApiError } from '../../lib/fetch-json.js';
import { type MessageKey, useI18n } from '../../lib/i18n.js';
import { signOutHooks, useSession } from '../../lib/session.js';
import { LangSwitch } from '../lang-switch/index.js';
import { NAV } from '../routes.js';
import { UnreadBadge, useUnreadTitle } from '../unread-badge/index.js';
import s from './style.module.css';

/** The frame of the signed-in pages: header, main navigation, logout. */
export function Layout({ children }: { children: ComponentChildren }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { path } = useLocation();
  const { user, setUser } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const nav = useRef<HTMLElement>(null);
  useUnreadTitle();
  // On a phone the navigation is a scrolling row: keep the current section in sight.
  useEffect(() => {
    nav.current
      ?.querySelector('[aria-current="page"]')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [path]);

  const onLogout = async () => {
    setPending(true);
    setError(null);
    try {
      await logout();
      for (const hook of signOutHooks) hook();
      setUser(null);
    } catch (failure) {
      // A 401 means the session was already gone: the visitor is signed out either way.
      if (failure instanceof ApiError && failure.status === 401) setUser(null);
      else setError(failure);
      setPending(false);
    }
  };

  const current = path.replace(/\/+$/, '');
  const isCurrent = (href: string) =>
    href === '/admin' ? current === href : current === href || current.startsWith(`${href}/`);
  const items = NAV.filter((item) => !item.owner || user?.role === 'owner');
  return (
    <div class={s.shell}>
      <header class={s.header}>
        <a class={s.brand} href="/admin">
          Kora
        </a>
        <div class={s.tools}>
          <LangSwitch />
          <button type="button" onClick={onLogout} disabled={pending}>
            {t('logout')}
          </button>
        </div>
      </header>
      <nav ref={nav} class={s.nav} aria-label={t('nav.label')}>
        {items.map((item) => (
          <a key={item.href} href={item.href} aria-current={isCurrent(item.href) ? 'page' : undefined}>
            {t(item.label as MessageKey)}
            {item.href === '/admin/conversations' && <UnreadBadge />}
          </a>
        ))}
      </nav>
      <main class={s.main}>
        {error != null && (
          <p class="alert" role="alert">
            {errorMessage(error, i18n)}
          </p>
        )}
        {children}
      </main>
    </div>
  );
}
