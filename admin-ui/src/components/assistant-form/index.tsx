import { useState } from 'preact/hooks';
import { putAssistant } from '../../lib/catalog.js';
import { useI18n } from '../../lib/i18n.js';
import type { AssistantSettings } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';

const PAYMENTS = ['twint', 'stripe', 'paypal', 'other'] as const;
const FIELDS = [
  'basePrompt',
  'campaignPrompt',
  'offTopicReply',
  'provider',
  'model',
  'memory.messages',
  'memory.hours',
  'dailyTokenBudget',
  'replyWindowMs',
  'handbackMinutes',
  'safeDomains',
  ...PAYMENTS.map((name) => `paymentLinks.${name}`),
];

const int = (text: string) => (text.trim() === '' ? null : Number(text));

export function AssistantForm({
  settings,
  onSaved,
}: {
  settings: AssistantSettings;
  onSaved(saved: AssistantSettings): void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState(
    () =>
      ({
        basePrompt: settings.basePrompt,
        campaignPrompt: settings.campaignPrompt,
        offTopicReply: settings.offTopicReply,
        provider: settings.provider,
        model: settings.model,
        messages: String(settings.memory.messages),
        hours: String(settings.memory.hours),
        budget: settings.dailyTokenBudget == null ? '' : String(settings.dailyTokenBudget),
        replyWindow: settings.replyWindowMs == null ? '' : String(settings.replyWindowMs),
        handback: settings.handbackMinutes == null ? '' : String(settings.handbackMinutes),
        safeDomains: (settings.safeDomains ?? []).join('\n'),
        ...Object.fromEntries(PAYMENTS.map((name) => [name, settings.paymentLinks[name] ?? ''])),
      }) as Record<string, string>,
  );
  const [done, setDone] = useState(false);
  const submit = useSubmit(FIELDS);
  const set = (key: string) => (value: string) => {
    setDone(false);
    setForm((current) => ({ ...current, [key]: value }));
  };
  const err = (key: string) => submit.placed.fields[key];

  const save = (event: Event) => {
    event.preventDefault();
    setDone(false);
    void submit.run(async () => {
      const paymentLinks: AssistantSettings['paymentLinks'] = {};
      for (const name of PAYMENTS) if (form[name]?.trim()) paymentLinks[name] = form[name]!.trim();
      const patch: Partial<AssistantSettings> = {
        basePrompt: form.basePrompt!,
        campaignPrompt: form.campaignPrompt!,
        offTopicReply: form.offTopicReply!,
        provider: form.provider!,
        model: form.model!,
        memory: { messages: Number(form.messages), hours: Number(form.hours) },
        dailyTokenBudget: int(form.budget!),
        handbackMinutes: int(form.handback!),
        paymentLinks,
        // One domain a line (commas work too); the server checks each and keeps its host.
        safeDomains: form.safeDomains!.split(/[\s,]+/).filter(Boolean),
      };
      if (form.replyWindow!.trim() !== '') patch.replyWindowMs = Number(form.replyWindow);
      onSaved(await putAssistant(patch));
      setDone(true);
    });
  };

  return (
    <form class="panel" onSubmit={save}>
      <FormAlert message={submit.placed.form} />
      <Field
        id="basePrompt"
        label={t('assistant.basePrompt')}
        value={form.basePrompt!}
        onInput={set('basePrompt')}
        rows={6}
        error={err('basePrompt')}
      />
      <Field
        id="campaignPrompt"
        label={t('assistant.campaignPrompt')}
        hint={t('assistant.campaignPromptHint')}
        value={form.campaignPrompt!}
        onInput={set('campaignPrompt')}
        rows={3}
        error={err('campaignPrompt')}
      />
      <Field
        id="offTopicReply"
        label={t('assistant.offTopicReply')}
        value={form.offTopicReply!}
        onInput={set('offTopicReply')}
        rows={2}
        error={err('offTopicReply')}
      />
      <fieldset>
        <legend>{t('assistant.paymentLinks')}</legend>
        <div class="grid2">
          {PAYMENTS.map((name) => (
            <Field
              key={name}
              id={`pay-${name}`}
              label={name === 'other' ? 'Other' : name[0]!.toUpperCase() + name.slice(1)}
              type="url"
              value={form[name]!}
              onInput={set(name)}
              placeholder="https://"
              error={err(`paymentLinks.${name}`)}
            />
          ))}
        </div>
      </fieldset>
      <Field
        id="safe-domains"
        label={t('assistant.safeDomains')}
        hint={t('assistant.safeDomainsHint')}
        value={form.safeDomains!}
        onInput={set('safeDomains')}
        rows={3}
        placeholder="example.com"
        error={err('safeDomains')}
      />
      <div class="grid2">
        <Field
          id="provider"
          label={t('assistant.provider')}
          value={form.provider!}
          onInput={set('provider')}
          options={['offline', 'openai', 'anthropic'].map((value) => ({ value, label: value }))}
          error={err('provider')}
        />
        <Field
          id="model"
          label={t('assistant.model')}
          value={form.model!}
          onInput={set('model')}
          error={err('model')}
        />
        <Field
          id="memory-messages"
          label={t('assistant.memoryMessages')}
          type="number"
          min="1"
          value={form.messages!}
          onInput={set('messages')}
          error={err('memory.messages')}
        />
        <Field
          id="memory-hours"
          label={t('assistant.memoryHours')}
          type="number"
          min="1"
          value={form.hours!}
          onInput={set('hours')}
          error={err('memory.hours')}
        />
        <Field
          id="budget"
          label={t('assistant.budget')}
          hint={t('assistant.budgetHint')}
          type="number"
          min="1"
          value={form.budget!}
          onInput={set('budget')}
          error={err('dailyTokenBudget')}
        />
        <Field
          id="handback"
          label={t('assistant.handback')}
          hint={t('assistant.handbackHint')}
          type="number"
          min="1"
          value={form.handback!}
          onInput={set('handback')}
          error={err('handbackMinutes')}
        />
        <Field
          id="reply-window"
          label={t('assistant.replyWindow')}
          type="number"
          min="0"
          value={form.replyWindow!}
          onInput={set('replyWindow')}
          error={err('replyWindowMs')}
        />
      </div>
      <div class="row">
        <button type="submit" class="primary" disabled={submit.pending}>
          {t('save')}
        </button>
        {done && <span role="status">{t('saved')}</span>}
      </div>
    </form>
  );
}
