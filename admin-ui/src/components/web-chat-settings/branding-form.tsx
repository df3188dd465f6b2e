import { useState } from 'preact/hooks';
import { useI18n } from '../../lib/i18n.js';
import { useSubmit } from '../../lib/use-submit.js';
import { type Branding, putBranding, type ReplyTime } from '../../lib/web-chat.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { LogoField } from './logo-field.js';
import { BrandingPreview } from './preview.js';
import s from './style.module.css';

const FIELDS = ['name', 'logoUrl', 'accentColor', 'welcomeMessage', 'replyTime'];
const DEFAULT_ACCENT = '#3b5bdb';

type Form = { name: string; logoUrl: string; accentColor: string; welcomeMessage: string; replyTime: string };

const toForm = (branding: Branding): Form => ({
  name: branding.name,
  logoUrl: branding.logoUrl ?? '',
  accentColor: branding.accentColor ?? '',
  welcomeMessage: branding.welcomeMessage,
  replyTime: branding.replyTime ?? '',
});

const toPatch = (form: Form): Branding => ({
  name: form.name,
  logoUrl: form.logoUrl.trim() || null,
  accentColor: form.accentColor.trim() || null,
  welcomeMessage: form.welcomeMessage,
  replyTime: (form.replyTime || null) as ReplyTime | null,
});

export function BrandingForm({ branding, onSaved }: { branding: Branding; onSaved(saved: Branding): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState(() => toForm(branding));
  const [done, setDone] = useState(false);
  const submit = useSubmit(FIELDS);
  const err = (key: string) => submit.placed.fields[key];
  const set = (key: keyof Form) => (value: string) => {
    setDone(false);
    setForm((current) => ({ ...current, [key]: value }));
  };

  const save = (event: Event) => {
    event.preventDefault();
    setDone(false);
    void submit.run(async () => {
      const saved = await putBranding(toPatch(form));
      onSaved(saved);
      setForm(toForm(saved));
      setDone(true);
    });
  };

  const replyOptions = ['', 'minutes', 'hours', 'day'].map((value) => ({
    value,
    label: t(`webChat.reply.${value || 'none'}` as 'webChat.reply.none'),
  }));

  return (
    <div class={s.columns}>
      <form class="panel" onSubmit={save} noValidate>
        <FormAlert message={submit.placed.form} />
        <Field
          id="brand-name"
          label={t('webChat.name')}
          value={form.name}
          onInput={set('name')}
          error={err('name')}
        />
        <LogoField value={form.logoUrl} error={err('logoUrl')} onChange={set('logoUrl')} />
        <div class={s.colour}>
          <Field
            id="brand-accent"
            label={t('webChat.accentColor')}
            value={form.accentColor}
            onInput={set('accentColor')}
            placeholder={DEFAULT_ACCENT}
            error={err('accentColor')}
          />
          <input
            type="color"
            aria-label={t('webChat.accentColor')}
            value={/^#[0-9a-f]{6}$/i.test(form.accentColor) ? form.accentColor : DEFAULT_ACCENT}
            onInput={(event) => set('accentColor')(event.currentTarget.value)}
          />
        </div>
        <Field
          id="brand-welcome"
          label={t('webChat.welcomeMessage')}
          value={form.welcomeMessage}
          onInput={set('welcomeMessage')}
          rows={3}
          error={err('welcomeMessage')}
        />
        <Field
          id="brand-reply"
          label={t('webChat.replyTime')}
          value={form.replyTime}
          onInput={set('replyTime')}
          options={replyOptions}
          error={err('replyTime')}
        />
        <div class="row">
          <button type="submit" class="primary" disabled={submit.pending}>
            {t('save')}
          </button>
          {done && <span role="status">{t('webChat.saved')}</span>}
        </div>
      </form>
      <BrandingPreview branding={toPatch(form)} />
    </div>
  );
}
