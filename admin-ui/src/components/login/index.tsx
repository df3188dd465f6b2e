import { useState } from 'preact/hooks';
import { login } from '../../lib/auth.js';
import { placeError } from '../../lib/error-message.js';
import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { AuthCard } from '../auth-card/index.js';
import { Field } from '../field/index.js';

/** `/admin/login`; once the session is set, the app's guard moves on to the home page. */
export function Login() {
  const i18n = useI18n();
  const { t } = i18n;
  const { setUser } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const placed = placeError(error, i18n, ['email', 'password']);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      setUser(await login(email.trim(), password));
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  };

  return (
    <AuthCard title={t('login.title')}>
      <form onSubmit={onSubmit}>
        {placed.form && (
          <p class="alert" role="alert">
            {placed.form}
          </p>
        )}
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
        <button type="submit" class="primary" disabled={pending}>
          {t('login.submit')}
        </button>
      </form>
    </AuthCard>
  );
}
