import type { ComponentChildren, FunctionComponent } from 'preact';
import type { Crud } from '../../lib/crud.js';
import { useI18n } from '../../lib/i18n.js';
import { useEditableList } from '../../lib/use-editable-list.js';
import { FormAlert } from '../form-alert/index.js';
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
  const { list, editing, edit, stopEditing, saved, remove, error } = useEditableList(api, name);
  return (
    <>
      <div class="row">
        <button type="button" class="primary" onClick={() => edit('new')} disabled={editing === 'new'}>
          {newLabel}
        </button>
      </div>
      <FormAlert message={error} />
      {editing === 'new' && (
        <div class="spaced">
          <Form onSaved={saved} onCancel={stopEditing} />
        </div>
      )}
      <div class="spaced">
        <LoadView load={list.load} retry={list.reload} isEmpty={(items) => items.length === 0} empty={empty}>
          {(items) => (
            <ul class="list">
              {items.map((item) =>
                editing === item.id ? (
                  <li key={item.id}>
                    <Form item={item} onSaved={saved} onCancel={stopEditing} />
                  </li>
                ) : (
                  <li key={item.id} class="item-row">
                    <div class="item-body">{children(item)}</div>
                    <ItemActions
                      name={name(item)}
                      onEdit={() => edit(item.id)}
                      onDelete={() => remove(item)}
                    />
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

/** Edit and Delete for one item of a list, labelled with the item's name for screen readers. */
export function ItemActions({ name, onEdit, onDelete }: { name: string; onEdit(): void; onDelete(): void }) {
  const { t } = useI18n();
  return (
    <div class="row">
      <button type="button" class="small" onClick={onEdit} aria-label={`${t('edit')} ${name}`}>
        {t('edit')}
      </button>
      <button type="button" class="small danger" onClick={onDelete} aria-label={`${t('delete')} ${name}`}>
        {t('delete')}
      </button>
    </div>
  );
}
