import { useI18n } from '../../lib/i18n.js';
import s from './style.module.css';

export type ComposeMode = 'reply' | 'note';

/** The composer's choices: answer the customer or write a private note; send now or at a time (`later`). */
export function ComposerTools({
  mode,
  onMode,
  later,
  onLater,
}: {
  mode: ComposeMode;
  onMode(mode: ComposeMode): void;
  /** A local date-time (<input type="datetime-local">), or null to send now. */
  later: string | null;
  onLater(later: string | null): void;
}) {
  const { t } = useI18n();
  return (
    <div class={s.tools}>
      <fieldset class={s.modes}>
        <legend class="visually-hidden">{t('compose.mode')}</legend>
        {(['reply', 'note'] as const).map((value) => (
          <button
            key={value}
            type="button"
            class="small"
            aria-pressed={mode === value}
            onClick={() => {
              onMode(value);
              if (value === 'note') onLater(null);
            }}
          >
            {t(value === 'reply' ? 'compose.reply' : 'compose.note')}
          </button>
        ))}
      </fieldset>
      {mode === 'reply' &&
        (later === null ? (
          <button type="button" class="small" onClick={() => onLater(defaultLater())}>
            {t('later.button')}
          </button>
        ) : (
          <span class={s.later}>
            <label>
              {t('later.label')}{' '}
              <input
                type="datetime-local"
                value={later}
                onInput={(event) => onLater(event.currentTarget.value)}
              />
            </label>
            <button type="button" class="small" onClick={() => onLater(null)}>
              {t('later.now')}
            </button>
          </span>
        ))}
      <a class={s.canned} href="/admin/canned-replies" title={t('canned.hintShort')}>
        {t('canned.title')}
      </a>
    </div>
  );
}

/** One hour from now, on the minute, in the browser's local time (the API reads it in TIMEZONE). */
function defaultLater(): string {
  const at = new Date(Date.now() + 3_600_000);
  at.setSeconds(0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
