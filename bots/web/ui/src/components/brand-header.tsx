import { useBranding } from '../lib/branding.js';
import { t } from '../lib/i18n.js';

/** The business's logo, name and usual reply time; the page's own title until branding is set. */
export function BrandHeader() {
  const branding = useBranding();
  return (
    <div class="brand">
      {branding.logoUrl && <img class="brand-logo" src={branding.logoUrl} alt="" />}
      <div>
        <h1>{branding.name || t('title')}</h1>
        {branding.replyTime && <p class="reply-time">{t(`reply.${branding.replyTime}`)}</p>}
      </div>
    </div>
  );
}
