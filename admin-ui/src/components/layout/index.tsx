import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { logout } from '../../lib/auth.js';
import { errorMessage } from '../../lib/error-message.js';
import { ApiError } from '../../lib/fetch-json.js';
import { type MessageKey, useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { LangSwitch } from '../lang-switch/index.js';
import s from './style.module.css';

const NAV: { href: string; label: MessageKey }[] = [{ href: '/admin', label: 'nav.home' }];

/** The frame of the signed-in pages: header, main navigation, logout. */
export function Layout({ children }: { children: ComponentChildren }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { path } = useLocation();
  const { setUser } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const onLogout = async () => {
    setPending(true);
    setError(null);
    try {
      await logout();
      setUser(null);
    } catch (failure) {
      // A 401 means the session was already gone: the visitor is signed out either way.
      if (failure instanceof ApiError && failure.status === 401) setUser(null);
      else setError(failure);
      setPending(false);
    }
  };

  const current = path.replace(/\/+$/, '');
  return (
    <div class={s.shell}>
      <header class={s.header}>
        <span class={s.brand}>Kora</span>
        <nav class={s.nav} aria-label={t('nav.label')}>
          {NAV.map((item) => (
            <a key={item.href} href={item.href} aria-current={current === item.href ? 'page' : undefined}>
              {t(item.label)}
            </a>
          ))}
        </nav>
        <div class={s.tools}>
          <LangSwitch />
          <button type="button" onClick={onLogout} disabled={pending}>
            {t('logout')}
          </button>
        </div>
      </header>
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
