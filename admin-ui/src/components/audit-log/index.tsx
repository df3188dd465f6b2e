import { useState } from 'preact/hooks';
import { type AuditFilter, listAuditLog } from '../../lib/audit.js';
import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { users } from '../../lib/system.js';
import { useLoad } from '../../lib/use-load.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { Pager } from '../pager/index.js';
import { ACTIONS, AREAS } from './actions.js';
import s from './style.module.css';

const LIMIT = 50;

/** `/admin/audit-log` (owner only): every admin write, newest first, by person, area and days. */
export function AuditLog() {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<AuditFilter>({});
  const log = useLoad(() => listAuditLog(filter, page, LIMIT), [filter, page]);
  const team = useLoad(() => users.list().catch(() => []), []);
  const change = (patch: Partial<AuditFilter>) => {
    setFilter((current) => ({ ...current, ...patch }));
    setPage(1);
  };
  const select = (value: string) => value || undefined;
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <fieldset class={s.filters}>
        <legend class="visually-hidden">{t('audit.filters')}</legend>
        <label>
          {t('audit.who')}
          <select
            value={filter.userId ?? ''}
            onChange={(e) => change({ userId: select(e.currentTarget.value) })}
          >
            <option value="">{t('audit.everyone')}</option>
            {(team.load.data ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.area')}
          <select value={filter.area ?? ''} onChange={(e) => change({ area: select(e.currentTarget.value) })}>
            <option value="">{t('audit.allAreas')}</option>
            {AREAS.map(({ area, label }) => (
              <option key={area} value={area}>
                {t(label)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.from')}
          <input
            type="date"
            value={filter.fromDay ?? ''}
            onChange={(e) => change({ fromDay: select(e.currentTarget.value) })}
          />
        </label>
        <label>
          {t('audit.to')}
          <input
            type="date"
            value={filter.toDay ?? ''}
            onChange={(e) => change({ toDay: select(e.currentTarget.value) })}
          />
        </label>
      </fieldset>
      <LoadView
        load={log.load}
        retry={log.reload}
        isEmpty={(body) => body.items.length === 0}
        empty={t('audit.empty')}
      >
        {(body) => (
          <>
            <p class="muted">{t('audit.total', { n: body.total })}</p>
            <div class="table-wrap">
              <table class="data stack">
                <thead>
                  <tr>
                    <th>{t('audit.when')}</th>
                    <th>{t('audit.who')}</th>
                    <th>{t('audit.action')}</th>
                    <th>{t('audit.target')}</th>
                  </tr>
                </thead>
                <tbody>
                  {body.items.map((entry) => {
                    const action = Object.hasOwn(ACTIONS, entry.action) ? ACTIONS[entry.action] : undefined;
                    return (
                      <tr key={entry.id}>
                        <td class="nowrap">{dateTime(entry.createdAt, lang)}</td>
                        <td>{entry.user?.name ?? t('audit.system')}</td>
                        <td>{action ? t(action) : <code>{entry.action}</code>}</td>
                        <td class="wrap">
                          {entry.targetName ??
                            (entry.target ? (
                              <span class="muted">{t('audit.gone', { id: entry.target.slice(0, 10) })}</span>
                            ) : (
                              ''
                            ))}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pager page={page} total={body.total} limit={LIMIT} onPage={setPage} />
          </>
        )}
      </LoadView>
    </>
  );
}
