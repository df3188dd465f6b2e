import { useI18n } from '../../lib/i18n.js';

export function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <a href="/admin">{t('notFound.back')}</a>
    </>
  );
}
