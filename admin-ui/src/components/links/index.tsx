import { links } from '../../lib/catalog.js';
import { useI18n } from '../../lib/i18n.js';
import { useEditableList } from '../../lib/use-editable-list.js';
import { FormAlert } from '../form-alert/index.js';
import { CopyButton } from '../copy-button/index.js';
import { LinkForm } from '../link-form/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { QrCode } from '../qr-code/index.js';
import s from './style.module.css';

/** `/admin/links`: entry links with their URL per channel, copy buttons and QR codes. */
export function Links() {
  const { t } = useI18n();
  const { list, editing, edit, stopEditing, saved, remove, error } = useEditableList(
    links,
    (item) => item.name,
  );
  return (
    <>
      <PageHeader title={t('links.title')}>
        <button type="button" class="primary" onClick={() => edit('new')} disabled={editing === 'new'}>
          {t('links.new')}
        </button>
      </PageHeader>
      <FormAlert message={error} />
      {editing === 'new' && <LinkForm onSaved={saved} onCancel={stopEditing} />}
      <LoadView
        load={list.load}
        retry={list.reload}
        isEmpty={(items) => items.length === 0}
        empty={t('links.empty')}
      >
        {(items) => (
          <ul class="list">
            {items.map((link) =>
              editing === link.id ? (
                <li key={link.id}>
                  <LinkForm link={link} onSaved={saved} onCancel={stopEditing} />
                </li>
              ) : (
                <li key={link.id} class={s.link}>
                  <div class={s.head}>
                    <h2 class={s.name}>{link.name}</h2>
                    <span class={`badge ${link.mode === 'strict' ? 'warn' : ''}`}>
                      {link.mode.toUpperCase()}
                    </span>
                    <span class="muted">{t('links.code', { code: link.code })}</span>
                    <span class={s.actions}>
                      <button type="button" class="small" onClick={() => edit(link.id)}>
                        {t('edit')}
                      </button>
                      <button type="button" class="small danger" onClick={() => remove(link)}>
                        {t('delete')}
                      </button>
                    </span>
                  </div>
                  {link.customPrompt && <p class={s.prompt}>{link.customPrompt}</p>}
                  <div class={s.urls}>
                    {(['web', 'telegram', 'whatsapp', 'teams'] as const).map((channel) => {
                      const url = link.urls?.[channel];
                      if (!url) return null;
                      return (
                        <div key={channel} class={s.url}>
                          <QrCode text={url} label={t('links.qr', { url })} />
                          <div class={s.urlText}>
                            <strong>{t(`links.${channel}`)}</strong>
                            <a href={url} target="_blank" rel="noopener noreferrer">
                              {url}
                            </a>
                            <CopyButton text={url} label={`${link.name} ${t(`links.${channel}`)}`} />
                          </div>
                        </div>
                      );
                    })}
                  </div>
                </li>
              ),
            )}
          </ul>
        )}
      </LoadView>
    </>
  );
}
