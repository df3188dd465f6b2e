import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { type ContactDetail, editContact, getContact } from '../../lib/contacts.js';
import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { CHANNEL_LABELS } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import s from './style.module.css';

/** `/admin/contacts/:id`: one contact's data, editable (name, email, phone, tags), and its channel addresses. */
export function ContactPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const { t } = useI18n();
  const contact = useLoad(() => getContact(id), [id]);
  return (
    <>
      <p>
        <a href="/admin/contacts">← {t('contact.back')}</a>
      </p>
      <LoadView load={contact.load} retry={contact.reload}>
        {(loaded) => <ContactForm key={loaded.id} contact={loaded} onSaved={contact.reload} />}
      </LoadView>
    </>
  );
}

function ContactForm({ contact, onSaved }: { contact: ContactDetail; onSaved(): void }) {
  const { t, lang } = useI18n();
  const [name, setName] = useState(contact.name);
  const [email, setEmail] = useState(contact.email ?? '');
  const [phone, setPhone] = useState(contact.phone ?? '');
  const [tags, setTags] = useState(contact.tags.join(', '));
  const [saved, setSaved] = useState(false);
  const submit = useSubmit(['name', 'email', 'phone', 'tags']);

  const save = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      const list = tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean);
      await editContact(contact.id, {
        name,
        email: email.trim() || null,
        phone: phone.trim() || null,
        tags: list,
      });
      setSaved(true);
      onSaved();
    });
  };
  const fields = submit.placed.fields;
  return (
    <>
      <PageHeader title={contact.name} />
      <p class="muted">{t('contact.since', { date: dateTime(contact.createdAt, lang) })}</p>
      <form class="panel" onSubmit={save} noValidate>
        <FormAlert message={submit.placed.form} />
        <div class={s.fields}>
          <Field
            id="contact-name"
            label={t('field.name')}
            value={name}
            onInput={setName}
            error={fields.name}
          />
          <Field
            id="contact-tags"
            label={t('field.tags')}
            value={tags}
            onInput={setTags}
            hint={t('contact.tagsHint')}
            error={fields.tags}
          />
          <Field
            id="contact-email"
            type="email"
            label={t('field.email')}
            value={email}
            onInput={setEmail}
            hint={contact.email && contact.emailVerified ? undefined : t('contact.emailHint')}
            error={fields.email}
          />
          <Field
            id="contact-phone"
            label={t('field.phone')}
            value={phone}
            onInput={setPhone}
            hint={t('contact.phoneHint')}
            error={fields.phone}
          />
        </div>
        <div class="row">
          <button type="submit" class="primary" disabled={submit.pending}>
            {t('save')}
          </button>
          {saved && <span role="status">{t('saved')}</span>}
        </div>
      </form>
      <section class="panel">
        <h2>{t('contact.identities')}</h2>
        <p class="muted">{t('contact.identitiesHint')}</p>
        {contact.identities.length === 0 ? (
          <p>{t('contact.noIdentity')}</p>
        ) : (
          <ul class="list">
            {contact.identities.map((identity) => (
              <li key={`${identity.channel}:${identity.externalId}`}>
                <strong>{CHANNEL_LABELS[identity.channel] ?? identity.channel}</strong> {identity.externalId}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
