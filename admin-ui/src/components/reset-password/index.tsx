import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { confirmPasswordReset, requestPasswordReset } from '../../lib/auth.js';
import { ApiError } from '../../lib/fetch-json.js';
import { useI18n } from '../../lib/i18n.js';
import { useSubmit } from '../../lib/use-submit.js';
import { AuthCard } from '../auth-card/index.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';

const MIN_PASSWORD = 12;

/**
 * `/admin/reset-password`: without a token, asks for the address to mail a reset link to (when email is
 * on; otherwise it says to ask the owner); with `?token=…` from that email, sets the new password.
 */
export function ResetPassword() {
  const token = useLocation().query.token ?? '';
  return token ? <ChoosePassword token={token} /> : <RequestLink />;
}

function RequestLink() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'form' | 'sent' | 'noEmail'>('form');
  const submit = useSubmit(['email']);
  const { placed, pending } = submit;

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      try {
        await requestPasswordReset(email.trim());
        setState('sent');
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) return setState('noEmail');
        throw error;
      }
    });
  };

  if (state !== 'form') return <ResetStatus message={state === 'sent' ? 'reset.sent' : 'reset.noEmail'} />;
  return (
    <AuthCard title={t('reset.title')}>
      <p>{t('reset.intro')}</p>
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
        <button type="submit" class="primary" disabled={pending}>
          {t('reset.send')}
        </button>
      </form>
    </AuthCard>
  );
}

function ChoosePassword({ token }: { token: string }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const submit = useSubmit(['password']);
  const { placed, pending } = submit;

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      await confirmPasswordReset(token, password);
      setDone(true);
    });
  };

  if (done) return <ResetStatus message="reset.done" />;
  return (
    <AuthCard title={t('reset.title')}>
      <form onSubmit={onSubmit}>
        <FormAlert message={placed.form} />
        <Field
          id="password"
          label={t('reset.newPassword')}
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
          {t('reset.submit')}
        </button>
      </form>
    </AuthCard>
  );
}

/** Where a reset stands (sent, no email, done), with the way back to the sign-in page. */
function ResetStatus({ message }: { message: 'reset.sent' | 'reset.noEmail' | 'reset.done' }) {
  const { t } = useI18n();
  return (
    <AuthCard title={t('reset.title')}>
      <p role="status">{t(message)}</p>
      <p>
        <a href="/admin/login">{t('reset.backToLogin')}</a>
      </p>
    </AuthCard>
  );
}
