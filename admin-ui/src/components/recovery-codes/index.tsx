import { useI18n } from '../../lib/i18n.js';
import { CopyButton } from '../copy-button/index.js';
import s from './style.module.css';

/** The recovery codes, shown once right after 2FA is turned on. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="recovery-title">
      <h3 id="recovery-title">{t('security.recoveryTitle')}</h3>
      <p class="notice">{t('security.recoveryIntro')}</p>
      <ol class={s.codes}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div class="row">
        <CopyButton text={codes.join('\n')} label={t('security.recoveryLabel')} />
        <button type="button" class="primary" onClick={onDone}>
          {t('security.done')}
        </button>
      </div>
    </section>
  );
}
