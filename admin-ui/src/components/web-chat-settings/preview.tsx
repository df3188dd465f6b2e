import { useI18n } from '../../lib/i18n.js';
import type { Branding } from '../../lib/web-chat.js';
import s from './style.module.css';

const VALID = /^#[0-9a-f]{6}$/i;

/** The web chat's header and first lines as the customer will see them (colours as typed, when valid). */
export function BrandingPreview({ branding }: { branding: Branding }) {
  const { t } = useI18n();
  const accent = branding.accentColor && VALID.test(branding.accentColor) ? branding.accentColor : undefined;
  return (
    <section class={`panel ${s.preview}`} aria-label={t('webChat.preview')}>
      <h2>{t('webChat.preview')}</h2>
      <div class={s.chat} style={accent ? { '--brand': accent } : undefined}>
        <div class={s.header}>
          {branding.logoUrl && <img src={branding.logoUrl} alt="" class={s.logo} />}
          <div>
            <strong>{branding.name || 'Kora'}</strong>
            {branding.replyTime && <small>{t(`webChat.reply.${branding.replyTime}`)}</small>}
          </div>
        </div>
        {branding.welcomeMessage && <p class={s.welcome}>{branding.welcomeMessage}</p>}
        <p class={s.bubble}>Bonjour !</p>
      </div>
    </section>
  );
}
