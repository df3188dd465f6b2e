import type { ComponentChildren, FunctionComponent } from 'preact';
import { useState } from 'preact/hooks';
import type { Crud } from '../../lib/crud.js';
import { errorMessage } from '../../lib/error-message.js';
import { useI18n } from '../../lib/i18n.js';
import { useLoad } from '../../lib/use-load.js';
import { LoadView } from '../load-view/index.js';

export interface FormProps<T> {
  item?: T;
  onSaved(item: T): void;
  onCancel(): void;
}

interface Props<T extends { id: string }> {
  api: Crud<T, never>;
  newLabel: string;
  empty: string;
  Form: FunctionComponent<FormProps<T>>;
  name(item: T): string;
  children(item: T): ComponentChildren;
}

/** A plain resource: "new" form, list with edit (the same form, filled) and delete. */
export function ResourceList<T extends { id: string }>({
  api,
  newLabel,
  empty,
  Form,
  name,
  children,
}: Props<T>) {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useLoad(api.list, [api]);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const saved = (item: T) => {
    list.set((items) =>
      items.some((other) => other.id === item.id)
        ? items.map((other) => (other.id === item.id ? item : other))
        : [item, ...items],
    );
    setEditing(null);
  };
  const remove = async (item: T) => {
    if (!confirm(t('confirmDelete', { name: name(item) }))) return;
    setError(null);
    try {
      await api.remove(item.id);
      list.set((items) => items.filter((other) => other.id !== item.id));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <>
      <div class="row">
        <button type="button" class="primary" onClick={() => setEditing('new')} disabled={editing === 'new'}>
          {newLabel}
        </button>
      </div>
      {error != null && (
        <p class="alert" role="alert">
          {errorMessage(error, i18n)}
        </p>
      )}
      {editing === 'new' && (
        <div class="spaced">
          <Form onSaved={saved} onCancel={() => setEditing(null)} />
        </div>
      )}
      <div class="spaced">
        <LoadView load={list.load} retry={list.reload} isEmpty={(items) => items.length === 0} empty={empty}>
          {(items) => (
            <ul class="list">
              {items.map((item) =>
                editing === item.id ? (
                  <li key={item.id}>
                    <Form item={item} onSaved={saved} onCancel={() => setEditing(null)} />
                  </li>
                ) : (
                  <li key={item.id} class="item-row">
                    <div class="item-body">{children(item)}</div>
                    <div class="row">
                      <button
                        type="button"
                        class="small"
                        onClick={() => setEditing(item.id)}
                        aria-label={`${t('edit')} ${name(item)}`}
                      >
                        {t('edit')}
                      </button>
                      <button
                        type="button"
                        class="small danger"
                        onClick={() => remove(item)}
                        aria-label={`${t('delete')} ${name(item)}`}
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
      </div>
    </>
  );
}
