import { useEffect, useState } from 'preact/hooks';
import { listContacts } from '../../lib/contacts.js';
import { useI18n } from '../../lib/i18n.js';
import type { Contact } from '../../lib/types.js';
import s from './style.module.css';

/** Type a few letters, pick a contact from the matches. */
export function ContactPicker({
  id,
  label,
  onPick,
}: {
  id: string;
  label: string;
  onPick(contact: Contact): void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<Contact[]>([]);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!text.trim()) {
      setMatches([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      listContacts({ query: text.trim() }, 1, 8).then(
        (body) => {
          if (live) {
            setMatches(body.items);
            setFailed(false);
          }
        },
        () => live && setFailed(true),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  return (
    <div class={s.picker}>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        autocomplete="off"
        placeholder={t('contacts.search')}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      {failed && <p class="alert">{t('loadFailed')}</p>}
      {matches.length > 0 && (
        <ul class={s.matches}>
          {matches.map((contact) => (
            <li key={contact.id}>
              <button
                type="button"
                onClick={() => {
                  onPick(contact);
                  setText('');
                }}
              >
                {contact.name} <span class="muted">{contact.email ?? contact.phone ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
