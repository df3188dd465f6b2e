import { useEffect, useRef, useState } from 'preact/hooks';
import { createCampaign, launchCampaign, updateCampaign } from '../../lib/campaigns.js';
import { links } from '../../lib/catalog.js';
import { isoToLocal, localToIso } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { linkToken, type NamedLink, withLinkIds, withLinkNames } from '../../lib/link-tokens.js';
import type { Campaign, CampaignInput, ChannelName } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { useSubmit } from '../../lib/use-submit.js';
import { CampaignChannels } from '../campaign-channels/index.js';
import { CampaignReach } from '../campaign-reach/index.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { type BasketItem, RecipientBasket } from '../recipient-basket/index.js';
import s from './style.module.css';

type When = 'now' | 'at' | 'slots';
const FIELDS = [
  'name',
  'message',
  'mediaUrl',
  'targets',
  'channels',
  'schedule',
  'schedule.at',
  'schedule.slots',
  'rate',
  'quietHours',
  'quietHours.from',
  'quietHours.to',
  'whatsappTemplate.contentSid',
  'whatsappTemplate.variables',
  'whatsappTemplate',
  'subject',
];
const SAMPLE = { firstName: 'Marie', name: 'Marie Dupont' };

function basketOf(campaign?: Campaign): BasketItem[] {
  return (campaign?.targets ?? []).map((target) => ({
    target,
    label:
      target.type === 'all'
        ? '*'
        : target.type === 'tag'
          ? `#${target.id}`
          : `${target.type} ${target.id?.slice(0, 8)}`,
    count: null,
  }));
}

function whenOf(campaign?: Campaign): { when: When; at: string; slots: string[] } {
  const schedule = campaign?.schedule;
  if (schedule && 'at' in schedule) return { when: 'at', at: isoToLocal(schedule.at), slots: [''] };
  if (schedule && 'slots' in schedule)
    return { when: 'slots', at: '', slots: schedule.slots.map(isoToLocal) };
  return { when: 'now', at: '', slots: [''] };
}

/**
 * Name, message with variables and a live preview, media, recipients, channels, schedule, rate and
 * quiet hours.
 */
export function CampaignComposer({
  campaign,
  knownLinks,
  onSaved,
  onCancel,
}: {
  campaign?: Campaign;
  /** Entry links the page already has: the message opens with `{link:<name>}` at once, not ids first. */
  knownLinks?: readonly NamedLink[];
  onSaved(campaign: Campaign): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(campaign?.name ?? '');
  const [message, setMessage] = useState(() => withLinkNames(campaign?.message ?? '', knownLinks ?? []));
  const [mediaUrl, setMediaUrl] = useState(campaign?.mediaUrl ?? '');
  const [subject, setSubject] = useState(campaign?.subject ?? '');
  const [basket, setBasket] = useState<BasketItem[]>(() => basketOf(campaign));
  const [channels, setChannels] = useState<ChannelName[]>(campaign?.channels ?? ['web']);
  const [schedule, setSchedule] = useState(() => whenOf(campaign));
  const [rate, setRate] = useState(campaign?.rate ? String(campaign.rate) : '');
  const [quietFrom, setQuietFrom] = useState(campaign?.quietHours?.from ?? '');
  const [quietTo, setQuietTo] = useState(campaign?.quietHours?.to ?? '');
  const [templateSid, setTemplateSid] = useState(campaign?.whatsappTemplate?.contentSid ?? '');
  // One variable per line: line 1 fills {{1}}, line 2 fills {{2}}…
  const [templateVars, setTemplateVars] = useState(() =>
    Object.entries(campaign?.whatsappTemplate?.variables ?? {})
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, value]) => value)
      .join('\n'),
  );
  const entryLinks = useLoad(() => links.list().catch(() => []), []);
  const known = entryLinks.load.data ?? [];
  // The coach reads `{link:<name>}` once the links are known; ids go back to the API on save.
  useEffect(() => {
    if (entryLinks.load.data) setMessage((current) => withLinkNames(current, entryLinks.load.data ?? []));
  }, [entryLinks.load.data]);
  const submit = useSubmit(FIELDS);
  const messageBox = useRef<HTMLDivElement>(null);
  const err = (field: string) => submit.placed.fields[field];

  const insert = (variable: string) => {
    const area = messageBox.current?.querySelector('textarea');
    const start = area?.selectionStart ?? message.length;
    const end = area?.selectionEnd ?? message.length;
    setMessage(message.slice(0, start) + variable + message.slice(end));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + variable.length, start + variable.length);
    });
  };

  const preview = withLinkIds(message, known)
    .replaceAll('{firstName}', SAMPLE.firstName)
    .replaceAll('{name}', SAMPLE.name)
    .replace(
      /\{link:([^}]+)\}/g,
      (match, id: string) => known.find((link) => link.id === id)?.urls.web ?? match,
    );

  const input = (): CampaignInput => ({
    name,
    message: withLinkIds(message, known),
    mediaUrl: mediaUrl.trim() || null,
    subject: channels.includes('email') && subject.trim() ? subject.trim() : null,
    targets: basket.map((item) => item.target),
    channels,
    schedule:
      schedule.when === 'at'
        ? { at: schedule.at ? localToIso(schedule.at) : '' }
        : schedule.when === 'slots'
          ? { slots: schedule.slots.filter(Boolean).map(localToIso) }
          : null,
    rate: rate.trim() ? Number(rate) : null,
    // Both empty: any time. One alone goes as it is, and the API says which one is missing.
    quietHours: quietFrom || quietTo ? { from: quietFrom, to: quietTo } : null,
    whatsappTemplate:
      channels.includes('whatsapp') && templateSid.trim()
        ? {
            contentSid: templateSid.trim(),
            variables: Object.fromEntries(
              templateVars
                .split('\n')
                .map((line) => line.trim())
                .filter(Boolean)
                .map((value, index) => [String(index + 1), value]),
            ),
          }
        : null,
  });

  const save = (launch: boolean) =>
    submit.run(async () => {
      let saved = campaign ? await updateCampaign(campaign.id, input()) : await createCampaign(input());
      if (launch) saved = await launchCampaign(saved.id);
      onSaved(saved);
    });

  return (
    <form
      class="panel"
      aria-label={campaign ? campaign.name : t('campaigns.new')}
      onSubmit={(event) => {
        event.preventDefault();
        void save(false);
      }}
    >
      <FormAlert message={submit.placed.form} />
      <Field
        id="campaign-name"
        label={t('field.name')}
        value={name}
        onInput={setName}
        required
        error={err('name')}
      />
      <div class={s.compose}>
        <div ref={messageBox}>
          <Field
            id="campaign-message"
            label={t('campaigns.message')}
            value={message}
            onInput={setMessage}
            rows={5}
            error={err('message')}
          />
          <div class={s.variables}>
            <span class="muted">{t('campaigns.variables')}</span>
            <button type="button" class="small" onClick={() => insert('{firstName}')}>
              {'{firstName}'}
            </button>
            <button type="button" class="small" onClick={() => insert('{name}')}>
              {'{name}'}
            </button>
            {known.map((link) => (
              <button
                key={link.id}
                type="button"
                class="small"
                onClick={() => insert(linkToken(link, known))}
              >
                {`{link:${link.name}}`}
              </button>
            ))}
          </div>
        </div>
        <div class={s.preview} aria-live="polite">
          <span class="muted">{t('campaigns.preview', { name: SAMPLE.name })}</span>
          <p class={s.bubble}>{preview || '…'}</p>
          {mediaUrl.trim() && <span class="muted">{mediaUrl}</span>}
        </div>
      </div>
      <Field
        id="campaign-media"
        label={t('campaigns.mediaUrl')}
        type="url"
        value={mediaUrl}
        onInput={setMediaUrl}
        placeholder="https://"
        error={err('mediaUrl')}
      />
      <RecipientBasket items={basket} onChange={setBasket} error={err('targets')} />
      <fieldset class={s.group}>
        <legend>{t('campaigns.channels')}</legend>
        <CampaignChannels value={channels} onChange={setChannels} />
        <CampaignReach targets={basket.map((item) => item.target)} channels={channels} />
        {err('channels') && (
          <p class="alert" role="alert">
            {err('channels')}
          </p>
        )}
      </fieldset>
      {channels.includes('email') && (
        <Field
          id="campaign-subject"
          label={t('campaigns.emailSubject')}
          hint={t('campaigns.emailSubjectHint')}
          placeholder={name}
          value={subject}
          onInput={setSubject}
          error={err('subject')}
        />
      )}
      {channels.includes('whatsapp') && (
        <fieldset class={s.group}>
          <legend>{t('campaigns.waTemplate')}</legend>
          <p class="muted" id="campaign-wa-note">
            {t('campaigns.waTemplateNote')}
          </p>
          <Field
            id="campaign-wa-sid"
            label={t('campaigns.waContentSid')}
            placeholder="HX…"
            value={templateSid}
            onInput={setTemplateSid}
            error={err('whatsappTemplate.contentSid') ?? err('whatsappTemplate')}
          />
          <Field
            id="campaign-wa-vars"
            label={t('campaigns.waVariables')}
            hint={t('campaigns.waVariablesHint')}
            rows={3}
            value={templateVars}
            onInput={setTemplateVars}
            error={err('whatsappTemplate.variables')}
          />
        </fieldset>
      )}
      <fieldset class={s.group}>
        <legend>{t('campaigns.schedule')}</legend>
        <div class="row">
          {(['now', 'at', 'slots'] as const).map((when) => (
            <label key={when} class={s.radio}>
              <input
                type="radio"
                name="when"
                checked={schedule.when === when}
                onChange={() => setSchedule({ ...schedule, when })}
              />
              {t(`campaigns.${when}`)}
            </label>
          ))}
        </div>
        {schedule.when === 'at' && (
          <Field
            id="campaign-at"
            label={t('campaigns.at')}
            type="datetime-local"
            value={schedule.at}
            onInput={(at) => setSchedule({ ...schedule, at })}
            error={err('schedule.at') ?? err('schedule')}
          />
        )}
        {schedule.when === 'slots' && (
          <div class={s.slots}>
            {schedule.slots.map((slot, index) => (
              <Field
                key={index}
                id={`campaign-slot-${index}`}
                label={`${t('campaigns.slots')} ${index + 1}`}
                type="datetime-local"
                value={slot}
                onInput={(value) =>
                  setSchedule({
                    ...schedule,
                    slots: schedule.slots.map((other, i) => (i === index ? value : other)),
                  })
                }
              />
            ))}
            <button
              type="button"
              class="small"
              onClick={() => setSchedule({ ...schedule, slots: [...schedule.slots, ''] })}
            >
              {t('campaigns.addSlot')}
            </button>
            {(err('schedule.slots') ?? err('schedule')) && (
              <p class="alert" role="alert">
                {err('schedule.slots') ?? err('schedule')}
              </p>
            )}
          </div>
        )}
      </fieldset>
      <Field
        id="campaign-rate"
        label={t('campaigns.rate')}
        hint={t('campaigns.rateHint')}
        type="number"
        min="0"
        step="any"
        value={rate}
        onInput={setRate}
        error={err('rate')}
      />
      <fieldset>
        <legend>{t('campaigns.quietHours')}</legend>
        <p class="muted">{t('campaigns.quietHoursHint')}</p>
        <div class="row">
          <Field
            id="campaign-quiet-from"
            label={t('campaigns.quietFrom')}
            type="time"
            value={quietFrom}
            onInput={setQuietFrom}
            error={err('quietHours.from') ?? err('quietHours')}
          />
          <Field
            id="campaign-quiet-to"
            label={t('campaigns.quietTo')}
            type="time"
            value={quietTo}
            onInput={setQuietTo}
            error={err('quietHours.to')}
          />
        </div>
      </fieldset>
      <div class="row">
        <button type="submit" disabled={submit.pending}>
          {t('campaigns.saveDraft')}
        </button>
        <button type="button" class="primary" disabled={submit.pending} onClick={() => save(true)}>
          {t('campaigns.saveLaunch')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
