import "server-only";
import { db } from "@/lib/server/db";
import { formatDay, parseDay } from "@/lib/domain/calendar-day";
import { monthBounds, proratedAllowance } from "@/lib/domain/plan-change";
import type { MonthUsage } from "@/lib/domain/usage";

/** The plans a line was on during `month` (`yyyy-MM`), with their allowances (SPEC §4 rule 4). */
export async function lineSegments(lineId: number, month: string) {
  const { first, next } = monthBounds(month);
  const rows = await db.linePlanSegment.findMany({
    where: { lineId, startOn: { lt: parseDay(next) }, OR: [{ endOn: null }, { endOn: { gt: parseDay(first) } }] },
    orderBy: { startOn: "asc" },
    include: { offer: { select: { name: true, dataAllowanceBytes: true, capCents: true, roamingCapCents: true } } },
  });
  return rows.map((s) => ({ startOn: formatDay(s.startOn), endOn: s.endOn ? formatDay(s.endOn) : null, allowanceBytes: s.offer.dataAllowanceBytes, offer: s.offer }));
}

/**
 * The month's consumption of a line against its prorated allowance and the caps of the plan it is on
 * now (the threshold is never prorated, rule 5).
 */
export async function lineMonthUsage(lineId: number, month: string, currentOffer: { capCents: number | null; roamingCapCents: number | null }): Promise<MonthUsage> {
  const { first, next } = monthBounds(month);
  const [segments, sums] = await Promise.all([
    lineSegments(lineId, month),
    db.usageDaily.groupBy({ by: ["zone"], where: { lineId, day: { gte: parseDay(first), lt: parseDay(next) } }, _sum: { bytes: true, amountCents: true } }),
  ]);
  const zone = (z: "FRANCE" | "EUROPE") => sums.find((s) => s.zone === z)?._sum;
  return {
    franceBytes: zone("FRANCE")?.bytes ?? BigInt(0),
    europeBytes: zone("EUROPE")?.bytes ?? BigInt(0),
    franceAmountCents: zone("FRANCE")?.amountCents ?? 0,
    europeAmountCents: zone("EUROPE")?.amountCents ?? 0,
    allowanceBytes: proratedAllowance(segments, month),
    capCents: currentOffer.capCents,
    roamingCapCents: currentOffer.roamingCapCents,
  };
}

export type DailyUsage = { day: string; zone: "FRANCE" | "EUROPE" | "INTERNATIONAL"; bytes: bigint; amountCents: number };

/** The line's consumption per day and zone during `month`, for the monitoring chart. */
export async function lineDailyUsage(lineId: number, month: string): Promise<DailyUsage[]> {
  const { first, next } = monthBounds(month);
  const rows = await db.usageDaily.findMany({
    where: { lineId, day: { gte: parseDay(first), lt: parseDay(next) } },
    orderBy: [{ day: "asc" }, { zone: "asc" }],
    select: { day: true, zone: true, bytes: true, amountCents: true },
  });
  return rows.map((r) => ({ ...r, day: formatDay(r.day) }));
}

export const LINES_PER_PAGE = 50;

/** A line of the *Monitoring* tab's table. */
export type ServiceLineUsage = Awaited<ReturnType<typeof serviceLinesUsage>>["rows"][number];

/** The *Monitoring* tab's table: a page of the service's lines with the month's data per zone and its warnings. */
export async function serviceLinesUsage(serviceId: number, month: string, page: number) {
  const { first, next } = monthBounds(month);
  const where = { serviceId, lineId: { not: null } };
  const [resources, total] = await Promise.all([
    db.simResource.findMany({
      where,
      orderBy: { ref: "asc" },
      skip: (page - 1) * LINES_PER_PAGE,
      take: LINES_PER_PAGE,
      select: { ref: true, state: true, lineId: true, offer: { select: { name: true } }, line: { select: { msisdn: true, userName: true } } },
    }),
    db.simResource.count({ where }),
  ]);
  const lineIds = resources.map((r) => r.lineId!);
  const [sums, alerts] = await Promise.all([
    db.usageDaily.groupBy({ by: ["lineId", "zone"], where: { lineId: { in: lineIds }, day: { gte: parseDay(first), lt: parseDay(next) } }, _sum: { bytes: true } }),
    db.usageAlert.findMany({ where: { lineId: { in: lineIds }, month }, select: { lineId: true, kind: true, percent: true } }),
  ]);
  const bytes = (lineId: number, zone: string) => sums.find((s) => s.lineId === lineId && s.zone === zone)?._sum.bytes ?? BigInt(0);
  const rows = resources.map((r) => ({
    ...r,
    france: bytes(r.lineId!, "FRANCE"),
    europe: bytes(r.lineId!, "EUROPE"),
    international: bytes(r.lineId!, "INTERNATIONAL"),
    alerts: alerts.filter((a) => a.lineId === r.lineId),
  }));
  return { rows, total };
}
