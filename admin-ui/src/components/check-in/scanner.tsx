import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../lib/i18n.js';
import s from './style.module.css';

/**
 * The Scan button and the camera view, shown only where the browser can read QR codes itself
 * (BarcodeDetector); `onCode` gets the text read, once per scan, and the camera is stopped by then.
 */
export function Scanner({ onCode }: { onCode(text: string): void }) {
  const { t } = useI18n();
  const [scannable, setScannable] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [noCamera, setNoCamera] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const stopScan = useRef<(() => void) | null>(null);

  useEffect(() => {
    if (!('BarcodeDetector' in globalThis)) return;
    void import('../../lib/qr-scan.js').then((scan) => scan.canScan()).then(setScannable);
    return () => stopScan.current?.();
  }, []);

  const scan = async () => {
    setNoCamera(false);
    setScanning(true);
    try {
      const { startScan } = await import('../../lib/qr-scan.js');
      stopScan.current = await startScan(video.current!, (text) => {
        stopScan.current?.();
        setScanning(false);
        onCode(text);
      });
    } catch {
      setScanning(false);
      setNoCamera(true);
    }
  };
  const stop = () => {
    stopScan.current?.();
    setScanning(false);
  };

  if (!scannable) return null;
  return (
    <div class={s.scan}>
      <button type="button" onClick={scanning ? stop : scan}>
        {scanning ? t('checkIn.stopScan') : t('checkIn.scan')}
      </button>
      <video ref={video} class={scanning ? s.video : s.hidden} muted playsInline />
      {scanning && <p class="muted">{t('checkIn.scanning')}</p>}
      {noCamera && <p class="alert">{t('checkIn.noCamera')}</p>}
    </div>
  );
}
