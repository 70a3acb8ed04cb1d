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
export async function callAggregates(serviceId: number, from: CalendarDay, to: CalendarDay, client: Pick<typeof db, "callDaily"> = db): Promise<(CallAggregate & { day: CalendarDay })[]> {
  const rows = await client.callDaily.findMany({
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
 * fixed and mobile France per channel. Stored per offer and month, recomputed at most once a day (late
 * records of those months are rare); pages read the stored row.
 */
export async function usageReferenceFor(offerId: number, month: string): Promise<UsageReference> {
  const stored = await db.voiceUsageReference.findUnique({ where: { offerId_month: { offerId, month } } });
  const day = today();
  if (stored && formatDay(stored.computedOn) >= day) return { secondsPerChannel: stored.secondsPerChannel, sample: stored.sample };
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

/**
 * The checks of the terms (lib/domain/voice.ts) on each service-day given, after an import. For each
 * service, under an advisory lock on it (so that two imports check it one after the other, the second
 * reading what the first committed): every rule broken that day is upserted into VoiceAlert, the
 * rules no longer broken are marked so; the (day, rule) pairs found for the first time are emailed,
 * in one email per service, to the active administrators of its company. Returns the warnings created.
 */
export async function checkVoiceRules(touched: ServiceDay[]): Promise<number> {
  const byService = new Map<number, CalendarDay[]>();
  for (const t of touched) byService.set(t.serviceId, [...(byService.get(t.serviceId) ?? []), t.day]);
  let created = 0;
  for (const [serviceId, days] of byService) created += await checkService(serviceId, [...new Set(days)].sort());
  return created;
}

async function checkService(serviceId: number, days: CalendarDay[]): Promise<number> {
  const service = await db.service.findUnique({ where: { id: serviceId }, select: voiceServiceSelect });
  const channels = service ? channelsOf(service) : null;
  if (!service || channels === null) return 0;
  const byMonth = new Map<string, CalendarDay[]>();
  for (const day of days) byMonth.set(day.slice(0, 7), [...(byMonth.get(day.slice(0, 7)) ?? []), day]);

  const fresh: { day: CalendarDay; rule: VoiceRule; value: number }[] = [];
  for (const [month, monthDays] of byMonth) {
    const reference = service.contractedOffer.offer.unlimitedCalls ? await usageReferenceFor(service.contractedOffer.offerId, month) : null;
    const { first, next } = monthBounds(month);
    const found = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${9_000_000_000 + serviceId}::bigint)`;
      const aggregates = await callAggregates(serviceId, first, next, tx);
      // The fair-use rule counts the month so far: a record of a day changes every later day of the month.
      if (reference) {
        const lastDay = aggregates.reduce((last, a) => (a.day > last ? a.day : last), monthDays[0]);
        for (let d = addDays(monthDays[0], 1); compareDays(d, lastDay) <= 0; d = addDays(d, 1)) if (!monthDays.includes(d)) monthDays.push(d);
        monthDays.sort();
      }
      const breaches = [...breachesByDay(aggregates, monthDays, channels, reference)].flatMap(([day, list]) => list.map((b) => ({ day, ...b })));
      // One statement: the rules broken are upserted, the others of the days checked marked as no longer broken.
      const inserted = await tx.$queryRaw<{ day: Date; rule: VoiceRule; value: number }[]>`
        WITH found AS (
          SELECT * FROM unnest(${breaches.map((b) => b.day)}::date[], ${breaches.map((b) => b.rule)}::"VoiceRule"[], ${breaches.map((b) => b.value)}::int[]) AS f("day", "rule", "value")
        ),
        upserted AS (
          INSERT INTO "VoiceAlert" ("serviceId", "day", "rule", "value", "inBreach", "detectedAt")
          SELECT ${serviceId}, "day", "rule", "value", true, ${now()} FROM found ORDER BY "day", "rule"
          ON CONFLICT ("serviceId", "day", "rule") DO UPDATE SET "value" = EXCLUDED."value", "inBreach" = true
          RETURNING "day", "rule", "value", (xmax = 0) AS "inserted"
        ),
        cleared AS (
          UPDATE "VoiceAlert" a SET "inBreach" = false
          WHERE a."serviceId" = ${serviceId} AND a."day" = ANY(${monthDays}::date[]) AND a."inBreach"
            AND NOT EXISTS (SELECT 1 FROM found f WHERE f."day" = a."day" AND f."rule" = a."rule")
        )
        SELECT "day", "rule", "value" FROM upserted WHERE "inserted" ORDER BY "day", "rule"`;
      return inserted.map((r) => ({ day: formatDay(r.day), rule: r.rule, value: r.value }));
    });
    fresh.push(...found);
  }
  if (fresh.length === 0) return 0;
  const admins = await db.user.findMany({
    where: { companyId: service.companyId, role: "ADMINISTRATEUR", active: true, staffRole: null },
    select: { name: true, email: true, identifier: true },
    orderBy: { id: "asc" },
  });
  for (const admin of admins) await sendVoiceAlertEmail(admin, { ref: service.ref, name: service.name, alerts: fresh });
  return fresh.length;
}
