import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { getScheduler } from '../../lib/system.js';
import { useLoad } from '../../lib/use-load.js';
import { LoadView } from '../load-view/index.js';

/** The scheduler's health and its latest jobs (campaign slots, maintenance). */
export function SchedulerStatus() {
  const { t, lang } = useI18n();
  const scheduler = useLoad(getScheduler, []);
  const when = (iso: string | null) => (iso ? dateTime(iso, lang) : '—');
  return (
    <LoadView load={scheduler.load} retry={scheduler.reload}>
      {(data) => (
        <>
          <p class="first">
            <span class={`badge ${data.health.ok ? '' : 'warn'}`}>
              {data.health.ok ? 'OK' : t('channels.lastError')}
            </span>{' '}
            <span class="muted">
              {data.health.backend ?? ''}
              {data.health.queued !== undefined && ` · ${t('channels.queued', { n: data.health.queued })}`}
            </span>
          </p>
          {data.jobs.length === 0 ? (
            <p class="muted">{t('channels.noJobs')}</p>
          ) : (
            <div class="table-wrap">
              <table class="data stack">
                <thead>
                  <tr>
                    <th>{t('channels.job')}</th>
                    <th>{t('channels.state')}</th>
                    <th>{t('channels.nextRun')}</th>
                    <th>{t('channels.lastRun')}</th>
                    <th>{t('campaigns.error')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.jobs.map((job) => (
                    <tr key={job.id}>
                      <td>
                        <code>{job.name}</code>
                      </td>
                      <td data-label={`${t('channels.state')}:`}>{job.state}</td>
                      <td data-label={`${t('channels.nextRun')}:`}>{when(job.nextRunAt)}</td>
                      <td data-label={`${t('channels.lastRun')}:`}>
                        {when(job.lastFinishedAt ?? job.lastRunAt)}
                      </td>
                      <td>{job.failReason ? `${job.failReason} (${job.failCount})` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </LoadView>
  );
}
