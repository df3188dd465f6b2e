import type { ComponentChildren } from 'preact';
import { LangSwitch } from '../lang-switch/index.js';
import s from './style.module.css';

/** The frame of the signed-out pages: brand, language, one card. */
export function AuthCard({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <main class={s.page}>
      <div class={s.top}>
        <span class={s.brand}>Kora</span>
        <LangSwitch />
      </div>
      <section class={s.card} aria-labelledby="auth-card-title">
        <h1 id="auth-card-title">{title}</h1>
        {children}
      </section>
    </main>
  );
}
