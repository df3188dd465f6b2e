import { useI18n } from '../../lib/i18n.js';
import { CopyButton } from '../copy-button/index.js';
import { QrCode } from '../qr-code/index.js';
import s from './style.module.css';

/** A group's invitation: the web chat link that joins it, to copy or to show as a QR code. */
export function GroupInvite({ name, url }: { name: string; url: string }) {
  const { t } = useI18n();
  const id = `invite-${encodeURIComponent(url)}`;
  return (
    <section class={s.invite} aria-label={t('groups.invite', { name })}>
      <div class={s.link}>
        <label for={id}>{t('groups.inviteLink')}</label>
        <div class="row">
          <input id={id} readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
          <CopyButton text={url} label={t('groups.inviteLink')} />
        </div>
        <p class="muted">{t('groups.inviteHint')}</p>
      </div>
      <QrCode text={url} label={t('groups.inviteQr', { name })} />
    </section>
  );
}
