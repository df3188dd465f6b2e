import { useState } from 'preact/hooks';
import { type AdminUser, totp } from '../../lib/auth.js';
import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { useLoad } from '../../lib/use-load.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { RecoveryCodes } from '../recovery-codes/index.js';
import { TotpConfirm } from '../totp-confirm/index.js';
import { TotpSetup } from '../totp-setup/index.js';
import s from './style.module.css';

type Mode = 'idle' | 'setup' | 'disable' | 'renew';

/** `/admin/security`: the signed-in user's own two-factor sign-in (TOTP). */
export function Security() {
  const { t, lang } = useI18n();
  const { user, setUser } = useSession();
  const status = useLoad(totp.status, []);
  const [mode, setMode] = useState<Mode>('idle');
  const [codes, setCodes] = useState<string[] | null>(null);

  const enabled = (recoveryCodes: string[], updated: AdminUser) => {
    setCodes(recoveryCodes);
    setUser(updated);
    setMode('idle');
    status.reload();
  };
  const disabled = () => {
    if (user) setUser({ ...user, totpEnabled: false });
    setMode('idle');
    status.reload();
  };
  const renewed = (recoveryCodes?: string[]) => {
    setCodes(recoveryCodes ?? null);
    setMode('idle');
    status.reload();
  };
  const codesLeft = (n: number) =>
    t(
      new Intl.PluralRules(lang).select(n) === 'one' ? 'security.codesLeft.one' : 'security.codesLeft.other',
      {
        n,
      },
    );

  return (
    <>
      <PageHeader title={t('security.title')} />
      <section class={`panel ${s.section}`} aria-labelledby="totp-title">
        <h2 id="totp-title">{t('security.totp')}</h2>
        <p class="muted">{t('security.totpIntro')}</p>
        {codes ? (
          <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />
        ) : (
          <LoadView load={status.load} retry={status.reload}>
            {(data) =>
              data.enabled ? (
                <>
                  <p>
                    <span class={`badge ${s.on}`}>✓</span>{' '}
                    {t('security.on', { date: dateTime(data.enabledAt ?? '', lang) })}{' '}
                    {codesLeft(data.recoveryCodesLeft)}
                  </p>
                  {mode === 'disable' || mode === 'renew' ? (
                    <TotpConfirm
                      purpose={mode}
                      onDone={mode === 'disable' ? disabled : renewed}
                      onCancel={() => setMode('idle')}
                    />
                  ) : (
                    <div class="row">
                      <button type="button" onClick={() => setMode('renew')}>
                        {t('security.renew')}
                      </button>
                      <button type="button" class="danger" onClick={() => setMode('disable')}>
                        {t('security.turnOff')}
                      </button>
                    </div>
                  )}
                </>
              ) : mode === 'setup' ? (
                <TotpSetup onEnabled={enabled} onCancel={() => setMode('idle')} />
              ) : (
                <>
                  <p>{t('security.off')}</p>
                  <button type="button" class="primary" onClick={() => setMode('setup')}>
                    {t('security.setUp')}
                  </button>
                </>
              )
            }
          </LoadView>
        )}
      </section>
    </>
  );
}
