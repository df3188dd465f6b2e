/**
 * The business's branding (issue 19), public at /chat/branding: read once at start; the header, the
 * welcome line and the accent colour follow it. Until it arrives (or if it cannot be read) the page
 * keeps its own look.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Branding {
  name: string;
  logoUrl: string | null;
  accentColor: string | null;
  welcomeMessage: string;
  replyTime: 'minutes' | 'hours' | 'day' | null;
}

const NONE: Branding = { name: '', logoUrl: null, accentColor: null, welcomeMessage: '', replyTime: null };
const COLOUR = /^#[0-9a-f]{6}$/i;

let current = NONE;
const listeners = new Set<(branding: Branding) => void>();

/** Dark text on a light accent, white on a dark one (WCAG relative luminance). */
export function textOn(hex: string): string {
  const channel = (i: number) => {
    const value = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.4 ? '#10131a' : '#fff';
}

/** The accent replaces the page's own (buttons, links, own bubbles) in light and dark modes alike. */
function applyAccent(accent: string | null): void {
  const root = document.documentElement.style;
  if (!accent || !COLOUR.test(accent)) return;
  const text = textOn(accent);
  for (const [name, value] of [
    ['--accent', accent],
    ['--accent-text', text],
    ['--own', accent],
    ['--own-text', text],
  ]) {
    root.setProperty(name!, value!);
  }
  document.documentElement.classList.add('branded');
}

export function loadBranding(): void {
  fetch('/chat/branding', { headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? (response.json() as Promise<Branding>) : NONE))
    .then((branding) => {
      current = { ...NONE, ...branding };
      applyAccent(current.accentColor);
      if (current.name) document.title = current.name;
      for (const listener of listeners) listener(current);
    })
    .catch(() => {});
}

export function useBranding(): Branding {
  const [branding, setBranding] = useState(current);
  useEffect(() => {
    listeners.add(setBranding);
    setBranding(current);
    return () => {
      listeners.delete(setBranding);
    };
  }, []);
  return branding;
}
