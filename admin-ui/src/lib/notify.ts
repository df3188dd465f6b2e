/** A short beep (Web Audio: no media file, nothing the CSP must allow) and a browser notification. */
let audio: AudioContext | null = null;

export function beep(): void {
  try {
    audio ??= new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.25);
  } catch {
    // No audio device, or the browser wants a gesture first: the visual cue remains.
  }
}

export const canNotify = () => typeof Notification !== 'undefined';

export function notify(title: string, body: string, onClick: () => void): void {
  if (!canNotify() || Notification.permission !== 'granted' || document.hasFocus()) return;
  const notification = new Notification(title, { body: body.slice(0, 140), tag: 'kora-inbox' });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}
