/** A consumption gauge: `used / limit` in words, and a bar that turns orange at 80 % and red at 100 % (SPEC §4). */
export function Gauge({ label, used, limit, percent }: { label: string; used: string; limit: string | null; percent: number }) {
  const tone = percent >= 100 ? "bg-accent" : percent >= 80 ? "bg-orange-500" : "bg-brand";
  return (
    <div className="space-y-1">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="text-slate-900">
          {used} / {limit ?? "illimité"}
        </span>
      </div>
      {limit !== null && (
        <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(percent, 100)} aria-valuetext={`${percent} %`} className="h-3 w-full overflow-hidden rounded bg-slate-200">
          <div className={`h-full ${tone}`} style={{ width: `${Math.min(percent, 100)}%` }} />
        </div>
      )}
    </div>
  );
}
