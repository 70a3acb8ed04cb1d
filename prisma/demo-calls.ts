/**
 * The demo world's call records (issue 9): for every trunk and Centrex in service, the calls of each
 * day from the 1st of the month three months before the month of yesterday, up to yesterday — the
 * month shown on the *Monitoring* tab, and the three before it that make the fair-use reference of
 * the unlimited offers. Pushed through importCalls like a file from the voice platform, so the
 * aggregates, peaks and warnings are the real ones.
 *
 * Ordinary days: office hours, fewer calls at weekends, about 80 % answered, 2–4 minutes on average,
 * destinations mostly fixed and mobile France. One service breaks each rule (SPEC §9 spirit: every
 * screen has something to show):
 * - SRV151800 (44660, Trunk SIP agence de Lille): at least 30 placed calls, a third answered, on the last three days;
 * - SRV151001 (44700, a client of the reseller): at least 30 placed calls of 5–30 s on the last two days (average < 40 s);
 * - SRV150944 (44660, Téléphonie IP du cabinet): one call of 2 h 35 four days before yesterday;
 * - SRV148200 (44000, Trunk SIP du siège, unlimited): its 4 channels busy all day for the last 20 days.
 *
 * Deterministic and idempotent: each day's calls come from a PRNG seeded by the service and the day,
 * ids are `demo-<service>-<yyyymmdd>-<n>`; a later run only adds the days after each service's last one.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays, addMonthsClamped, compareDays, dayOfWeek, formatDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { parisMidnight } from "@/lib/domain/terms";
import type { CallInput } from "@/lib/domain/call-csv";
import type { CallCategory, Destination } from "@/lib/domain/voice";
import { importCalls, type CallImportResult } from "@/lib/server/call-import";
import { prng } from "@/scripts/prng";

const MINUTE_MS = 60_000;
export const DEMO_LOW_ASR = "SRV151800";
export const DEMO_SHORT_CALLS = "SRV151001";
export const DEMO_LONG_CALL = "SRV150944";
export const DEMO_HEAVY_USE = "SRV148200";

/** FNV-1a: the seed of one service's day. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

type Call = Omit<CallInput, "line" | "id" | "serviceRef">;

function destination(random: () => number): Destination {
  const r = random();
  return r < 0.55 ? "FIXE_FRANCE" : r < 0.9 ? "MOBILE_FRANCE" : r < 0.95 ? "INTERNATIONAL" : "SPECIAL";
}

/** An ordinary day of a service sized by its channels (a 4-channel trunk places 22 to 44 calls a weekday). */
function ordinaryDay(day: CalendarDay, channels: number, random: () => number, rules: { answerRate: number; shortCalls: boolean }): Call[] {
  const weekend = dayOfWeek(day) === 0 || dayOfWeek(day) === 6;
  // About 8 placed calls per channel on a weekday (a one-user Centrex stays under the 20 calls of the daily rules).
  const placed = Math.max(1, Math.round((weekend ? 0.5 + 0.75 * random() : 5.5 + 5.5 * random()) * Math.min(channels, 4)));
  const received = Math.round(placed * (0.7 + 0.5 * random()));
  const open = parisMidnight(day).getTime() + 8.5 * 60 * MINUTE_MS;
  const starts = Array.from({ length: placed + received }, (_, i) => ({ i, at: open + Math.floor(random() * 600) * MINUTE_MS + Math.floor(random() * 60_000) })).sort((a, b) => a.at - b.at);
  // A call finding every channel busy is not answered: the peak never exceeds the channels.
  const busyUntil: number[] = Array.from({ length: channels }, () => 0);
  const calls: Call[] = [];
  for (const { i, at } of starts) {
    const category: CallCategory = i < placed ? destination(random) : "ENTRANT";
    const seconds = rules.shortCalls && i < placed ? 5 + Math.floor(25 * random()) : Math.min(20 + Math.floor(-170 * Math.log(1 - 0.98 * random())), 3600);
    const free = busyUntil.findIndex((until) => until <= at);
    const answered = free !== -1 && random() < (i < placed ? rules.answerRate : 0.85);
    if (answered) busyUntil[free] = at + seconds * 1000;
    calls.push({ startedAt: new Date(at), category, answered, durationSeconds: answered ? seconds : 0 });
  }
  return calls;
}

/** A day with every channel busy from 8:00 to about 18:00 with long calls to France (the fair-use case). */
function saturatedDay(day: CalendarDay, channels: number, random: () => number): Call[] {
  const calls: Call[] = [];
  for (let c = 0; c < channels; c++) {
    let at = parisMidnight(day).getTime() + 8 * 60 * MINUTE_MS + c * 3 * MINUTE_MS;
    const end = parisMidnight(day).getTime() + 18 * 60 * MINUTE_MS;
    while (at < end) {
      const seconds = 30 * 60 + Math.floor(20 * 60 * random());
      calls.push({ startedAt: new Date(at), category: random() < 0.6 ? "FIXE_FRANCE" : "MOBILE_FRANCE", answered: true, durationSeconds: seconds });
      at += seconds * 1000 + (1 + Math.floor(4 * random())) * MINUTE_MS;
    }
  }
  return calls;
}

function dayCalls(ref: string, day: CalendarDay, channels: number, yesterday: CalendarDay): Call[] {
  const random = prng(seedOf(`${ref}/${day}`));
  const before = (n: number) => compareDays(day, addDays(yesterday, -n)) > 0;
  if (ref === DEMO_HEAVY_USE && before(20)) return saturatedDay(day, channels, random);
  const calls = ordinaryDay(day, channels, random, {
    answerRate: ref === DEMO_LOW_ASR && before(3) ? 0.35 : 0.8,
    shortCalls: ref === DEMO_SHORT_CALLS && before(2),
  });
  if ((ref === DEMO_LOW_ASR && before(3)) || (ref === DEMO_SHORT_CALLS && before(2))) {
    // At least 30 placed calls, so that the daily rules apply even at a weekend.
    while (calls.filter((c) => c.category !== "ENTRANT").length < 30) {
      const answered = ref === DEMO_SHORT_CALLS;
      calls.push({ startedAt: new Date(parisMidnight(day).getTime() + 19 * 60 * MINUTE_MS + calls.length * 2 * MINUTE_MS), category: "MOBILE_FRANCE", answered, durationSeconds: answered ? 5 + Math.floor(25 * random()) : 0 });
    }
  }
  if (ref === DEMO_LOW_ASR && before(3)) {
    // Exactly a third of the placed calls answered, whatever the draw.
    const placed = calls.filter((c) => c.category !== "ENTRANT");
    const keep = Math.floor(placed.length / 3);
    placed.filter((c) => c.answered).slice(keep).forEach((c) => Object.assign(c, { answered: false, durationSeconds: 0 }));
    placed.filter((c) => !c.answered && c.startedAt.getTime() >= parisMidnight(day).getTime() + 19 * 60 * MINUTE_MS).slice(0, keep - placed.filter((c) => c.answered).length)
      .forEach((c) => Object.assign(c, { answered: true, durationSeconds: 45 + Math.floor(60 * random()) }));
  }
  if (ref === DEMO_LONG_CALL && day === addDays(yesterday, -4)) {
    calls.push({ startedAt: new Date(parisMidnight(day).getTime() + 19.5 * 60 * MINUTE_MS), category: "FIXE_FRANCE", answered: true, durationSeconds: 2 * 3600 + 35 * 60 });
  }
  return calls;
}

/** The first day with demo calls: the 1st of the month three months before yesterday's. */
export function firstDemoCallDay(today: CalendarDay): CalendarDay {
  return addMonthsClamped(`${addDays(today, -1).slice(0, 7)}-01`, -3);
}

/** Imports the demo calls of the trunks and Centrex of `companyIds` (idempotent: only days not imported yet are added). */
export async function seedDemoCalls(client: PrismaClient, today: CalendarDay, companyIds: number[]): Promise<CallImportResult> {
  const services = await client.service.findMany({
    where: { type: "TELEPHONIE_IP", state: "EN_SERVICE", companyId: { in: companyIds }, contractedOffer: { offer: { voiceChannelsPerUnit: { not: null } } } },
    orderBy: { id: "asc" },
    select: { id: true, ref: true, contractedOffer: { select: { deliveredOn: true, lineCount: true, offer: { select: { voiceChannelsPerUnit: true } } } } },
  });
  const yesterday = addDays(today, -1);
  // The days already there are left as they are: a later run only adds the days since.
  const latest = new Map(
    (await client.callDaily.groupBy({ by: ["serviceId"], where: { serviceId: { in: services.map((s) => s.id) } }, _max: { day: true } })).map((g) => [g.serviceId, g._max.day ? formatDay(g._max.day) : null]),
  );
  const records: CallInput[] = [];
  for (const s of services) {
    const channels = s.contractedOffer.offer.voiceChannelsPerUnit! * Math.max(1, s.contractedOffer.lineCount);
    const delivered = s.contractedOffer.deliveredOn ? formatDay(s.contractedOffer.deliveredOn) : today;
    const done = latest.get(s.id);
    const first = done ? addDays(done, 1) : firstDemoCallDay(today);
    for (let day = compareDays(delivered, first) > 0 ? delivered : first; compareDays(day, yesterday) <= 0; day = addDays(day, 1)) {
      const stamp = day.replaceAll("-", "");
      dayCalls(s.ref, day, channels, yesterday).forEach((call, n) => records.push({ ...call, line: records.length + 1, id: `demo-${s.ref}-${stamp}-${n + 1}`, serviceRef: s.ref }));
    }
  }
  return importCalls(records);
}
