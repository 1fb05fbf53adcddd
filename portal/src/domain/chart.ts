/**
 * Geometry for the server-rendered trend charts: maps series of counts onto an SVG viewBox. Pure, so the axis
 * maths is tested without rendering.
 */
export interface Series {
  name: string;
  values: number[];
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  maxValue: number;
  ticks: { value: number; y: number }[];
  lines: { name: string; points: string; last: { x: number; y: number } | null }[];
  xs: number[];
}

/** Rounds the axis maximum up to 1, 2 or 5 times a power of ten so tick labels read naturally. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

export function chartGeometry(series: readonly Series[], width = 640, height = 220): ChartGeometry {
  const plot = { left: 44, top: 12, right: width - 12, bottom: height - 28 };
  const count = Math.max(0, ...series.map((s) => s.values.length));
  const maxValue = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const x = (i: number) => (count <= 1 ? (plot.left + plot.right) / 2 : plot.left + ((plot.right - plot.left) * i) / (count - 1));
  const y = (v: number) => plot.bottom - ((plot.bottom - plot.top) * v) / maxValue;
  const round = (n: number) => Math.round(n * 10) / 10;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ value: Math.round(maxValue * f), y: round(y(maxValue * f)) }));
  const xs = Array.from({ length: count }, (_, i) => round(x(i)));
  const lines = series.map((s) => {
    const pts = s.values.map((v, i) => ({ x: round(x(i)), y: round(y(v)) }));
    return { name: s.name, points: pts.map((p) => `${p.x},${p.y}`).join(' '), last: pts.at(-1) ?? null };
  });
  return { width, height, plot, maxValue, ticks, lines, xs };
}
