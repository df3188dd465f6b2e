import { useState } from 'preact/hooks';
import { createGroup, deleteGroup, listGroups, renameGroup } from '../../lib/community.js';
import { errorMessage } from '../../lib/error-message.js';
import { useI18n } from '../../lib/i18n.js';
import type { Group } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { GroupInvite } from '../group-invite/index.js';
import { GroupMembers } from '../group-members/index.js';
import { LoadView } from '../load-view/index.js';
import { PageHeader } from '../page-header/index.js';

/** `/admin/groups`: create, rename, delete (archive) groups, and their members. */
export function Groups() {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useLoad(() => listGroups(), []);
  const [name, setName] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [inviting, setInviting] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const create = useSubmit(['name']);
  const rename = useSubmit(['name']);

  const replace = (group: Group) =>
    list.set((body) => ({ ...body, items: body.items.map((item) => (item.id === group.id ? group : item)) }));

  const onCreate = (event: Event) => {
    event.preventDefault();
    void create.run(async () => {
      const group = await createGroup(name);
      list.set((body) => ({ ...body, items: [group, ...body.items], total: body.total + 1 }));
      setName('');
    });
  };
  const onRename = (event: Event) => {
    event.preventDefault();
    if (!renaming) return;
    void rename.run(async () => {
      replace(await renameGroup(renaming.id, renaming.name));
      setRenaming(null);
    });
  };
  const remove = async (group: Group) => {
    if (!confirm(t('confirmDelete', { name: group.name }))) return;
    setError(null);
    try {
      await deleteGroup(group.id);
      list.set((body) => ({
        ...body,
        items: body.items.filter((item) => item.id !== group.id),
        total: body.total - 1,
      }));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <PageHeader title={t('groups.title')} />
      <form class="panel toolbar" onSubmit={onCreate}>
        <FormAlert message={create.placed.form} />
        <Field
          id="group-name"
          label={t('groups.new')}
          value={name}
          onInput={setName}
          required
          error={create.placed.fields.name}
        />
        <button type="submit" class="primary" disabled={create.pending}>
          {t('create')}
        </button>
      </form>
      {error != null && (
        <p class="alert" role="alert">
          {errorMessage(error, i18n)}
        </p>
      )}
      <LoadView
        load={list.load}
        retry={list.reload}
        isEmpty={(body) => body.items.length === 0}
        empty={t('groups.empty')}
      >
        {(body) => (
          <ul class="list">
            {body.items.map((group) => (
              <li key={group.id}>
                {renaming?.id === group.id ? (
                  <form class="toolbar" onSubmit={onRename}>
                    <FormAlert message={rename.placed.form} />
                    <Field
                      id={`rename-${group.id}`}
                      label={t('groups.rename')}
                      value={renaming.name}
                      onInput={(value) => setRenaming({ id: group.id, name: value })}
                      error={rename.placed.fields.name}
                    />
                    <button type="submit" class="primary" disabled={rename.pending}>
                      {t('save')}
                    </button>
                    <button type="button" onClick={() => setRenaming(null)}>
                      {t('cancel')}
                    </button>
                  </form>
                ) : (
                  <div class="item-row">
                    <div class="item-body">
                      <strong>{group.name}</strong> <span class="badge">{group.channel}</span>{' '}
                      <span class="muted">{t('groups.memberCount', { n: group.memberCount })}</span>
                    </div>
                    <div class="row">
                      <button
                        type="button"
                        class="small"
                        aria-expanded={open === group.id}
                        onClick={() => setOpen(open === group.id ? null : group.id)}
                      >
                        {t('groups.members')}
                      </button>
                      <button
                        type="button"
                        class="small"
                        aria-expanded={inviting === group.id}
                        onClick={() => setInviting(inviting === group.id ? null : group.id)}
                      >
                        {t('groups.inviteButton')}
                      </button>
                      <button
                        type="button"
                        class="small"
                        onClick={() => setRenaming({ id: group.id, name: group.name })}
                      >
                        {t('groups.rename')}
                      </button>
                      <button type="button" class="small danger" onClick={() => remove(group)}>
                        {t('delete')}
                      </button>
                    </div>
                  </div>
                )}
                {inviting === group.id && <GroupInvite name={group.name} url={group.inviteUrl} />}
                {open === group.id && (
                  <GroupMembers group={group} onCount={(memberCount) => replace({ ...group, memberCount })} />
                )}
              </li>
            ))}
          </ul>
        )}
      </LoadView>
    </>
  );
}
