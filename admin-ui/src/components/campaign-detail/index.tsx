import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import {
  cancelCampaign,
  deleteCampaign,
  duplicateCampaign,
  getCampaign,
  launchCampaign,
  listDeliveries,
  sendTime,
} from '../../lib/campaigns.js';
import { links } from '../../lib/catalog.js';
import { deliveryErrorText } from '../../lib/delivery-error.js';
import { listContacts } from '../../lib/contacts.js';
import { errorMessage } from '../../lib/error-message.js';
import { dateTime } from '../../lib/format.js';
import { type I18n, useI18n } from '../../lib/i18n.js';
import { withLinkNames } from '../../lib/link-tokens.js';
import { useLive } from '../../lib/live.js';
import { CHANNEL_LABELS, type Campaign, DELIVERY_STATUSES } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { CampaignComposer } from '../campaign-composer/index.js';
import { CampaignProgress } from '../campaign-progress/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { Pager } from '../pager/index.js';
import { Tabs } from '../tabs/index.js';

/** One campaign: progress (live while sending), actions, and its deliveries with their error codes. */
export function CampaignDetail({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { route } = useLocation();
  const campaign = useLoad(() => getCampaign(id), [id]);
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const deliveries = useLoad(() => listDeliveries(id, status, page), [id, status, page]);
  // Names for the ledger's contact ids (a small business: the first 200 contacts cover it; else the id shows).
  const names = useLoad(
    () =>
      listContacts({}, 1, 200).then(
        (body) => new Map(body.items.map((contact) => [contact.id, contact.name])),
        () => new Map<string, string>(),
      ),
    [],
  );
  const entryLinks = useLoad(() => links.list().catch(() => []), []);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Progress events that arrived while an action's answer was on its way are newer than that answer.
  const progressSeen = useRef(0);

  // Progress events carry the counts; a delivery event updates its row, and the list is read again
  // (at most once a second) when a row it does not show yet changed.
  const refreshSoon = () => {
    refresh.current ??= setTimeout(() => {
      refresh.current = null;
      deliveries.reload();
    }, 1000);
  };
  useEffect(() => () => clearTimeout(refresh.current ?? undefined), []);
  useLive('delivery', (event) => {
    if (event.campaignId !== id) return;
    if (event.counts) {
      progressSeen.current++;
      const counts = event.counts;
      campaign.set((current) => ({ ...current, status: event.status ?? current.status, counts }));
    }
    const changed = event.delivery;
    if (!changed) return;
    const shown = deliveries.load.data?.items.some((item) => item.id === changed.id);
    if (shown && (!status || changed.status === status)) {
      deliveries.set((body) => ({
        ...body,
        items: body.items.map((item) => (item.id === changed.id ? { ...item, ...changed } : item)),
      }));
    } else refreshSoon();
  });

  const act = async (action: () => Promise<Campaign | undefined>, then?: (result: Campaign) => void) => {
    setBusy(true);
    setError(null);
    const seen = progressSeen.current;
    try {
      const result = await action();
      if (result && then) then(result);
      else if (result && seen !== progressSeen.current)
        campaign.set((current) => ({ ...result, status: current.status, counts: current.counts }));
      else if (result) campaign.set(() => result);
      deliveries.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <a href="/admin/campaigns">← {t('campaigns.title')}</a>
      <LoadView load={campaign.load} retry={campaign.reload}>
        {(data) => (
          <>
            <PageHeader title={data.name}>
              {(data.status === 'draft' || data.status === 'scheduled') && (
                <button type="button" onClick={() => setEditing(!editing)} disabled={busy}>
                  {t('edit')}
                </button>
              )}
              {data.status === 'draft' && (
                <button
                  type="button"
                  class="primary"
                  disabled={busy}
                  onClick={() => act(() => launchCampaign(id))}
                >
                  {t('campaigns.launch')}
                </button>
              )}
              {(data.status === 'scheduled' || data.status === 'sending') && (
                <button
                  type="button"
                  class="danger"
                  disabled={busy}
                  onClick={() => {
                    // Cancelling stops what is left to send: asked first (issue 19).
                    if (confirm(t('campaigns.cancelConfirm', { name: data.name })))
                      void act(() => cancelCampaign(id));
                  }}
                >
                  {t('cancel')}
                </button>
              )}
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  act(
                    () => duplicateCampaign(id),
                    (copy) => route(`/admin/campaigns/${copy.id}`),
                  )
                }
              >
                {t('campaigns.duplicate')}
              </button>
              {data.status === 'draft' && (
                <button
                  type="button"
                  class="danger"
                  disabled={busy}
                  onClick={() => {
                    if (confirm(t('confirmDelete', { name: data.name })))
                      void act(async () => {
                        await deleteCampaign(id);
                        route('/admin/campaigns');
                        return undefined;
                      });
                  }}
                >
                  {t('delete')}
                </button>
              )}
            </PageHeader>
            {error != null && (
              <p class="alert" role="alert">
                {errorMessage(error, i18n)}
              </p>
            )}
            {editing ? (
              <CampaignComposer
                campaign={data}
                knownLinks={entryLinks.load.data}
                onSaved={(saved) => {
                  campaign.set(() => saved);
                  setEditing(false);
                }}
                onCancel={() => setEditing(false)}
              />
            ) : (
              <div class="panel">
                <p class="first">
                  <span class={`badge ${data.status === 'failed' ? 'warn' : ''}`}>
                    {t(`campaigns.status.${data.status}`)}
                  </span>{' '}
                  <span class="muted">
                    {data.channels.map((channel) => CHANNEL_LABELS[channel] ?? channel).join(', ')}
                    {sendLabel(data, i18n)}
                    {data.quietHours &&
                      ` · ${t('campaigns.quietSummary', { from: data.quietHours.from, to: data.quietHours.to })}`}
                  </span>
                </p>
                {data.error && <p class="alert">{t('campaigns.failedWith', { code: data.error.code })}</p>}
                {data.notes?.map((note) => (
                  <p class="muted" key={note}>
                    {noteText(note, t)}
                  </p>
                ))}
                <p class="pre">{withLinkNames(data.message, entryLinks.load.data ?? [])}</p>
                <CampaignProgress counts={data.counts ?? {}} />
              </div>
            )}
          </>
        )}
      </LoadView>
      <h2>{t('campaigns.deliveries')}</h2>
      <Tabs
        label={t('campaigns.deliveries')}
        current={status}
        onSelect={(key) => {
          setStatus(key);
          setPage(1);
        }}
        tabs={[
          { key: '', label: t('all') },
          ...DELIVERY_STATUSES.map((key) => ({ key, label: t(`delivery.${key}`) })),
        ]}
      />
      <LoadView
        load={deliveries.load}
        retry={deliveries.reload}
        isEmpty={(body) => body.items.length === 0}
        empty={t('campaigns.noDeliveries')}
      >
        {(body) => (
          <>
            <div class="table-wrap">
              <table class="data stack">
                <thead>
                  <tr>
                    <th>{t('campaigns.recipient')}</th>
                    <th>{t('campaigns.channel')}</th>
                    <th>{t('campaigns.status')}</th>
                    <th>{t('campaigns.error')}</th>
                  </tr>
                </thead>
                <tbody>
                  {body.items.map((delivery) => (
                    <tr key={delivery.id}>
                      <td>{names.load.data?.get(delivery.recipientId) ?? delivery.recipientId}</td>
                      <td>{CHANNEL_LABELS[delivery.channel] ?? delivery.channel}</td>
                      <td>{t(`delivery.${delivery.status}`)}</td>
                      <td>{delivery.error && deliveryErrorText(delivery.error, delivery.channel, i18n)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page} total={body.total} limit={50} onPage={setPage} />
          </>
        )}
      </LoadView>
    </>
  );
}

/** " · sends 1 Jun 2027, 09:00" (and how many times follow), or nothing for an unscheduled draft. */
function sendLabel(campaign: Campaign, { t, lang }: I18n): string {
  const when = sendTime(campaign);
  if (!when) return '';
  const at = dateTime(when.at, lang);
  return ` · ${when.more > 0 ? t('campaigns.sendsAtSlots', { at, n: when.more }) : t('campaigns.sendsAt', { at })}`;
}

/**
 * The API's note in the panel's language. Notes come as English text without a code; the one Kora
 * gives today (WhatsApp without a template, `core/campaigns/notes.ts`) starts with "WhatsApp:".
 */
function noteText(note: string, t: I18n['t']): string {
  return note.startsWith('WhatsApp:') ? t('campaigns.waTemplateNote') : note;
}
