import { useEffect, useState } from 'preact/hooks';
import { fillCanned, loadCanned, matchCanned, typedShortcut } from '../../lib/canned.js';
import { useI18n } from '../../lib/i18n.js';
import type { CannedReply } from '../../lib/inbox.js';
import s from './style.module.css';

export interface CannedPicker {
  items: CannedReply[];
  active: number;
  /** Handles the keys that drive the menu; true when the key was the menu's. */
  onKey(event: KeyboardEvent): boolean;
  pick(reply: CannedReply): void;
}

/** The menu's state while the draft is `/shortcut`: arrows move, Enter or Tab inserts, Escape closes. */
export function useCannedPicker(
  text: string,
  customerName: string | null | undefined,
  setText: (text: string) => void,
): CannedPicker {
  const typed = typedShortcut(text);
  const [replies, setReplies] = useState<CannedReply[]>([]);
  const [active, setActive] = useState(0);
  const [closedFor, setClosedFor] = useState<string | null>(null);
  useEffect(() => {
    if (typed !== null) loadCanned().then(setReplies, () => setReplies([]));
  }, [typed !== null]);
  useEffect(() => setActive(0), [typed]);
  const items = typed === null || closedFor === text ? [] : matchCanned(replies, typed);
  const pick = (reply: CannedReply) => setText(fillCanned(reply.text, customerName));
  const onKey = (event: KeyboardEvent) => {
    if (items.length === 0) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + items.length) % items.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') pick(items[active] ?? items[0]!);
    else if (event.key === 'Escape') setClosedFor(text);
    else return false;
    event.preventDefault();
    return true;
  };
  return { items, active, onKey, pick };
}

/** The replies matching what was typed after `/`, above the composer. */
export function CannedMenu({ picker }: { picker: CannedPicker }) {
  const { t } = useI18n();
  if (picker.items.length === 0) return null;
  return (
    <div class={s.menu} role="listbox" aria-label={t('canned.title')} tabIndex={-1}>
      {picker.items.map((reply, index) => (
        <div
          key={reply.id}
          role="option"
          tabIndex={-1}
          aria-selected={index === picker.active}
          class={s.option}
          onMouseDown={(event) => {
            // Keeps the focus in the textarea.
            event.preventDefault();
            picker.pick(reply);
          }}
        >
          <strong>/{reply.shortcut}</strong> <span class={s.text}>{reply.text}</span>
        </div>
      ))}
    </div>
  );
}
