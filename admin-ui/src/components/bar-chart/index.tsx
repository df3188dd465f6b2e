import s from './style.module.css';

export interface Bar {
  label: string;
  value: number;
}

/** A small inline-SVG bar chart; each bar's value is in its tooltip and in the hidden table for screen readers. */
export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const width = 300;
  const height = 80;
  const step = width / Math.max(1, bars.length);
  return (
    <figure class={s.figure}>
      <figcaption>{title}</figcaption>
      <svg class={s.chart} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true">
        <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} class={s.axis} />
        {bars.map((bar, index) => {
          const h = bar.value === 0 ? 0 : Math.max(2, (bar.value / max) * (height - 4));
          return (
            <rect
              key={bar.label}
              x={index * step + step * 0.15}
              y={height - h}
              width={step * 0.7}
              height={h}
              class={s.bar}
            >
              <title>{`${bar.label}: ${bar.value}`}</title>
            </rect>
          );
        })}
      </svg>
      <table class="visually-hidden">
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th>{bar.label}</th>
              <td>{bar.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
