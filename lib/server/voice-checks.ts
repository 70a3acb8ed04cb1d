import "server-only";
import { db } from "@/lib/server/db";
import { now, today } from "@/lib/server/clock";
import { sendVoiceAlertEmail } from "@/lib/server/emails";
import { addDays, addMonthsClamped, compareDays, formatDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { monthBounds } from "@/lib/domain/plan-change";
import {
  dayBreaches,
  fairUseBreach,
  serviceChannels,
  sumTraffic,
  unlimitedSeconds,
  usageReference,
  type Breach,
  type CallAggregate,
  type CallCategory,
  type VoiceRule,
} from "@/lib/domain/voice";

export type ServiceDay = { serviceId: number; day: CalendarDay };
export type UsageReference = { secondsPerChannel: number; sample: number };

/** A service as the checks and the monitoring tab need it: its channels and its offer's kind. */
export const voiceServiceSelect = {
  id: true,
  ref: true,
  name: true,
  companyId: true,
  contractedOffer: { select: { lineCount: true, offerId: true, offer: { select: { name: true, voiceChannelsPerUnit: true, unlimitedCalls: true } } } },
} as const;

export type VoiceService = { id: number; ref: string; name: string; companyId: number; contractedOffer: { lineCount: number; offerId: number; offer: { name: string; voiceChannelsPerUnit: number | null; unlimitedCalls: boolean } } };

export const channelsOf = (s: VoiceService) => serviceChannels(s.contractedOffer.offer.voiceChannelsPerUnit, s.contractedOffer.lineCount);

/** CallDaily rows as the pure functions take them, with their day. */
export async function callAggregates(serviceId: number, from: CalendarDay, to: CalendarDay): Promise<(CallAggregate & { day: CalendarDay })[]> {
  const rows = await db.callDaily.findMany({
    where: { serviceId, day: { gte: parseDay(from), lt: parseDay(to) } },
    orderBy: [{ day: "asc" }, { category: "asc" }],
  });
  return rows.map((r) => ({
    day: formatDay(r.day),
    category: r.category as CallCategory,
    calls: r.calls,
    answered: r.answered,
    durationSeconds: Number(r.durationSeconds),
    longestSeconds: r.longestSeconds,
    longCalls: r.longCalls,
  }));
}

/**
 * The fair-use reference of an unlimited offer for `month` (lib/domain/voice.ts): the mean, over the
 * offer's services and the three calendar months before, of each service-month's outgoing seconds to
 * fixed and mobile France per channel (whole months of service only: delivered before the month began).
 * Stored per offer and month; the checks recompute it at most once a day (late records of those months
 * are rare), pages read the stored row whatever its day (`stored: "any"`; computing it takes up to a
 * second at 50 million records) and compute it only when there is none.
 */
export async function usageReferenceFor(offerId: number, month: string, options: { stored?: "of-today" | "any" } = {}): Promise<UsageReference> {
  const stored = await db.voiceUsageReference.findUnique({ where: { offerId_month: { offerId, month } } });
  const day = today();
  if (stored && (options.stored === "any" || formatDay(stored.computedOn) >= day)) return { secondsPerChannel: stored.secondsPerChannel, sample: stored.sample };
  const from = monthBounds(addMonthsClamped(`${month}-01`, -3).slice(0, 7)).first;
  const to = monthBounds(month).first;
  const rows = await db.$queryRaw<{ seconds: bigint; channels: number }[]>`
    SELECT (sum(d."durationSeconds") FILTER (WHERE d."category" IN ('FIXE_FRANCE', 'MOBILE_FRANCE')))::bigint AS seconds,
      max(o."voiceChannelsPerUnit" * greatest(co."lineCount", 1))::int AS channels
    FROM "CallDaily" d
    JOIN "Service" s ON s."id" = d."serviceId"
    JOIN "ContractedOffer" co ON co."id" = s."contractedOfferId"
    JOIN "Offer" o ON o."id" = co."offerId"
    WHERE co."offerId" = ${offerId} AND d."day" >= ${from}::date AND d."day" < ${to}::date
      AND co."deliveredOn" <= date_trunc('month', d."day")
    GROUP BY d."serviceId", date_trunc('month', d."day")`;
  const reference = usageReference(rows.map((r) => ({ seconds: Number(r.seconds ?? 0), channels: r.channels ?? 0 })));
  const data = { ...reference, computedOn: parseDay(day) };
  await db.voiceUsageReference.upsert({ where: { offerId_month: { offerId, month } }, create: { offerId, month, ...data }, update: data });
  return reference;
}

/** The rules broken on each day of `days` (all in one month), from that month's aggregates. */
export function breachesByDay(
  aggregates: (CallAggregate & { day: CalendarDay })[],
  days: CalendarDay[],
  channels: number,
  reference: UsageReference | null,
): Map<CalendarDay, Breach[]> {
  const result = new Map<CalendarDay, Breach[]>();
  for (const day of days) {
    const breaches = dayBreaches(sumTraffic(aggregates.filter((a) => a.day === day)));
    // The month so far, through that day.
    const fairUse = reference ? fairUseBreach(unlimitedSeconds(sumTraffic(aggregates.filter((a) => a.day <= day))), channels, reference) : null;
    result.set(day, fairUse ? [...breaches, fairUse] : breaches);
  }
  return result;
}

/** Service-months per transaction of the checks. */
const CHECK_GROUP = 500;

type MonthCheck = { service: VoiceService; channels: number; month: string; days: CalendarDay[]; reference: UsageReference | null };
type Fresh = { serviceId: number; day: CalendarDay; rule: VoiceRule; value: number };

/**
 * The checks of the terms (lib/domain/voice.ts) on each service-day given, after an import, a few
 * statements per group of service-months whatever their number: under advisory locks on the services
 * (taken in id order, so that two imports check a service one after the other, the second reading what
 * the first committed), every rule broken on a day is upserted into VoiceAlert and the rules no longer
 * broken are marked so. The (day, rule) pairs found for the first time are emailed, in one email per
 * service, to the active administrators of its company. Returns the warnings created.
 */
export async function checkVoiceRules(touched: ServiceDay[]): Promise<number> {
  const daysOf = new Map<number, Set<CalendarDay>>();
  for (const t of touched) daysOf.set(t.serviceId, (daysOf.get(t.serviceId) ?? new Set()).add(t.day));
  const ids = [...daysOf.keys()].sort((a, b) => a - b);
  const services: VoiceService[] = [];
  for (let i = 0; i < ids.length; i += 1000) services.push(...(await db.service.findMany({ where: { id: { in: ids.slice(i, i + 1000) } }, select: voiceServiceSelect, orderBy: { id: "asc" } })));

  const references = new Map<string, UsageReference>();
  const checks: MonthCheck[] = [];
  for (const service of services) {
    const channels = channelsOf(service);
    if (channels === null) continue;
    const byMonth = new Map<string, CalendarDay[]>();
    for (const day of daysOf.get(service.id)!) byMonth.set(day.slice(0, 7), [...(byMonth.get(day.slice(0, 7)) ?? []), day]);
    for (const [month, days] of byMonth) {
      let reference: UsageReference | null = null;
      if (service.contractedOffer.offer.unlimitedCalls) {
        const key = `${service.contractedOffer.offerId}/${month}`;
        if (!references.has(key)) references.set(key, await usageReferenceFor(service.contractedOffer.offerId, month));
        reference = references.get(key)!;
      }
      checks.push({ service, channels, month, days: days.sort(), reference });
    }
  }
  const fresh: Fresh[] = [];
  for (let i = 0; i < checks.length; i += CHECK_GROUP) fresh.push(...(await checkGroup(checks.slice(i, i + CHECK_GROUP))));
  await mailNewWarnings(services, fresh);
  return fresh.length;
}

async function checkGroup(checks: MonthCheck[]): Promise<Fresh[]> {
  return db.$transaction(async (tx) => {
    const ids = [...new Set(checks.map((c) => c.service.id))];
    await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(9000000000 + id))::int AS "locked" FROM (SELECT unnest(${ids}::int[]) AS id ORDER BY 1) ids`;
    const rows = await tx.$queryRaw<{ serviceId: number; day: Date; category: CallCategory; calls: number; answered: number; durationSeconds: bigint; longestSeconds: number; longCalls: number }[]>`
      SELECT d."serviceId", d."day", d."category", d."calls", d."answered", d."durationSeconds", d."longestSeconds", d."longCalls"
      FROM unnest(${checks.map((c) => c.service.id)}::int[], ${checks.map((c) => monthBounds(c.month).first)}::date[], ${checks.map((c) => monthBounds(c.month).next)}::date[]) AS m("serviceId", "first", "next")
      CROSS JOIN LATERAL (SELECT * FROM "CallDaily" c WHERE c."serviceId" = m."serviceId" AND c."day" >= m."first" AND c."day" < m."next" OFFSET 0) d`;
    const aggregatesOf = new Map<string, (CallAggregate & { day: CalendarDay })[]>();
    for (const r of rows) {
      const day = formatDay(r.day);
      const key = `${r.serviceId}/${day.slice(0, 7)}`;
      aggregatesOf.set(key, [...(aggregatesOf.get(key) ?? []), { day, category: r.category, calls: r.calls, answered: r.answered, durationSeconds: Number(r.durationSeconds), longestSeconds: r.longestSeconds, longCalls: r.longCalls }]);
    }
    const found: Fresh[] = [];
    const checked: ServiceDay[] = [];
    for (const c of checks) {
      const aggregates = aggregatesOf.get(`${c.service.id}/${c.month}`) ?? [];
      const days = [...c.days];
      // The fair-use rule counts the month so far: a record of a day changes every later day of the month.
      if (c.reference) {
        const lastDay = aggregates.reduce((last, a) => (a.day > last ? a.day : last), days[0]);
        for (let d = addDays(days[0], 1); compareDays(d, lastDay) <= 0; d = addDays(d, 1)) if (!days.includes(d)) days.push(d);
      }
      for (const [day, list] of breachesByDay(aggregates, days, c.channels, c.reference)) {
        checked.push({ serviceId: c.service.id, day });
        for (const b of list) found.push({ serviceId: c.service.id, day, rule: b.rule, value: b.value });
      }
    }
    // One statement: the rules broken are upserted, the others of the days checked marked as no longer broken.
    const inserted = await tx.$queryRaw<{ serviceId: number; day: Date; rule: VoiceRule; value: number }[]>`
      WITH found AS (
        SELECT * FROM unnest(${found.map((f) => f.serviceId)}::int[], ${found.map((f) => f.day)}::date[], ${found.map((f) => f.rule)}::"VoiceRule"[], ${found.map((f) => f.value)}::int[])
          AS f("serviceId", "day", "rule", "value")
      ),
      upserted AS (
        INSERT INTO "VoiceAlert" ("serviceId", "day", "rule", "value", "inBreach", "detectedAt")
        SELECT "serviceId", "day", "rule", "value", true, ${now()} FROM found ORDER BY "serviceId", "day", "rule"
        ON CONFLICT ("serviceId", "day", "rule") DO UPDATE SET "value" = EXCLUDED."value", "inBreach" = true
        RETURNING "serviceId", "day", "rule", "value", (xmax = 0) AS "inserted"
      ),
      cleared AS (
        UPDATE "VoiceAlert" a SET "inBreach" = false
        FROM unnest(${checked.map((c) => c.serviceId)}::int[], ${checked.map((c) => c.day)}::date[]) AS c("serviceId", "day")
        WHERE a."serviceId" = c."serviceId" AND a."day" = c."day" AND a."inBreach"
          AND NOT EXISTS (SELECT 1 FROM found f WHERE f."serviceId" = a."serviceId" AND f."day" = a."day" AND f."rule" = a."rule")
      )
      SELECT "serviceId", "day", "rule", "value" FROM upserted WHERE "inserted" ORDER BY "serviceId", "day", "rule"`;
    return inserted.map((r) => ({ serviceId: r.serviceId, day: formatDay(r.day), rule: r.rule, value: r.value }));
  });
}

/** One email per service with new warnings, to each active administrator of its company. */
async function mailNewWarnings(services: VoiceService[], fresh: Fresh[]) {
  if (fresh.length === 0) return;
  const byService = new Map<number, Fresh[]>();
  for (const f of fresh) byService.set(f.serviceId, [...(byService.get(f.serviceId) ?? []), f]);
  const warned = services.filter((s) => byService.has(s.id));
  const admins = await db.user.findMany({
    where: { companyId: { in: [...new Set(warned.map((s) => s.companyId))] }, role: "ADMINISTRATEUR", active: true, staffRole: null },
    select: { companyId: true, name: true, email: true, identifier: true },
    orderBy: { id: "asc" },
  });
  for (const service of warned) {
    const alerts = byService.get(service.id)!.map(({ day, rule, value }) => ({ day, rule, value }));
    for (const admin of admins.filter((a) => a.companyId === service.companyId)) await sendVoiceAlertEmail(admin, { ref: service.ref, name: service.name, alerts });
  }
}
