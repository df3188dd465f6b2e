import { useState } from 'preact/hooks';
import { totp } from '../../lib/auth.js';
import { useI18n } from '../../lib/i18n.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { FormActions } from '../form-actions/index.js';

type Purpose = 'disable' | 'renew';

const TEXTS = {
  disable: { title: 'security.turnOffTitle', hint: 'security.turnOffHint', submit: 'security.turnOff' },
  renew: { title: 'security.renewTitle', hint: 'security.renewHint', submit: 'security.renew' },
} as const;

/**
 * Turning 2FA off, or getting new recovery codes, asks for the password and a code (app or recovery):
 * an open session is not enough. `onDone` gets the new codes when there are some.
 */
export function TotpConfirm({
  purpose,
  onDone,
  onCancel,
}: {
  purpose: Purpose;
  onDone(recoveryCodes?: string[]): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const submit = useSubmit(['password', 'code']);
  const texts = TEXTS[purpose];

  const save = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      if (purpose === 'disable') {
        await totp.disable(password, code.trim());
        onDone();
      } else {
        onDone((await totp.renewRecoveryCodes(password, code.trim())).recoveryCodes);
      }
    });
  };

  return (
    <form onSubmit={save} aria-labelledby={`totp-${purpose}-title`}>
      <h3 id={`totp-${purpose}-title`}>{t(texts.title)}</h3>
      <p class="muted">{t(texts.hint)}</p>
      <FormAlert message={submit.placed.form} />
      <Field
        id={`totp-${purpose}-password`}
        label={t('field.password')}
        type="password"
        value={password}
        onInput={setPassword}
        autocomplete="current-password"
        required
        error={submit.placed.fields.password}
      />
      <Field
        id={`totp-${purpose}-code`}
        label={t('security.codeOrRecovery')}
        value={code}
        onInput={setCode}
        autocomplete="one-time-code"
        required
        error={submit.placed.fields.code}
      />
      <FormActions
        label={t(texts.submit)}
        pending={submit.pending}
        onCancel={onCancel}
        tone={purpose === 'disable' ? 'danger' : 'primary'}
      />
    </form>
  );
}
