// Usage records arrive by import (issue 6): once per record id whatever the retries or concurrent
// imports, aggregated per line, Paris day and zone, and the 80 % / 100 % warnings sent once each.
// The demo world, seeded on Monday 20/04/2026 at noon in Paris.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { getActor } from "@/lib/server/authz";
import { POST as uploadUsage } from "@/app/api/imports/consommations/route";
import type { CsvImportState } from "@/lib/server/csv-upload";
import { importUsage, importUsageCsv } from "@/lib/server/usage-import";
import { checkUsageAlerts, lineAlerts } from "@/lib/server/usage-alerts";
import { lineMonthUsage } from "@/lib/server/usage";
import { parseUsageCsv, USAGE_CSV_HEADER } from "@/lib/domain/usage-csv";
import { formatDay, parseDay } from "@/lib/domain/calendar-day";
import { percentUsed } from "@/lib/domain/usage";
import { demoCompanyIds, seedDemoWorld } from "@/prisma/demo-world";
import { seedDemoUsage } from "@/prisma/demo-usage";
import { createStaffActor, freezeClockAt, insertCompany, realClock } from "./support/fixtures";
import { uploadRequest } from "./support/uploads";

// The upload route's session check, answered by hand (tests never load Auth.js).
vi.mock("@/lib/server/authz", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/server/authz")>()), getActor: vi.fn() }));

const GIB = BigInt(1) << BigInt(30);
const MIB = BigInt(1) << BigInt(20);
const lines: Record<string, number> = {};

/** Puts a new line on one of the demo world's *Disponible* resources, on its plan since `activatedOn`. */
async function attachLine(resourceRef: string | null, msisdn: string, activatedOn: string) {
  const line = await db.mobileLine.create({ data: { msisdn, iccid: `89331503190${msisdn.slice(2)}`, activatedOn: parseDay(activatedOn) } });
  if (resourceRef) {
    const resource = await db.simResource.update({ where: { ref: resourceRef }, data: { lineId: line.id, state: "ACTIF" } });
    await db.linePlanSegment.create({ data: { lineId: line.id, resourceId: resource.id, offerId: resource.offerId, startOn: parseDay(activatedOn) } });
  }
  return line.id;
}

type Row = [id: string, msisdn: string, at: string, zone: string, bytes: bigint | number | string, cents?: number | string];
const file = (...rows: Row[]) => [USAGE_CSV_HEADER, ...rows.map(([id, msisdn, at, zone, bytes, cents = 0]) => [id, msisdn, at, zone, bytes, cents].join(","))].join("\r\n") + "\r\n";

async function usageSnapshot() {
  const [records, daily] = await Promise.all([
    db.usageRecord.count(),
    db.usageDaily.findMany({ orderBy: [{ lineId: "asc" }, { day: "asc" }, { zone: "asc" }] }),
  ]);
  return { records, daily };
}

async function daily(lineId: number) {
  const rows = await db.usageDaily.findMany({ where: { lineId }, orderBy: [{ day: "asc" }, { zone: "asc" }] });
  return rows.map((r) => ({ day: formatDay(r.day), zone: r.zone, bytes: r.bytes, amountCents: r.amountCents }));
}

const alertMails = (number: string) => db.outgoingEmail.findMany({ where: { kind: "usage-alert", subject: { contains: number } }, orderBy: { id: "asc" } });
const ADMINS_44660 = ["c.vidal@cabinet-oliviers.example", "m.vidal@cabinet-oliviers.example"];

beforeAll(async () => {
  freezeClockAt(new Date("2026-04-20T10:00:00Z"));
  await seedDemoWorld(db);
  lines.dataOnly = await attachLine("FPC367681", "0698765432", "2026-03-01"); // Forfait mobile Data only 20 Go
  lines.metered = await attachLine("FPC367679", "0698765433", "2026-03-01"); // Forfait mobile Data compteur, capped at 30 €
  lines.big = await attachLine("FPC367680", "0698765435", "2026-03-01"); // Forfait mobile 50 Go
  lines.bare = await attachLine(null, "0698765434", "2026-03-01"); // a line on no resource (no plan, no warning)
});
afterAll(realClock);

describe("importing a usage file", () => {
  it("inserts the records, aggregates them per day and zone, and a re-import changes nothing", async () => {
    const csv = file(
      ["imp-1", "0698765434", "2026-04-02T08:00:00Z", "FRANCE", 300 * Number(MIB)],
      ["imp-2", "06 98 76 54 34", "2026-04-02T18:00:00+02:00", "france", 200 * Number(MIB)],
      ["imp-3", "+33698765434", "2026-04-03T09:00:00Z", "EUROPE", 50 * Number(MIB), 125],
    );
    const first = await importUsageCsv(csv, null);
    expect(first).toEqual({ imported: 3, duplicates: 0, rejected: [], touched: [{ lineId: lines.bare, month: "2026-04" }], alerts: 0 });
    expect(await daily(lines.bare)).toEqual([
      { day: "2026-04-02", zone: "FRANCE", bytes: BigInt(500) * MIB, amountCents: 0 },
      { day: "2026-04-03", zone: "EUROPE", bytes: BigInt(50) * MIB, amountCents: 125 },
    ]);
    const record = await db.usageRecord.findUniqueOrThrow({ where: { id: "imp-3" } });
    expect(record).toMatchObject({ msisdn: "0698765434", zone: "EUROPE", bytes: BigInt(50) * MIB, amountCents: 125, at: new Date("2026-04-03T09:00:00Z"), importedAt: new Date("2026-04-20T10:00:00Z") });

    const before = await usageSnapshot();
    const again = await importUsageCsv(csv, null);
    expect(again).toEqual({ imported: 0, duplicates: 3, rejected: [], touched: [], alerts: 0 });
    expect(await usageSnapshot()).toEqual(before);
  });

  it("counts a record once when two imports of the same file run at once", async () => {
    const rows: Row[] = Array.from({ length: 2500 }, (_, i) => [`conc-${i}`, "0698765434", `2026-04-${String(10 + (i % 5)).padStart(2, "0")}T${String(i % 24).padStart(2, "0")}:15:00Z`, i % 7 === 0 ? "EUROPE" : "FRANCE", 1000 + i, i % 3]);
    const csv = file(...rows);
    const expected = new Map<string, { bytes: bigint; amountCents: number }>();
    for (const r of parseUsageCsv(csv).records) {
      const key = `${new Date(r.at.getTime() + 2 * 3_600_000).toISOString().slice(0, 10)}/${r.zone}`; // CEST
      const sum = expected.get(key) ?? { bytes: BigInt(0), amountCents: 0 };
      expected.set(key, { bytes: sum.bytes + r.bytes, amountCents: sum.amountCents + r.amountCents });
    }
    const [a, b] = await Promise.all([importUsageCsv(csv, null), importUsageCsv(csv, null)]);
    expect(a.imported + b.imported).toBe(2500);
    expect(a.duplicates + b.duplicates).toBe(2500);
    const got = (await daily(lines.bare)).filter((d) => d.day >= "2026-04-10" && d.day <= "2026-04-15");
    expect(Object.fromEntries(got.map((d) => [`${d.day}/${d.zone}`, { bytes: d.bytes, amountCents: d.amountCents }]))).toEqual(Object.fromEntries(expected));

    // The same with small batches through importUsage, three at once.
    const more = parseUsageCsv(file(...rows.map(([id, ...rest]): Row => [`${id}-bis`, ...rest]))).records;
    const results = await Promise.all([1, 2, 3].map(() => importUsage(more, { batchSize: 97 })));
    expect(results.reduce((sum, r) => sum + r.imported, 0)).toBe(2500);
    const doubled = (await daily(lines.bare)).filter((d) => d.day >= "2026-04-10" && d.day <= "2026-04-15");
    expect(doubled.map((d) => d.bytes)).toEqual(got.map((d) => d.bytes * BigInt(2)));
  });

  it("reports malformed rows and unknown numbers by line number and imports the rest", async () => {
    const before = await db.usageRecord.count();
    const csv = file(
      ["bad-1", "0698765434", "2026-04-05T08:00:00Z", "FRANCE", 10], // line 2
      ["bad-2", "0698765434", "2026-04-05T08:00:00Z", "MARS", 10], // 3
      ["bad-3", "0711111111", "2026-04-05T08:00:00Z", "FRANCE", 10], // 4: no such line
      ["bad-4", "0698765434", "2026-04-05", "FRANCE", 10], // 5
      ["bad-1", "0698765434", "2026-04-06T08:00:00Z", "FRANCE", 10], // 6: repeated id
      ["bad-5", "0698765434", "2026-04-05T09:00:00Z", "EUROPE", 20, 5], // 7
    );
    const result = await importUsageCsv(csv, null);
    expect(result.imported).toBe(2);
    expect(result.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6]);
    expect(result.rejected[0].message).toBe("Ligne 3 : zone inconnue « MARS ».");
    expect(result.rejected[1].message).toBe("Ligne 4 : numéro 07 11 11 11 11 inconnu : aucune ligne mobile ne porte ce numéro.");
    expect(result.rejected[3].message).toMatch(/^Ligne 6 : identifiant « bad-1 » en double \(déjà ligne 2\)/);
    expect(await db.usageRecord.count()).toBe(before + 2);
    expect(await db.usageRecord.findUnique({ where: { id: "bad-3" } })).toBeNull();
  });

  it("aggregates on the Paris calendar day", async () => {
    await importUsageCsv(
      file(
        ["tz-1", "0698765434", "2026-03-31T21:59:59.999Z", "INTERNATIONAL", 1], // 23:59:59 in Paris (CEST)
        ["tz-2", "0698765434", "2026-03-31T22:30:00Z", "INTERNATIONAL", 2], // 00:30 on 1 April
        ["tz-3", "0698765434", "2026-03-28T23:30:00Z", "INTERNATIONAL", 4], // 00:30 CET on 29 March, DST day
      ),
      null,
    );
    expect((await daily(lines.bare)).filter((d) => d.zone === "INTERNATIONAL")).toEqual([
      { day: "2026-03-29", zone: "INTERNATIONAL", bytes: BigInt(4), amountCents: 0 },
      { day: "2026-03-31", zone: "INTERNATIONAL", bytes: BigInt(1), amountCents: 0 },
      { day: "2026-04-01", zone: "INTERNATIONAL", bytes: BigInt(2), amountCents: 0 },
    ]);
  });

  it("writes an audit event with the counts when staff imports", async () => {
    const staff = await createStaffActor();
    await importUsageCsv(file(["aud-1", "0698765434", "2026-04-07T08:00:00Z", "FRANCE", 1], ["aud-2", "0698765434", "2026-04-07T08:00:00Z", "LUNE", 1]), staff, { fileName: "cdr-avril.csv" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "usage.import" } });
    expect(event).toMatchObject({ actorId: staff.userId, targetType: "UsageImport", targetId: "cdr-avril.csv", details: { imported: 1, duplicates: 0, rejected: 1, lines: 1, alerts: 0 } });
  });
});

describe("the staff upload (/api/imports/consommations)", () => {
  const submit = async (file: File | string) => (await (await uploadUsage(uploadRequest("/api/imports/consommations", file))).json()) as CsvImportState;

  it("imports an uploaded CSV file and returns the counts and the rejected rows", async () => {
    vi.mocked(getActor).mockResolvedValue(await createStaffActor("E-0000009002"));
    const csv = file(["up-1", "0698765434", "2026-04-08T08:00:00Z", "FRANCE", 1], ["up-2", "0698765434", "2026-04-08T08:00:00Z", "LUNE", 1]);
    const state = await submit(new File(["\uFEFF" + csv], "avril.csv", { type: "text/csv" }));
    expect(state).toMatchObject({ ok: true, result: { imported: 1, duplicates: 0, rejectedCount: 1, rejected: [{ line: 3, message: "Ligne 3 : zone inconnue « LUNE »." }] } });
    expect(await submit(new File([csv], "avril.csv", { type: "application/vnd.ms-excel" }))).toMatchObject({ ok: true, result: { imported: 0, duplicates: 1, rejectedCount: 1 } });
    expect(await db.auditEvent.count({ where: { action: "usage.import", targetId: "avril.csv" } })).toBe(2);
  });

  it("refuses what is not a CSV text file, with a message on the field, and imports nothing", async () => {
    vi.mocked(getActor).mockResolvedValue(await createStaffActor("E-0000009003"));
    const before = await db.usageRecord.count();
    const csv = file(["rf-1", "0698765434", "2026-04-08T08:00:00Z", "FRANCE", 1]);
    const cases: [File | string, string][] = [
      [new File([], "", { type: "application/octet-stream" }), "Choisissez un fichier CSV."],
      ["texte", "Choisissez un fichier CSV."],
      [new File([csv], "avril.pdf", { type: "application/pdf" }), "Le fichier doit être un fichier CSV (extension .csv)."],
      [new File([""], "vide.csv", { type: "text/csv" }), "Le fichier est vide."],
      [new File([new Uint8Array([0x69, 0x64, 0xe9, 0x0a])], "latin1.csv", { type: "text/csv" }), "Le fichier n'est pas un texte CSV encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 »."],
    ];
    for (const [upload, message] of cases) {
      const state = await submit(upload);
      expect(state.ok, message).toBeFalsy();
      expect(state.errors?.file, message).toEqual([message]);
    }
    expect(await db.usageRecord.count()).toBe(before);
  });

  it("says so when no row of the file could be imported", async () => {
    vi.mocked(getActor).mockResolvedValue(await createStaffActor("E-0000009004"));
    const state = await submit(new File(["date;numero\n01/04/2026;0612345678\n"], "mauvais.csv", { type: "text/csv" }));
    expect(state).toMatchObject({ ok: false, message: expect.stringMatching(/^Aucune consommation n'a été importée/), result: { imported: 0, rejectedCount: 1 } });
    expect(state.result!.rejected[0].message).toMatch(/^Ligne 1 : en-tête invalide/);
  });
});

describe("usage warnings", () => {
  it("warns once at 80 % and once at 100 % of the allowance, by email to the client's administrators", async () => {
    const under = file(["al-1", "0698765432", "2026-04-05T10:00:00Z", "FRANCE", BigInt(16) * GIB - MIB]);
    expect((await importUsageCsv(under, null)).alerts).toBe(0); // 79 %
    expect(await alertMails("06 98 76 54 32")).toEqual([]);

    const cross80 = file(["al-2", "0698765432", "2026-04-06T10:00:00Z", "EUROPE", MIB]);
    expect((await importUsageCsv(cross80, null)).alerts).toBe(1);
    const eighty = await alertMails("06 98 76 54 32");
    expect(eighty.map((m) => m.to).sort()).toEqual(ADMINS_44660);
    expect(eighty[0].subject).toBe("MyOpenIP : ligne 06 98 76 54 32, 80 % de l'enveloppe data atteint");
    expect(eighty[0].text).toContain("La ligne 06 98 76 54 32 (Forfait mobile Data only 20 Go) a atteint 80 % de son enveloppe data en avril 2026 : 16,00 Gio consommés sur 20,00 Gio.");
    expect(eighty[0].text).toContain("/ressources/FPC367681");

    const cross100 = file(["al-3", "0698765432", "2026-04-07T10:00:00Z", "FRANCE", BigInt(4) * GIB]);
    expect((await importUsageCsv(cross100, null)).alerts).toBe(1);
    const all = await alertMails("06 98 76 54 32");
    expect(all).toHaveLength(4);
    expect(all.slice(2).every((m) => m.text.includes("a atteint 100 % de son enveloppe data en avril 2026 : 20,00 Gio consommés sur 20,00 Gio."))).toBe(true);

    // Retries and re-checks send nothing more.
    for (const csv of [under, cross80, cross100]) expect(await importUsageCsv(csv, null)).toMatchObject({ imported: 0, alerts: 0 });
    expect(await checkUsageAlerts([lines.dataOnly, lines.dataOnly], "2026-04")).toBe(0);
    expect(await alertMails("06 98 76 54 32")).toHaveLength(4);
    expect((await lineAlerts(lines.dataOnly, "2026-04")).map((a) => [a.kind, a.percent])).toEqual([
      ["ALLOWANCE", 80],
      ["ALLOWANCE", 100],
    ]);
    expect(await lineAlerts(lines.dataOnly, "2026-03")).toEqual([]);
  });

  it("warns on the out-of-bundle cap and the roaming cap, mailing only the highest threshold reached at once", async () => {
    await importUsageCsv(file(["cap-1", "0698765433", "2026-04-08T10:00:00Z", "FRANCE", 2400 * Number(MIB), 2400], ["cap-2", "0698765433", "2026-04-08T12:00:00Z", "EUROPE", MIB, 3000]), null);
    expect((await lineAlerts(lines.metered, "2026-04")).map((a) => [a.kind, a.percent]).sort()).toEqual([
      ["CAP", 80],
      ["ROAMING_CAP", 100],
      ["ROAMING_CAP", 80],
    ]);
    const mails = await alertMails("06 98 76 54 33");
    expect(mails).toHaveLength(4);
    expect(mails.filter((m) => m.text.includes("a atteint 80 % de son plafond hors forfait en avril 2026 : 24,00\u00A0€ sur 30,00\u00A0€."))).toHaveLength(2);
    expect(mails.filter((m) => m.text.includes("a atteint 100 % de son plafond d'itinérance (Europe) en avril 2026 : 30,00\u00A0€ sur 30,00\u00A0€."))).toHaveLength(2);
  });

  it("sends each warning once when two imports cross the threshold at the same time", async () => {
    const csv = file(...Array.from({ length: 45 }, (_, i): Row => [`big-${i}`, "0698765435", `2026-04-${String(1 + (i % 19)).padStart(2, "0")}T10:${String(i).padStart(2, "0")}:00Z`, "FRANCE", GIB]));
    const results = await Promise.all([importUsageCsv(csv, null), importUsageCsv(csv, null)]);
    expect(results[0].imported + results[1].imported).toBe(45);
    expect(results[0].alerts + results[1].alerts).toBe(1);
    expect((await alertMails("06 98 76 54 35")).map((m) => m.to).sort()).toEqual(ADMINS_44660);
    const usage = await lineMonthUsage(lines.big, "2026-04", { capCents: null, roamingCapCents: 3000 });
    expect(usage.franceBytes).toBe(BigInt(45) * GIB);
    expect(percentUsed(usage.franceBytes, usage.allowanceBytes)).toBe(90);
  });
});

describe("the demo usage", () => {
  const DEMO = "0612345678";
  const demoLine = () => db.mobileLine.findUniqueOrThrow({ where: { msisdn: DEMO }, include: { resource: { include: { offer: true } } } });

  it("has a record a day for the demo line since the 1st, under its allowance, and re-seeding adds nothing", async () => {
    const line = await demoLine();
    const days = await daily(line.id);
    expect(days.filter((d) => d.zone === "FRANCE").map((d) => d.day)).toEqual(Array.from({ length: 19 }, (_, i) => `2026-04-${String(i + 1).padStart(2, "0")}`));
    const perDay = new Map<string, bigint>();
    for (const d of days) perDay.set(d.day, (perDay.get(d.day) ?? BigInt(0)) + d.bytes);
    const mib = [...perDay.values()].map((bytes) => Number(bytes / MIB));
    expect(Math.min(...mib)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...mib)).toBeLessThanOrEqual(900);
    const usage = await lineMonthUsage(line.id, "2026-04", line.resource!.offer);
    expect(percentUsed(usage.franceBytes + usage.europeBytes, usage.allowanceBytes)).toBeLessThan(80);
    expect(await db.usageRecord.findUnique({ where: { id: "demo-0612345678-2026-04-19-FRANCE" } })).not.toBeNull();

    // The lines this file put on resources get their demo usage now; the demo line had it already.
    const catchUp = await seedDemoUsage(db, "2026-04-20", demoCompanyIds());
    expect(catchUp.touched.map((t) => t.lineId)).not.toContain(line.id);
    const before = await usageSnapshot();
    expect(await seedDemoUsage(db, "2026-04-20", demoCompanyIds())).toMatchObject({ imported: 0, rejected: [] });
    expect(await seedDemoWorld(db)).toBe(false);
    expect(await usageSnapshot()).toEqual(before);
  });

  it("reaches the 80 % warning late in the month, without reaching 100 %", async () => {
    const line = await demoLine();
    const result = await seedDemoUsage(db, "2026-04-30", demoCompanyIds());
    expect(result).toMatchObject({ imported: expect.any(Number), rejected: [] });
    expect(result.imported).toBeGreaterThanOrEqual(10);
    const usage = await lineMonthUsage(line.id, "2026-04", line.resource!.offer);
    const percent = percentUsed(usage.franceBytes + usage.europeBytes, usage.allowanceBytes);
    expect(percent).toBeGreaterThanOrEqual(80);
    expect(percent).toBeLessThan(100);
    expect((await lineAlerts(line.id, "2026-04")).map((a) => [a.kind, a.percent])).toEqual([["ALLOWANCE", 80]]);
    expect((await alertMails("06 12 34 56 78")).map((m) => m.to).sort()).toEqual(ADMINS_44660);
  });

  it("on the 1st of a month, has today's first usage", async () => {
    const result = await seedDemoUsage(db, "2026-05-01", demoCompanyIds());
    expect(result.imported).toBeGreaterThanOrEqual(1);
    const record = await db.usageRecord.findUniqueOrThrow({ where: { id: "demo-0612345678-2026-05-01-FRANCE" } });
    expect(record.at).toEqual(new Date("2026-04-30T22:00:00Z"));
  });

  it("leaves the lines of companies outside the demo world alone (a benchmark world's 250,000 lines)", async () => {
    const demo = await demoLine();
    const service = await db.service.findUniqueOrThrow({ where: { id: demo.resource!.serviceId } });
    await insertCompany({ id: 99001, name: "Hors démo", parentId: 44000 });
    const { id: _, ...copy } = service;
    const outside = await db.service.create({ data: { ...copy, ref: "SRV99001", companyId: 99001, siteId: null } });
    const lineId = await attachLine(null, "0699001001", "2026-05-01");
    await db.simResource.create({ data: { ref: "FPC99001", serviceId: outside.id, productSheetId: demo.resource!.productSheetId, offerId: demo.resource!.offerId, state: "ACTIF", lineId } });

    const demoOnly = await seedDemoUsage(db, "2026-05-03", demoCompanyIds());
    expect(demoOnly.touched.map((t) => t.lineId)).toContain(demo.id);
    expect(await daily(lineId)).toEqual([]);
    // The same line inside the scope gets its days: the scope alone kept it out.
    expect((await seedDemoUsage(db, "2026-05-03", [99001])).touched.map((t) => t.lineId)).toEqual([lineId]);
    expect((await daily(lineId)).length).toBeGreaterThan(0);
  });
});
