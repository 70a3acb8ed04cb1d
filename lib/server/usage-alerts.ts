import "server-only";
import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { lineMonthUsage } from "@/lib/server/usage";
import { sendUsageAlertEmail } from "@/lib/server/emails";
import { reachedThresholds, type AlertKind, type MonthUsage } from "@/lib/domain/usage";

/** How many lines are checked at once (each check is two queries; the pool has 10 connections). */
const CONCURRENCY = 4;
const CHUNK = 1000;

type CheckedLine = {
  id: number;
  msisdn: string;
  resource: { ref: string; offer: { name: string; capCents: number | null; roamingCapCents: number | null }; service: { companyId: number } } | null;
};

function usedAndLimit(kind: AlertKind, usage: MonthUsage): { used: bigint | number; limit: bigint | number } {
  if (kind === "ALLOWANCE") return { used: usage.franceBytes + usage.europeBytes, limit: usage.allowanceBytes ?? BigInt(0) };
  if (kind === "CAP") return { used: usage.franceAmountCents, limit: usage.capCents ?? 0 };
  return { used: usage.europeAmountCents, limit: usage.roamingCapCents ?? 0 };
}

/**
 * The 80 % / 100 % warnings of `month` (`yyyy-MM`) for these lines (SPEC §4 *Monitoring tab*): every
 * threshold reached gets a UsageAlert row, once per line, month, kind and threshold (its unique index
 * decides between concurrent checks), and each NEW one is emailed to the active administrators of the
 * line's end client. When one check reaches 80 % and 100 % at once, both are recorded and only the
 * 100 % is mailed. Lines on no resource have no plan, hence no warning. Returns the alerts created.
 */
export async function checkUsageAlerts(lineIds: number[], month: string): Promise<number> {
  const ids = [...new Set(lineIds)];
  const lines: CheckedLine[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    lines.push(
      ...(await db.mobileLine.findMany({
        where: { id: { in: ids.slice(i, i + CHUNK) }, resource: { isNot: null } },
        select: {
          id: true,
          msisdn: true,
          resource: { select: { ref: true, offer: { select: { name: true, capCents: true, roamingCapCents: true } }, service: { select: { companyId: true } } } },
        },
      })),
    );
  }
  let created = 0;
  const queue = [...lines];
  const worker = async () => {
    for (let line = queue.shift(); line; line = queue.shift()) created += await checkLine(line, month);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return created;
}

async function checkLine(line: CheckedLine, month: string): Promise<number> {
  const resource = line.resource!;
  const usage = await lineMonthUsage(line.id, month, resource.offer);
  const reached = reachedThresholds(usage);
  if (reached.length === 0) return 0;
  // ON CONFLICT DO NOTHING … RETURNING: only the rows this call inserted come back.
  const fresh = await db.usageAlert.createManyAndReturn({
    data: reached.map((r) => ({ lineId: line.id, month, kind: r.kind, percent: r.percent, sentAt: now() })),
    skipDuplicates: true,
    select: { kind: true, percent: true },
  });
  if (fresh.length === 0) return 0;
  const highest = new Map<AlertKind, number>();
  for (const alert of fresh) {
    const kind = alert.kind as AlertKind;
    highest.set(kind, Math.max(highest.get(kind) ?? 0, alert.percent));
  }
  const admins = await db.user.findMany({
    where: { companyId: resource.service.companyId, role: "ADMINISTRATEUR", active: true, staffRole: null },
    select: { name: true, email: true, identifier: true },
    orderBy: { id: "asc" },
  });
  for (const [kind, percent] of highest) {
    for (const admin of admins) {
      await sendUsageAlertEmail(admin, { msisdn: line.msisdn, plan: resource.offer.name, resourceRef: resource.ref, month, kind, percent, ...usedAndLimit(kind, usage) });
    }
  }
  return fresh.length;
}

export type LineAlert = { kind: AlertKind; percent: number; sentAt: Date };

/** The warnings of `month` for a line, oldest first, for its monitoring page. */
export async function lineAlerts(lineId: number, month: string): Promise<LineAlert[]> {
  const rows = await db.usageAlert.findMany({
    where: { lineId, month },
    orderBy: [{ sentAt: "asc" }, { kind: "asc" }, { percent: "asc" }],
    select: { kind: true, percent: true, sentAt: true },
  });
  return rows.map((r) => ({ ...r, kind: r.kind as AlertKind }));
}
