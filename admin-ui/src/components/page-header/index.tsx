import type { ComponentChildren } from 'preact';
import s from './style.module.css';

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class={s.header}>
      <h1>{title}</h1>
      {children && <div class={s.actions}>{children}</div>}
    </div>
  );
}
