import { useState } from 'preact/hooks';
import { coachTyping } from '../../lib/coach-typing.js';
import { sendMessage } from '../../lib/conversations.js';
import { useI18n } from '../../lib/i18n.js';
import type { Message } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import { AttachButton } from '../attach-button/index.js';
import s from './style.module.css';

/** The coach's answer: Enter sends, Shift+Enter adds a line; the text stays if sending fails. */
export function ReplyBox({
  conversationId,
  onSent,
  images = false,
}: {
  conversationId: string;
  onSent(message: Message): void;
  /** The image button (web chat conversations). */
  images?: boolean;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const submit = useSubmit(['text']);
  const error = submit.placed.fields.text ?? submit.placed.form;

  const send = async () => {
    if (!text.trim() || submit.pending) return;
    const sent = text;
    await submit.run(async () => {
      onSent(await sendMessage(conversationId, sent));
      setText((current) => (current === sent ? '' : current));
    });
  };

  return (
    <form
      class={s.box}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label for="reply" class="visually-hidden">
        {t('conv.reply')}
      </label>
      <textarea
        id="reply"
        rows={2}
        value={text}
        placeholder={t('conv.reply')}
        aria-describedby="reply-hint"
        aria-invalid={error ? true : undefined}
        onInput={(event) => {
          setText(event.currentTarget.value);
          coachTyping(conversationId);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            void send();
          }
        }}
      />
      {images && (
        <AttachButton
          conversationId={conversationId}
          caption={() => text}
          onSent={(message, caption) => {
            onSent(message);
            setText((current) => (current === caption ? '' : current));
          }}
        />
      )}
      <button type="submit" class="primary" disabled={submit.pending || !text.trim()}>
        {t('conv.send')}
      </button>
      <p id="reply-hint" class={s.hint}>
        {t('conv.replyHint')}
      </p>
      {error && (
        <p class={s.error} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
