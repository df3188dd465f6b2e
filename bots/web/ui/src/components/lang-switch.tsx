import { type Lang, LANGS, lang, t } from '../lib/i18n.js';

export function LangSwitch({ onChange }: { onChange(next: Lang): void }) {
  return (
    <select
      class="lang"
      aria-label={t('language')}
      value={lang}
      onChange={(event) => onChange(event.currentTarget.value as Lang)}
    >
      {Object.entries(LANGS).map(([code, label]) => (
        <option key={code} value={code} lang={code}>
          {label}
        </option>
      ))}
    </select>
  );
}
