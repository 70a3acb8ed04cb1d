/**
 * The demo world's usage (SPEC §9: "daily usage for the current month"): for each active demo line, one
 * record a day in FRANCE from the 1st of the month (or its activation day) to yesterday (on the 1st,
 * a quarter-day for today), plus EUROPE on some roaming days. Pushed through importUsage like a file
 * from the network, so the daily aggregates and the 80 % / 100 % warnings are the real ones.
 *
 * Deterministic and idempotent: each day's figures come from a PRNG seeded by the number and the day,
 * record ids are `demo-<msisdn>-<day>-<zone>`, so a second run the same day inserts nothing and a later
 * run only adds the days since.
 *
 * Lines with an allowance use `fill` of it over a whole month, spread evenly with ±25 % a day: the
 * demo line 0612345678 (Forfait mobile Data 20 Go) ends its month near 92 %, so it crosses the 80 %
 * warning only in the last week (about 630 MiB a day); never over 99 % of the month's allowance.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays, compareDays, daysInMonth, formatDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { parisMidnight } from "@/lib/domain/terms";
import type { UsageInput, UsageZone } from "@/lib/domain/usage-csv";
import { importUsage, type UsageImportResult } from "@/lib/server/usage-import";
import { prng } from "@/scripts/prng";

const MIB = 1 << 20;
const HOUR_MS = 3_600_000;
const HEAVY_USER = "0612345678";

/** FNV-1a: the seed of one line's day. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

type DemoLine = {
  msisdn: string;
  activatedOn: CalendarDay;
  allowanceBytes: bigint | null;
  meteredCentiCentsPerMib: number | null;
  capCents: number | null;
  roamingCapCents: number | null;
};

/** The records of one line for `days` (in order), the guards keeping each month under its limits. */
function lineRecords(line: DemoLine, days: CalendarDay[], today: CalendarDay): Omit<UsageInput, "line">[] {
  const month = today.slice(0, 7);
  const monthDays = daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
  const fill = line.msisdn === HEAVY_USER ? 0.92 : 0.3 + 0.4 * prng(seedOf(line.msisdn))();
  const activeDays = days.length === 0 ? 0 : monthDays - (Number(days[0].slice(8, 10)) - 1);
  const allowanceMib = line.allowanceBytes === null ? null : Number(line.allowanceBytes / BigInt(MIB));
  const ceilingMib = allowanceMib === null ? null : Math.floor((allowanceMib * activeDays * 0.99) / monthDays);
  const records: Omit<UsageInput, "line">[] = [];
  let usedMib = 0;
  let amountCents = 0;
  let roamingCents = 0;
  for (const day of days) {
    const random = prng(seedOf(`${line.msisdn}/${day}`));
    const share = day === today ? 0.25 : 1;
    const target = allowanceMib === null ? 10 + 50 * random() : (allowanceMib * fill) / monthDays;
    let mib = Math.round(target * (0.75 + 0.5 * random()) * share);
    if (ceilingMib !== null) mib = Math.max(0, Math.min(mib, ceilingMib - usedMib));
    usedMib += mib;
    const roaming = random() < 0.12;
    const europeMib = roaming ? Math.round(mib * (0.3 + 0.5 * random())) : 0;
    const franceMib = mib - europeMib;
    let franceCents = line.meteredCentiCentsPerMib === null ? 0 : Math.floor((franceMib * line.meteredCentiCentsPerMib) / 100);
    franceCents = Math.max(0, Math.min(franceCents, (line.capCents ?? 0) - amountCents));
    amountCents += franceCents;
    let europeCents = roaming && random() < 0.25 ? 20 + Math.floor(130 * random()) : 0;
    europeCents = Math.max(0, Math.min(europeCents, Math.floor((line.roamingCapCents ?? 0) / 2) - roamingCents));
    roamingCents += europeCents;
    // Midday in Paris for a past day; today's quarter-day at its midnight, which is never in the future.
    const at = new Date(parisMidnight(day).getTime() + (day === today ? 0 : 12 * HOUR_MS));
    const record = (zone: UsageZone, megabytes: number, cents: number, offsetMs: number) => ({
      id: `demo-${line.msisdn}-${day}-${zone}`,
      msisdn: line.msisdn,
      at: new Date(at.getTime() + offsetMs),
      zone,
      bytes: BigInt(megabytes) * BigInt(MIB),
      amountCents: cents,
    });
    records.push(record("FRANCE", franceMib, franceCents, 0));
    if (roaming) records.push(record("EUROPE", europeMib, europeCents, day === today ? 0 : 3 * HOUR_MS));
  }
  return records;
}

/** The days of `today`'s month a line activated on `activatedOn` has usage for (see the module comment). */
function demoUsageDays(activatedOn: CalendarDay, today: CalendarDay): CalendarDay[] {
  const first = `${today.slice(0, 7)}-01`;
  const last = today === first ? today : addDays(today, -1);
  const days: CalendarDay[] = [];
  for (let day = compareDays(activatedOn, first) > 0 ? activatedOn : first; compareDays(day, last) <= 0; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Imports the demo usage of the current month of the active lines of `companyIds` (idempotent: only days not imported yet are added). */
export async function seedDemoUsage(client: PrismaClient, today: CalendarDay, companyIds: number[]): Promise<UsageImportResult> {
  const lines = await client.mobileLine.findMany({
    where: { resource: { state: { in: ["ACTIF", "RESILIATION_PROGRAMMEE"] }, service: { companyId: { in: companyIds } } } },
    orderBy: { id: "asc" },
    select: { msisdn: true, activatedOn: true, resource: { select: { offer: true } } },
  });
  const records = lines.flatMap((l) => {
    const offer = l.resource!.offer;
    const line: DemoLine = {
      msisdn: l.msisdn,
      activatedOn: formatDay(l.activatedOn),
      allowanceBytes: offer.dataAllowanceBytes,
      meteredCentiCentsPerMib: offer.meteredPricePerMibCentiCents,
      capCents: offer.capCents,
      roamingCapCents: offer.roamingCapCents,
    };
    return lineRecords(line, demoUsageDays(line.activatedOn, today), today);
  });
  return importUsage(records.map((r, i) => ({ ...r, line: i + 1 })));
}
