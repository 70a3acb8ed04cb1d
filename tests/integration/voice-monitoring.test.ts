// Voice monitoring (issue 9): call records arrive by import, once per record id whatever the retries or
// concurrent imports, aggregated per service, Paris day and category, with the peak of simultaneous
// calls; the checks of the terms (ASR, average duration, 120-minute calls, fair use) warn the client's
// administrators at most once per day and rule. The demo world, seeded on Thursday 23/04/2026 at noon
// in Paris (its calls cover 01/01/2026 to 22/04/2026); the exact figures use services of this file
// (SRV99…), created after the demo world's checks, and days the demo calls do not cover.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { getActor, loadActor, type Actor } from "@/lib/server/authz";
import { POST as uploadCalls } from "@/app/api/imports/appels/route";
import type { CsvImportState } from "@/lib/server/csv-upload";
import { GET as exportCalls } from "@/app/api/services/[ref]/appels/route";
import { importCallCsv, importCalls } from "@/lib/server/call-import";
import { channelsOf, usageReferenceFor, voiceServiceSelect } from "@/lib/server/voice-checks";
import { monitoringMonth, servicesInBreach, voiceMonth, voiceMonthCsv } from "@/lib/server/voice-monitoring";
import { findService } from "@/lib/server/services";
import { CALL_CSV_HEADER, parseCallCsv } from "@/lib/domain/call-csv";
import { addDays, formatDay, parisDay, parseDay } from "@/lib/domain/calendar-day";
import { parisMidnight } from "@/lib/domain/terms";
import { emptyTraffic } from "@/lib/domain/voice";
import { seedDemoWorld } from "@/prisma/demo-world";
import { createStaffActor, freezeClockAt, realClock } from "./support/fixtures";
import { uploadRequest } from "./support/uploads";

// The upload route's and the CSV route's session checks, answered by hand (tests never load Auth.js).
vi.mock("@/lib/server/authz", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/server/authz")>()), getActor: vi.fn() }));

const NOON = new Date("2026-04-23T10:00:00Z");
const ADMINS_44660 = ["c.vidal@cabinet-oliviers.example", "m.vidal@cabinet-oliviers.example"];
const NBSP = "\u00A0";
const MINUTE = 60_000;

type Call = { id: string; service: string; at: string; dir?: "SORTANT" | "ENTRANT"; number?: string; answered?: boolean; seconds?: number };
const row = (c: Call) =>
  [c.id, c.service, c.at, c.dir ?? "SORTANT", c.number ?? (c.dir === "ENTRANT" ? "" : "04 91 23 45 67"), c.answered === false ? "non" : "oui", c.seconds ?? (c.answered === false ? 0 : 60)].join(",");
/** A call records file: calls, or raw lines as the voice platform could send them. */
const file = (...rows: (Call | string)[]) => [CALL_CSV_HEADER, ...rows.map((r) => (typeof r === "string" ? r : row(r)))].join("\r\n") + "\r\n";
const importFile = (...rows: (Call | string)[]) => importCallCsv(file(...rows), null);

/** `n` placed calls of `service` on a Paris day, ten minutes apart from 9:00 (so they never overlap). */
function placedCalls(service: string, day: string, prefix: string, n: number, call: (i: number) => Partial<Call> = () => ({})): Call[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i + 1}`, service, at: new Date(parisMidnight(day).getTime() + (9 * 60 + 10 * i) * MINUTE).toISOString(), ...call(i) }));
}

const serviceIds: Record<string, number> = {};
/** A trunk of 44660 next to SRV150944, on its OC (Trunk SIP 4 canaux: 4 channels, unlimited calls). */
async function createService(ref: string, ocRef = "OC150944") {
  const oc = await db.contractedOffer.findUniqueOrThrow({ where: { ref: ocRef } });
  const service = await db.service.create({ data: { ref, name: `Trunk de test ${ref}`, type: "TELEPHONIE_IP", state: "EN_SERVICE", companyId: oc.endClientId, contractedOfferId: oc.id, siteId: null } });
  serviceIds[ref] = service.id;
  return service;
}

async function voiceService(ref: string) {
  const service = await db.service.findUniqueOrThrow({ where: { ref }, select: voiceServiceSelect });
  return { ...service, channels: channelsOf(service)! };
}

async function daily(ref: string) {
  const rows = await db.callDaily.findMany({ where: { service: { ref } }, orderBy: [{ day: "asc" }, { category: "asc" }] });
  return rows.map((r) => ({ day: formatDay(r.day), category: r.category, calls: r.calls, answered: r.answered, durationSeconds: Number(r.durationSeconds), longestSeconds: r.longestSeconds, longCalls: r.longCalls }));
}

async function peaks(ref: string) {
  const rows = await db.callDayPeak.findMany({ where: { service: { ref } }, orderBy: { day: "asc" } });
  return Object.fromEntries(rows.map((p) => [formatDay(p.day), p.peakCalls]));
}

async function alerts(ref: string) {
  const rows = await db.voiceAlert.findMany({ where: { service: { ref } }, orderBy: [{ day: "asc" }, { rule: "asc" }] });
  return rows.map((a) => ({ day: formatDay(a.day), rule: a.rule, value: a.value, inBreach: a.inBreach }));
}

const alertMails = (ref: string) => db.outgoingEmail.findMany({ where: { kind: "voice-alert", subject: { contains: `service ${ref},` } }, orderBy: { id: "asc" } });

async function callSnapshot() {
  const [records, days, dayPeaks, voiceAlerts, emails] = await Promise.all([
    db.callRecord.count(),
    db.callDaily.findMany({ orderBy: [{ serviceId: "asc" }, { day: "asc" }, { category: "asc" }] }),
    db.callDayPeak.findMany({ orderBy: [{ serviceId: "asc" }, { day: "asc" }] }),
    db.voiceAlert.findMany({ orderBy: { id: "asc" } }),
    db.outgoingEmail.count(),
  ]);
  return { records, days, dayPeaks, voiceAlerts, emails };
}

async function actorOf(identifier: string, universe: string | null = null): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  const actor = await loadActor(user.id, null, universe);
  if (!actor) throw new Error(`no actor for ${identifier}`);
  return actor;
}

beforeAll(async () => {
  freezeClockAt(NOON);
  await seedDemoWorld(db);
});
afterAll(realClock);

const DEMO_MONITORED = ["SRV150944", "SRV151800", "SRV138637", "SRV148200", "SRV154001", "SRV151001"];

describe("the demo calls", () => {
  it("cover every day from 01/01/2026 to yesterday for every monitored service, none for the numbers, and no peak exceeds the channels", async () => {
    const services = await db.service.findMany({ where: { type: "TELEPHONIE_IP" }, select: { ...voiceServiceSelect, state: true }, orderBy: { id: "asc" } });
    const monitored = services.filter((s) => s.state === "EN_SERVICE" && channelsOf(s) !== null);
    expect(monitored.map((s) => s.ref)).toEqual(expect.arrayContaining(DEMO_MONITORED));
    expect(Object.fromEntries(monitored.filter((s) => ["SRV150944", "SRV151800", "SRV138637"].includes(s.ref)).map((s) => [s.ref, channelsOf(s)]))).toEqual({ SRV150944: 4, SRV151800: 2, SRV138637: 4 });
    const april = Array.from({ length: 22 }, (_, i) => `2026-04-${String(i + 1).padStart(2, "0")}`);
    for (const s of monitored) {
      const days = [...new Set((await daily(s.ref)).map((d) => d.day))];
      expect(days[0], s.ref).toBe("2026-01-01");
      expect(days.at(-1), s.ref).toBe("2026-04-22");
      expect(days.filter((d) => d.startsWith("2026-04")), s.ref).toEqual(april);
      const peak = await db.callDayPeak.aggregate({ where: { serviceId: s.id }, _max: { peakCalls: true } });
      expect(peak._max.peakCalls, s.ref).toBeGreaterThanOrEqual(1);
      expect(peak._max.peakCalls!, s.ref).toBeLessThanOrEqual(channelsOf(s)!);
    }
    expect(await db.callRecord.findUnique({ where: { id: "demo-SRV150944-20260422-1" } })).toMatchObject({ serviceId: monitored.find((s) => s.ref === "SRV150944")!.id });
    // Numbers (Numéro - Géographique) are TELEPHONIE_IP services without channels: no calls.
    for (const ref of ["SRV150943", "SRV94529", "SRV150311"]) expect(await daily(ref), ref).toEqual([]);
  });

  it("make each of the four demo services break its rule, and warn the administrators of their companies", async () => {
    const low = await alerts("SRV151800");
    expect(low.map((a) => [a.day, a.rule, a.inBreach])).toEqual([
      ["2026-04-20", "ASR_BAS", true],
      ["2026-04-21", "ASR_BAS", true],
      ["2026-04-22", "ASR_BAS", true],
    ]);
    expect(low.every((a) => a.value < 500)).toBe(true);

    const short = await alerts("SRV151001");
    expect(short.map((a) => [a.day, a.rule])).toEqual([
      ["2026-04-21", "DUREE_MOYENNE_COURTE"],
      ["2026-04-22", "DUREE_MOYENNE_COURTE"],
    ]);
    expect(short.every((a) => a.value < 40)).toBe(true);

    expect(await alerts("SRV150944")).toEqual([{ day: "2026-04-18", rule: "APPEL_TROP_LONG", value: 2 * 3600 + 35 * 60, inBreach: true }]);

    // The heavy user goes over 3 times the offer's reference in its first saturated days, and stays over.
    const heavy = await alerts("SRV148200");
    expect(new Set(heavy.map((a) => a.rule))).toEqual(new Set(["USAGE_EXCESSIF"]));
    const first = heavy[0].day;
    expect(first >= "2026-04-01" && first <= "2026-04-10").toBe(true);
    const expectedDays: string[] = [];
    for (let d = first; d <= "2026-04-22"; d = addDays(d, 1)) expectedDays.push(d);
    expect(heavy.map((a) => a.day)).toEqual(expectedDays);
    expect(heavy.every((a) => a.value > 300)).toBe(true);
    expect(heavy.map((a) => a.value)).toEqual([...heavy.map((a) => a.value)].sort((a, b) => a - b));

    const lowMails = await alertMails("SRV151800");
    expect(lowMails.map((m) => m.to).sort()).toEqual(ADMINS_44660);
    expect(lowMails[0].subject).toBe("MyOpenIP : service SRV151800, 3 alertes d'usage de la téléphonie");
    expect(lowMails[0].text).toContain(`- 20/04/2026 : ASR quotidien inférieur à 50 % (ASR ${(Math.floor(low[0].value) / 10).toFixed(1).replace(".", ",")}${NBSP}%)`);
    const longMails = await alertMails("SRV150944");
    expect(longMails.map((m) => m.to).sort()).toEqual(ADMINS_44660);
    expect(longMails[0].text).toContain(`- 18/04/2026 : Appel de plus de 120 minutes (appel le plus long 2${NBSP}h${NBSP}35${NBSP}min)`);
    expect(longMails[0].text).toContain("/services/SRV150944/monitoring");
    expect((await alertMails("SRV148200")).map((m) => m.to)).toEqual(["j.arnaud@provence-telecom.example"]);
  });

  it("staff's list of services in breach holds the four demo services, most severe first", async () => {
    const { rows, total, since } = await servicesInBreach(1);
    expect(since).toBe("2026-04-17");
    expect(total).toBe(4);
    expect(rows).toEqual([
      { ref: "SRV148200", name: "Trunk SIP du siège", company: { id: 44000, name: "Provence Télécom Services" }, rules: ["USAGE_EXCESSIF"], days: 6, lastDay: "2026-04-22" },
      { ref: "SRV151800", name: "Trunk SIP agence de Lille", company: { id: 44660, name: "Cabinet Médical des Oliviers" }, rules: ["ASR_BAS"], days: 3, lastDay: "2026-04-22" },
      { ref: "SRV151001", name: "Téléphonie IP", company: { id: 44700, name: "Agence Immobilière du Vieux Port" }, rules: ["DUREE_MOYENNE_COURTE"], days: 2, lastDay: "2026-04-22" },
      { ref: "SRV150944", name: "Téléphonie IP du cabinet", company: { id: 44660, name: "Cabinet Médical des Oliviers" }, rules: ["APPEL_TROP_LONG"], days: 1, lastDay: "2026-04-18" },
    ]);
  });

  it("re-seeding adds nothing", async () => {
    const before = await callSnapshot();
    expect(await seedDemoWorld(db)).toBe(false);
    expect(await callSnapshot()).toEqual(before);
  });
});

describe("with the test services", () => {
  // Created after the demo checks (a re-seed would give them demo calls), and never re-seeded after.
  beforeAll(async () => {
    for (const ref of ["SRV990001", "SRV990002", "SRV990003", "SRV990004", "SRV990005", "SRV990006", "SRV990007", "SRV990008", "SRV990009"]) await createService(ref);
    for (const ref of ["SRV990011", "SRV990012", "SRV990013", "SRV990014", "SRV990030"]) await createService(ref);
  });

  describe("importing a call records file", () => {
    it("imports the good rows and reports every refused row by its line number", async () => {
      const csv = file(
        { id: "imp-1", service: "SRV990001", at: "2026-12-15T09:15:02+01:00", number: "04 91 23 45 67", seconds: 125 }, // line 2
        "imp-2,SRV990001,2026-12-15T09:20:00+01:00,SORTIE,0491234567,oui,10", // 3
        "imp-3,SRV999999,2026-12-15T09:20:00+01:00,SORTANT,0491234567,oui,10", // 4: no such service
        "imp-4,SRV150943,2026-12-15T09:20:00+01:00,SORTANT,0491234567,oui,10", // 5: a number, not a trunk
        "imp-5,SRV990001,2026-12-15T09:20:00+01:00,SORTANT,abc,oui,10", // 6
        "imp-6,SRV990001,2026-12-15T09:20:00+01:00,SORTANT,0491234567,non,30", // 7
        "imp-7,SRV990001,2026-12-15T09:20:00+01:00,SORTANT,0491234567,oui,86401", // 8
        "imp-8,SRV990001,2026-12-15 10:00,SORTANT,0491234567,oui,10", // 9
        "imp-1,SRV990001,2026-12-15T11:00:00+01:00,SORTANT,0491234567,oui,10", // 10: repeated id
        "imp-9,srv990001,2026-12-15T10:30:00Z,entrant,anonyme,1,42", // 11: any case
        ",SRV990001,2026-12-15T09:20:00+01:00,,0491234567,oui,10", // 12
        "imp-10,SRV151200,2026-12-15T09:20:00+01:00,SORTANT,0491234567,oui,10", // 13: an internet access
        "imp-11,SRV990001,2026-12-15T09:20:00+01:00,SORTANT,0491234567,oui", // 14
      );
      const result = await importCallCsv(csv, null);
      expect(result).toEqual({
        imported: 2,
        duplicates: 0,
        touched: [{ serviceId: serviceIds.SRV990001, day: "2026-12-15" }],
        alerts: 0,
        rejected: [
          { line: 3, message: "Ligne 3 : sens « SORTIE » : SORTANT ou ENTRANT attendu." },
          { line: 4, message: "Ligne 4 : service SRV999999 inconnu." },
          { line: 5, message: "Ligne 5 : le service SRV150943 n'est pas un service de téléphonie fixe (trunk SIP, Centrex)." },
          { line: 6, message: "Ligne 6 : numéro appelé « abc » invalide." },
          { line: 7, message: "Ligne 7 : durée non nulle pour un appel non décroché." },
          { line: 8, message: "Ligne 8 : durée « 86401 » : valeur trop grande (24 heures au plus)." },
          { line: 9, message: "Ligne 9 : début « 2026-12-15 10:00 » invalide : date et heure ISO 8601 avec fuseau attendues (par exemple 2026-03-31T22:30:00Z ou 2026-04-01T00:30:00+02:00)." },
          { line: 10, message: "Ligne 10 : identifiant « imp-1 » en double (déjà ligne 2) ; ligne ignorée." },
          { line: 12, message: "Ligne 12 : identifiant manquant ; sens manquant." },
          { line: 13, message: "Ligne 13 : le service SRV151200 n'est pas un service de téléphonie fixe (trunk SIP, Centrex)." },
          { line: 14, message: "Ligne 14 : 6 champs au lieu de 7 (séparateur « , »)." },
        ],
      });
      expect(await db.callRecord.findUniqueOrThrow({ where: { id: "imp-1" } })).toEqual({ id: "imp-1", serviceId: serviceIds.SRV990001, startedAt: new Date("2026-12-15T08:15:02Z"), category: "FIXE_FRANCE", answered: true, durationSeconds: 125 });
      expect(await db.callRecord.findUniqueOrThrow({ where: { id: "imp-9" } })).toMatchObject({ category: "ENTRANT", answered: true, durationSeconds: 42 });
      for (const id of ["imp-2", "imp-3", "imp-4", "imp-5", "imp-6", "imp-7", "imp-8", "imp-10", "imp-11"]) expect(await db.callRecord.findUnique({ where: { id } }), id).toBeNull();
      expect(await daily("SRV990001")).toEqual([
        { day: "2026-12-15", category: "FIXE_FRANCE", calls: 1, answered: 1, durationSeconds: 125, longestSeconds: 125, longCalls: 0 },
        { day: "2026-12-15", category: "ENTRANT", calls: 1, answered: 1, durationSeconds: 42, longestSeconds: 42, longCalls: 0 },
      ]);
      expect(await daily("SRV150943")).toEqual([]);

      // The same file again: nothing changes.
      const before = await callSnapshot();
      const again = await importCallCsv(csv, null);
      expect(again).toEqual({ imported: 0, duplicates: 2, touched: [], alerts: 0, rejected: result.rejected });
      expect(await callSnapshot()).toEqual(before);
    });

    it("counts a record once when two imports of the same file run at once", async () => {
      const numbers = ["0491234567", "06 12 34 56 78", "+44 20 7946 0000", ""];
      const calls: Call[] = Array.from({ length: 1200 }, (_, i) => ({
        id: `conc-${i}`,
        service: "SRV990004",
        at: new Date(Date.UTC(2026, 10, 2 + (i % 5), (i * 7) % 24, (i * 13) % 60, i % 60)).toISOString(),
        dir: i % 4 === 3 ? "ENTRANT" : "SORTANT",
        number: numbers[i % 4],
        answered: i % 3 !== 0,
        seconds: i % 3 !== 0 ? 30 + (i % 50) : 0,
      }));
      const csv = file(...calls);
      const expected = new Map<string, { calls: number; answered: number; durationSeconds: number }>();
      for (const r of parseCallCsv(csv).records) {
        const key = `${parisDay(r.startedAt)}/${r.category}`;
        const sum = expected.get(key) ?? { calls: 0, answered: 0, durationSeconds: 0 };
        expected.set(key, { calls: sum.calls + 1, answered: sum.answered + (r.answered ? 1 : 0), durationSeconds: sum.durationSeconds + r.durationSeconds });
      }
      expect(expected.size).toBeGreaterThan(15);
      const [a, b] = await Promise.all([importCallCsv(csv, null), importCallCsv(csv, null)]);
      expect(a.imported + b.imported).toBe(1200);
      expect(a.duplicates + b.duplicates).toBe(1200);
      expect(a.alerts + b.alerts).toBe(0);
      expect(await db.callRecord.count({ where: { serviceId: serviceIds.SRV990004 } })).toBe(1200);
      const got = await daily("SRV990004");
      expect(Object.fromEntries(got.map((d) => [`${d.day}/${d.category}`, { calls: d.calls, answered: d.answered, durationSeconds: d.durationSeconds }]))).toEqual(Object.fromEntries(expected));

      // The same with small batches through importCalls, three at once.
      const more = parseCallCsv(file(...calls.map((c) => ({ ...c, id: `${c.id}-bis` })))).records;
      const results = await Promise.all([1, 2, 3].map(() => importCalls(more, { batchSize: 97 })));
      expect(results.reduce((sum, r) => sum + r.imported, 0)).toBe(1200);
      expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(2400);
      expect((await daily("SRV990004")).map((d) => [d.calls, d.answered, d.durationSeconds])).toEqual(got.map((d) => [d.calls * 2, d.answered * 2, d.durationSeconds * 2]));
    });
  });

  describe("daily aggregates", () => {
    it("count each call for its Paris day and category, with the answered calls, their duration, the longest and the calls over 120 minutes", async () => {
      const result = await importFile(
        { id: "agg-1", service: "SRV990002", at: "2026-12-01T09:00:00+01:00", number: "04 91 23 45 67", seconds: 100 },
        { id: "agg-2", service: "SRV990002", at: "2026-12-01T10:00:00+01:00", number: "0612345678", seconds: 7200 }, // exactly 120 minutes: not long
        { id: "agg-3", service: "SRV990002", at: "2026-12-01T11:00:00Z", number: "+33 7 12 34 56 78", answered: false },
        { id: "agg-4", service: "SRV990002", at: "2026-12-01T22:59:59Z", number: "0033491234567", seconds: 30 }, // 23:59:59 in Paris
        { id: "agg-5", service: "SRV990002", at: "2026-12-01T23:30:00Z", number: "0044 20 7946 0000", seconds: 7201 }, // 00:30 on 2 December
        { id: "agg-6", service: "SRV990002", at: "2026-12-02T08:00:00Z", dir: "ENTRANT", number: "anonyme", seconds: 50 },
        { id: "agg-7", service: "SRV990002", at: "2026-12-02T09:00:00Z", dir: "ENTRANT", answered: false },
        { id: "agg-8", service: "SRV990002", at: "2026-12-02T10:00:00Z", number: "3949", seconds: 20 },
        { id: "agg-9", service: "SRV990002", at: "2026-12-02T12:00:00Z", dir: "ENTRANT", number: "0491234567", seconds: 7300 },
        { id: "agg-10", service: "SRV990002", at: "2026-06-30T22:30:00Z", number: "0491234567", seconds: 10 }, // 00:30 CEST on 1 July
      );
      expect(result).toMatchObject({ imported: 10, duplicates: 0, rejected: [] });
      expect(result.touched.map((t) => t.day).sort()).toEqual(["2026-07-01", "2026-12-01", "2026-12-02"]);
      expect(await daily("SRV990002")).toEqual([
        { day: "2026-07-01", category: "FIXE_FRANCE", calls: 1, answered: 1, durationSeconds: 10, longestSeconds: 10, longCalls: 0 },
        { day: "2026-12-01", category: "FIXE_FRANCE", calls: 2, answered: 2, durationSeconds: 130, longestSeconds: 100, longCalls: 0 },
        { day: "2026-12-01", category: "MOBILE_FRANCE", calls: 2, answered: 1, durationSeconds: 7200, longestSeconds: 7200, longCalls: 0 },
        { day: "2026-12-02", category: "INTERNATIONAL", calls: 1, answered: 1, durationSeconds: 7201, longestSeconds: 7201, longCalls: 1 },
        { day: "2026-12-02", category: "SPECIAL", calls: 1, answered: 1, durationSeconds: 20, longestSeconds: 20, longCalls: 0 },
        { day: "2026-12-02", category: "ENTRANT", calls: 3, answered: 2, durationSeconds: 7350, longestSeconds: 7300, longCalls: 1 },
      ]);
      // The calls over 120 minutes (placed or received) are one warning of the day, with the longest.
      expect(result.alerts).toBe(1);
      expect(await alerts("SRV990002")).toEqual([{ day: "2026-12-02", rule: "APPEL_TROP_LONG", value: 7300, inBreach: true }]);
    });
  });

  describe("the peak of simultaneous calls", () => {
    it("counts the answered calls in progress at once; back-to-back calls do not overlap; unanswered calls do not count", async () => {
      await importFile(
        { id: "pk-1", service: "SRV990003", at: "2026-12-10T09:00:00+01:00", seconds: 600 }, // 9:00–9:10
        { id: "pk-2", service: "SRV990003", at: "2026-12-10T09:05:00+01:00", seconds: 600 }, // 9:05–9:15
        { id: "pk-3", service: "SRV990003", at: "2026-12-10T09:08:00+01:00", seconds: 60 }, // 9:08–9:09: three at once
        { id: "pk-4", service: "SRV990003", at: "2026-12-10T09:10:00+01:00", seconds: 300 }, // starts as pk-1 ends
        { id: "pk-5", service: "SRV990003", at: "2026-12-10T09:06:00+01:00", answered: false },
        { id: "bb-1", service: "SRV990003", at: "2026-12-11T10:00:00+01:00", seconds: 300 },
        { id: "bb-2", service: "SRV990003", at: "2026-12-11T10:05:00+01:00", seconds: 300 },
        { id: "bb-3", service: "SRV990003", at: "2026-12-11T10:10:00+01:00", dir: "ENTRANT", seconds: 300 },
        { id: "bb-4", service: "SRV990003", at: "2026-12-11T10:06:00+01:00", answered: false },
        { id: "bb-5", service: "SRV990003", at: "2026-12-11T10:07:00+01:00", dir: "ENTRANT", answered: false },
        { id: "bb-6", service: "SRV990003", at: "2026-12-11T10:08:00+01:00", seconds: 0 }, // answered, no conversation
        { id: "un-1", service: "SRV990003", at: "2026-12-12T10:00:00+01:00", answered: false },
        { id: "un-2", service: "SRV990003", at: "2026-12-12T10:00:00+01:00", answered: false },
      );
      expect(await peaks("SRV990003")).toEqual({ "2026-12-10": 3, "2026-12-11": 1, "2026-12-12": 0 });
    });

    it("counts a call started before midnight and still running in the next day's peak, even when imported after that day's calls", async () => {
      await importFile({ id: "mn-2", service: "SRV990003", at: "2026-12-14T00:30:00+01:00", seconds: 600 });
      expect((await peaks("SRV990003"))["2026-12-14"]).toBe(1);
      const late = await importFile({ id: "mn-1", service: "SRV990003", at: "2026-12-13T23:00:00+01:00", seconds: 7200 }); // until 1:00 on the 14th
      expect(late.touched.map((t) => t.day)).toEqual(["2026-12-13", "2026-12-14"]);
      expect(await peaks("SRV990003")).toMatchObject({ "2026-12-13": 1, "2026-12-14": 2 });
      // It counts in the aggregates of the day it started.
      expect((await daily("SRV990003")).filter((d) => d.day === "2026-12-13" || d.day === "2026-12-14").map((d) => [d.day, d.calls])).toEqual([
        ["2026-12-13", 1],
        ["2026-12-14", 1],
      ]);

      // A call ending exactly at midnight does not overlap one starting then.
      await importFile(
        { id: "mn-3", service: "SRV990003", at: "2026-12-20T23:50:00+01:00", seconds: 600 },
        { id: "mn-4", service: "SRV990003", at: "2026-12-21T00:00:00+01:00", seconds: 60 },
      );
      expect(await peaks("SRV990003")).toMatchObject({ "2026-12-20": 1, "2026-12-21": 1 });
    });
  });

  describe("the checks of the terms", () => {
    it("warns of an ASR under 50 % on a day of 20 placed calls, once per day and rule, and marks the day back within the rule", async () => {
      const day = placedCalls("SRV990011", "2026-04-07", "asr", 20, (i) => (i < 9 ? {} : { answered: false }));
      const first = await importFile(...day);
      expect(first).toMatchObject({ imported: 20, alerts: 1 });
      expect(await alerts("SRV990011")).toEqual([{ day: "2026-04-07", rule: "ASR_BAS", value: 450, inBreach: true }]);
      const mails = await alertMails("SRV990011");
      expect(mails.map((m) => m.to).sort()).toEqual(ADMINS_44660);
      expect(mails[0].subject).toBe("MyOpenIP : service SRV990011, alerte d'usage de la téléphonie");
      expect(mails[0].text).toContain("Les appels du service SRV990011 (Trunk de test SRV990011) ne respectent pas les conditions d'utilisation de la téléphonie :");
      expect(mails[0].text).toContain(`- 07/04/2026 : ASR quotidien inférieur à 50 % (ASR 45,0${NBSP}%)`);
      expect(mails[0].text).toContain("/services/SRV990011/monitoring");

      // The same file, then more calls of that day: the value follows, no second email.
      expect(await importFile(...day)).toMatchObject({ imported: 0, duplicates: 20, alerts: 0 });
      expect(await importFile({ id: "asr-21", service: "SRV990011", at: "2026-04-07T16:00:00Z", answered: false })).toMatchObject({ imported: 1, alerts: 0 });
      expect(await alerts("SRV990011")).toEqual([{ day: "2026-04-07", rule: "ASR_BAS", value: 428, inBreach: true }]);
      expect(await alertMails("SRV990011")).toHaveLength(2);

      // Three answered calls: 12 of 24, exactly 50 %, within the rule.
      await importFile(...placedCalls("SRV990011", "2026-04-07", "asr-ok", 3, (i) => ({ at: `2026-04-07T17:0${i}:00Z` })));
      expect(await alerts("SRV990011")).toEqual([{ day: "2026-04-07", rule: "ASR_BAS", value: 428, inBreach: false }]);
      const month = await voiceMonth(await voiceService("SRV990011"), "2026-04");
      const seventh = month.days.find((d) => d.day === "2026-04-07")!;
      expect(seventh.traffic).toMatchObject({ placed: 24, placedAnswered: 12 });
      expect(seventh.breaches).toEqual([]);

      // Below again: in breach again, still no second email for that day and rule.
      expect(await importFile({ id: "asr-25", service: "SRV990011", at: "2026-04-07T17:30:00Z", answered: false })).toMatchObject({ imported: 1, alerts: 0 });
      expect(await alerts("SRV990011")).toEqual([{ day: "2026-04-07", rule: "ASR_BAS", value: 480, inBreach: true }]);
      expect(await alertMails("SRV990011")).toHaveLength(2);
    });

    it("does not warn at exactly 50 %, nor on a day of fewer than 20 placed calls", async () => {
      // 10 answered of 20; received calls do not count in the ASR.
      const result = await importFile(
        ...placedCalls("SRV990012", "2026-04-07", "half", 20, (i) => (i % 2 ? {} : { answered: false })),
        ...placedCalls("SRV990012", "2026-04-07", "half-in", 5, (i) => ({ dir: "ENTRANT", answered: false, at: `2026-04-07T15:0${i}:00Z` })),
        ...placedCalls("SRV990012", "2026-04-08", "few", 19, () => ({ answered: false })),
      );
      expect(result).toMatchObject({ imported: 44, alerts: 0 });
      expect(await alerts("SRV990012")).toEqual([]);
      expect(await alertMails("SRV990012")).toEqual([]);
    });

    it("warns of an average duration under 40 s, exactly 40 s being within the rule", async () => {
      const result = await importFile(
        // 12 answered of 20 (60 %), 10 × 30 s + 2 × 90 s = 480 s: 40 s on average; short received calls do not count.
        ...placedCalls("SRV990013", "2026-04-07", "avg40", 20, (i) => (i < 10 ? { seconds: 30 } : i < 12 ? { seconds: 90 } : { answered: false })),
        ...placedCalls("SRV990013", "2026-04-07", "avg40-in", 5, (i) => ({ dir: "ENTRANT", seconds: 5, at: `2026-04-07T15:0${i}:00Z` })),
        ...placedCalls("SRV990013", "2026-04-08", "avg39", 20, () => ({ seconds: 39 })),
      );
      expect(result).toMatchObject({ imported: 45, alerts: 1 });
      expect(await alerts("SRV990013")).toEqual([{ day: "2026-04-08", rule: "DUREE_MOYENNE_COURTE", value: 39, inBreach: true }]);
      const mails = await alertMails("SRV990013");
      expect(mails.map((m) => m.to).sort()).toEqual(ADMINS_44660);
      expect(mails[0].text).toContain(`- 08/04/2026 : Durée moyenne des appels inférieure à 40 s (durée moyenne 39${NBSP}s)`);
    });

    it("warns of a call over 120 minutes, placed or received, whatever the number of calls", async () => {
      const result = await importFile(
        { id: "long-1", service: "SRV990014", at: "2026-04-09T10:00:00+02:00", seconds: 7200 },
        { id: "long-2", service: "SRV990014", at: "2026-04-10T10:00:00+02:00", seconds: 7201 },
        { id: "long-3", service: "SRV990014", at: "2026-04-06T10:00:00+02:00", dir: "ENTRANT", seconds: 9000 },
      );
      expect(result).toMatchObject({ imported: 3, alerts: 2 });
      expect(await alerts("SRV990014")).toEqual([
        { day: "2026-04-06", rule: "APPEL_TROP_LONG", value: 9000, inBreach: true },
        { day: "2026-04-10", rule: "APPEL_TROP_LONG", value: 7201, inBreach: true },
      ]);
      // One email per administrator for the import, listing both days.
      const mails = await alertMails("SRV990014");
      expect(mails.map((m) => m.to).sort()).toEqual(ADMINS_44660);
      expect(mails[0].subject).toBe("MyOpenIP : service SRV990014, 2 alertes d'usage de la téléphonie");
      expect(mails[0].text).toContain(`- 06/04/2026 : Appel de plus de 120 minutes (appel le plus long 2${NBSP}h${NBSP}30${NBSP}min)\n- 10/04/2026 : Appel de plus de 120 minutes (appel le plus long 2${NBSP}h${NBSP}00${NBSP}min)`);
    });
  });

  describe("the fair use of an unlimited offer", () => {
    // An unlimited offer of its own (2 channels), so that the reference is this test's only.
    let offerId = 0;
    beforeAll(async () => {
      const offer = await db.offer.create({
        data: { code: "TEL-TEST-ILLIMITE", name: "Trunk SIP illimité de test", family: "IP_TELEPHONY", monthlyFeeCents: 3000, commitmentMonths: 12, renewalMonths: 12, voiceChannelsPerUnit: 2, unlimitedCalls: true },
      });
      offerId = offer.id;
      const billing = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44660" } });
      await db.contractedOffer.create({
        data: {
          ref: "OC990100", name: "Trunk illimité de test", offerId, endClientId: 44660, billingAccountId: billing.id, orderType: "CREATION", state: "LIVREE",
          deliveredOn: parseDay("2025-06-01"), activationOn: parseDay("2025-06-01"), monthlyFeeCents: 3000, commitmentMonths: 12, renewalMonths: 12, noticeMonths: 1, lineCount: 1,
        },
      });
      await createService("SRV990101", "OC990100");
      await createService("SRV990102", "OC990100");
    });
    afterAll(() => freezeClockAt(NOON));

    /** `seconds` of calls to France on a day, in calls of at most an hour, one after the other. */
    const franceCalls = (service: string, day: string, prefix: string, seconds: number): Call[] =>
      Array.from({ length: Math.ceil(seconds / 3600) }, (_, i) => ({
        id: `${prefix}-${i + 1}`, service, at: new Date(parisMidnight(day).getTime() + (8 + i) * 60 * MINUTE).toISOString(),
        number: i % 2 ? "0612345678" : "0491234567", seconds: Math.min(3600, seconds - 3600 * i),
      }));

    it("checks nothing while the reference averages fewer than 3 service-months, and caches it for the day", async () => {
      // January and February of SRV990101: 3,600 s to France each (international and received calls do not count).
      await importFile(
        ...franceCalls("SRV990101", "2026-01-12", "fu-jan", 3600),
        { id: "fu-jan-int", service: "SRV990101", at: "2026-01-13T10:00:00Z", number: "+44 20 7946 0000", seconds: 5000 },
        { id: "fu-jan-in", service: "SRV990101", at: "2026-01-13T12:00:00Z", dir: "ENTRANT", seconds: 3000 },
        ...franceCalls("SRV990101", "2026-02-10", "fu-feb", 3600),
      );
      // April: 14,400 s over 2 channels, 4 times the reference, but on 2 service-months only.
      expect(await importFile(...franceCalls("SRV990101", "2026-04-06", "fu-apr", 14_400))).toMatchObject({ imported: 4, alerts: 0 });
      expect(await db.voiceUsageReference.findUniqueOrThrow({ where: { offerId_month: { offerId, month: "2026-04" } } })).toEqual({ offerId, month: "2026-04", secondsPerChannel: 1800, sample: 2, computedOn: parseDay("2026-04-23") });
      const month = await voiceMonth(await voiceService("SRV990101"), "2026-04");
      expect(month.fairUse).toEqual({ reference: expect.objectContaining({ secondsPerChannel: 1800, sample: 2 }), secondsPerChannel: 7200, breach: null });

      // March of SRV990102 makes the third service-month; the reference is only recomputed the next day.
      await importFile(...franceCalls("SRV990102", "2026-03-16", "fu-mar", 3600));
      expect(await usageReferenceFor(offerId, "2026-04")).toMatchObject({ secondsPerChannel: 1800, sample: 2 });
      expect(await alerts("SRV990101")).toEqual([]);
      expect(await alerts("SRV990102")).toEqual([]);
    });

    it("warns when the month goes over 3 times the reference per channel, exactly 3 times being within", async () => {
      freezeClockAt(new Date("2026-04-24T10:00:00Z"));
      expect(await usageReferenceFor(offerId, "2026-04")).toEqual({ secondsPerChannel: 1800, sample: 3 });
      // SRV990102 in April: 10,800 s = 3 × 1,800 s × 2 channels (plus international calls, which do not count).
      const at = await importFile(...franceCalls("SRV990102", "2026-04-07", "fu-b", 10_800), { id: "fu-b-int", service: "SRV990102", at: "2026-04-07T16:00:00Z", number: "+44 20 7946 0000", seconds: 3600 });
      expect(at).toMatchObject({ imported: 4, alerts: 0 });
      expect(await alerts("SRV990102")).toEqual([]);
      // One more second.
      expect(await importFile({ id: "fu-b-over", service: "SRV990102", at: "2026-04-08T10:00:00+02:00", seconds: 1 })).toMatchObject({ imported: 1, alerts: 1 });
      expect(await alerts("SRV990102")).toEqual([{ day: "2026-04-08", rule: "USAGE_EXCESSIF", value: 300, inBreach: true }]);
      const mails = await alertMails("SRV990102");
      expect(mails.map((m) => m.to).sort()).toEqual(ADMINS_44660);
      expect(mails[0].text).toContain(`- 08/04/2026 : Usage très supérieur à la moyenne de l'offre illimitée (300${NBSP}% de la moyenne de l'offre)`);
      // SRV990101's next call is checked against the new reference: 14,460 s is 401 % of it.
      expect(await importFile({ id: "fu-a-more", service: "SRV990101", at: "2026-04-09T10:00:00+02:00", seconds: 60 })).toMatchObject({ alerts: 1 });
      expect(await alerts("SRV990101")).toEqual([{ day: "2026-04-09", rule: "USAGE_EXCESSIF", value: 401, inBreach: true }]);

      freezeClockAt(NOON);
      const month = await voiceMonth(await voiceService("SRV990102"), "2026-04");
      expect(month.fairUse).toEqual({ reference: expect.objectContaining({ secondsPerChannel: 1800, sample: 3 }), secondsPerChannel: 5401, breach: { rule: "USAGE_EXCESSIF", value: 300 } });
      expect(month.days.find((d) => d.day === "2026-04-07")!.breaches).toEqual([]);
      expect(month.days.find((d) => d.day === "2026-04-08")!.breaches).toEqual([{ rule: "USAGE_EXCESSIF", value: 300 }]);
      expect(month.days.find((d) => d.day === "2026-04-20")!.breaches).toEqual([{ rule: "USAGE_EXCESSIF", value: 300 }]);
    });

    it("checks again the later days of the month when a late record of an earlier day arrives", async () => {
      await createService("SRV990103", "OC990100");
      // 10,000 s on the 20th: within 3 × 1,800 s × 2 channels.
      expect(await importFile(...franceCalls("SRV990103", "2026-04-20", "fu-late", 10_000))).toMatchObject({ alerts: 0 });
      // A record of the 5th arrives late: the month so far is over the limit from the 20th on.
      expect(await importFile({ id: "fu-late-5", service: "SRV990103", at: "2026-04-05T10:00:00+02:00", seconds: 1000 })).toMatchObject({ imported: 1, alerts: 1 });
      expect(await alerts("SRV990103")).toEqual([{ day: "2026-04-20", rule: "USAGE_EXCESSIF", value: 305, inBreach: true }]);
      expect((await alertMails("SRV990103")).map((m) => m.to).sort()).toEqual(ADMINS_44660);
    });

    it("does not apply to an offer without unlimited calls", async () => {
      const month = await voiceMonth(await voiceService("SRV151800"), "2026-04");
      expect(month).toMatchObject({ unlimited: false, channels: 2, offerName: "Trunk SIP sans engagement", fairUse: null });
      expect(month.days.flatMap((d) => d.breaches).map((b) => b.rule)).not.toContain("USAGE_EXCESSIF");
    });
  });

  describe("the monitoring month", () => {
    beforeAll(async () => {
      await importFile(
        { id: "vm-1", service: "SRV990005", at: "2026-04-02T09:00:00+02:00", number: "04 91 23 45 67", seconds: 120 },
        { id: "vm-2", service: "SRV990005", at: "2026-04-02T09:01:00+02:00", number: "06 12 34 56 78", seconds: 60 },
        { id: "vm-3", service: "SRV990005", at: "2026-04-02T09:30:00+02:00", number: "+1 212 555 0100", answered: false },
        { id: "vm-4", service: "SRV990005", at: "2026-04-02T10:00:00+02:00", dir: "ENTRANT", number: "anonyme", seconds: 30 },
        { id: "vm-5", service: "SRV990005", at: "2026-04-15T10:00:00+02:00", number: "0 800 123 456", seconds: 7201 },
        { id: "vm-6", service: "SRV990005", at: "2026-03-31T21:59:59Z", number: "0491234567", seconds: 10 }, // 23:59:59 on 31 March, for 10 s
        { id: "mm-1", service: "SRV990006", at: "2026-02-10T10:00:00+01:00", seconds: 60 },
        { id: "mm-2", service: "SRV990006", at: "2026-05-10T10:00:00+02:00", seconds: 60 }, // to come: not the latest month
      );
    });

    it("gives the month's days up to today, with their traffic, peak and breaches, and the month's totals", async () => {
      const service = await voiceService("SRV990005");
      const month = await voiceMonth(service, "2026-04");
      const reference = await db.voiceUsageReference.findUniqueOrThrow({ where: { offerId_month: { offerId: service.contractedOffer.offerId, month: "2026-04" } } });
      expect(month).toMatchObject({ month: "2026-04", channels: 4, unlimited: true, offerName: "Trunk SIP 4 canaux", peak: 2 });
      expect(month.days.map((d) => d.day)).toEqual(Array.from({ length: 23 }, (_, i) => `2026-04-${String(i + 1).padStart(2, "0")}`));
      // No call started on 1 April, but the one started at 23:59:59 the day before was still running at midnight.
      expect(month.days[0]).toEqual({ day: "2026-04-01", traffic: emptyTraffic(), peak: 1, breaches: [] });
      expect(month.days[1]).toEqual({
        day: "2026-04-02",
        traffic: {
          placed: 3, placedAnswered: 2, placedSeconds: 180, received: 1, receivedAnswered: 1, receivedSeconds: 30, longestSeconds: 120, longCalls: 0,
          byDestination: { FIXE_FRANCE: { calls: 1, answered: 1, seconds: 120 }, MOBILE_FRANCE: { calls: 1, answered: 1, seconds: 60 }, INTERNATIONAL: { calls: 1, answered: 0, seconds: 0 }, SPECIAL: { calls: 0, answered: 0, seconds: 0 } },
        },
        peak: 2,
        breaches: [],
      });
      expect(month.days[14]).toMatchObject({ day: "2026-04-15", peak: 1, breaches: [{ rule: "APPEL_TROP_LONG", value: 7201 }] });
      expect(month.total).toEqual({
        placed: 4, placedAnswered: 3, placedSeconds: 7381, received: 1, receivedAnswered: 1, receivedSeconds: 30, longestSeconds: 7201, longCalls: 1,
        byDestination: { FIXE_FRANCE: { calls: 1, answered: 1, seconds: 120 }, MOBILE_FRANCE: { calls: 1, answered: 1, seconds: 60 }, INTERNATIONAL: { calls: 1, answered: 0, seconds: 0 }, SPECIAL: { calls: 1, answered: 1, seconds: 7201 } },
      });
      // The fair-use block: the offer's stored reference, and 180 s to France over 4 channels.
      expect(month.fairUse).toEqual({ reference: expect.objectContaining({ secondsPerChannel: reference.secondsPerChannel, sample: reference.sample }), secondsPerChannel: 45, breach: null });
      expect(reference.sample).toBeGreaterThanOrEqual(3);
      // The call at 23:59:59 on 31 March is March's.
      const march = await voiceMonth(service, "2026-03");
      expect(march.days).toHaveLength(31);
      expect(march.total.placed).toBe(1);
      expect(march.days[30].traffic.placed).toBe(1);
    });

    it("opens on the month asked for when valid and not to come, else on the month of the latest calls", async () => {
      const id = serviceIds.SRV990005;
      expect(await monitoringMonth(id, "2026-02")).toBe("2026-02");
      expect(await monitoringMonth(id, "2026-04")).toBe("2026-04");
      expect(await monitoringMonth(serviceIds.SRV990006, undefined)).toBe("2026-02");
      for (const requested of [undefined, "", "2026-13", "2026-4", "avril", "2026-05", "2027-01"]) {
        expect(await monitoringMonth(serviceIds.SRV990006, requested), String(requested)).toBe("2026-02");
      }
      expect(await monitoringMonth(id, undefined)).toBe("2026-04");
      // No call up to today (SRV990001's are in December): this month.
      expect(await monitoringMonth(serviceIds.SRV990001, "2026-12")).toBe("2026-04");
      expect(await monitoringMonth(serviceIds.SRV990009, undefined)).toBe("2026-04");
    });

    it("exports the month as CSV, one line per day up to today", async () => {
      let csv = "";
      for await (const chunk of voiceMonthCsv(await voiceService("SRV990005"), "2026-04")) csv += chunk;
      const lines = csv.split("\r\n");
      expect(lines.at(-1)).toBe("");
      expect(lines).toHaveLength(1 + 23 + 1);
      expect(lines[0]).toBe(
        "Jour;Appels émis;Émis décrochés;ASR (%);Durée émise (s);Durée moyenne émise (s);Appels reçus;Reçus décrochés;Durée reçue (s);Pic d'appels simultanés;Canaux;Émis vers fixes france;Émis vers mobiles france;Émis vers international;Émis vers numéros spéciaux;Appel le plus long (s);Alertes",
      );
      expect(lines[1]).toBe("01/04/2026;0;0;;0;;0;0;0;1;4;0;0;0;0;0;");
      expect(lines[2]).toBe("02/04/2026;3;2;66,6;180;90;1;1;30;2;4;1;1;1;0;120;");
      expect(lines[15]).toBe("15/04/2026;1;1;100,0;7201;7201;0;0;0;1;4;0;0;0;1;7201;Appel de plus de 120 minutes");
      expect(lines[23]).toBe("23/04/2026;0;0;;0;;0;0;0;0;4;0;0;0;0;0;");
    });
  });

  describe("staff's list of services in breach", () => {
    it("lists the services that broke a rule in the last 7 days and are still in breach, most rules first", async () => {
      // Before the window: not listed.
      await importFile({ id: "win-1", service: "SRV990007", at: "2026-04-16T10:00:00+02:00", seconds: 7201 });
      // On the window's first day, two rules: first of the list.
      await importFile(...placedCalls("SRV990008", "2026-04-17", "win-2", 20, (i) => (i === 0 ? { seconds: 7201 } : i < 9 ? {} : { answered: false })));
      // Back within the rule: not listed.
      await importFile(...placedCalls("SRV990009", "2026-04-20", "win-3", 20, (i) => (i < 9 ? {} : { answered: false })));
      await importFile(...placedCalls("SRV990009", "2026-04-20", "win-3-ok", 2, (i) => ({ at: `2026-04-20T17:0${i}:00Z` })));
      expect(await alerts("SRV990009")).toEqual([{ day: "2026-04-20", rule: "ASR_BAS", value: 450, inBreach: false }]);
      expect(await alerts("SRV990007")).toEqual([{ day: "2026-04-16", rule: "APPEL_TROP_LONG", value: 7201, inBreach: true }]);

      const { rows, total } = await servicesInBreach(1);
      expect(total).toBe(6);
      expect(rows.map((r) => [r.ref, r.rules, r.days, r.lastDay])).toEqual([
        ["SRV990008", ["APPEL_TROP_LONG", "ASR_BAS"], 1, "2026-04-17"],
        ["SRV148200", ["USAGE_EXCESSIF"], 6, "2026-04-22"],
        ["SRV151800", ["ASR_BAS"], 3, "2026-04-22"],
        ["SRV151001", ["DUREE_MOYENNE_COURTE"], 2, "2026-04-22"],
        ["SRV990103", ["USAGE_EXCESSIF"], 1, "2026-04-20"], // the fair-use test's late record
        ["SRV150944", ["APPEL_TROP_LONG"], 1, "2026-04-18"],
      ]);
      expect(rows[0]).toMatchObject({ name: "Trunk de test SRV990008", company: { id: 44660, name: "Cabinet Médical des Oliviers" } });
    });
  });

  describe("the staff upload (/api/imports/appels)", () => {
    const post = (upload: File | string) => uploadCalls(uploadRequest("/api/imports/appels", upload));
    const submit = async (upload: File | string) => (await (await post(upload)).json()) as CsvImportState;
    const upload = file(
      { id: "up-1", service: "SRV990030", at: "2026-12-03T09:00:00+01:00", seconds: 90 },
      { id: "up-2", service: "SRV990030", at: "2026-12-03T09:10:00+01:00", dir: "ENTRANT", seconds: 30 },
      "up-3,SRV990030,2026-12-03T09:20:00+01:00,SORTANT,0491234567,peut-être,0",
    );

    it("is refused to whoever is not staff, and imports nothing", async () => {
      vi.mocked(getActor).mockResolvedValue(await actorOf("E-0000000004"));
      const before = await callSnapshot();
      const response = await post(new File([upload], "appels.csv", { type: "text/csv" }));
      expect([response.status, await response.text()]).toEqual([404, "Introuvable"]);
      expect(await callSnapshot()).toEqual(before);
      expect(await db.auditEvent.count({ where: { action: "voice.import" } })).toBe(0);
    });

    it("imports an uploaded CSV file, returns the counts and the rejected rows, and writes an audit event", async () => {
      const staff = await createStaffActor("E-0000009101");
      vi.mocked(getActor).mockResolvedValue(staff);
      const state = await submit(new File(["\uFEFF" + upload], "appels.csv", { type: "text/csv" }));
      expect(state).toEqual({
        ok: true,
        message: "Import de appels.csv terminé.",
        result: { imported: 2, duplicates: 0, rejectedCount: 1, rejected: [{ line: 4, message: "Ligne 4 : décroché « peut-être » : oui ou non attendu." }] },
      });
      expect(await daily("SRV990030")).toEqual([
        { day: "2026-12-03", category: "FIXE_FRANCE", calls: 1, answered: 1, durationSeconds: 90, longestSeconds: 90, longCalls: 0 },
        { day: "2026-12-03", category: "ENTRANT", calls: 1, answered: 1, durationSeconds: 30, longestSeconds: 30, longCalls: 0 },
      ]);
      const event = await db.auditEvent.findFirstOrThrow({ where: { action: "voice.import" } });
      expect(event).toMatchObject({ actorId: staff.userId, targetType: "CallImport", targetId: "appels.csv", details: { imported: 2, duplicates: 0, rejected: 1, services: 1, alerts: 0 } });

      expect(await submit(new File([upload], "appels.csv", { type: "application/vnd.ms-excel" }))).toMatchObject({ ok: true, result: { imported: 0, duplicates: 2, rejectedCount: 1 } });
      expect(await db.auditEvent.count({ where: { action: "voice.import", targetId: "appels.csv" } })).toBe(2);
    });

    it("refuses what is not a CSV text file, with a message on the field, and imports nothing", async () => {
      vi.mocked(getActor).mockResolvedValue(await createStaffActor("E-0000009102"));
      const before = await callSnapshot();
      const csv = file({ id: "rf-1", service: "SRV990030", at: "2026-12-04T09:00:00+01:00" });
      const cases: [File | string, string][] = [
        [new File([csv], "appels.pdf", { type: "application/pdf" }), "Le fichier doit être un fichier CSV (extension .csv)."],
        [new File([csv], "appels.csv", { type: "image/png" }), "Le fichier doit être un fichier CSV (extension .csv)."],
        [new File([], "", { type: "application/octet-stream" }), "Choisissez un fichier CSV."],
        ["texte", "Choisissez un fichier CSV."],
        [new File([""], "vide.csv", { type: "text/csv" }), "Le fichier est vide."],
        [new File([new Uint8Array([0x69, 0x64, 0xe9, 0x0a])], "latin1.csv", { type: "text/csv" }), "Le fichier n'est pas un texte CSV encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 »."],
      ];
      for (const [uploaded, message] of cases) {
        const state = await submit(uploaded);
        expect(state.ok, message).toBeFalsy();
        expect(state.errors?.file, message).toEqual([message]);
      }
      expect(await callSnapshot()).toEqual(before);
      expect(await db.callRecord.findUnique({ where: { id: "rf-1" } })).toBeNull();
    });

    it("says so when no row of the file could be imported", async () => {
      vi.mocked(getActor).mockResolvedValue(await createStaffActor("E-0000009103"));
      const state = await submit(new File(["date;service\n01/04/2026;SRV150944\n"], "mauvais.csv", { type: "text/csv" }));
      expect(state).toMatchObject({ ok: false, message: "Aucun appel n'a été importé : corrigez les lignes rejetées ci-dessous.", result: { imported: 0, duplicates: 0, rejectedCount: 1 } });
      expect(state.result!.rejected[0].message).toMatch(/^Ligne 1 : en-tête invalide \(colonne inconnue « date »\)/);
    });
  });

  describe("tenancy", () => {
    it("a trunk is found by its company, its reseller (as reseller) and staff, by no one else", async () => {
      const cases: [string, string | null, boolean][] = [
        ["E-0000000004", null, true], // 44660
        ["E-0000000003", "REVENDEUR", true], // 44000, 44660's reseller
        ["E-0000000003", "CLIENT", false],
        ["E-0000000005", null, false], // 44284, another client of 44000
        ["E-0000000006", null, false], // 45001, another operator
        ["E-0000000001", null, true], // staff
      ];
      for (const [identifier, universe, found] of cases) {
        const service = await findService(await actorOf(identifier, universe), "SRV150944");
        expect(service?.ref ?? null, `${identifier} (${universe})`).toBe(found ? "SRV150944" : null);
      }
      // The reseller's client's client (46001 under 44705) is not the reseller's.
      expect(await findService(await actorOf("E-0000000003", "REVENDEUR"), "SRV154001")).toBeNull();
    });

    it("the CSV export of the Monitoring tab is not found out of scope, nor for a service without call monitoring", async () => {
      const get = async (actor: Actor | null, ref: string, query = "") => {
        vi.mocked(getActor).mockResolvedValue(actor);
        return exportCalls(new Request(`http://localhost/api/services/${ref}/appels${query}`), { params: Promise.resolve({ ref }) });
      };
      for (const [identifier, universe] of [["E-0000000005", null], ["E-0000000006", null], ["E-0000000003", "CLIENT"]] as const) {
        const response = await get(await actorOf(identifier, universe), "SRV150944");
        expect(response.status, identifier).toBe(404);
        expect(await response.text()).toBe("Introuvable");
      }
      expect((await get(null, "SRV150944")).status).toBe(404);
      expect((await get(await actorOf("E-0000000004"), "SRV150943")).status).toBe(404); // a number
      expect((await get(await actorOf("E-0000000004"), "SRV151200")).status).toBe(404); // an internet access
      expect((await get({ ...(await actorOf("E-0000000004")), pendingTermsId: 1 }, "SRV150944")).status).toBe(404);

      const response = await get(await actorOf("E-0000000003", "REVENDEUR"), "SRV990005", "?mois=2026-04");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="appels-SRV990005-2026-04.csv"');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM, for Excel
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      expect(text.startsWith("\uFEFFJour;Appels émis;")).toBe(true);
      expect(text).toContain("\r\n02/04/2026;3;2;66,6;180;90;1;1;30;2;4;1;1;1;0;120;\r\n");
      // No month asked for: the month of the latest calls.
      expect((await get(await actorOf("E-0000000004"), "SRV990006")).headers.get("content-disposition")).toBe('attachment; filename="appels-SRV990006-2026-02.csv"');
    });
  });
});
