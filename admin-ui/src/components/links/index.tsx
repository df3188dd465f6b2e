import { useState } from 'preact/hooks';
import { links } from '../../lib/catalog.js';
import { errorMessage } from '../../lib/error-message.js';
import { useI18n } from '../../lib/i18n.js';
import type { EntryLink } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { CopyButton } from '../copy-button/index.js';
import { LinkForm } from '../link-form/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { QrCode } from '../qr-code/index.js';
import s from './style.module.css';

/** `/admin/links`: entry links with their URL per channel, copy buttons and QR codes. */
export function Links() {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useLoad(links.list, []);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const saved = (link: EntryLink) => {
    list.set((items) =>
      items.some((item) => item.id === link.id)
        ? items.map((item) => (item.id === link.id ? link : item))
        : [link, ...items],
    );
    setEditing(null);
  };
  const remove = async (link: EntryLink) => {
    if (!confirm(t('confirmDelete', { name: link.name }))) return;
    setError(null);
    try {
      await links.remove(link.id);
      list.set((items) => items.filter((item) => item.id !== link.id));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <PageHeader title={t('links.title')}>
        <button type="button" class="primary" onClick={() => setEditing('new')} disabled={editing === 'new'}>
          {t('links.new')}
        </button>
      </PageHeader>
      {error != null && (
        <p class="alert" role="alert">
          {errorMessage(error, i18n)}
        </p>
      )}
      {editing === 'new' && <LinkForm onSaved={saved} onCancel={() => setEditing(null)} />}
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
                  <LinkForm link={link} onSaved={saved} onCancel={() => setEditing(null)} />
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
                      <button type="button" class="small" onClick={() => setEditing(link.id)}>
                        {t('edit')}
                      </button>
                      <button type="button" class="small danger" onClick={() => remove(link)}>
                        {t('delete')}
                      </button>
                    </span>
                  </div>
                  {link.customPrompt && <p class={s.prompt}>{link.customPrompt}</p>}
                  <div class={s.urls}>
                    {(['web', 'telegram', 'whatsapp'] as const).map((channel) => {
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
