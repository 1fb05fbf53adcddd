/** A server-rendered SVG line chart with a text alternative: the figures are also in a table for screen readers. */
import { chartGeometry, type Series } from '../domain/chart.js';

const COLORS = ['#0b5cad', '#b42318', '#8a4b00', '#1a7f37', '#6639ba', '#0e7490'];

export function TrendChart(props: { id: string; title: string; labels: string[]; series: Series[] }) {
  const g = chartGeometry(props.series);
  return (
    <figure aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.title}</figcaption>
      <svg class="chart" viewBox={`0 0 ${g.width} ${g.height}`} width={g.width} height={g.height} role="img" aria-labelledby={`${props.id}-caption`}>
        {g.ticks.map((t) => (
          <>
            <line x1={g.plot.left} x2={g.plot.right} y1={t.y} y2={t.y} stroke="#e1e4e8" stroke-width="1" />
            <text x={g.plot.left - 6} y={t.y + 4} text-anchor="end">
              {t.value}
            </text>
          </>
        ))}
        {g.lines.map((line, i) => (
          <>
            <polyline points={line.points} fill="none" stroke={COLORS[i % COLORS.length]} stroke-width="2" />
            {line.last ? <circle cx={line.last.x} cy={line.last.y} r="3" fill={COLORS[i % COLORS.length]} /> : null}
          </>
        ))}
        {props.labels.length > 0 ? (
          <>
            <text x={g.xs[0] ?? g.plot.left} y={g.height - 8} text-anchor="start">
              {props.labels[0]}
            </text>
            <text x={g.xs.at(-1) ?? g.plot.right} y={g.height - 8} text-anchor="end">
              {props.labels.at(-1)}
            </text>
          </>
        ) : null}
      </svg>
      <ul class="legend">
        {props.series.map((s, i) => (
          <li>
            <span class={`swatch sw-${i % COLORS.length}`}></span>
            {s.name}
          </li>
        ))}
      </ul>
      <details>
        <summary>Figures</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Run</th>
              {props.series.map((s) => (
                <th scope="col">{s.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.labels.map((label, i) => (
              <tr>
                <th scope="row">{label}</th>
                {props.series.map((s) => (
                  <td>{s.values[i] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
