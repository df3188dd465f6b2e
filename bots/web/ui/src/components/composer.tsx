import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { errorText, t } from '../lib/i18n.js';
import { ChatError, MAX_TEXT } from '../lib/protocol.js';

const MAX_HEIGHT_PX = 160;
const COUNT_FROM = MAX_TEXT - 200;

interface Props {
  onSend(text: string): Promise<void>;
  onTyping(): void;
}

/** Enter sends, Shift+Enter starts a new line; a refused message stays in the box with the reason. */
export function Composer({ onSend, onTyping }: Props) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ChatError | null>(null);
  const boxRef = useRef<HTMLTextAreaElement>(null);

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    box.style.height = 'auto';
    box.style.height = `${Math.min(box.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  const submit = async () => {
    const value = text.trim();
    if (!value || sending) return;
    setSending(true);
    setError(null);
    try {
      await onSend(value);
      // Keep whatever was typed while the message was on its way.
      setText((current) => (current.trim() === value ? '' : current));
    } catch (failure) {
      setError(failure instanceof ChatError ? failure : new ChatError('client', String(failure)));
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {error && (
        <p class="error" role="alert">
          {errorText(error.code, error.message, 'conversation')}
        </p>
      )}
      <div class="composer-row">
        <label for="composer-text" class="visually-hidden">
          {t('composer.label')}
        </label>
        <textarea
          id="composer-text"
          ref={boxRef}
          rows={1}
          maxLength={MAX_TEXT}
          value={text}
          placeholder={t('composer.placeholder')}
          onInput={(event) => {
            setText(event.currentTarget.value);
            setError(null);
            onTyping();
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" class="primary" disabled={sending || !text.trim()}>
          {t('composer.send')}
        </button>
      </div>
      {text.length > COUNT_FROM && (
        <p class="count">{t('composer.count', { count: text.length, max: MAX_TEXT })}</p>
      )}
    </form>
  );
}
