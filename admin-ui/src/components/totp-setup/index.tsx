import { useState } from 'preact/hooks';
import { type AdminUser, totp } from '../../lib/auth.js';
import { useI18n } from '../../lib/i18n.js';
import { useLoad } from '../../lib/use-load.js';
import { useSubmit } from '../../lib/use-submit.js';
import { CopyButton } from '../copy-button/index.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { LoadView } from '../load-view/index.js';
import { QrCode } from '../qr-code/index.js';
import s from './style.module.css';
import { FormActions } from '../form-actions/index.js';

/** Groups of four, as authenticator apps show keys: easier to type without a slip. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/** Asks the API for a new secret, shows it (QR code and text), and turns 2FA on with a code. */
export function TotpSetup({
  onEnabled,
  onCancel,
}: {
  onEnabled(recoveryCodes: string[], user: AdminUser): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const setup = useLoad(totp.setup, []);
  const [code, setCode] = useState('');
  const submit = useSubmit(['code']);

  const confirm = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      const result = await totp.enable(code);
      onEnabled(result.recoveryCodes, result.user);
    });
  };

  return (
    <LoadView load={setup.load} retry={setup.reload}>
      {(data) => (
        <div class={s.setup}>
          <div class={s.scan}>
            <p>{t('security.scan')}</p>
            <QrCode text={data.otpauthUrl} label={t('security.qrLabel')} size={180} />
          </div>
          <div class={s.key}>
            <p>{t('security.typeSecret')}</p>
            <p class="row">
              <code class={s.secret} data-testid="totp-secret">
                {grouped(data.secret)}
              </code>
              <CopyButton text={data.secret} label={t('security.secretLabel')} />
            </p>
          </div>
          <form class={s.confirm} onSubmit={confirm}>
            <p>{t('security.confirm')}</p>
            <FormAlert message={submit.placed.form} />
            <Field
              id="totp-code"
              label={t('login.code')}
              value={code}
              onInput={setCode}
              autocomplete="one-time-code"
              inputMode="numeric"
              required
              error={submit.placed.fields.code}
            />
            <FormActions label={t('security.enable')} pending={submit.pending} onCancel={onCancel} />
          </form>
        </div>
      )}
    </LoadView>
  );
}
