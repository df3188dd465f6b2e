import { useState } from 'preact/hooks';
import { useAgents } from '../../lib/agents.js';
import { errorMessage } from '../../lib/error-message.js';
import { useI18n } from '../../lib/i18n.js';
import { assign, type InboxSummary, setStatus } from '../../lib/inbox.js';
import s from './style.module.css';

type Shared = Omit<InboxSummary, 'unread'>;

/** The agent in charge of the open conversation, and Resolve / Reopen. */
export function ConversationTools({
  id,
  summary,
  onChange,
}: {
  id: string;
  summary: Shared | null;
  onChange(summary: Shared): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const agents = useAgents();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<Shared>) => {
    setPending(true);
    setError(null);
    try {
      onChange(await work());
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  const resolved = summary?.status === 'resolved';
  return (
    <div class={s.tools}>
      <label class={s.assign}>
        <span class="visually-hidden">{t('inbox.assignee')}</span>
        <select
          aria-label={t('inbox.assignee')}
          value={summary?.assigneeId ?? ''}
          disabled={pending}
          onChange={(event) => run(() => assign(id, event.currentTarget.value || null))}
        >
          <option value="">{t('inbox.unassigned')}</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={pending}
        onClick={() => run(() => setStatus(id, resolved ? 'open' : 'resolved'))}
      >
        {resolved ? t('inbox.reopen') : t('inbox.resolve')}
      </button>
      {error != null && (
        <p class="alert" role="alert">
          {errorMessage(error, i18n)}
        </p>
      )}
    </div>
  );
}
