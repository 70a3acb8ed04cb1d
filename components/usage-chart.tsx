import { formatGio } from "@/lib/domain/usage";

export type UsageBar = { day: string; france: bigint; europe: bigint; international: bigint };

const ZONES = [
  { key: "france", label: "France", color: "#14285a" },
  { key: "europe", label: "Europe", color: "#f2b705" },
  { key: "international", label: "International", color: "#d2232a" },
] as const;

/**
 * Daily data consumption of a month, stacked by zone, as an SVG bar chart with its legend; the same
 * figures follow in a table for screen readers and for exact values.
 */
export function UsageChart({ bars, title }: { bars: UsageBar[]; title: string }) {
  const max = bars.reduce((m, b) => (b.france + b.europe + b.international > m ? b.france + b.europe + b.international : m), BigInt(1));
  const width = 720;
  const height = 220;
  const left = 56;
  const bottom = 24;
  const slot = (width - left) / Math.max(bars.length, 1);
  const scale = (bytes: bigint) => (Number(bytes) / Number(max)) * (height - bottom - 8);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="h-auto w-full">
        <line x1={left} y1={height - bottom} x2={width} y2={height - bottom} stroke="#94a3b8" />
        <text x={left - 6} y={12} textAnchor="end" fontSize="10" fill="#334155">{formatGio(max)}</text>
        <text x={left - 6} y={height - bottom} textAnchor="end" fontSize="10" fill="#334155">0</text>
        {bars.map((bar, i) => {
          let y = height - bottom;
          return (
            <g key={bar.day}>
              {ZONES.map((zone) => {
                const h = scale(bar[zone.key]);
                y -= h;
                return h > 0 ? <rect key={zone.key} x={left + i * slot + 2} y={y} width={Math.max(slot - 4, 1)} height={h} fill={zone.color} /> : null;
              })}
              {(i % 5 === 0 || i === bars.length - 1) && (
                <text x={left + i * slot + slot / 2} y={height - 8} textAnchor="middle" fontSize="10" fill="#334155">{bar.day.slice(8)}</text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex gap-4 text-sm text-slate-700">
        {ZONES.map((zone) => (
          <span key={zone.key} className="inline-flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm" style={{ background: zone.color }} /> {zone.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
