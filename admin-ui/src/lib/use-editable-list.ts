import { useState } from 'preact/hooks';
import type { Crud } from './crud.js';
import { errorMessage } from './error-message.js';
import { useI18n } from './i18n.js';
import { useLoad } from './use-load.js';

/**
 * A list the coach edits in place: which item is being edited (`'new'` for the creation form), the
 * saved item put in the list (new ones first, or last with `newLast`), deletion after a confirmation,
 * and the message of a failed deletion.
 */
export function useEditableList<T extends { id: string }>(
  api: Pick<Crud<T, never>, 'list' | 'remove'>,
  nameOf: (item: T) => string,
  options: { newLast?: boolean } = {},
) {
  const i18n = useI18n();
  const list = useLoad(api.list, [api]);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const saved = (item: T) => {
    list.set((items) => {
      if (items.some((other) => other.id === item.id))
        return items.map((other) => (other.id === item.id ? item : other));
      return options.newLast ? [...items, item] : [item, ...items];
    });
    setEditing(null);
  };
  const remove = async (item: T) => {
    if (!confirm(i18n.t('confirmDelete', { name: nameOf(item) }))) return;
    setError(null);
    try {
      await api.remove(item.id);
      list.set((items) => items.filter((other) => other.id !== item.id));
    } catch (failure) {
      setError(failure);
    }
  };
  return {
    list,
    editing,
    edit: setEditing,
    stopEditing: () => setEditing(null),
    saved,
    remove,
    /** Why the last deletion failed, in the coach's language. */
    error: error == null ? undefined : errorMessage(error, i18n),
  };
}
