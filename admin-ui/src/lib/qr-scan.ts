/**
 * Reads a QR code from the camera with the browser's own BarcodeDetector (Chromium on Android, macOS
 * and ChromeOS; not every desktop): no decoder is shipped. Loaded only when the coach asks to scan.
 */

interface Detected {
  rawValue: string;
}
interface Detector {
  detect(source: HTMLVideoElement): Promise<Detected[]>;
}
type DetectorClass = new (options: { formats: string[] }) => Detector;

/** Whether this browser can scan: a BarcodeDetector that knows QR codes, and a camera API. */
export async function canScan(): Promise<boolean> {
  const Barcode = (
    globalThis as { BarcodeDetector?: DetectorClass & { getSupportedFormats?(): Promise<string[]> } }
  ).BarcodeDetector;
  if (!Barcode || !navigator.mediaDevices?.getUserMedia) return false;
  try {
    return (await Barcode.getSupportedFormats?.())?.includes('qr_code') ?? true;
  } catch {
    return false;
  }
}

/** Every this many ms a frame is read: often enough to feel instant, light on a phone's battery. */
const FRAME_MS = 250;

/**
 * Shows the back camera in `video` and calls `onCode` with the first QR code read; the returned
 * function stops the camera (call it on success too).
 */
export async function startScan(
  video: HTMLVideoElement,
  onCode: (text: string) => void,
): Promise<() => void> {
  const Barcode = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!Barcode) throw new Error('BarcodeDetector is missing');
  const detector = new Barcode({ formats: ['qr_code'] });
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  video.srcObject = stream;
  await video.play();
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  const tick = async () => {
    if (stopped) return;
    try {
      const found = await detector.detect(video);
      const text = found[0]?.rawValue.trim();
      if (text) {
        onCode(text);
        return;
      }
    } catch {
      // A frame not ready yet: the next one is read.
    }
    setTimeout(tick, FRAME_MS);
  };
  void tick();
  return stop;
}
