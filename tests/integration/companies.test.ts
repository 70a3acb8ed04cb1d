// SPEC §1 and §5: companies get the next numeric identifier, a SIRET is unique, every change is audited.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { setClock } from "@/lib/server/clock";
import { createCompany, newCompanySchema, setCompanyActive } from "@/lib/server/companies";
import { DomainError } from "@/lib/domain/errors";
import { formatDay } from "@/lib/domain/calendar-day";
import { demoSiret } from "@/prisma/demo-world";
import { createStaffActor, rejectionOf } from "./support/fixtures";

let staff: Actor;

beforeAll(async () => {
  staff = await createStaffActor();
});

afterEach(() => setClock(null));

const spaced = (siret: string) => `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
const input = (name: string, siret: string, extra: Record<string, unknown> = {}) =>
  newCompanySchema.parse({ name, legalForm: "SARL", siret, universes: ["CLIENT"], ...extra });
const counter = async () => (await db.counter.findUnique({ where: { name: "company" } }))?.value;

describe("createCompany", () => {
  it("allocates the next numeric identifier, dates it in Paris and audits it", async () => {
    setClock(new Date("2029-12-31T23:30:00Z")); // 01/01/2030 00:30 in Paris
    const first = (await createCompany(staff, input("  Boulangerie du Port  ", spaced(demoSiret(60001))))).company;
    const second = (await createCompany(staff, input("Garage des Alpes", demoSiret(60002), { parentId: first.id, universes: ["CLIENT", "REVENDEUR"] }))).company;
    expect(first.id).toBe(50000); // the series starts at 50000 on an empty database
    expect(second.id).toBe(first.id + 1);
    expect(await counter()).toBe(second.id);
    expect(first).toMatchObject({ name: "Boulangerie du Port", legalForm: "SARL", siret: demoSiret(60001), parentId: null, active: true, universes: ["CLIENT"] });
    expect(second).toMatchObject({ parentId: first.id, universes: ["CLIENT", "REVENDEUR"] });
    expect(formatDay(first.createdOn)).toBe("2030-01-01");

    for (const company of [first, second]) {
      const events = await db.auditEvent.findMany({ where: { action: "company.create", targetId: String(company.id) } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorId: staff.userId, targetType: "Company", companyId: company.id, ip: "local" });
    }
  });

  it("continues the series after the highest number already given", async () => {
    await db.counter.update({ where: { name: "company" }, data: { value: 46001 } });
    const company = (await createCompany(staff, input("Suite de la série", demoSiret(60003)))).company;
    expect(company.id).toBe(46002);
    expect(await counter()).toBe(46002);
  });

  it("refuses a SIRET already known, with a clear French message, and changes nothing", async () => {
    const existing = await db.company.findUniqueOrThrow({ where: { siret: demoSiret(60001) } });
    const companies = await db.company.count();
    const events = await db.auditEvent.count();
    const before = await counter();

    const error = await rejectionOf(createCompany(staff, input("Copie", spaced(demoSiret(60001)))));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe("Une société avec ce SIRET existe déjà.");
    expect((error as DomainError).fieldErrors.siret).toEqual([`Ce SIRET est déjà celui de la société ${existing.id}.`]);
    expect(await db.company.count()).toBe(companies);
    expect(await db.auditEvent.count()).toBe(events);
    expect(await counter()).toBe(before);
  });

  it("refuses the same new SIRET submitted twice at once: one company, the other gets the same message", async () => {
    const before = await counter();
    const siret = demoSiret(60004);
    const results = await Promise.allSettled([createCompany(staff, input("Double clic", siret)), createCompany(staff, input("Double clic", siret))]);
    const created = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.company] : []));
    expect(created).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect((refused.reason as DomainError).message).toBe("Une société avec ce SIRET existe déjà.");
    expect((refused.reason as DomainError).fieldErrors.siret).toEqual([`Ce SIRET est déjà celui de la société ${created[0].id}.`]);
    expect(await db.company.count({ where: { siret } })).toBe(1);
    // Gapless: the loser's number was given back.
    expect(created[0].id).toBe(before! + 1);
    expect(await counter()).toBe(before! + 1);
    expect(await db.auditEvent.count({ where: { action: "company.create", targetId: String(created[0].id) } })).toBe(1);
  });

  it("refuses an unknown parent, and the schema refuses a SIRET whose key is wrong", async () => {
    const companies = await db.company.count();
    const error = await rejectionOf(createCompany(staff, input("Orpheline", demoSiret(60005), { parentId: 99999 })));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors.parentId).toEqual(["Cette société n'existe pas."]);
    expect(await db.company.count()).toBe(companies);

    const valid = demoSiret(60006);
    const wrongKey = valid.slice(0, 13) + String((Number(valid[13]) + 1) % 10);
    const parsed = newCompanySchema.safeParse({ name: "Clé fausse", legalForm: "SAS", siret: wrongKey, universes: ["CLIENT"] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toContain("Ce numéro SIRET n'est pas valide (clé de contrôle incorrecte).");
  });
});

describe("setCompanyActive", () => {
  it("deactivates and reactivates a company, with an audit event each time", async () => {
    const company = (await createCompany(staff, input("Intermittente", demoSiret(60007)))).company;
    await setCompanyActive(staff, company.id, false);
    expect((await db.company.findUniqueOrThrow({ where: { id: company.id } })).active).toBe(false);
    await setCompanyActive(staff, company.id, true);
    expect((await db.company.findUniqueOrThrow({ where: { id: company.id } })).active).toBe(true);

    const events = await db.auditEvent.findMany({ where: { targetType: "Company", targetId: String(company.id), action: { not: "company.create" } }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["company.deactivate", "company.activate"]);
    for (const event of events) expect(event).toMatchObject({ actorId: staff.userId, companyId: company.id, ip: "local" });

    // An unknown company: refused, nothing audited.
    const count = await db.auditEvent.count();
    await expect(setCompanyActive(staff, 99999, false)).rejects.toThrow();
    expect(await db.auditEvent.count()).toBe(count);
  });
});
