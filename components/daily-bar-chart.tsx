export type ChartSeries = { label: string; color: string };
export type DailyBar = { day: string; values: number[] };

/**
 * A month's daily figures, stacked by series (data per zone, calls by kind), as an SVG bar chart with
 * its legend; the same figures follow in a table on the page for screen readers and exact values.
 */
export function DailyBarChart({ bars, series, title, formatMax }: { bars: DailyBar[]; series: ChartSeries[]; title: string; formatMax: (max: number) => string }) {
  const max = bars.reduce((m, b) => Math.max(m, b.values.reduce((sum, v) => sum + v, 0)), 1);
  const width = 720;
  const height = 220;
  const left = 56;
  const bottom = 24;
  const slot = (width - left) / Math.max(bars.length, 1);
  const scale = (value: number) => (value / max) * (height - bottom - 8);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="h-auto w-full">
        <line x1={left} y1={height - bottom} x2={width} y2={height - bottom} stroke="#94a3b8" />
        <text x={left - 6} y={12} textAnchor="end" fontSize="10" fill="#334155">{formatMax(max)}</text>
        <text x={left - 6} y={height - bottom} textAnchor="end" fontSize="10" fill="#334155">0</text>
        {bars.map((bar, i) => {
          let y = height - bottom;
          return (
            <g key={bar.day}>
              {series.map((s, k) => {
                const h = scale(bar.values[k] ?? 0);
                y -= h;
                return h > 0 ? <rect key={s.label} x={left + i * slot + 2} y={y} width={Math.max(slot - 4, 1)} height={h} fill={s.color} /> : null;
              })}
              {(i % 5 === 0 || i === bars.length - 1) && (
                <text x={left + i * slot + slot / 2} y={height - 8} textAnchor="middle" fontSize="10" fill="#334155">{bar.day.slice(8)}</text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-sm text-slate-700">
        {series.map((s) => (
          <span key={s.label} className="inline-flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm" style={{ background: s.color }} /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
