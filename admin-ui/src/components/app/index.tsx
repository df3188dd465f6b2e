import { Component, type ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { LocationProvider, useLocation } from 'preact-iso';
import { type AdminUser, me } from '../../lib/auth.js';
import { errorMessage } from '../../lib/error-message.js';
import { createI18n, detectLang, I18nContext, type Lang, saveLang, useI18n } from '../../lib/i18n.js';
import { SessionContext, useSession } from '../../lib/session.js';
import { HOME_PATH, LOGIN_PATH, PUBLIC_PATHS, Routes } from '../routes.js';

/** The root: language, error boundary, router and session providers around the routes. */
export function App() {
  const [lang, setLang] = useState<Lang>(detectLang);
  const i18n = useMemo(
    () =>
      createI18n(lang, (next) => {
        saveLang(next);
        setLang(next);
      }),
    [lang],
  );
  // Before the paint, with the text it describes (an effect would leave the old language on it a frame).
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <I18nContext.Provider value={i18n}>
      <ErrorBoundary>
        <LocationProvider scope="/admin">
          <SessionProvider>
            <Routes />
          </SessionProvider>
        </LocationProvider>
      </ErrorBoundary>
    </I18nContext.Provider>
  );
}

interface BoundaryState {
  error?: unknown;
}

class ErrorBoundary extends Component<{ children: ComponentChildren }, BoundaryState> {
  override state: BoundaryState = {};

  override componentDidCatch(error: unknown) {
    // Keeps the stack in the browser console for a bug report; the user gets the reload screen.
    console.error(error);
    this.setState({ error });
  }

  override render() {
    return this.state.error ? <Crashed /> : this.props.children;
  }
}

function Crashed() {
  const { t } = useI18n();
  return (
    <div class="center">
      <p role="alert">{t('crashed')}</p>
      <button type="button" onClick={() => location.reload()}>
        {t('reload')}
      </button>
    </div>
  );
}

type Load = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready' };

/** Asks the API who is signed in once, then keeps the answer for every page. */
function SessionProvider({ children }: { children: ComponentChildren }) {
  const i18n = useI18n();
  const [user, setUser] = useState<AdminUser | null>(null);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const fetchUser = useCallback(() => {
    setLoad({ state: 'loading' });
    me().then(
      (current) => {
        setUser(current);
        setLoad({ state: 'ready' });
      },
      (error: unknown) => setLoad({ state: 'failed', error }),
    );
  }, []);
  useEffect(fetchUser, []);
  const session = useMemo(() => ({ user, setUser }), [user]);

  if (load.state === 'loading') {
    return (
      <p class="center" role="status">
        {i18n.t('loading')}
      </p>
    );
  }
  if (load.state === 'failed') {
    return (
      <div class="center">
        <p role="alert">{errorMessage(load.error, i18n)}</p>
        <button type="button" onClick={fetchUser}>
          {i18n.t('retry')}
        </button>
      </div>
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Guard>{children}</Guard>
    </SessionContext.Provider>
  );
}

/** Signed out on a private page → login; signed in on login or setup → home. */
function Guard({ children }: { children: ComponentChildren }) {
  const { path, route } = useLocation();
  const { user } = useSession();
  const isPublic = PUBLIC_PATHS.includes(path.replace(/\/+$/, ''));
  const target = !user && !isPublic ? LOGIN_PATH : user && isPublic ? HOME_PATH : null;
  useEffect(() => {
    if (target) route(target, true);
  }, [target, route]);
  return target ? null : children;
}
