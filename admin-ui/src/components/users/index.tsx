import { useState } from 'preact/hooks';
import { errorMessage } from '../../lib/error-message.js';
import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { users } from '../../lib/system.js';
import type { AdminUserView } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { UserForm } from '../user-form/index.js';

/** `/admin/users` (owner only): the team, their roles, passwords. */
export function Users() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user: me } = useSession();
  const list = useLoad(users.list, []);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const saved = (user: AdminUserView) => {
    list.set((items) =>
      items.some((item) => item.id === user.id)
        ? items.map((item) => (item.id === user.id ? user : item))
        : [...items, user],
    );
    setEditing(null);
  };
  const remove = async (user: AdminUserView) => {
    if (!confirm(t('confirmDelete', { name: user.name }))) return;
    setError(null);
    try {
      await users.remove(user.id);
      list.set((items) => items.filter((item) => item.id !== user.id));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <>
      <PageHeader title={t('users.title')}>
        <button type="button" class="primary" onClick={() => setEditing('new')} disabled={editing === 'new'}>
          {t('users.new')}
        </button>
      </PageHeader>
      {error != null && (
        <p class="alert" role="alert">
          {errorMessage(error, i18n)}
        </p>
      )}
      {editing === 'new' && <UserForm onSaved={saved} onCancel={() => setEditing(null)} />}
      <LoadView
        load={list.load}
        retry={list.reload}
        isEmpty={(items) => items.length === 0}
        empty={t('users.empty')}
      >
        {(items) => (
          <ul class="list">
            {items.map((user) =>
              editing === user.id ? (
                <li key={user.id}>
                  <UserForm user={user} onSaved={saved} onCancel={() => setEditing(null)} />
                </li>
              ) : (
                <li key={user.id} class="item-row">
                  <div class="item-body">
                    <strong>{user.name}</strong>{' '}
                    {user.id === me?.id && <span class="muted">({t('users.you')})</span>}{' '}
                    <span class="badge">{user.role}</span>
                    <div class="muted">{user.email}</div>
                  </div>
                  <div class="row">
                    <button
                      type="button"
                      class="small"
                      onClick={() => setEditing(user.id)}
                      aria-label={`${t('edit')} ${user.name}`}
                    >
                      {t('edit')}
                    </button>
                    <button
                      type="button"
                      class="small danger"
                      onClick={() => remove(user)}
                      aria-label={`${t('delete')} ${user.name}`}
                    >
                      {t('delete')}
                    </button>
                  </div>
                </li>
              ),
            )}
          </ul>
        )}
      </LoadView>
    </>
  );
}
