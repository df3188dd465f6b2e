import { useState } from 'preact/hooks';
import { errorMessage } from '../../lib/error-message.js';
import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { resetUserTotp, users } from '../../lib/system.js';
import type { AdminUserView } from '../../lib/types.js';
import { useEditableList } from '../../lib/use-editable-list.js';
import { FormAlert } from '../form-alert/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';
import { ItemActions } from '../resource-list/index.js';
import { UserForm } from '../user-form/index.js';

/** `/admin/users` (owner only): the team, their roles, passwords. */
export function Users() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user: me } = useSession();
  const { list, editing, edit, stopEditing, saved, remove, error } = useEditableList(
    users,
    (item) => item.name,
    { newLast: true },
  );
  const [resetError, setResetError] = useState<unknown>(null);
  const resetTotp = async (user: AdminUserView) => {
    if (!confirm(t('users.confirmResetTotp', { name: user.name }))) return;
    setResetError(null);
    try {
      saved(await resetUserTotp(user.id));
    } catch (failure) {
      setResetError(failure);
    }
  };
  return (
    <>
      <PageHeader title={t('users.title')}>
        <button type="button" class="primary" onClick={() => edit('new')} disabled={editing === 'new'}>
          {t('users.new')}
        </button>
      </PageHeader>
      <FormAlert message={error ?? (resetError == null ? undefined : errorMessage(resetError, i18n))} />
      {editing === 'new' && <UserForm onSaved={saved} onCancel={stopEditing} />}
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
                  <UserForm user={user} onSaved={saved} onCancel={stopEditing} />
                </li>
              ) : (
                <li key={user.id} class="item-row">
                  <div class="item-body">
                    <strong>{user.name}</strong>{' '}
                    {user.id === me?.id && <span class="muted">({t('users.you')})</span>}{' '}
                    <span class="badge">{user.role}</span>{' '}
                    {user.totpEnabled && <span class="badge">{t('users.totpOn')}</span>}
                    <div class="muted">{user.email}</div>
                  </div>
                  <div class="row">
                    {user.totpEnabled && user.id !== me?.id && (
                      <button
                        type="button"
                        class="small"
                        onClick={() => void resetTotp(user)}
                        aria-label={`${t('users.resetTotp')} ${user.name}`}
                      >
                        {t('users.resetTotp')}
                      </button>
                    )}
                    <ItemActions
                      name={user.name}
                      onEdit={() => edit(user.id)}
                      onDelete={() => remove(user)}
                    />
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
