import { useState } from 'preact/hooks';
import { useI18n } from '../../lib/i18n.js';
import { type UserInput, users } from '../../lib/system.js';
import type { AdminUserView } from '../../lib/types.js';
import { useSubmit } from '../../lib/use-submit.js';
import { Field } from '../field/index.js';
import { FormAlert } from '../form-alert/index.js';
import { FormActions } from '../form-actions/index.js';

export function UserForm({
  user,
  onSaved,
  onCancel,
}: {
  user?: AdminUserView;
  onSaved(user: AdminUserView): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState(user?.email ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<UserInput['role']>(user?.role ?? 'agent');
  const submit = useSubmit(['email', 'name', 'password', 'role']);
  const id = (field: string) => `user-${user?.id ?? 'new'}-${field}`;
  const err = (field: string) => submit.placed.fields[field];

  const save = (event: Event) => {
    event.preventDefault();
    void submit.run(async () => {
      if (user) {
        const patch: Partial<UserInput> = { name, role };
        if (password) patch.password = password;
        onSaved(await users.update(user.id, patch));
      } else {
        onSaved(await users.create({ email, name, password, role }));
      }
    });
  };
  return (
    <form class="panel" onSubmit={save}>
      <FormAlert message={submit.placed.form} />
      <div class="grid2">
        {!user && (
          <Field
            id={id('email')}
            label={t('field.email')}
            type="email"
            value={email}
            onInput={setEmail}
            required
            error={err('email')}
          />
        )}
        <Field
          id={id('name')}
          label={t('field.name')}
          value={name}
          onInput={setName}
          required
          error={err('name')}
        />
        <Field
          id={id('password')}
          label={user ? t('users.newPassword') : t('field.password')}
          type="password"
          autocomplete="new-password"
          value={password}
          onInput={setPassword}
          required={!user}
          hint={t('setup.passwordHint')}
          error={err('password')}
        />
        <Field
          id={id('role')}
          label={t('field.role')}
          value={role}
          onInput={(value) => setRole(value as UserInput['role'])}
          options={[
            { value: 'agent', label: t('users.role.agent') },
            { value: 'owner', label: t('users.role.owner') },
          ]}
          error={err('role')}
        />
      </div>
      <FormActions label={user ? t('save') : t('create')} pending={submit.pending} onCancel={onCancel} />
    </form>
  );
}
