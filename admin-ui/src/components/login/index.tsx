import { useEffect, useState } from 'preact/hooks';
import { login } from '../../lib/auth.js';
import { ApiError } from '../../lib/fetch-json.js';
import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { useSubmit } from '../../lib/use-submit.js';
import { AuthCard } from '../auth-card/index.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';

/**
 * `/admin/login`; once the session is set, the app's guard moves on to the home page. With
 * two-factor sign-in on, the API answers the right password with `totp_required`: the form then
 * asks for the code (or a recovery code) and sends all three again.
 */
export function Login() {
  const { t } = useI18n();
  const { setUser } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [recovery, setRecovery] = useState(false);
  const submit = useSubmit(['email', 'password', 'code']);
  const { placed, pending } = submit;
  useEffect(() => {
    if (needsCode) document.getElementById('code')?.focus();
  }, [needsCode, recovery]);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      try {
        setUser(await login(email.trim(), password, needsCode ? code.trim() : undefined));
      } catch (error) {
        if (!needsCode && error instanceof ApiError && error.code === 'totp_required') {
          setNeedsCode(true);
          return;
        }
        throw error;
      }
    });
  };

  return (
    <AuthCard title={t('login.title')}>
      <form onSubmit={onSubmit}>
        <FormAlert message={placed.form} />
        <Field
          id="email"
          label={t('field.email')}
          type="email"
          value={email}
          onInput={setEmail}
          autocomplete="username"
          required
          error={placed.fields.email}
        />
        <Field
          id="password"
          label={t('field.password')}
          type="password"
          value={password}
          onInput={setPassword}
          autocomplete="current-password"
          required
          error={placed.fields.password}
        />
        {needsCode && (
          <>
            <Field
              id="code"
              label={t(recovery ? 'login.recoveryCode' : 'login.code')}
              value={code}
              onInput={setCode}
              autocomplete="one-time-code"
              inputMode={recovery ? 'text' : 'numeric'}
              required
              hint={t(recovery ? 'login.recoveryHint' : 'login.codeHint')}
              error={placed.fields.code}
            />
            <p>
              <button type="button" class="small" onClick={() => setRecovery(!recovery)}>
                {t(recovery ? 'login.useApp' : 'login.useRecovery')}
              </button>
            </p>
          </>
        )}
        <button type="submit" class="primary" disabled={pending}>
          {t('login.submit')}
        </button>
      </form>
      <p>
        <a href="/admin/reset-password">{t('login.forgot')}</a>
      </p>
    </AuthCard>
  );
}
