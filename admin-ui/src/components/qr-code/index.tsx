import { useEffect, useState } from 'preact/hooks';
import s from './style.module.css';

/** A QR code image of `text`; the qrcode library is loaded on first use only. */
export function QrCode({ text, label, size = 160 }: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('qrcode')
      .then((qr) => qr.toDataURL(text, { margin: 1, width: size * 2 }))
      .then((url) => {
        if (live) setSrc(url);
      })
      .catch(() => {
        if (live) setSrc(null);
      });
    return () => {
      live = false;
    };
  }, [text, size]);
  return src ? (
    <img class={s.qr} src={src} alt={label} width={size} height={size} />
  ) : (
    <span class={s.placeholder} role="img" aria-label={label} />
  );
}
