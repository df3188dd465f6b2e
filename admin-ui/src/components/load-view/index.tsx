import type { ComponentChildren } from 'preact';
import { errorMessage } from '../../lib/error-message.js';
import { ApiError } from '../../lib/fetch-json.js';
import { useI18n } from '../../lib/i18n.js';
import type { Load } from '../../lib/use-load.js';
import s from './style.module.css';

/** The error of a load, with a retry; a route the server does not have yet says so plainly. */
export function Failed({ error, retry }: { error: unknown; retry?: () => void }) {
  const i18n = useI18n();
  const missing = error instanceof ApiError && error.status === 404 && error.message.startsWith('no route');
  return (
    <div class={s.failed} role="alert">
      <p>{missing ? i18n.t('notAvailable', { code: error.code }) : errorMessage(error, i18n)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {i18n.t('retry')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class={s.loading} role="status">
      {t('loading')}
    </p>
  );
}

export function Empty({ text }: { text: string }) {
  return <p class={s.empty}>{text}</p>;
}

interface LoadViewProps<T> {
  load: Load<T>;
  retry(): void;
  /** Shown instead of the children when this says the data is empty. */
  isEmpty?: (data: T) => boolean;
  empty?: string;
  children(data: T): ComponentChildren;
}

/** Loading, error (with retry), empty, or the data: the four states of every list. */
export function LoadView<T>({ load, retry, isEmpty, empty, children }: LoadViewProps<T>) {
  const { t } = useI18n();
  if (load.state === 'failed') return <Failed error={load.error} retry={retry} />;
  if (load.data === undefined) return <Loading />;
  if (isEmpty?.(load.data)) return <Empty text={empty ?? t('empty')} />;
  return <>{children(load.data)}</>;
}
