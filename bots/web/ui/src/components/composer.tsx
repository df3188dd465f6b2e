import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { errorText, t } from '../lib/i18n.js';
import { imageProblem } from '../lib/images.js';
import { ChatError, MAX_TEXT } from '../lib/protocol.js';
import { AttachButton, EmojiButton } from './composer-tools.js';

/** An image the server (or the page, first) refused, in the member's words. */
function imageErrorText(error: ChatError): string | null {
  if (error.code === 'too_large' || error.code === 'unsupported_type') return t(`attach.${error.code}`);
  return null;
}

const MAX_HEIGHT_PX = 160;
const COUNT_FROM = MAX_TEXT - 200;

interface Props {
  onSend(text: string): Promise<void>;
  onSendImage(file: File, text: string): Promise<void>;
  onTyping(): void;
}

/** Enter sends, Shift+Enter starts a new line; a refused message stays in the box with the reason. */
export function Composer({ onSend, onSendImage, onTyping }: Props) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ChatError | null>(null);
  const [imagePending, setImagePending] = useState(false);
  const boxRef = useRef<HTMLTextAreaElement>(null);

  /** The emoji where the cursor is (or instead of the selection). */
  const insert = (emoji: string) => {
    const box = boxRef.current;
    const start = box?.selectionStart ?? text.length;
    const end = box?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + emoji + text.slice(end);
    setText(next);
    requestAnimationFrame(() => {
      box?.focus();
      box?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  /** The image goes at once, with what the box holds as its caption. */
  const sendImage = async (file: File) => {
    const problem = imageProblem(file);
    if (problem) return setError(new ChatError(problem, problem));
    setImagePending(true);
    setError(null);
    const caption = text.trim();
    try {
      await onSendImage(file, caption);
      setText((current) => (current.trim() === caption ? '' : current));
    } catch (failure) {
      setError(failure instanceof ChatError ? failure : new ChatError('client', String(failure)));
    } finally {
      setImagePending(false);
    }
  };

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
          {imageErrorText(error) ?? errorText(error.code, error.message, 'conversation')}
        </p>
      )}
      {imagePending && (
        <p class="count" role="status">
          {t('attach.sending')}
        </p>
      )}
      <div class="composer-row">
        <EmojiButton onPick={insert} />
        <AttachButton disabled={imagePending} onFile={(file) => void sendImage(file)} />
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
