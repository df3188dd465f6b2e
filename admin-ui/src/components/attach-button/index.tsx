import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../lib/fetch-json.js';
import { errorMessage } from '../../lib/error-message.js';
import { useI18n } from '../../lib/i18n.js';
import type { Message } from '../../lib/types.js';
import { IMAGE_TYPES, MAX_IMAGE_BYTES, sendImage } from '../../lib/web-chat.js';
import s from './style.module.css';

/**
 * The composer's image button (web chat conversations): the image goes at once, as a coach message
 * with whatever the box holds as its caption; the server checks type and size again.
 */
export function AttachButton({
  conversationId,
  caption,
  onSent,
}: {
  conversationId: string;
  caption(): string;
  onSent(message: Message, captionUsed: string): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (file: File) => {
    setError(null);
    if (file.size > MAX_IMAGE_BYTES || !IMAGE_TYPES.split(',').includes(file.type)) {
      setError(t('fieldError.image'));
      return;
    }
    setPending(true);
    const text = caption();
    try {
      onSent(await sendImage(conversationId, file, text), text);
    } catch (failure) {
      const refusedFile = failure instanceof ApiError && (failure.field === 'file' || failure.status === 413);
      setError(refusedFile ? t('fieldError.image') : errorMessage(failure, i18n));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <button
        type="button"
        class={s.attach}
        aria-label={t('attach.label')}
        title={t('attach.label')}
        disabled={pending}
        onClick={() => input.current?.click()}
      >
        <svg
          width="20"
          height="20"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          stroke-width="2"
          stroke-linecap="round"
          stroke-linejoin="round"
          aria-hidden="true"
        >
          <path d="m21 11-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7" />
        </svg>
      </button>
      <input
        ref={input}
        type="file"
        accept={IMAGE_TYPES}
        class="visually-hidden"
        tabIndex={-1}
        aria-label={t('attach.label')}
        data-testid="attach-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void send(file);
        }}
      />
      {error && (
        <p class={s.error} role="alert">
          {error}
        </p>
      )}
    </>
  );
}
