import { useState } from 'preact/hooks';
import { addMember, listMembers, removeMember } from '../../lib/community.js';
import { errorMessage } from '../../lib/error-message.js';
import { useI18n } from '../../lib/i18n.js';
import type { Group } from '../../lib/types.js';
import { useLoad } from '../../lib/use-load.js';
import { ContactPicker } from '../contact-picker/index.js';
import { LoadView } from '../load-view/index.js';
import s from './style.module.css';

export function GroupMembers({ group, onCount }: { group: Group; onCount(count: number): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const members = useLoad(() => listMembers(group.id), [group.id]);
  const [error, setError] = useState<unknown>(null);

  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div class={s.members}>
      <ContactPicker
        id={`add-member-${group.id}`}
        label={t('groups.addMember')}
        onPick={(contact) =>
          act(async () => {
            const member = await addMember(group.id, contact.id);
            const items = members.load.data ?? [];
            const next = items.some((item) => item.id === member.id) ? items : [...items, member];
            members.set(() => next);
            onCount(next.length);
          })
        }
      />
      {error != null && (
        <p class="alert" role="alert">
          {errorMessage(error, i18n)}
        </p>
      )}
      <LoadView
        load={members.load}
        retry={members.reload}
        isEmpty={(items) => items.length === 0}
        empty={t('groups.noMembers')}
      >
        {(items) => (
          <ul class={s.list}>
            {items.map((member) => (
              <li key={member.id}>
                {member.name}
                <button
                  type="button"
                  class="small"
                  aria-label={`${t('remove')} ${member.name}`}
                  onClick={() =>
                    act(async () => {
                      await removeMember(group.id, member.id);
                      const next = items.filter((item) => item.id !== member.id);
                      members.set(() => next);
                      onCount(next.length);
                    })
                  }
                >
                  {t('remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </LoadView>
    </div>
  );
}
