import s from './style.module.css';

/** Links that switch a section's view (kept in the URL's query, so a reload stays there). */
export function Tabs<K extends string>({
  label,
  tabs,
  current,
  onSelect,
}: {
  label: string;
  tabs: { key: K; label: string }[];
  current: K;
  onSelect(key: K): void;
}) {
  return (
    <div class={s.tabs} role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab.key}
          type="button"
          role="tab"
          aria-selected={tab.key === current}
          class={tab.key === current ? s.current : undefined}
          onClick={() => onSelect(tab.key)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
