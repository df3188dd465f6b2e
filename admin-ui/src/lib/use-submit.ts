import { useState } from 'preact/hooks';
import { type PlacedError, placeError } from './error-message.js';
import { useI18n } from './i18n.js';

export interface Submit {
  pending: boolean;
  placed: PlacedError;
  /** Runs the write; an API error lands next to its field (when the form has it) or above the form. */
  run(action: () => Promise<void>): Promise<boolean>;
  clear(): void;
}

export function useSubmit(fields: readonly string[]): Submit {
  const i18n = useI18n();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return {
    pending,
    placed: placeError(error, i18n, fields),
    clear: () => setError(null),
    async run(action) {
      setPending(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (failure) {
        setError(failure);
        return false;
      } finally {
        setPending(false);
      }
    },
  };
}
