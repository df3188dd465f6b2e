import type { ConversationFilter } from '../../lib/conversations.js';
import { useI18n } from '../../lib/i18n.js';
import s from './style.module.css';

const SCOPES = [
  ['me', 'inbox.scope.mine'],
  ['none', 'inbox.scope.unassigned'],
  ['', 'inbox.scope.all'],
] as const;

/** Mine / Unassigned / All, and open / resolved: the inbox's filters by agent and status. */
export function InboxScope({
  filter,
  onFilter,
}: {
  filter: ConversationFilter;
  onFilter(filter: ConversationFilter): void;
}) {
  const { t } = useI18n();
  return (
    <div class={s.scope}>
      <fieldset class={s.tabs}>
        <legend class="visually-hidden">{t('inbox.scope')}</legend>
        {SCOPES.map(([value, label]) => (
          <button
            key={value}
            type="button"
            class="small"
            aria-pressed={(filter.assignee ?? '') === value}
            onClick={() => onFilter({ ...filter, assignee: value })}
          >
            {t(label)}
          </button>
        ))}
      </fieldset>
      <select
        aria-label={t('inbox.status')}
        value={filter.status ?? ''}
        onChange={(event) =>
          onFilter({ ...filter, status: event.currentTarget.value as ConversationFilter['status'] })
        }
      >
        <option value="">{t('inbox.filterAll', { name: t('inbox.status') })}</option>
        <option value="open">{t('inbox.open')}</option>
        <option value="resolved">{t('inbox.resolved')}</option>
      </select>
    </div>
  );
}
