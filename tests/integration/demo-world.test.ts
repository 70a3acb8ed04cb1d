// SPEC §9: the deterministic, idempotent demo world, and its reset.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { now, setClock } from "@/lib/server/clock";
import { verifyLogin } from "@/lib/server/login";
import { currentTerms, termsToAccept } from "@/lib/server/terms";
import { findToken } from "@/lib/server/user-tokens";
import { isValidSiret } from "@/lib/domain/identifiers";
import { formatDay } from "@/lib/domain/calendar-day";
import { seedDemoWorld } from "@/prisma/demo-world";
import { resetDemoWorld } from "@/prisma/reset";
import { tokenIn, useSmtpSink } from "./support/fixtures";

const smtp = useSmtpSink(2604);
const DEMO_PASSWORD = "Demo!2026";
const DAY_MS = 24 * 3600_000;

/** SPEC §9's catalogue: offer → monthly fee HT in cents. */
const CATALOGUE: Record<string, number> = {
  "Forfait mobile Data only 5 Go": 1000,
  "Forfait mobile Data only 20 Go": 1800,
  "Forfait mobile Data compteur": 500,
  "Forfait mobile 5 Go": 1500,
  "Forfait mobile Data 20 Go": 2500,
  "Forfait mobile 50 Go": 3500,
  "Numéro - Géographique": 100,
  "Trunk SIP 4 canaux": 4000,
  "Trunk SIP sans engagement": 4500,
  "Com'Unifiées MetaCentrex": 1200,
  "Accès fibre 100 Mb/s": 8900,
  "Accès 4G/5G": 4900,
  "Option IP fixe supplémentaire": 500,
};

/** Row counts of every table: the world's fingerprint. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`;
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "${tablename}"`);
    counts[tablename] = Number(row.n);
  }
  return counts;
}

/** What the world is made of, without the random bits (password salts, token hashes, times of the run). */
async function worldSnapshot() {
  return {
    companies: await db.company.findMany({ orderBy: { id: "asc" }, omit: { createdAt: true } }),
    users: await db.user.findMany({ orderBy: { id: "asc" }, omit: { passwordHash: true, createdAt: true, lastLoginAt: true } }),
    offers: await db.offer.findMany({ orderBy: { id: "asc" } }),
    counters: await db.counter.findMany({ orderBy: { name: "asc" } }),
    terms: await db.termsVersion.findMany({ orderBy: { id: "asc" }, omit: { publishedAt: true } }),
    acceptances: await db.termsAcceptance.findMany({ orderBy: { id: "asc" } }),
    billingAccounts: await db.billingAccount.findMany({ orderBy: { id: "asc" }, omit: { createdAt: true } }),
    sites: await db.site.findMany({ orderBy: { id: "asc" } }),
    contacts: await db.contact.findMany({ orderBy: { id: "asc" }, omit: { createdAt: true } }),
    mandates: await db.sepaMandate.findMany({ orderBy: { id: "asc" }, omit: { createdAt: true } }),
    prices: await db.offerPrice.findMany({ orderBy: { id: "asc" }, omit: { publishedAt: true, noticeSentAt: true } }),
    operator: await db.operatorSettings.findMany({ omit: { updatedAt: true } }),
  };
}

let firstRun: boolean;
let counts: Record<string, number>;
let snapshot: Awaited<ReturnType<typeof worldSnapshot>>;

beforeAll(async () => {
  firstRun = await seedDemoWorld(db);
  counts = await tableCounts();
  snapshot = await worldSnapshot();
});

afterEach(() => setClock(null));

const user = (n: number) => db.user.findUniqueOrThrow({ where: { identifier: `E-000000000${n}` }, include: { company: true } });

describe("the demo world", () => {
  it("has the seven demo users in their companies, with their staff roles", async () => {
    expect(firstRun).toBe(true);
    const expected: [number, number, "ADV" | "SUPPORT" | null][] = [
      [1, 10000, "ADV"],
      [2, 10000, "SUPPORT"],
      [3, 44000, null],
      [4, 44660, null],
      [5, 44284, null],
      [6, 45001, null],
      [7, 44660, null],
    ];
    for (const [n, companyId, staffRole] of expected) {
      expect(await user(n)).toMatchObject({ companyId, staffRole, active: true, company: { active: true } });
    }
    expect((await user(1)).name).toBe("Charlotte M.");
    expect((await user(1)).company.isOperator).toBe(true);
    expect(await db.user.count({ where: { staffRole: { not: null }, company: { isOperator: false } } })).toBe(0);
    // The next user created gets E-0000000008.
    expect(await db.counter.findUnique({ where: { name: "user" } })).toMatchObject({ value: 7 });
  });

  it("has the companies of SPEC §9, each with a valid SIRET", async () => {
    expect(await db.company.findUniqueOrThrow({ where: { id: 44000 } })).toMatchObject({ name: "Provence Télécom Services", parentId: null });
    expect((await db.company.findUniqueOrThrow({ where: { id: 44000 } })).universes.sort()).toEqual(["CLIENT", "REVENDEUR"]);
    const c44660 = await db.company.findUniqueOrThrow({ where: { id: 44660 } });
    expect(c44660).toMatchObject({ legalForm: "AUTRES", parentId: 44000, universes: ["CLIENT"], active: true });
    expect(formatDay(c44660.createdOn)).toBe("2019-03-18");
    const c44284 = await db.company.findUniqueOrThrow({ where: { id: 44284 } });
    expect(c44284).toMatchObject({ legalForm: "SARL", parentId: 44000, universes: ["CLIENT"] });
    expect(formatDay(c44284.createdOn)).toBe("2019-03-05");
    expect(await db.company.findUniqueOrThrow({ where: { id: 45001 } })).toMatchObject({ universes: ["OPERATEUR"] });
    expect(await db.company.count({ where: { parentId: 45001 } })).toBeGreaterThan(0);
    expect(await db.company.count({ where: { parentId: 44000 } })).toBeGreaterThanOrEqual(12); // "a few dozen client companies"

    const companies = await db.company.findMany({ select: { id: true, siret: true } });
    for (const c of companies) expect(isValidSiret(c.siret), `SIRET of ${c.id}: ${c.siret}`).toBe(true);
    expect(new Set(companies.map((c) => c.siret)).size).toBe(companies.length);
    expect((await db.counter.findUniqueOrThrow({ where: { name: "company" } })).value).toBe(Math.max(...companies.map((c) => c.id)));
  });

  it("has the catalogue of SPEC §9 with its monthly fees in cents", async () => {
    const offers = await db.offer.findMany();
    expect(Object.fromEntries(offers.map((o) => [o.name, o.monthlyFeeCents]))).toEqual(CATALOGUE);
    expect(offers).toHaveLength(13);
  });

  it("lets users 1–6 log in with Demo!2026, their terms accepted", async () => {
    const terms = await currentTerms();
    expect(terms).not.toBeNull();
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const u = await user(n);
      expect(await verifyLogin(u.identifier, DEMO_PASSWORD, `192.0.2.${n}`), u.identifier).toEqual({ ok: true, userId: u.id });
      expect(await termsToAccept(u.id), u.identifier).toBeNull();
    }
    expect(await verifyLogin("E-0000000004", "demo!2026", "192.0.2.4")).toEqual({ ok: false });
  });

  it("gives user 7 no password and exactly one valid initialisation link, which was mailed", async () => {
    const seven = await user(7);
    expect(seven.passwordHash).toBeNull();
    expect(await verifyLogin(seven.identifier, DEMO_PASSWORD, "192.0.2.7")).toEqual({ ok: false });
    expect((await termsToAccept(seven.id))?.id).toBe((await currentTerms())?.id);

    const tokens = await db.userToken.findMany({ where: { userId: seven.id } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ purpose: "PASSWORD_INIT", usedAt: null, supersededAt: null });
    expect(tokens[0].expiresAt.getTime()).toBeGreaterThan(now().getTime() + 14 * DAY_MS);

    const mail = await smtp().waitFor(seven.email, /initialisation du mot de passe/);
    expect(mail.text).toContain(seven.identifier);
    const found = await findToken(tokenIn(mail), ["PASSWORD_INIT"]);
    expect(found).toMatchObject({ id: tokens[0].id, status: "valid" });
  });

  it("changes nothing when seeded again", async () => {
    const mails = smtp().mails.length;
    const countsBefore = await tableCounts();
    const tokensBefore = await db.userToken.findMany({ orderBy: { id: "asc" } });
    expect(await seedDemoWorld(db)).toBe(false);
    expect(await tableCounts()).toEqual(countsBefore);
    expect(await worldSnapshot()).toEqual(snapshot);
    expect(await db.userToken.findMany({ orderBy: { id: "asc" } })).toEqual(tokensBefore);
    expect(smtp().mails.length).toBe(mails);
  });

  it("renews user 7's link when seeded again after it has expired", async () => {
    const seven = await user(7);
    setClock(new Date(now().getTime() + 16 * DAY_MS));
    expect(await db.userToken.count({ where: { userId: seven.id, expiresAt: { gt: now() } } })).toBe(0);
    await seedDemoWorld(db);
    const valid = await db.userToken.findMany({ where: { userId: seven.id, usedAt: null, supersededAt: null, expiresAt: { gt: now() } } });
    expect(valid).toHaveLength(1);
    const mail = await smtp().waitFor(seven.email, /initialisation du mot de passe/);
    expect(await findToken(tokenIn(mail), ["PASSWORD_INIT"])).toMatchObject({ id: valid[0].id, status: "valid" });
    expect(await db.company.count()).toBe(counts.Company);
  });

  it("has SPEC §16's master data: addresses, VAT numbers, contacts, CC44660's mandate, 44284 billed through 44000, the 4G/5G increase", async () => {
    for (const id of [10000, 44000, 44660, 44284, 45001]) {
      const company = await db.company.findUniqueOrThrow({ where: { id }, include: { contacts: true } });
      expect(company.street, String(id)).toBeTruthy();
      expect(company.vatNumber, String(id)).toMatch(/^FR\d{11}$/);
      if (id !== 10000) expect(company.contacts.length, String(id)).toBeGreaterThan(0);
    }
    const clinic = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44660" }, include: { mandates: true } });
    expect(clinic.paymentMethod).toBe("PRELEVEMENT_SEPA");
    expect(clinic.mandates.map((m) => [m.rum, m.state])).toEqual([["OPENIP-RUM-44660-0001", "ACTIF"]]);
    expect((await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44000-R" } })).paymentMethod).toBe("VIREMENT");
    expect((await db.company.findUniqueOrThrow({ where: { id: 44284 } })).billingMode).toBe("VIA_REVENDEUR");
    expect((await db.company.findUniqueOrThrow({ where: { id: 44660 } })).billingMode).toBe("DIRECTE");
    expect(await db.operatorSettings.findFirstOrThrow()).toMatchObject({ companyId: 10000, creditorId: "FR97ZZZ482585" });
    const increase = await db.offerPrice.findFirstOrThrow({ where: { offer: { code: "ACC-4G5G" } } });
    expect(increase.monthlyFeeCents).toBeGreaterThan(4900);
    expect(formatDay(increase.effectiveOn).endsWith("-01")).toBe(true);
    expect(Math.round((increase.effectiveOn.getTime() - increase.publishedAt.getTime()) / 86_400_000)).toBe(35);
    expect(increase.noticeSentAt).not.toBeNull();
    expect(await db.outgoingEmail.count({ where: { kind: "price-increase" } })).toBeGreaterThan(0);
  });

  it("is restored by resetDemoWorld after changes", async () => {
    const four = await user(4);
    await db.user.update({ where: { id: four.id }, data: { passwordHash: null, active: false } });
    await db.company.update({ where: { id: 44660 }, data: { active: false, name: "Renommée" } });
    await db.company.create({ data: { id: 99001, name: "Intruse", nameKey: "intruse", legalForm: "SAS", siret: "73282932000074", createdOn: new Date("2024-01-01"), universes: ["CLIENT"] } });
    await db.offer.update({ where: { code: "SIM-50" }, data: { monthlyFeeCents: 1 } });
    await db.counter.update({ where: { name: "user" }, data: { value: 500 } });
    await db.termsAcceptance.deleteMany({});

    await resetDemoWorld(db);
    expect(await tableCounts()).toEqual(counts);
    expect(await worldSnapshot()).toEqual(snapshot);
    expect(await verifyLogin("E-0000000004", DEMO_PASSWORD, "192.0.2.44")).toMatchObject({ ok: true, userId: four.id });
    expect(await termsToAccept(four.id)).toBeNull();
  });
});
