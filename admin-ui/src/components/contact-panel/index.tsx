import type { ComponentChildren } from 'preact';
import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { type ContactPanelData, fetchContactPanel } from '../../lib/inbox.js';
import { useLive } from '../../lib/live.js';
import { CHANNEL_LABELS } from '../../lib/types.js';
import { type Loaded, useLoad } from '../../lib/use-load.js';
import { Failed, Loading } from '../load-view/index.js';
import s from './style.module.css';

/** Loads the customer beside the open conversation, again when a note is added to it. */
export function useContactPanel(conversationId: string): Loaded<ContactPanelData> {
  const panel = useLoad(() => fetchContactPanel(conversationId), [conversationId]);
  useLive('message', (event) => {
    if (event.conversationId === conversationId && event.message.kind === 'note') panel.reload();
  });
  return panel;
}

/**
 * The customer beside the thread: channels, tags, the team's notes, campaigns received, payment links
 * clicked. A column on a wide screen; on a phone, shown when asked (`open`).
 */
export function ContactPanel({ panel, open }: { panel: Loaded<ContactPanelData>; open: boolean }) {
  const { t, lang } = useI18n();
  const { load } = panel;
  const data = load.data;
  return (
    <aside class={`${s.panel} ${open ? s.open : ''}`} aria-label={t('panel.title')}>
      {load.state === 'failed' && <Failed error={load.error} retry={panel.reload} />}
      {!data && load.state === 'loading' && <Loading />}
      {data && (
        <>
          <h3 class={s.name}>{data.contact?.name ?? t('panel.group')}</h3>
          {data.contact?.email && <p class={s.line}>{data.contact.email}</p>}
          {data.contact?.phone && <p class={s.line}>{data.contact.phone}</p>}
          <Section title={t('panel.channels')} empty={data.identities.length === 0}>
            {data.identities.map((identity) => (
              <span key={`${identity.channel}:${identity.externalId}`} class="badge">
                {CHANNEL_LABELS[identity.channel] ?? identity.channel}
              </span>
            ))}
          </Section>
          <Section title={t('panel.tags')} empty={!data.contact?.tags.length}>
            {data.contact?.tags.map((tag) => (
              <span key={tag} class="badge">
                {tag}
              </span>
            ))}
          </Section>
          <Section title={t('panel.notes')} empty={data.notes.length === 0} list>
            {data.notes.map((note) => (
              <li key={note.id} class={s.note}>
                <p>{note.text}</p>
                <small>
                  {note.sender.name} · {dateTime(note.createdAt, lang)}
                </small>
              </li>
            ))}
          </Section>
          <Section title={t('panel.campaigns')} empty={data.campaigns.length === 0} list>
            {data.campaigns.map((campaign) => (
              <li key={`${campaign.campaignId}:${campaign.at}`}>
                {campaign.name}{' '}
                <small>
                  {CHANNEL_LABELS[campaign.channel] ?? campaign.channel} · {dateTime(campaign.at, lang)}
                </small>
              </li>
            ))}
          </Section>
          <Section title={t('panel.payments')} empty={data.payments.length === 0} list>
            {data.payments.map((link) => (
              <li key={link.id}>
                <span class={s.url}>{link.url}</span>{' '}
                <span class="badge">{t('conv.clicks', { n: link.clicks })}</span>
              </li>
            ))}
          </Section>
        </>
      )}
    </aside>
  );
}

function Section(props: { title: string; empty: boolean; list?: boolean; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <section class={s.section}>
      <h4>{props.title}</h4>
      {props.empty ? (
        <p class={s.none}>{t('none')}</p>
      ) : props.list ? (
        <ul>{props.children}</ul>
      ) : (
        <div class={s.chips}>{props.children}</div>
      )}
    </section>
  );
}
