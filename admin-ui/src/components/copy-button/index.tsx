import { useState } from 'preact/hooks';
import { useI18n } from '../../lib/i18n.js';

/** Copies `text`; says "Copied" for a moment. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Without clipboard permission (plain http): select-and-copy the old way.
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setDone(true);
    setTimeout(() => setDone(false), 1500);
  };
  return (
    <button
      type="button"
      class="small"
      onClick={copy}
      aria-label={label ? `${t('copy')} ${label}` : undefined}
    >
      {done ? t('copied') : t('copy')}
    </button>
  );
}
