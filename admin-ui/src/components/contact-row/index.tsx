import { useState } from 'preact/hooks';
import { updateContact } from '../../lib/contacts.js';
import { useI18n } from '../../lib/i18n.js';
import type { Contact, ContactListItem } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import s from './style.module.css';

/** An email or phone no channel has proven (typed by the customer, or imported) says so. */
function ContactData({ value, verified }: { value: string | null; verified: boolean }) {
  const { t } = useI18n();
  if (value === null) return null;
  return (
    <>
      {value}
      {!verified && (
        <>
          {' '}
          <span class={`badge warn ${s.unverified}`} title={t('contacts.unverifiedHint')}>
            {t('contacts.unverified')}
          </span>
        </>
      )}
    </>
  );
}

/**
 * One contact; "Edit" turns the name and the tags into fields (tags separated by commas). Contacts
 * holding the same phone or email are named, with a shortcut selecting them all for the merge.
 */
export function ContactRow({
  contact,
  selected,
  onToggle,
  onSaved,
  onSelectSame,
}: {
  contact: ContactListItem;
  selected: boolean;
  onToggle(): void;
  onSaved(contact: Contact): void;
  onSelectSame(): void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(contact.name);
  const [tags, setTags] = useState(contact.tags.join(', '));
  const submit = useSubmit(['name', 'tags']);

  const save = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      const list = tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean);
      onSaved(await updateContact(contact.id, { name, tags: list }));
      setEditing(false);
    });
  };

  const checkbox = (
    <td>
      <input
        type="checkbox"
        checked={selected}
        onChange={onToggle}
        aria-label={t('contacts.select', { name: contact.name })}
      />
    </td>
  );
  if (editing) {
    const nameError = submit.placed.fields.name;
    const tagsError = submit.placed.fields.tags ?? submit.placed.form;
    return (
      <tr>
        {checkbox}
        <td colSpan={5}>
          <form class={s.form} onSubmit={save}>
            <label>
              {t('field.name')}
              <input
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
                aria-invalid={nameError ? true : undefined}
              />
              {nameError && (
                <span class={s.error} role="alert">
                  {nameError}
                </span>
              )}
            </label>
            <label>
              {t('field.tags')} <span class="muted">({t('contacts.tagsHint')})</span>
              <input
                value={tags}
                onInput={(e) => setTags(e.currentTarget.value)}
                aria-invalid={tagsError ? true : undefined}
              />
              {tagsError && (
                <span class={s.error} role="alert">
                  {tagsError}
                </span>
              )}
            </label>
            <div class="row">
              <button type="submit" class="primary small" disabled={submit.pending}>
                {t('save')}
              </button>
              <button type="button" class="small" onClick={() => setEditing(false)}>
                {t('cancel')}
              </button>
            </div>
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr>
      {checkbox}
      <td>
        <a
          href={`/admin/contacts/${encodeURIComponent(contact.id)}`}
          aria-label={t('contact.open', { name: contact.name })}
        >
          <strong>{contact.name}</strong>
        </a>
        {contact.possiblySame.length > 0 && (
          <p class={`muted ${s.same}`}>
            {t('contacts.possiblySame', { names: contact.possiblySame.map((o) => o.name).join(', ') })}{' '}
            <button type="button" class="small" onClick={onSelectSame}>
              {t('contacts.selectSame')}
            </button>
          </p>
        )}
      </td>
      <td class={s.wrap}>
        <ContactData value={contact.email} verified={contact.emailVerified} />
      </td>
      <td class={s.nowrap}>
        <ContactData value={contact.phone} verified={contact.phoneVerified} />
      </td>
      <td>
        {contact.tags.map((tag) => (
          <span key={tag} class={`badge ${s.tag}`}>
            {tag}
          </span>
        ))}
      </td>
      <td>
        <button
          type="button"
          class="small"
          onClick={() => setEditing(true)}
          aria-label={`${t('edit')} ${contact.name}`}
        >
          {t('edit')}
        </button>
      </td>
    </tr>
  );
}
