import s from './style.module.css';

export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 320;
const HEIGHT = 150;
/** Room for the value axis (left), the values over the bars (top) and the day labels (bottom). */
const LEFT = 30;
const TOP = 16;
const BOTTOM = 20;
/** Above this many bars, only the highest one shows its value (the others stay in the tooltips). */
const VALUES_UP_TO = 14;

/**
 * An inline-SVG bar chart with its axes: the values from 0 to the highest (left), the first, middle and
 * last labels (bottom), and each bar's value over it when there are few; every value is in its tooltip
 * and in the hidden table for screen readers. Text keeps its proportions (the drawing scales as a whole).
 */
export function BarChart({
  title,
  bars,
  formatLabel = (label) => label,
  formatValue = String,
}: {
  title: string;
  bars: Bar[];
  formatLabel?: (label: string) => string;
  formatValue?: (value: number) => string;
}) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const plotWidth = WIDTH - LEFT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const base = TOP + plotHeight;
  const step = plotWidth / Math.max(1, bars.length);
  const highest = bars.reduce((best, bar, index) => (bar.value > (bars[best]?.value ?? 0) ? index : best), 0);
  const labelled = new Set([0, Math.floor((bars.length - 1) / 2), bars.length - 1]);
  return (
    <figure class={s.figure}>
      <figcaption>{title}</figcaption>
      <svg class={s.chart} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true">
        <text x={LEFT - 4} y={TOP + 4} class={s.tick} text-anchor="end">
          {formatValue(max)}
        </text>
        <text x={LEFT - 4} y={base} class={s.tick} text-anchor="end">
          0
        </text>
        <line x1={LEFT} y1={TOP} x2={WIDTH} y2={TOP} class={s.grid} />
        <line x1={LEFT} y1={TOP} x2={LEFT} y2={base} class={s.axis} />
        <line x1={LEFT} y1={base + 0.5} x2={WIDTH} y2={base + 0.5} class={s.axis} />
        {bars.map((bar, index) => {
          const h = bar.value === 0 ? 0 : Math.max(2, (bar.value / max) * plotHeight);
          const x = LEFT + index * step;
          const showValue = bar.value > 0 && (bars.length <= VALUES_UP_TO || index === highest);
          return (
            <g key={bar.label}>
              <rect x={x + step * 0.15} y={base - h} width={step * 0.7} height={h} class={s.bar}>
                <title>{`${formatLabel(bar.label)}: ${formatValue(bar.value)}`}</title>
              </rect>
              {showValue && (
                <text x={x + step / 2} y={base - h - 3} class={s.value} text-anchor="middle">
                  {formatValue(bar.value)}
                </text>
              )}
              {labelled.has(index) && (
                <text
                  x={x + step / 2}
                  y={HEIGHT - 5}
                  class={s.tick}
                  text-anchor={index === 0 ? 'start' : index === bars.length - 1 ? 'end' : 'middle'}
                >
                  {formatLabel(bar.label)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <table class="visually-hidden">
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th>{formatLabel(bar.label)}</th>
              <td>{bar.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
