import { listContacts } from '../../lib/contacts.js';
import { listConversations } from '../../lib/conversations.js';
import { fetchJson } from '../../lib/fetch-json.js';
import { number } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { getStats } from '../../lib/system.js';
import type { AiUsage, Page } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { BarChart } from '../bar-chart/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import s from './style.module.css';

const DAY_MS = 86_400_000;

/** The last 30 UTC days, oldest first, with the day's total of `pick` (0 where nothing was used). */
function perDay(rows: AiUsage[], pick: (row: AiUsage) => number): { label: string; value: number }[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.day, (totals.get(row.day) ?? 0) + pick(row));
  const days = [];
  for (let i = 29; i >= 0; i--) {
    const day = new Date(Date.now() - i * DAY_MS).toISOString().slice(0, 10);
    days.push({ label: day, value: totals.get(day) ?? 0 });
  }
  return days;
}

/** Totals read from list endpoints (`limit=1`): a section whose API is missing shows "—". */
async function totals(owner: boolean) {
  const total = (promise: Promise<{ total: number }>) => promise.then((page) => page.total).catch(() => null);
  const [conversations, handoffs, contacts, campaigns] = await Promise.all([
    total(listConversations({}, 1)),
    total(listConversations({ handoff: 'true' }, 1)),
    total(listContacts({}, 1, 1)),
    // Campaigns are the owner's: an agent's dashboard does not ask.
    owner ? total(fetchJson<Page<unknown>>('/api/admin/campaigns?status=completed&limit=1')) : null,
  ]);
  return { conversations, handoffs, contacts, campaigns };
}

export function Dashboard() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const stats = useLoad(getStats, []);
  const owner = user?.role === 'owner';
  const counts = useLoad(() => totals(owner), [owner]);
  const show = (value: number | null | undefined) => (value == null ? '—' : number(value, lang));
  const c = counts.load.data;
  return (
    <>
      <PageHeader title={t('home.title')} />
      {user && <p class={s.who}>{t('home.signedInAs', { name: user.name, email: user.email })}</p>}
      <div class={s.cards}>
        <a class={s.card} href="/admin/conversations?handoff=true">
          <span class={s.value}>{show(c?.handoffs)}</span>
          <span>{t('home.handoffs')}</span>
        </a>
        <a class={s.card} href="/admin/conversations">
          <span class={s.value}>{show(c?.conversations)}</span>
          <span>{t('home.conversations')}</span>
        </a>
        <a class={s.card} href="/admin/contacts">
          <span class={s.value}>{show(c?.contacts)}</span>
          <span>{t('home.contacts')}</span>
        </a>
        {owner && (
          <a class={s.card} href="/admin/campaigns">
            <span class={s.value}>{show(c?.campaigns)}</span>
            <span>{t('home.campaigns')}</span>
          </a>
        )}
      </div>
      <LoadView load={stats.load} retry={stats.reload}>
        {(data) => {
          const budget = data.aiBudget;
          const tokens = perDay(data.aiUsage, (row) => row.inputTokens + row.outputTokens);
          const calls = perDay(data.aiUsage, (row) => row.calls);
          return (
            <>
              <div class={s.cards}>
                <div class={s.card}>
                  <span class={s.value}>{number(budget.usedToday, lang)}</span>
                  <span>
                    {t('home.aiToday')} ·{' '}
                    {budget.dailyTokenBudget == null
                      ? t('home.aiNoBudget')
                      : t('home.aiBudget', { n: number(budget.dailyTokenBudget, lang) })}
                  </span>
                </div>
                <div class={s.card}>
                  <span class={s.value}>{number(data.guardInterventions, lang)}</span>
                  <span>{t('home.guard')}</span>
                </div>
              </div>
              {budget.exhausted && (
                <p class="alert" role="status">
                  {t('home.aiExhausted')}
                </p>
              )}
              <div class={s.charts}>
                <BarChart title={t('home.usageChart')} bars={tokens} />
                <BarChart title={t('home.callsChart')} bars={calls} />
              </div>
              {data.aiUsage.length === 0 && <p class={s.muted}>{t('home.noUsage')}</p>}
            </>
          );
        }}
      </LoadView>
    </>
  );
}
