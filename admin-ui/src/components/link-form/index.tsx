import { useState } from 'preact/hooks';
import { type LinkInput, links } from '../../lib/catalog.js';
import { useI18n } from '../../lib/i18n.js';
import type { EntryLink } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { FormActions } from '../form-actions/index.js';

const FIELDS = ['name', 'mode', 'customPrompt'] as const;

/** Creates a link, or edits `link`; the API's field errors show under the fields. */
export function LinkForm({
  link,
  onSaved,
  onCancel,
}: {
  link?: EntryLink;
  onSaved(link: EntryLink): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(link?.name ?? '');
  const [mode, setMode] = useState<LinkInput['mode']>(link?.mode ?? 'standard');
  const [prompt, setPrompt] = useState(link?.customPrompt ?? '');
  const submit = useSubmit(FIELDS);
  const idp = link ? `link-${link.id}` : 'link-new';

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      const input: LinkInput = { name, mode, customPrompt: prompt.trim() ? prompt : null };
      onSaved(link ? await links.update(link.id, input) : await links.create(input));
    });
  };

  return (
    <form class="panel" onSubmit={onSubmit} aria-label={link ? t('edit') : t('links.new')}>
      <FormAlert message={submit.placed.form} />
      <Field
        id={`${idp}-name`}
        label={t('field.name')}
        value={name}
        onInput={setName}
        required
        error={submit.placed.fields.name}
      />
      <Field
        id={`${idp}-mode`}
        label={t('links.mode')}
        value={mode}
        onInput={(value) => setMode(value as LinkInput['mode'])}
        options={[
          { value: 'standard', label: t('links.mode.standard') },
          { value: 'strict', label: t('links.mode.strict') },
        ]}
        error={submit.placed.fields.mode}
      />
      <Field
        id={`${idp}-prompt`}
        label={t('links.customPrompt')}
        value={prompt}
        onInput={setPrompt}
        rows={4}
        hint={t('links.customPromptHint')}
        error={submit.placed.fields.customPrompt}
      />
      <FormActions label={link ? t('save') : t('create')} pending={submit.pending} onCancel={onCancel} />
    </form>
  );
}
