import { useState } from 'preact/hooks';
import { dateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { listAudit, users } from '../../lib/system.js';
import { useLoad } from '../../lib/use-load.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { Pager } from '../pager/index.js';

const LIMIT = 50;

/** `/admin/audit-log` (owner only): every admin write, newest first. */
export function AuditLog() {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const log = useLoad(() => listAudit(page, LIMIT), [page]);
  const team = useLoad(() => users.list().catch(() => []), []);
  const who = (id: string | null) =>
    id ? (team.load.data?.find((user) => user.id === id)?.name ?? id.slice(0, 8)) : '—';
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <LoadView
        load={log.load}
        retry={log.reload}
        isEmpty={(body) => body.items.length === 0}
        empty={t('audit.empty')}
      >
        {(body) => (
          <>
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
                  {body.items.map((entry) => (
                    <tr key={entry.id}>
                      <td class="nowrap">{dateTime(entry.createdAt, lang)}</td>
                      <td>{who(entry.userId)}</td>
                      <td>
                        <code>{entry.action}</code>
                      </td>
                      <td class="wrap">{entry.target ?? ''}</td>
                    </tr>
                  ))}
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
