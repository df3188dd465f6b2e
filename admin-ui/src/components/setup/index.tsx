import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { setup } from '../../lib/auth.js';
import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { useSubmit } from '../../lib/use-submit.js';
import { AuthCard } from '../auth-card/index.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';

const MIN_PASSWORD = 12;

/** `/admin/setup?token=…`: the one-time link printed at first start creates the owner account. */
export function Setup() {
  const { t } = useI18n();
  const token = useLocation().query.token ?? '';
  const { setUser } = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useSubmit(['name', 'email', 'password']);
  const { placed, pending } = submit;

  if (!token) {
    return (
      <AuthCard title={t('setup.title')}>
        <p class="alert" role="alert">
          {t('setup.missingToken')}
        </p>
      </AuthCard>
    );
  }

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      setUser(await setup({ token, name: name.trim(), email: email.trim(), password }));
    });
  };

  return (
    <AuthCard title={t('setup.title')}>
      <p>{t('setup.intro')}</p>
      <form onSubmit={onSubmit}>
        <FormAlert message={placed.form} />
        <Field
          id="name"
          label={t('field.name')}
          type="text"
          value={name}
          onInput={setName}
          autocomplete="name"
          required
          error={placed.fields.name}
        />
        <Field
          id="email"
          label={t('field.email')}
          type="email"
          value={email}
          onInput={setEmail}
          autocomplete="email"
          required
          error={placed.fields.email}
        />
        <Field
          id="password"
          label={t('field.password')}
          type="password"
          value={password}
          onInput={setPassword}
          autocomplete="new-password"
          required
          minLength={MIN_PASSWORD}
          hint={t('setup.passwordHint')}
          error={placed.fields.password}
        />
        <button type="submit" class="primary" disabled={pending}>
          {t('setup.submit')}
        </button>
      </form>
    </AuthCard>
  );
}
