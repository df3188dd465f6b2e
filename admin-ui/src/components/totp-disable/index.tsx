import { useState } from 'preact/hooks';
import { totp } from '../../lib/auth.js';
import { useI18n } from '../../lib/i18n.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { FormActions } from '../form-actions/index.js';

/** Turning 2FA off asks for the password and a code (app or recovery): an open session is not enough. */
export function TotpDisable({ onDone, onCancel }: { onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const submit = useSubmit(['password', 'code']);

  const save = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      await totp.disable(password, code.trim());
      onDone();
    });
  };

  return (
    <form onSubmit={save} aria-labelledby="totp-off-title">
      <h3 id="totp-off-title">{t('security.turnOffTitle')}</h3>
      <p class="muted">{t('security.turnOffHint')}</p>
      <FormAlert message={submit.placed.form} />
      <Field
        id="totp-off-password"
        label={t('field.password')}
        type="password"
        value={password}
        onInput={setPassword}
        autocomplete="current-password"
        required
        error={submit.placed.fields.password}
      />
      <Field
        id="totp-off-code"
        label={t('security.codeOrRecovery')}
        value={code}
        onInput={setCode}
        autocomplete="one-time-code"
        required
        error={submit.placed.fields.code}
      />
      <FormActions label={t('security.turnOff')} pending={submit.pending} onCancel={onCancel} tone="danger" />
    </form>
  );
}
