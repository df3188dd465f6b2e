import { useState } from 'preact/hooks';
import type { JoinInput } from '../lib/chat-session.js';
import { type ErrorContext, errorText, t } from '../lib/i18n.js';
import type { ChatError } from '../lib/protocol.js';

interface Props {
  error: ChatError | null;
  errorContext: ErrorContext;
  intro: string;
  initial: JoinInput | undefined;
  onJoin(input: JoinInput): void;
}

/** Asked once per browser: who is writing. */
export function JoinForm({ error, errorContext, intro, initial, onJoin }: Props) {
  const [name, setName] = useState(initial?.name ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const trimmed = email.trim();
    onJoin(trimmed ? { name: name.trim(), email: trimmed } : { name: name.trim() });
  };
  return (
    <form class="join" onSubmit={onSubmit}>
      <p>{intro}</p>
      {error && (
        <p class="error" role="alert">
          {errorText(error.code, error.message, errorContext)}
        </p>
      )}
      <label for="join-name">{t('form.name')}</label>
      <input
        id="join-name"
        value={name}
        onInput={(event) => setName(event.currentTarget.value)}
        autocomplete="name"
        maxLength={100}
        required
        pattern=".*\S.*"
      />
      <label for="join-email">{t('form.email')}</label>
      <input
        id="join-email"
        type="email"
        value={email}
        onInput={(event) => setEmail(event.currentTarget.value)}
        autocomplete="email"
      />
      <button type="submit" class="primary">
        {t('form.submit')}
      </button>
    </form>
  );
}
