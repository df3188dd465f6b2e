import type { ComponentType } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n.js';
import { IMAGE_TYPES } from '../lib/images.js';

// Drawn, not emoji: the buttons must show on a system without a colour emoji font.
const ICON = {
  width: 22,
  height: 22,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 2,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

function SmileIcon() {
  return (
    <svg {...ICON} aria-hidden="true">
      <circle cx="12" cy="12" r="9" />
      <path d="M8 14s1.5 2 4 2 4-2 4-2M9 9.5h.01M15 9.5h.01" />
    </svg>
  );
}

function ClipIcon() {
  return (
    <svg {...ICON} aria-hidden="true">
      <path d="m21 11-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7" />
    </svg>
  );
}

type Picker = ComponentType<{ onPick(emoji: string): void; onClose(): void }>;

/** The emoji button; the picker's code is fetched the first time it opens. */
export function EmojiButton({ onPick }: { onPick(emoji: string): void }) {
  const [Picker, setPicker] = useState<Picker | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = () => {
    if (!Picker) {
      void import('./emoji-picker.js').then((module) => {
        setPicker(() => module.EmojiPicker);
        setOpen(true);
      });
      return;
    }
    setOpen(!open);
  };
  return (
    <div class="emoji-tool">
      <button
        type="button"
        class="icon tool"
        aria-label={t('emoji.open')}
        aria-expanded={open}
        title={t('emoji.open')}
        onClick={toggle}
      >
        <SmileIcon />
      </button>
      {open && Picker && (
        <Picker
          onPick={(emoji) => {
            onPick(emoji);
            setOpen(false);
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}

/** The image button: a file chooser for PNG, JPEG, WebP and GIF images. */
export function AttachButton({ disabled, onFile }: { disabled: boolean; onFile(file: File): void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        class="icon tool"
        aria-label={t('attach.label')}
        title={t('attach.label')}
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        <ClipIcon />
      </button>
      <input
        ref={input}
        id="composer-image"
        type="file"
        aria-label={t('attach.label')}
        accept={IMAGE_TYPES.join(',')}
        class="visually-hidden"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
