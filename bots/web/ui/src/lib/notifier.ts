/**
 * Tells the member about a new private message they are not looking at: a short beep (WebAudio, no
 * file to load) and the tab title alternating with "(n) New message" until they open it.
 */
import { t } from './i18n.js';

const FLASH_EVERY_MS = 1_000;
const BEEP_HZ = 880;
const BEEP_SECONDS = 0.18;

export class Notifier {
  private readonly pending = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private showingAlert = false;
  private audio: AudioContext | undefined;
  private readonly unlock = () => this.prepareAudio();

  constructor() {
    // Browsers let a page make sound only after the visitor interacted with it.
    for (const event of ['pointerdown', 'keydown'] as const) {
      document.addEventListener(event, this.unlock, { capture: true, passive: true });
    }
  }

  /** A new private message in `conversationId` that the member has not seen. */
  alert(conversationId: string): void {
    this.pending.set(conversationId, (this.pending.get(conversationId) ?? 0) + 1);
    this.beep();
    this.showingAlert = true;
    this.render();
    this.timer ??= setInterval(() => {
      this.showingAlert = !this.showingAlert;
      this.render();
    }, FLASH_EVERY_MS);
  }

  /** The member now sees this conversation. */
  seen(conversationId: string): void {
    if (!this.pending.delete(conversationId)) return;
    if (this.pending.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    this.showingAlert = this.pending.size > 0;
    this.render();
  }

  /** After a language switch. */
  render(): void {
    const count = [...this.pending.values()].reduce((sum, n) => sum + n, 0);
    document.title = count > 0 && this.showingAlert ? `(${count}) ${t('newMessage')}` : t('title');
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const event of ['pointerdown', 'keydown'] as const) {
      document.removeEventListener(event, this.unlock, { capture: true });
    }
    void this.audio?.close().catch(() => {});
  }

  private prepareAudio(): void {
    const Context =
      window.AudioContext ?? (window as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Context) return;
    this.audio ??= new Context();
    if (this.audio.state === 'suspended') void this.audio.resume().catch(() => {});
  }

  private beep(): void {
    const audio = this.audio;
    // Before any interaction the browser would refuse (and warn): the title still flashes.
    if (!audio || audio.state === 'closed') return;
    const start = audio.currentTime;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = BEEP_HZ;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + BEEP_SECONDS);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(start + BEEP_SECONDS + 0.02);
  }
}
