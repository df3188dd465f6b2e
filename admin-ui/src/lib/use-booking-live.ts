import { useEffect } from 'preact/hooks';

/** A burst of booking events (a session cancelled, a sweep) refetches once, this long after the first. */
const RELOAD_DELAY_MS = 500;

/**
 * Calls `reload` shortly after bookings change anywhere (the `/admin` socket's `booking` event) and
 * after the feed comes back from a disconnection; the socket client loads as its own chunk.
 */
export function useBookingLive(reload: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const offs: (() => void)[] = [];
    const schedule = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        reload();
      }, RELOAD_DELAY_MS);
    };
    void import('./live.js').then(({ onLive }) => {
      if (!stopped) offs.push(onLive('booking', schedule), onLive('resynced', schedule));
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [reload]);
}
