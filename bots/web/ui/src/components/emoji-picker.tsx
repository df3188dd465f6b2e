/**
 * A small emoji picker (issue 19), loaded only when the member opens it: a curated set drawn by the
 * system's emoji font, no emoji library (they weigh 40-400 KB with their data and search index).
 */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../lib/i18n.js';

export const EMOJI = [
  '😀',
  '😄',
  '😁',
  '😊',
  '🙂',
  '😉',
  '😍',
  '🥰',
  '😘',
  '😎',
  '🤩',
  '🥳',
  '😅',
  '😂',
  '🤣',
  '😇',
  '🤔',
  '🤗',
  '😌',
  '😴',
  '😮',
  '😢',
  '😭',
  '😡',
  '👍',
  '👎',
  '👌',
  '🙏',
  '👏',
  '🙌',
  '💪',
  '🤝',
  '👋',
  '✌️',
  '🤞',
  '👀',
  '❤️',
  '🧡',
  '💛',
  '💚',
  '💙',
  '💜',
  '✨',
  '🔥',
  '🌟',
  '🎉',
  '🎁',
  '💯',
  '✅',
  '❌',
  '❓',
  '❗',
  '📅',
  '⏰',
  '📍',
  '💬',
  '📞',
  '📧',
  '💳',
  '🧘',
  '🏃',
  '🚴',
  '🏊',
  '🥗',
  '🍎',
  '☕',
  '🌞',
  '🌈',
  '🌸',
  '🍀',
  '🐶',
  '🐱',
];

interface Props {
  onPick(emoji: string): void;
  onClose(): void;
}

export function EmojiPicker({ onPick, onClose }: Props) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div class="emoji-picker" role="dialog" aria-label={t('emoji.label')}>
      {EMOJI.map((emoji, index) => (
        <button
          key={emoji}
          type="button"
          ref={index === 0 ? first : undefined}
          class="emoji"
          onClick={() => onPick(emoji)}
        >
          {emoji}
        </button>
      ))}
    </div>
  );
}
