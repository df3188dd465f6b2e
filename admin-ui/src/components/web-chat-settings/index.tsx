import { getBranding } from '../../lib/web-chat.js';
import { useI18n } from '../../lib/i18n.js';
import { useLoad } from '../../lib/use-load.js';
import { BrandingForm } from './branding-form.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';

/** `/admin/web-chat`: how the web chat presents the business (issue 19). */
export function WebChatSettings() {
  const { t } = useI18n();
  const branding = useLoad(getBranding, []);
  return (
    <>
      <PageHeader title={t('webChat.title')} />
      <p>{t('webChat.intro')}</p>
      <LoadView load={branding.load} retry={branding.reload}>
        {(data) => <BrandingForm branding={data} onSaved={(saved) => branding.set(() => saved)} />}
      </LoadView>
    </>
  );
}
