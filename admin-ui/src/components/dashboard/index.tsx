import { useCallback, useEffect } from 'preact/hooks';
import { listContacts } from '../../lib/contacts.js';
import { listCampaigns } from '../../lib/campaigns.js';
import { number } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { getStats } from '../../lib/system.js';
import type { AiUsage, Stats } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { BarChart } from '../bar-chart/index.js';
import { chartAxes } from '../bar-chart/axes.js';
import { OnboardingChecklist } from '../onboarding-checklist/index.js';
import { CampaignList } from '../campaign-row/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { TodayClassesSlot } from '../today-classes/slot.js';
import s from './style.module.css';

const DAY_MS = 86_400_000;
/** The figures follow the inbox: a burst of messages reloads them once, this long after the first. */
const LIVE_RELOAD_MS = 2_000;

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

/** Reloads `reload` shortly after live messages, conversation changes and a resync (the socket loads lazily). */
function useLiveReload(reload: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const offs: (() => void)[] = [];
    const schedule = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        reload();
      }, LIVE_RELOAD_MS);
    };
    void import('../../lib/live.js').then(({ onLive }) => {
      if (stopped) return;
      offs.push(onLive('message', schedule), onLive('conversation', schedule), onLive('resynced', schedule));
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [reload]);
}

export function Dashboard() {
  const { t } = useI18n();
  const { user } = useSession();
  const owner = user?.role === 'owner';
  const stats = useLoad(getStats, []);
  const contacts = useLoad(() => listContacts({}, 1, 1).then((page) => page.total), []);
  const { reload: reloadStats } = stats;
  const { reload: reloadContacts } = contacts;
  useLiveReload(
    useCallback(() => {
      reloadStats();
      reloadContacts();
    }, [reloadStats, reloadContacts]),
  );

  return (
    <>
      <PageHeader title={t('home.title')} />
      {user && <p class={s.who}>{t('home.signedInAs', { name: user.name, email: user.email })}</p>}
      {owner && <OnboardingChecklist />}
      <LoadView load={stats.load} retry={stats.reload}>
        {(data) => (
          <>
            <Today data={data} contacts={contacts.load.data} />
            <Activity data={data} />
          </>
        )}
      </LoadView>
      <TodayClassesSlot owner={owner} />
      {owner && <RecentCampaigns />}
      {stats.load.data && <AiFigures data={stats.load.data} />}
    </>
  );
}

function Today({ data, contacts }: { data: Stats; contacts: number | undefined }) {
  const { t, lang } = useI18n();
  const today = data.today;
  const n = (value: number) => number(value, lang);
  // Past 10,000 the server stops counting: "10,000+".
  const atLeast = (value: number, more: boolean) => (more ? `${n(value)}+` : n(value));
  return (
    <section aria-labelledby="today-heading">
      <h2 id="today-heading" class={s.heading}>
        {t('home.today')}
      </h2>
      <div class={s.cards}>
        <a
          class={`${s.card} ${today.handoffsWaiting > 0 ? s.attention : ''}`}
          href="/admin/conversations?waiting=true"
        >
          <span class={s.value}>{atLeast(today.handoffsWaiting, today.handoffsWaitingMore)}</span>
          <span>{t('home.handoffs')}</span>
          <span class={s.detail}>
            {t('home.handoffsHeld', { n: atLeast(today.handoffs, today.handoffsMore) })}
          </span>
        </a>
        <a class={s.card} href="/admin/conversations">
          <span class={s.value}>{n(today.conversations)}</span>
          <span>{t('home.conversationsToday')}</span>
          <span class={s.detail}>{t('home.newConversations', { n: n(today.newConversations) })}</span>
        </a>
        <div class={s.card}>
          <span class={s.value}>{n(today.messages)}</span>
          <span>{t('home.messagesToday')}</span>
          <span class={s.detail}>
            {t('home.messagesBySender', {
              contacts: n(today.fromContacts),
              assistant: n(today.assistant),
              coach: n(today.coach),
            })}
          </span>
        </div>
        <a class={s.card} href="/admin/contacts">
          <span class={s.value}>{contacts === undefined ? '—' : n(contacts)}</span>
          <span>{t('home.contacts')}</span>
        </a>
      </div>
    </section>
  );
}

function Activity({ data }: { data: Stats }) {
  const { t, lang } = useI18n();
  const axes = chartAxes(lang);
  const bars = (pick: (day: Stats['activity'][number]) => number) =>
    data.activity.map((day) => ({ label: day.day, value: pick(day) }));
  return (
    <div class={s.charts}>
      <BarChart title={t('home.messagesChart')} bars={bars((day) => day.messages)} {...axes} />
      <BarChart title={t('home.conversationsChart')} bars={bars((day) => day.conversations)} {...axes} />
    </div>
  );
}

function RecentCampaigns() {
  const { t } = useI18n();
  const recent = useLoad(() => listCampaigns('', 1, 5), []);
  return (
    <section aria-labelledby="campaigns-heading">
      <h2 id="campaigns-heading" class={s.heading}>
        {t('home.recentCampaigns')}
      </h2>
      <CampaignList list={recent} empty={t('home.noCampaigns')} />
    </section>
  );
}

function AiFigures({ data }: { data: Stats }) {
  const { t, lang } = useI18n();
  const budget = data.aiBudget;
  const tokens = perDay(data.aiUsage, (row) => row.inputTokens + row.outputTokens);
  const calls = perDay(data.aiUsage, (row) => row.calls);
  return (
    <section aria-labelledby="ai-heading">
      <h2 id="ai-heading" class={s.heading}>
        {t('home.ai')}
      </h2>
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
        <BarChart title={t('home.usageChart')} bars={tokens} {...chartAxes(lang, true)} />
        <BarChart title={t('home.callsChart')} bars={calls} {...chartAxes(lang)} />
      </div>
      {data.aiUsage.length === 0 && <p class={s.muted}>{t('home.noUsage')}</p>}
    </section>
  );
}
