// SPEC §1 (staff read the audit log) and §8 (who, what, when, from which IP): the *Journal d'audit* list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { createCompany, newCompanySchema, setCompanyActive } from "@/lib/server/companies";
import { createUser } from "@/lib/server/users";
import { invalidAuditFilters, listAuditEvents, parseAuditQuery, type AuditRow } from "@/lib/server/audit-log";
import { PAGE_SIZE, type SearchParams } from "@/lib/list-query";
import { demoSiret } from "@/prisma/demo-world";
import { actorFor, createStaffActor, freezeClockAt, insertCompany, insertUser, realClock, rejectionOf } from "./support/fixtures";
import { auditActionLabel } from "@/lib/domain/labels";

let staff: Actor;
let reseller: Actor;
let companyId: number;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  staff = await createStaffActor(); // E-0000009001
  await insertCompany({ id: 44000, name: "Provence Télécom", universes: ["REVENDEUR"] });
  const resellerUser = await insertUser({ identifier: "E-0000009002", companyId: 44000, name: "Julien Arnaud" });
  reseller = await actorFor(resellerUser.id);

  // Written by the real services, at chosen instants (around Paris midnight of 1 July 2026, UTC+2).
  freezeClockAt(at("2026-06-30T21:59:59.999Z")); // 30/06 23:59:59.999 in Paris
  const company = (await createCompany(staff, newCompanySchema.parse({ name: "Alpha Santé", legalForm: "SAS", siret: demoSiret(60001), universes: ["CLIENT"] }))).company;
  companyId = company.id;
  freezeClockAt(at("2026-06-30T22:00:00.000Z")); // 01/07 00:00 in Paris
  await createUser(staff, companyId, { name: "Anne Alpha", email: "anne@alpha.example", role: "ADMINISTRATEUR" });
  freezeClockAt(at("2026-06-30T22:30:00.000Z")); // 01/07 00:30 in Paris
  await setCompanyActive(staff, companyId, false);
  realClock();

  // Written directly: another actor, an action the list does not know, no actor, the DST change.
  await db.auditEvent.createMany({
    data: [
      { at: at("2026-07-01T21:59:59.999Z"), actorId: reseller.userId, action: "terms.accept", targetType: "TermsVersion", targetId: "2026-01", companyId: 44000, ip: "203.0.113.7" },
      { at: at("2026-07-01T22:00:00.000Z"), actorId: staff.userId, action: "order.validate", targetType: "Order", targetId: "COM32623", companyId: null, ip: "198.51.100.2" },
      // 29 March 2026 in Paris is 23 hours long: 28/03 23:00Z to 29/03 22:00Z.
      { at: at("2026-03-28T22:59:59.999Z"), actorId: null, action: "job.run", targetType: "Job", targetId: "a", ip: null },
      { at: at("2026-03-28T23:00:00.000Z"), actorId: null, action: "job.run", targetType: "Job", targetId: "b", ip: null },
      { at: at("2026-03-29T21:59:59.999Z"), actorId: null, action: "job.run", targetType: "Job", targetId: "c", ip: null },
      { at: at("2026-03-29T22:00:00.000Z"), actorId: null, action: "job.run", targetType: "Job", targetId: "d", ip: null },
    ],
  });
});

afterAll(realClock);

const list = (params: SearchParams, actor: Actor = staff) => listAuditEvents(actor, parseAuditQuery(params));
const targets = (rows: AuditRow[]) => rows.map((r) => r.targetId);
const actions = (rows: AuditRow[]) => rows.map((r) => r.action);

describe("parseAuditQuery", () => {
  it("sorts by date, newest first, by default and reads only the declared filters and sorts", () => {
    expect(parseAuditQuery({})).toEqual({ filters: {}, sort: "date", dir: "desc", page: 1 });
    const query = parseAuditQuery({ date: " 2026-07-01 ", actor: "E-0000009001", target: "x", ip: "1.2.3.4", sort: "ip", dir: "asc", page: "2" });
    expect(query).toEqual({ filters: { date: "2026-07-01", actor: "E-0000009001" }, sort: "date", dir: "asc", page: 2 });
    expect(parseAuditQuery({ sort: "company", dir: "up" })).toMatchObject({ sort: "company", dir: "desc" });
  });
});

describe("listAuditEvents", () => {
  it("lists every event newest first, with the actor, the company's name, the target and the IP", async () => {
    const { rows, total } = await list({});
    expect(total).toBe(9);
    expect(rows).toHaveLength(9);
    const times = rows.map((r) => r.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(rows[0]).toMatchObject({ action: "order.validate", targetType: "Order", targetId: "COM32623", companyId: null, companyName: null, ip: "198.51.100.2", actor: { identifier: "E-0000009001", name: "Support OpenIP" } });
    expect(rows[1]).toMatchObject({ action: "terms.accept", companyId: 44000, companyName: "Provence Télécom", actor: { identifier: "E-0000009002", name: "Julien Arnaud" } });
    const created = rows.find((r) => r.action === "company.create")!;
    expect(created).toMatchObject({ targetType: "Company", targetId: String(companyId), companyId, companyName: "Alpha Santé", ip: "local" });
    expect(rows.find((r) => r.targetId === "a")).toMatchObject({ actor: null, ip: null });
  });

  it("filters by Paris day: 22:30 UTC on 30 June is 1 July in Paris, and midnight belongs to the day it starts", async () => {
    const july1 = await list({ date: "2026-07-01" });
    expect(actions(july1.rows)).toEqual(["terms.accept", "company.deactivate", "user.create"]);
    expect(july1.rows.map((r) => r.at.toISOString())).toEqual(["2026-07-01T21:59:59.999Z", "2026-06-30T22:30:00.000Z", "2026-06-30T22:00:00.000Z"]);
    expect(july1.total).toBe(3);
    expect(actions((await list({ date: "2026-06-30" })).rows)).toEqual(["company.create"]);
    expect(actions((await list({ date: "2026-07-02" })).rows)).toEqual(["order.validate"]);
    // A 23-hour day (summer time starts).
    expect(targets((await list({ date: "2026-03-29", dir: "asc" })).rows)).toEqual(["b", "c"]);
    expect(targets((await list({ date: "2026-03-28" })).rows)).toEqual(["a"]);
    expect(targets((await list({ date: "2026-03-30" })).rows)).toEqual(["d"]);
    expect((await list({ date: "2026-08-15" })).total).toBe(0);
  });

  it("filters by actor identifier, as typed (trimmed, e- accepted)", async () => {
    const byStaff = await list({ actor: "  e-0000009001 " });
    expect(byStaff.total).toBe(4);
    expect(new Set(byStaff.rows.map((r) => r.actor?.identifier))).toEqual(new Set(["E-0000009001"]));
    expect(actions((await list({ actor: "E-0000009002" })).rows)).toEqual(["terms.accept"]);
    expect((await list({ actor: "E-0000000404" })).total).toBe(0);
  });

  it("filters by action, known or not", async () => {
    expect(targets((await list({ action: "company.deactivate" })).rows)).toEqual([String(companyId)]);
    expect((await list({ action: "user.create" })).rows[0]).toMatchObject({ targetType: "User", companyId });
    expect((await list({ action: "order.validate" })).total).toBe(1);
    expect((await list({ action: "job.run" })).total).toBe(4);
    expect((await list({ action: "user.password-reset" })).total).toBe(0);
  });

  it("filters by company, and combines filters", async () => {
    expect(actions((await list({ company: String(companyId) })).rows)).toEqual(["company.deactivate", "user.create", "company.create"]);
    expect(actions((await list({ company: "44000" })).rows)).toEqual(["terms.accept"]);
    expect((await list({ company: "99999" })).total).toBe(0);
    expect(actions((await list({ company: String(companyId), date: "2026-07-01", actor: "E-0000009001" })).rows)).toEqual(["company.deactivate", "user.create"]);
    expect((await list({ company: String(companyId), action: "terms.accept" })).total).toBe(0);
  });

  it("shows no rows for a malformed filter, and says which one", async () => {
    const cases: [SearchParams, string][] = [
      [{ date: "2026-02-30" }, "La date saisie n'est pas une date valide."],
      [{ date: "01/07/2026" }, "La date saisie n'est pas une date valide."],
      [{ actor: "9001" }, "L'acteur doit être un identifiant de la forme E-0000001234."],
      [{ actor: "E-9001" }, "L'acteur doit être un identifiant de la forme E-0000001234."],
      [{ action: "DROP TABLE" }, "L'action choisie n'est pas valide."],
      [{ company: "44 000" }, "La société doit être un identifiant numérique (par exemple 44660)."],
      [{ company: "-1" }, "La société doit être un identifiant numérique (par exemple 44660)."],
    ];
    for (const [params, message] of cases) {
      expect(invalidAuditFilters(parseAuditQuery(params))).toEqual([message]);
      expect(await list(params)).toEqual({ rows: [], total: 0 });
    }
    // Valid filters raise nothing; several bad ones are all reported.
    expect(invalidAuditFilters(parseAuditQuery({ date: "2026-07-01", actor: "e-0000009001", action: "user.create", company: "44660" }))).toEqual([]);
    expect(invalidAuditFilters(parseAuditQuery({ date: "x", company: "y" }))).toHaveLength(2);
  });

  it("sorts by date, action and company, with a total order", async () => {
    const ascending = (await list({ sort: "date", dir: "asc" })).rows.map((r) => r.at.getTime());
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

    const byAction = (await list({ sort: "action", dir: "asc" })).rows;
    expect(actions(byAction)).toEqual([...actions(byAction)].sort());
    // Same action: newest first.
    expect(targets(byAction.filter((r) => r.action === "job.run"))).toEqual(["d", "c", "b", "a"]);
    expect(actions((await list({ sort: "action", dir: "desc" })).rows)[0]).toBe("user.create");

    // Company order, events without a company last either way.
    const byCompany = (await list({ sort: "company", dir: "asc" })).rows.map((r) => r.companyId);
    expect(byCompany).toEqual([44000, companyId, companyId, companyId, null, null, null, null, null]);
    const byCompanyDesc = (await list({ sort: "company", dir: "desc" })).rows.map((r) => r.companyId);
    expect(byCompanyDesc).toEqual([companyId, companyId, companyId, 44000, null, null, null, null, null]);
  });

  it("pages through a long log without gaps or overlaps, with the total count", async () => {
    const base = at("2026-05-10T08:00:00Z").getTime();
    // Pairs of events at the same instant: the id breaks the tie.
    await db.auditEvent.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({ at: new Date(base + Math.floor(i / 2) * 1000), actorId: staff.userId, action: "test.bulk", targetType: "Test", targetId: String(i), companyId: 44000 })),
    });
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const { rows, total } = await list({ action: "test.bulk", page: String(page) });
      expect(total).toBe(120);
      expect(rows).toHaveLength(page < 3 ? PAGE_SIZE : 120 - 2 * PAGE_SIZE);
      seen.push(...targets(rows));
    }
    expect(new Set(seen).size).toBe(120);
    expect(seen.slice(0, 2).sort()).toEqual(["118", "119"]);
    expect((await list({ action: "test.bulk", page: "4" })).rows).toEqual([]);
    expect((await list({})).total).toBe(129);
  });

  it("refuses anyone but staff with 'not found'", async () => {
    const error = await rejectionOf(list({}, reseller));
    expect((error as { digest?: string }).digest).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await rejectionOf(list({ company: "44000" }, reseller))).toMatchObject({ digest: expect.stringMatching(/404/) });
  });
});

describe("auditActionLabel", () => {
  it("gives the French label of a known action and the raw code of any other", () => {
    expect(auditActionLabel("company.create")).toBe("Création d'une société");
    expect(auditActionLabel("user.password-init")).toBe("Initialisation du mot de passe");
    expect(auditActionLabel("order.unknown-step")).toBe("order.unknown-step");
    expect(auditActionLabel("constructor")).toBe("constructor");
  });

  it("has a French label for every action the code writes", async () => {
    const written = new Set<string>();
    for (const file of (await readdir("lib/server")).filter((name) => name.endsWith(".ts"))) {
      const source = await readFile(path.join("lib/server", file), "utf8");
      for (const [, action] of source.matchAll(/"((?:company|user|terms|contracted-offer|order|line|usage|invoice|voice|setup|offer|contact|site|billing-account|mandate|direct-debit|bank-statement|bank-entry|payment|account|settings|penalty)\.[a-z-]+)"/g)) written.add(action);
    }
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((action) => auditActionLabel(action) === action)).toEqual([]);
  });
});
