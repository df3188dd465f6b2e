import { useState } from 'preact/hooks';
import { articles } from '../../lib/catalog.js';
import { useI18n } from '../../lib/i18n.js';
import type { Article } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Check, Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import type { FormProps } from '../resource-list/index.js';
import { FormActions } from '../form-actions/index.js';

export function ArticleForm({ item, onSaved, onCancel }: FormProps<Article>) {
  const { t } = useI18n();
  const [title, setTitle] = useState(item?.title ?? '');
  const [body, setBody] = useState(item?.body ?? '');
  const [visible, setVisible] = useState(item?.visible ?? true);
  const submit = useSubmit(['title', 'body', 'visible']);
  const id = (field: string) => `article-${item?.id ?? 'new'}-${field}`;

  const save = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      const input = { title, body, visible };
      onSaved(item ? await articles.update(item.id, input) : await articles.create(input));
    });
  };
  return (
    <form class="panel" onSubmit={save}>
      <FormAlert message={submit.placed.form} />
      <Field
        id={id('title')}
        label={t('catalog.articleTitle')}
        value={title}
        onInput={setTitle}
        required
        error={submit.placed.fields.title}
      />
      <Field
        id={id('body')}
        label={t('catalog.body')}
        value={body}
        onInput={setBody}
        rows={8}
        error={submit.placed.fields.body}
      />
      <Check id={id('visible')} label={t('catalog.visible')} checked={visible} onChange={setVisible} />
      <FormActions label={item ? t('save') : t('create')} pending={submit.pending} onCancel={onCancel} />
    </form>
  );
}
