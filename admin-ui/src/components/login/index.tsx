import { useState } from 'preact/hooks';
import { login } from '../../lib/auth.js';
import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { useSubmit } from '../../lib/use-submit.js';
import { AuthCard } from '../auth-card/index.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';

/** `/admin/login`; once the session is set, the app's guard moves on to the home page. */
export function Login() {
  const { t } = useI18n();
  const { setUser } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useSubmit(['email', 'password']);
  const { placed, pending } = submit;

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      setUser(await login(email.trim(), password));
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
        <button type="submit" class="primary" disabled={pending}>
          {t('login.submit')}
        </button>
      </form>
    </AuthCard>
  );
}
