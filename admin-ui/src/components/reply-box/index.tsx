import { useState } from 'preact/hooks';
import { coachTyping } from '../../lib/coach-typing.js';
import { sendMessage } from '../../lib/conversations.js';
import { useI18n } from '../../lib/i18n.js';
import { postNote, type ScheduledMessage, scheduleMessage } from '../../lib/inbox.js';
import { CannedMenu, useCannedPicker } from '../canned-picker/index.js';
import { type ComposeMode, ComposerTools } from '../composer-tools/index.js';
import type { Message } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import { AttachButton } from '../attach-button/index.js';
import s from './style.module.css';

/**
 * The coach's answer: Enter sends, Shift+Enter adds a line; the text stays if sending fails. It can
 * be a private note instead, go later, or start from a canned reply (`/shortcut`).
 */
export function ReplyBox({
  conversationId,
  onSent,
  images = false,
  customerName,
  onScheduled,
}: {
  conversationId: string;
  onSent(message: Message): void;
  /** The image button (web chat conversations). */
  images?: boolean;
  /** Fills {firstName} and {name} in canned replies. */
  customerName?: string | null;
  onScheduled?(scheduled: ScheduledMessage): void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<ComposeMode>('reply');
  const [later, setLater] = useState<string | null>(null);
  const picker = useCannedPicker(text, customerName, setText);
  const submit = useSubmit(['text', 'sendAt']);
  const error = submit.placed.fields.text ?? submit.placed.fields.sendAt ?? submit.placed.form;

  const send = async () => {
    if (!text.trim() || submit.pending) return;
    const sent = text;
    await submit.run(async () => {
      if (mode === 'note') onSent(await postNote(conversationId, sent));
      else if (later !== null) {
        // Shown by the scheduled list; the composer is back to "now".
        onScheduled?.(await scheduleMessage(conversationId, sent, later));
        setLater(null);
      } else onSent(await sendMessage(conversationId, sent));
      setText((current) => (current === sent ? '' : current));
    });
  };

  const label = mode === 'note' ? t('compose.notePlaceholder') : t('conv.reply');
  return (
    <form
      class={`${s.box} ${mode === 'note' ? s.note : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <ComposerTools mode={mode} onMode={setMode} later={later} onLater={setLater} />
      <CannedMenu picker={picker} />
      <label for="reply" class="visually-hidden">
        {label}
      </label>
      <textarea
        id="reply"
        rows={2}
        value={text}
        placeholder={label}
        aria-describedby="reply-hint"
        aria-invalid={error ? true : undefined}
        onInput={(event) => {
          setText(event.currentTarget.value);
          coachTyping(conversationId);
        }}
        onKeyDown={(event) => {
          if (picker.onKey(event)) return;
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
        {mode === 'note' ? t('compose.addNote') : later !== null ? t('later.schedule') : t('conv.send')}
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
