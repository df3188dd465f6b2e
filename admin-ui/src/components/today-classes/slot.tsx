import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The dashboard's slot for today's classes: the section loads as its own chunk, after the first paint. */
export function TodayClassesSlot({ owner }: { owner: boolean }) {
  const [Section, setSection] = useState<FunctionComponent | null>(null);
  useEffect(() => {
    if (owner) void import('./index.js').then((m) => setSection(() => m.TodayClasses));
  }, [owner]);
  return Section ? <Section /> : null;
}
