import { useEffect, useState } from 'preact/hooks';
import { EXPORT_URL, listContacts, mergeContacts } from '../../lib/contacts.js';
import { errorMessage } from '../../lib/error-message.js';
import { useI18n } from '../../lib/i18n.js';
import type { Contact, ContactListItem } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { ContactImport } from '../contact-import/index.js';
import { ContactRow } from '../contact-row/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { Pager } from '../pager/index.js';

const LIMIT = 50;

/** `/admin/contacts`: search, tag filter, tags, merge, CSV import and export. */
export function Contacts() {
  const i18n = useI18n();
  const { t } = i18n;
  const [text, setText] = useState('');
  const [tagText, setTagText] = useState('');
  const [filter, setFilter] = useState({ query: '', tag: '' });
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [importing, setImporting] = useState(false);
  const list = useLoad(() => listContacts(filter, page, LIMIT), [filter, page]);

  useEffect(() => {
    const timer = setTimeout(() => {
      setFilter({ query: text.trim(), tag: tagText.trim() });
      setPage(1);
    }, 300);
    return () => clearTimeout(timer);
  }, [text, tagText]);

  const toggle = (id: string) =>
    setSelected((current) =>
      current.includes(id) ? current.filter((other) => other !== id) : [...current, id],
    );
  const saved = (contact: Contact) =>
    list.set((body) => ({
      ...body,
      items: body.items.map((item) => (item.id === contact.id ? { ...item, ...contact } : item)),
    }));

  // The row's contact first (kept), then those holding the same phone or email.
  const selectSame = (contact: ContactListItem) =>
    setSelected([contact.id, ...contact.possiblySame.map((other) => other.id)]);

  const merge = async () => {
    const kept = list.load.data?.items.find((contact) => contact.id === selected[0]);
    if (!confirm(t('contacts.mergeConfirm', { n: selected.length, name: kept?.name ?? '?' }))) return;
    setError(null);
    setNotice(null);
    try {
      const kept = await mergeContacts(selected);
      setSelected([]);
      setNotice(t('contacts.merged', { name: kept.name }));
      list.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <PageHeader title={t('contacts.title')}>
        <a class="button-link" href={EXPORT_URL} download="contacts.csv">
          {t('contacts.export')}
        </a>
        <button type="button" onClick={() => setImporting(!importing)} aria-expanded={importing}>
          {t('contacts.import')}
        </button>
      </PageHeader>
      {importing && <ContactImport onImported={list.reload} />}
      <div class="toolbar">
        <input
          type="search"
          aria-label={t('contacts.search')}
          placeholder={t('contacts.search')}
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <input
          type="search"
          aria-label={t('contacts.tagFilter')}
          placeholder={t('contacts.tagFilter')}
          value={tagText}
          onInput={(event) => setTagText(event.currentTarget.value)}
        />
        <button type="button" disabled={selected.length < 2} onClick={merge} title={t('contacts.mergeHint')}>
          {t('contacts.merge', { n: selected.length })}
        </button>
      </div>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error != null && (
        <p class="alert" role="alert">
          {errorMessage(error, i18n)}
        </p>
      )}
      <LoadView
        load={list.load}
        retry={list.reload}
        isEmpty={(body) => body.items.length === 0}
        empty={t('contacts.empty')}
      >
        {(body) => (
          <>
            <p class="muted">{t('contacts.total', { n: body.total })}</p>
            <div class="table-wrap">
              <table class="data stack">
                <thead>
                  <tr>
                    <th>
                      <span class="visually-hidden">{t('contacts.mergeHint')}</span>
                    </th>
                    <th>{t('field.name')}</th>
                    <th>{t('field.email')}</th>
                    <th>{t('field.phone')}</th>
                    <th>{t('field.tags')}</th>
                    <th>
                      <span class="visually-hidden">{t('actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {body.items.map((contact) => (
                    <ContactRow
                      key={contact.id}
                      contact={contact}
                      selected={selected.includes(contact.id)}
                      onToggle={() => toggle(contact.id)}
                      onSaved={saved}
                      onSelectSame={() => selectSame(contact)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page} total={body.total} limit={LIMIT} onPage={setPage} />
          </>
        )}
      </LoadView>
    </>
  );
}
