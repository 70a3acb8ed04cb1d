import "server-only";
import { db } from "@/lib/server/db";
import { today } from "@/lib/server/clock";
import { breachesByDay, callAggregates, usageReferenceFor, type UsageReference, type VoiceService } from "@/lib/server/voice-checks";
import { addDays, compareDays, formatDay, formatFrenchDate, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { csvLine } from "@/lib/csv";
import { monthBounds } from "@/lib/domain/plan-change";
import { asr, averageSeconds, compareSeverity, DESTINATION_LABELS, PLACED_CATEGORIES, sumTraffic, unlimitedSeconds, VOICE_RULE_LABELS, type Breach, type CallTraffic, type VoiceRule } from "@/lib/domain/voice";
import { PAGE_SIZE } from "@/lib/list-query";

export type VoiceDay = { day: CalendarDay; traffic: CallTraffic; peak: number; breaches: Breach[] };

export type VoiceMonth = {
  month: string;
  channels: number;
  unlimited: boolean;
  offerName: string;
  /** Every day of the month up to today (days to come are left out). */
  days: VoiceDay[];
  total: CallTraffic;
  peak: number;
  /** Unlimited offers: the reference and the month's usage per channel, in seconds. */
  fairUse: { reference: UsageReference; secondsPerChannel: number; breach: Breach | null } | null;
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month the tab opens on: `mois` when valid and not in the future, else the month of the service's latest calls (≤ today), else this month. */
export async function monitoringMonth(serviceId: number, requested: string | undefined): Promise<string> {
  const current = today().slice(0, 7);
  if (requested && MONTH.test(requested) && requested <= current) return requested;
  const latest = await db.callDaily.findFirst({ where: { serviceId, day: { lte: parseDay(today()) } }, orderBy: { day: "desc" }, select: { day: true } });
  return latest ? formatDay(latest.day).slice(0, 7) : current;
}

/** A month of a voice service (issue 9 *Monitoring* tab): per day and in total, with the rules broken, read from the aggregates. */
export async function voiceMonth(service: VoiceService & { channels: number }, month: string): Promise<VoiceMonth> {
  const { first, next } = monthBounds(month);
  const [aggregates, peaks, reference] = await Promise.all([
    callAggregates(service.id, first, next),
    db.callDayPeak.findMany({ where: { serviceId: service.id, day: { gte: parseDay(first), lt: parseDay(next) } }, select: { day: true, peakCalls: true } }),
    service.contractedOffer.offer.unlimitedCalls ? usageReferenceFor(service.contractedOffer.offerId, month, { stored: "any" }) : Promise.resolve(null),
  ]);
  const peakOf = new Map(peaks.map((p) => [formatDay(p.day), p.peakCalls]));
  const last = compareDays(today(), addDays(next, -1)) < 0 ? today() : addDays(next, -1);
  const dayList: CalendarDay[] = [];
  for (let d = first; compareDays(d, last) <= 0; d = addDays(d, 1)) dayList.push(d);
  const breaches = breachesByDay(aggregates, dayList, service.channels, reference);
  const days = dayList.map((day) => ({ day, traffic: sumTraffic(aggregates.filter((a) => a.day === day)), peak: peakOf.get(day) ?? 0, breaches: breaches.get(day) ?? [] }));
  const total = sumTraffic(aggregates);
  const fairUse = reference
    ? {
        reference,
        secondsPerChannel: Math.round(unlimitedSeconds(total) / service.channels),
        breach: days.flatMap((d) => d.breaches).find((b) => b.rule === "USAGE_EXCESSIF") ?? null,
      }
    : null;
  return {
    month,
    channels: service.channels,
    unlimited: service.contractedOffer.offer.unlimitedCalls,
    offerName: service.contractedOffer.offer.name,
    days,
    total,
    peak: Math.max(0, ...days.map((d) => d.peak)),
    fairUse,
  };
}

/** How far back staff's list looks: a service is *currently* in breach when it broke a rule in the last 7 days. */
export const BREACH_WINDOW_DAYS = 7;

export type BreachRow = {
  ref: string;
  name: string;
  company: { id: number; name: string };
  rules: VoiceRule[];
  days: number;
  lastDay: CalendarDay;
};

/** Staff: the services that broke a rule in the last 7 days, most severe first (lib/domain/voice.ts compareSeverity), one page. */
export async function servicesInBreach(page: number): Promise<{ rows: BreachRow[]; total: number; since: CalendarDay }> {
  const since = addDays(today(), -(BREACH_WINDOW_DAYS - 1));
  const grouped = await db.$queryRaw<{ serviceId: number; rules: VoiceRule[]; days: number; lastDay: Date }[]>`
    SELECT "serviceId", array_agg(DISTINCT "rule"::text) AS "rules", count(DISTINCT "day")::int AS "days", max("day") AS "lastDay"
    FROM "VoiceAlert" WHERE "inBreach" AND "day" >= ${since}::date AND "day" <= ${today()}::date
    GROUP BY "serviceId"`;
  const services = new Map(
    (await db.service.findMany({ where: { id: { in: grouped.map((g) => g.serviceId) } }, select: { id: true, ref: true, name: true, company: { select: { id: true, name: true } } } })).map((s) => [s.id, s]),
  );
  const all = grouped
    .map((g) => {
      const s = services.get(g.serviceId)!;
      return { ref: s.ref, name: s.name, company: s.company, rules: [...g.rules].sort(), days: g.days, lastDay: formatDay(g.lastDay) };
    })
    .sort((a, b) => compareSeverity({ ...a, rules: a.rules.length }, { ...b, rules: b.rules.length }));
  return { rows: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), total: all.length, since };
}

/** The month's days as CSV lines (the *Monitoring* tab's export): one line per day up to today. */
export async function* voiceMonthCsv(service: VoiceService & { channels: number }, month: string): AsyncIterable<string> {
  const data = await voiceMonth(service, month);
  yield csvLine([
    "Jour", "Appels émis", "Émis décrochés", "ASR (%)", "Durée émise (s)", "Durée moyenne émise (s)", "Appels reçus", "Reçus décrochés", "Durée reçue (s)",
    "Pic d'appels simultanés", "Canaux", ...PLACED_CATEGORIES.map((c) => `Émis vers ${DESTINATION_LABELS[c].toLowerCase()}`), "Appel le plus long (s)", "Alertes",
  ]);
  let lines = "";
  for (const { day, traffic: t, peak, breaches } of data.days) {
    const ratio = asr(t.placed, t.placedAnswered);
    const average = averageSeconds(t.placedAnswered, t.placedSeconds);
    lines += csvLine([
      formatFrenchDate(day), t.placed, t.placedAnswered, ratio === null ? "" : (Math.floor(ratio * 1000) / 10).toFixed(1).replace(".", ","), t.placedSeconds,
      average === null ? "" : Math.round(average), t.received, t.receivedAnswered, t.receivedSeconds, peak, data.channels,
      ...PLACED_CATEGORIES.map((c) => t.byDestination[c].calls), t.longestSeconds, breaches.map((b) => VOICE_RULE_LABELS[b.rule]).join(" ; "),
    ]);
  }
  yield lines;
}
