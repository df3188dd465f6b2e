import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Load<T> =
  | { state: 'loading'; data?: T }
  | { state: 'failed'; error: unknown; data?: T }
  | { state: 'ready'; data: T };

export interface Loaded<T> {
  load: Load<T>;
  reload(): void;
  /** Replaces the data in place (after a write the API answered). */
  set(update: (data: T) => T): void;
}

/** Runs `fetcher` now and whenever `deps` change; an answer to an outdated call is dropped. */
export function useLoad<T>(fetcher: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const call = useRef(0);
  const reload = useCallback(() => {
    const id = ++call.current;
    setLoad((previous) => ({ state: 'loading', data: previous.data }));
    fetcher().then(
      (data) => {
        if (id === call.current) setLoad({ state: 'ready', data });
      },
      (error: unknown) => {
        if (id === call.current) setLoad({ state: 'failed', error });
      },
    );
  }, deps);
  useEffect(reload, [reload]);
  const set = useCallback((update: (data: T) => T) => {
    setLoad((previous) =>
      previous.state === 'ready' ? { state: 'ready', data: update(previous.data) } : previous,
    );
  }, []);
  return { load, reload, set };
}
