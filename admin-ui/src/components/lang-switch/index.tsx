import { type Lang, LANGS, useI18n } from '../../lib/i18n.js';
import s from './style.module.css';

export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <select
      class={s.select}
      aria-label={t('language')}
      value={lang}
      onChange={(event) => setLang(event.currentTarget.value as Lang)}
    >
      {Object.entries(LANGS).map(([code, label]) => (
        <option key={code} value={code} lang={code}>
          {label}
        </option>
      ))}
    </select>
  );
}
