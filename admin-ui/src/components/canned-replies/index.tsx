import { useState } from 'preact/hooks';
import { loadCanned } from '../../lib/canned.js';
import { useI18n } from '../../lib/i18n.js';
import { type CannedReply, cannedReplies } from '../../lib/inbox.js';
import { useEditableList } from '../../lib/use-editable-list.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormActions } from '../form-actions/index.js';
import { FormAlert } from '../form-alert/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import s from './style.module.css';

/** `/admin/canned-replies`: the team's replies, typed in the composer with `/shortcut`. */
export function CannedReplies() {
  const { t } = useI18n();
  const { list, editing, edit, stopEditing, saved, remove, error } = useEditableList(
    cannedReplies,
    (item) => `/${item.shortcut}`,
    { newLast: true },
  );
  const onSaved = (reply: CannedReply) => {
    saved(reply);
    // The composer's picker reads the new list next time.
    void loadCanned(true).catch(() => {});
  };
  return (
    <>
      <PageHeader title={t('canned.title')}>
        <button type="button" class="primary" onClick={() => edit('new')} disabled={editing === 'new'}>
          {t('canned.new')}
        </button>
      </PageHeader>
      <p class="muted">{t('canned.hint')}</p>
      <FormAlert message={error} />
      {editing === 'new' && <CannedForm onSaved={onSaved} onCancel={stopEditing} />}
      <LoadView
        load={list.load}
        retry={list.reload}
        isEmpty={(items) => items.length === 0}
        empty={t('canned.empty')}
      >
        {(items) => (
          <ul class="list">
            {items.map((reply) =>
              editing === reply.id ? (
                <li key={reply.id}>
                  <CannedForm reply={reply} onSaved={onSaved} onCancel={stopEditing} />
                </li>
              ) : (
                <li key={reply.id} class={s.reply}>
                  <strong>/{reply.shortcut}</strong>
                  <span class={s.text}>{reply.text}</span>
                  <span class={s.actions}>
                    <button type="button" class="small" onClick={() => edit(reply.id)}>
                      {t('edit')}
                    </button>
                    <button type="button" class="small danger" onClick={() => remove(reply)}>
                      {t('delete')}
                    </button>
                  </span>
                </li>
              ),
            )}
          </ul>
        )}
      </LoadView>
    </>
  );
}

function CannedForm(props: { reply?: CannedReply; onSaved(reply: CannedReply): void; onCancel(): void }) {
  const { t } = useI18n();
  const [shortcut, setShortcut] = useState(props.reply?.shortcut ?? '');
  const [text, setText] = useState(props.reply?.text ?? '');
  const submit = useSubmit(['shortcut', 'text']);
  const idp = props.reply ? `canned-${props.reply.id}` : 'canned-new';
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      const input = { shortcut: shortcut.replace(/^\//, ''), text };
      props.onSaved(
        props.reply ? await cannedReplies.update(props.reply.id, input) : await cannedReplies.create(input),
      );
    });
  };
  return (
    <form class="panel" onSubmit={onSubmit} aria-label={props.reply ? t('edit') : t('canned.new')}>
      <FormAlert message={submit.placed.form} />
      <Field
        id={`${idp}-shortcut`}
        label={t('canned.shortcut')}
        value={shortcut}
        onInput={setShortcut}
        required
        error={submit.placed.fields.shortcut}
      />
      <Field
        id={`${idp}-text`}
        label={t('canned.text')}
        value={text}
        onInput={setText}
        rows={4}
        hint={t('canned.textHint')}
        error={submit.placed.fields.text}
      />
      <FormActions
        label={props.reply ? t('save') : t('create')}
        pending={submit.pending}
        onCancel={props.onCancel}
      />
    </form>
  );
}
