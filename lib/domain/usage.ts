/**
 * Consumption of an OpenSIM line (SPEC §4 *Units*, *Monitoring tab*): Gio display, gauges and the
 * 80 % / 100 % warnings of the allowance and of the caps. Volumes are bytes, amounts integer cents.
 */
export const GIO = BigInt(1) << BigInt(30);

/** `12,50 Gio`: two decimals, rounded down so that a gauge never shows more than was used. */
export function formatGio(bytes: bigint): string {
  const hundredths = (bytes * BigInt(100)) / GIO;
  const units = hundredths / BigInt(100);
  const decimals = String(hundredths % BigInt(100)).padStart(2, "0");
  return `${units.toLocaleString("fr-FR")},${decimals} Gio`;
}

/** A plan's allowance as its name says it (`20 Go`), from bytes (1 Go of a plan = 2³⁰ bytes). */
export function formatPlanAllowance(bytes: bigint): string {
  const tenths = (bytes * BigInt(10)) / GIO;
  return tenths % BigInt(10) === BigInt(0) ? `${tenths / BigInt(10)} Go` : `${(Number(tenths) / 10).toLocaleString("fr-FR")} Go`;
}

/** Whole percent used, rounded down (a gauge's fill); 0 when there is no limit. */
export function percentUsed(used: bigint | number, limit: bigint | number | null): number {
  if (limit === null || BigInt(limit) <= BigInt(0)) return 0;
  return Number((BigInt(used) * BigInt(100)) / BigInt(limit));
}

export const ALERT_THRESHOLDS = [80, 100] as const;
export type AlertKind = "ALLOWANCE" | "CAP" | "ROAMING_CAP";

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  ALLOWANCE: "enveloppe data",
  CAP: "plafond hors forfait",
  ROAMING_CAP: "plafond d'itinérance (Europe)",
};

export type MonthUsage = {
  /** France and Europe data: both count against the allowance (roaming in the EU as at home). */
  franceBytes: bigint;
  europeBytes: bigint;
  franceAmountCents: number;
  europeAmountCents: number;
  /** The month's prorated allowance; null for metered plans. */
  allowanceBytes: bigint | null;
  /** Out-of-bundle cap in France (metered plans are blocked at it); null when the plan has none. */
  capCents: number | null;
  roamingCapCents: number | null;
};

/** Every (kind, threshold) the month's usage has reached: each is warned once per month (SPEC §4). */
export function reachedThresholds(usage: MonthUsage): { kind: AlertKind; percent: number }[] {
  const levels: [AlertKind, number][] = [
    ["ALLOWANCE", usage.allowanceBytes === null ? 0 : percentUsed(usage.franceBytes + usage.europeBytes, usage.allowanceBytes)],
    ["CAP", percentUsed(usage.franceAmountCents, usage.capCents)],
    ["ROAMING_CAP", percentUsed(usage.europeAmountCents, usage.roamingCapCents)],
  ];
  return levels.flatMap(([kind, level]) => ALERT_THRESHOLDS.filter((t) => level >= t).map((percent) => ({ kind, percent })));
}
