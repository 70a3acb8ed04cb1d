// The operator's first start (SPEC §11, §17): `npm run setup`'s checks of the operator's data, runSetup on an
// empty database (operator, seller data, terms version 1, first administrator mailed its link, catalogue), a
// second run that changes nothing, two runs at once, catalogue files loaded again (upsert by code, prices
// refused, nothing deleted), and the seller an invoice document prints, read from what setup recorded.
// This file never seeds the demo world: its database starts empty, and the tests run in order on it.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { operatorSetupSchema, runSetup, type OperatorSetup, type SetupResult } from "@/lib/server/setup";
import { importCatalogue, loadCatalogue } from "@/lib/server/catalogue";
import { invoiceDocument } from "@/lib/server/invoice-documents";
import { currentTerms } from "@/lib/server/terms";
import { now } from "@/lib/server/clock";
import { CATALOGUE_CSV_COLUMNS, parseCatalogueCsv, type CatalogueRow } from "@/lib/domain/catalogue-csv";
import { searchKey } from "@/lib/domain/search-key";
import { demoSiret } from "@/prisma/demo-world";

const GOOD = {
  name: "OpenIP",
  legalForm: "SAS",
  siret: "404 833 048 00014",
  vatNumber: "fr 83 404 833 048",
  street: "37-39 rue de Neuilly",
  postcode: "92110",
  city: "Clichy",
  legalMentions: "S.A.S. au capital de 50 000 € — RCS Nanterre",
  iban: "FR76 3000 6000 0112 3456 7890 189",
  bic: "AGRIFRPPXXX",
  creditorId: "FR97ZZZ482585",
  customerServiceEmail: "service-clients@openip.example",
  adminName: "Alice Admin",
  adminEmail: "alice@openip.example",
  adminStaffRole: "ADV",
  terms: "# Conditions d'utilisation\n\nVersion 1 du portail MyOpenIP.\n",
};

/** The issues of a refused input, as `path: message`. */
function issuesOf(input: Record<string, string>): { path: string; message: string }[] {
  const parsed = operatorSetupSchema.safeParse(input);
  expect(parsed.success, JSON.stringify(input)).toBe(false);
  return parsed.error!.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

/** Refused with one issue on `field` whose French message matches `message`, and none on any other field. */
function expectRefused(change: Record<string, string>, field: string, message: RegExp) {
  const issues = issuesOf({ ...GOOD, ...change });
  expect(issues.filter((i) => i.path !== field), JSON.stringify(issues)).toEqual([]);
  expect(issues.length, JSON.stringify(issues)).toBeGreaterThan(0);
  for (const issue of issues) expect(issue.message).toMatch(message);
}

const input = (): OperatorSetup => operatorSetupSchema.parse(GOOD);

async function demoCatalogueText(): Promise<string> {
  return readFile(path.join(process.cwd(), "prisma", "demo-catalogue.csv"), "utf8");
}

async function demoCatalogue(): Promise<CatalogueRow[]> {
  const parsed = parseCatalogueCsv(await demoCatalogueText());
  expect(parsed.rejected).toEqual([]);
  return parsed.records;
}

/** The demo file with its rows edited (`edit` gets each row's fields by column) and `extra` rows appended. */
async function editedCatalogue(edit: (row: Record<string, string>) => void, extra: Record<string, string>[] = []): Promise<CatalogueRow[]> {
  const [header, ...lines] = (await demoCatalogueText()).trim().split("\n");
  expect(header.split(",")).toEqual([...CATALOGUE_CSV_COLUMNS]);
  const rows = lines.map((line) => Object.fromEntries(line.split(",").map((value, i) => [CATALOGUE_CSV_COLUMNS[i], value])));
  for (const row of rows) edit(row);
  const text = [header, ...[...rows, ...extra].map((row) => CATALOGUE_CSV_COLUMNS.map((c) => row[c] ?? "").join(","))].join("\n");
  const parsed = parseCatalogueCsv(text);
  expect(parsed.rejected).toEqual([]);
  return parsed.records;
}

const NEW_OFFER = { code: "TEL-NUM-NONGEO", name: "Numéro - Non géographique", family: "IP_TELEPHONY", monthlyFeeCents: "150", commitmentMonths: "24", renewalMonths: "12" };

/** Every row count the setup could change. */
async function counts() {
  return {
    companies: await db.company.count(),
    settings: await db.operatorSettings.count(),
    users: await db.user.count(),
    terms: await db.termsVersion.count(),
    emails: await db.outgoingEmail.count(),
    tokens: await db.userToken.count(),
    audit: await db.auditEvent.count(),
    offers: await db.offer.count(),
    counters: await db.counter.findMany({ orderBy: { name: "asc" } }),
  };
}

describe("operatorSetupSchema", () => {
  it("accepts a good input, normalised (SIRET, VAT, IBAN, BIC, ICS)", () => {
    const parsed = operatorSetupSchema.safeParse(GOOD);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toMatchObject({
      siret: "40483304800014",
      vatNumber: "FR83404833048",
      iban: "FR7630006000011234567890189",
      bic: "AGRIFRPPXXX",
      creditorId: "FR97ZZZ482585",
      adminStaffRole: "ADV",
    });
    // Lower case and spaces are accepted and normalised too.
    const loose = operatorSetupSchema.parse({ ...GOOD, iban: "fr76 3000 6000 0112 3456 7890 189", bic: "agri fr pp xxx", creditorId: "fr97 zzz 482585" });
    expect(loose).toMatchObject({ iban: "FR7630006000011234567890189", bic: "AGRIFRPPXXX", creditorId: "FR97ZZZ482585" });
    // The BIC is optional.
    expect(operatorSetupSchema.parse({ ...GOOD, bic: "" }).bic).toBe("");
  });

  it("refuses a SIRET failing the Luhn check", () => {
    expectRefused({ siret: "40483304800015" }, "siret", /^SIRET : .*Luhn/);
  });

  it("refuses a VAT number whose key or SIREN does not match the SIRET", () => {
    expectRefused({ vatNumber: "FR84404833048" }, "vatNumber", /^TVA : .*clé.*SIREN/);
    // A right key, but another company's SIREN (732 829 320).
    expectRefused({ vatNumber: "FR44732829320" }, "vatNumber", /^TVA : (?!.*clé).*SIREN/);
    expectRefused({ vatNumber: "83404833048" }, "vatNumber", /^TVA : .*pays/);
  });

  it("refuses a postcode that is not 5 digits", () => {
    for (const postcode of ["9211", "921100", "92 11A", ""]) expectRefused({ postcode }, "postcode", /^Code postal : 5 chiffres\.$/);
  });

  it("refuses an IBAN with a wrong key, or of the wrong length for France", () => {
    expectRefused({ iban: "FR7730006000011234567890189" }, "iban", /^IBAN : .*clé de contrôle incorrecte/);
    expectRefused({ iban: "FR763000600001123456789018" }, "iban", /^IBAN : (?!.*clé).*(longueur|caractères).*FR/);
    expectRefused({ iban: "" }, "iban", /^IBAN : L'IBAN est obligatoire\.$/);
  });

  it("refuses a BIC of the wrong shape", () => {
    for (const bic of ["AGRIFRP", "AGRIFRPPXX", "1GRIFRPPXXX"]) expectRefused({ bic }, "bic", /^BIC : Le BIC doit comporter 8 ou 11 caractères/);
  });

  it("refuses an ICS with a wrong key", () => {
    expectRefused({ creditorId: "FR98ZZZ482585" }, "creditorId", /^ICS : .*clé juste/);
    expectRefused({ creditorId: "FR97ZZZ48258" }, "creditorId", /^ICS : /);
  });

  it("refuses an invalid email", () => {
    expectRefused({ adminEmail: "alice@" }, "adminEmail", /^Email de l'administrateur : adresse email invalide\.$/);
    expectRefused({ customerServiceEmail: "pas une adresse" }, "customerServiceEmail", /^Email du service clients : adresse email invalide\.$/);
  });

  it("refuses an unknown staff role and an empty terms file", () => {
    expectRefused({ adminStaffRole: "ADMINISTRATEUR" }, "adminStaffRole", /^Rôle de l'administrateur : ADV ou SUPPORT\.$/);
    expectRefused({ terms: "  \n" }, "terms", /^Conditions d'utilisation : le fichier est vide\.$/);
  });
});

// From here on the tests share the file's database and run in order: it is empty at first.
describe("runSetup on an empty database", () => {
  let settled: PromiseSettledResult<SetupResult>[] = [];
  /** What the two runs returned (both, unless one threw: see the next-but-one test). */
  let results: SetupResult[] = [];

  it("starts from an empty database", async () => {
    const c = await counts();
    expect(c).toMatchObject({ companies: 0, settings: 0, users: 0, terms: 0, emails: 0, tokens: 0, audit: 0, offers: 0, counters: [] });
  });

  it("two runs at once create exactly one operator and one administrator", async () => {
    const catalogue = await demoCatalogue();
    settled = await Promise.allSettled([runSetup(input(), catalogue), runSetup({ ...input(), adminEmail: "bob@openip.example" }, catalogue)]);
    results = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(await db.company.count({ where: { isOperator: true } })).toBe(1);
    expect(await db.company.count()).toBe(1);
    expect(await db.user.count()).toBe(1);
    expect(await db.operatorSettings.count()).toBe(1);
    expect(await db.termsVersion.count()).toBe(1);
    expect(await db.outgoingEmail.count()).toBe(1);
    expect(await db.userToken.count()).toBe(1);
    expect(await db.offer.count()).toBe(13);
    expect(results.filter((r) => r.status === "created")).toHaveLength(1);
    for (const r of results) expect(r.operator).toEqual({ id: 10000, name: "OpenIP" });
  });

  it("of two runs at once, neither fails: one creates, the other says the operator exists", () => {
    // Both load the catalogue after the locked transaction: the second must not trip over the first's offers.
    const failures = settled.flatMap((r) => (r.status === "rejected" ? [String(r.reason).split("\n").filter(Boolean).slice(0, 8).join(" ")] : []));
    expect(failures).toEqual([]);
    expect(results.map((r) => r.status).sort()).toEqual(["already", "created"]);
  });

  it("creates the operator company with its seller data", async () => {
    const operator = await db.company.findFirstOrThrow({ where: { isOperator: true }, include: { operatorSettings: true } });
    expect(operator).toMatchObject({
      id: 10000,
      name: "OpenIP",
      nameKey: searchKey("OpenIP"),
      legalForm: "SAS",
      siret: "40483304800014",
      vatNumber: "FR83404833048",
      street: "37-39 rue de Neuilly",
      postcode: "92110",
      city: "Clichy",
      country: "FR",
      universes: [],
      isOperator: true,
      active: true,
      parentId: null,
    });
    expect(operator.operatorSettings).toMatchObject({
      companyId: 10000,
      legalMentions: "S.A.S. au capital de 50 000 € — RCS Nanterre",
      creditorId: "FR97ZZZ482585",
      iban: "FR7630006000011234567890189",
      bic: "AGRIFRPPXXX",
      customerServiceEmail: "service-clients@openip.example",
    });
    expect((await db.counter.findUniqueOrThrow({ where: { name: "company" } })).value).toBe(10000);
  });

  it("publishes terms version 1, in force now", async () => {
    const version = await db.termsVersion.findFirstOrThrow();
    expect(version.body).toBe(GOOD.terms.trim());
    expect(version.publishedById).toBeNull();
    expect(version.effectiveAt.getTime()).toBeLessThanOrEqual(now().getTime());
    expect((await currentTerms())?.id).toBe(version.id);
  });

  it("creates the first administrator without a password, mails the link, and returns no token", async () => {
    const admin = await db.user.findFirstOrThrow();
    expect(admin).toMatchObject({
      identifier: "E-0000000001",
      companyId: 10000,
      name: "Alice Admin",
      role: "ADMINISTRATEUR",
      staffRole: "ADV",
      passwordHash: null,
      active: true,
    });
    // The run that created it is whichever got the lock first: its admin's address is the one stored.
    const created = results.find((r) => r.status === "created")!;
    expect(created).toMatchObject({ status: "created", admin: { identifier: "E-0000000001", email: admin.email } });
    expect(["alice@openip.example", "bob@openip.example"]).toContain(admin.email);

    const token = await db.userToken.findFirstOrThrow();
    expect(token).toMatchObject({ userId: admin.id, purpose: "PASSWORD_INIT", usedAt: null, supersededAt: null });
    expect(token.expiresAt.getTime()).toBeGreaterThan(now().getTime());

    const mail = await db.outgoingEmail.findFirstOrThrow();
    expect(mail).toMatchObject({ to: admin.email, kind: "password-init" });
    expect(mail.text).toContain("/premiere-connexion/");
    expect(mail.text).toContain("E-0000000001");
    const raw = /\/premiere-connexion\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(raw).toBeTruthy();

    // Nothing secret in what runSetup returns (scripts/setup.ts prints it).
    for (const result of results) {
      const json = JSON.stringify(result);
      expect(json).not.toContain(raw!);
      expect(json).not.toMatch(/token|premiere-connexion|passwordHash/i);
    }
    expect(Object.keys(created.status === "created" ? created.admin : {}).sort()).toEqual(["email", "identifier"]);
  });

  it("records the audit events: setup.operator, user.create, offer.create ×13", async () => {
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["setup.operator", "user.create", ...Array(13).fill("offer.create")]);
    expect(events.every((e) => e.actorId === null)).toBe(true);
    expect(events[0]).toMatchObject({ targetType: "Company", targetId: "10000", companyId: 10000 });
    expect(events[1]).toMatchObject({ targetType: "User", targetId: "E-0000000001", companyId: 10000 });
    expect(events.slice(2).map((e) => e.targetId).sort()).toEqual((await demoCatalogue()).map((r) => r.offer.code).sort());
  });

  it("loads the 13 offers of the demo catalogue, field for field", async () => {
    const catalogue = await demoCatalogue();
    expect(catalogue).toHaveLength(13);
    // Whichever loaded first created them; the other (if it returned) found them unchanged.
    const loads = results.map((r) => r.catalogue!);
    for (const load of loads) expect(load).toMatchObject({ updated: [], rejected: [] });
    expect(loads.map((l) => l.created.length).sort()).toEqual(loads.length === 2 ? [0, 13] : [13]);
    expect(loads.map((l) => l.unchanged.length).sort()).toEqual(loads.length === 2 ? [0, 13] : [0]);
    for (const { offer } of catalogue) {
      expect(await db.offer.findUniqueOrThrow({ where: { code: offer.code } }), offer.code).toMatchObject(offer);
    }
    const fibre = await db.offer.findUniqueOrThrow({ where: { code: "ACC-FIBRE-100" } });
    expect(fibre).toMatchObject({ family: "IP_ACCESS_FIBRE", monthlyFeeCents: 8900, oneOffFeeCents: 29900, commitmentMonths: 36, gtr: true, active: true });
    const sim = await db.offer.findUniqueOrThrow({ where: { code: "SIM-DO-5" } });
    expect(sim.dataAllowanceBytes).toBe(5368709120n);
  });
});

describe("runSetup again", () => {
  it("says the operator exists and changes nothing, even with other data; the catalogue is unchanged", async () => {
    const before = await counts();
    const operatorBefore = await db.company.findUniqueOrThrow({ where: { id: 10000 }, include: { operatorSettings: true } });
    const again = await runSetup(input(), await demoCatalogue());
    expect(again).toMatchObject({ status: "already", operator: { id: 10000, name: "OpenIP" } });
    expect(again.catalogue).toMatchObject({ created: [], updated: [], rejected: [] });
    expect(again.catalogue!.unchanged).toHaveLength(13);
    expect(await counts()).toEqual(before);

    const other = operatorSetupSchema.parse({ ...GOOD, name: "Autre opérateur", street: "1 rue Ailleurs", iban: "FR1420041010050500013M02606", creditorId: "FR72ZZZ123456", adminEmail: "eve@example.com", terms: "Autres conditions" });
    const third = await runSetup(other, null);
    expect(third).toEqual({ status: "already", operator: { id: 10000, name: "OpenIP" }, catalogue: null });
    expect(await counts()).toEqual(before);
    expect(await db.company.findUniqueOrThrow({ where: { id: 10000 }, include: { operatorSettings: true } })).toEqual(operatorBefore);
    expect(await db.outgoingEmail.count({ where: { to: "eve@example.com" } })).toBe(0);
  });
});

describe("loading a catalogue file again", () => {
  it("updates a known code whose name changed, and leaves the others unchanged", async () => {
    const auditBefore = await db.auditEvent.count();
    const rows = await editedCatalogue((row) => {
      if (row.code === "SIM-5") row.name = "Forfait mobile 5 Go (nouveau nom)";
    });
    const result = await loadCatalogue(rows, null);
    expect(result).toMatchObject({ created: [], updated: ["SIM-5"], rejected: [] });
    expect(result.unchanged).toHaveLength(12);
    expect(await db.offer.findUniqueOrThrow({ where: { code: "SIM-5" } })).toMatchObject({ name: "Forfait mobile 5 Go (nouveau nom)", monthlyFeeCents: 1500 });
    expect(await db.auditEvent.count()).toBe(auditBefore + 1);
    expect(await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({ action: "offer.update", targetType: "Offer", targetId: "SIM-5", actorId: null });
  });

  it("refuses a changed monthly fee, with the price-version message, and writes nothing of that file", async () => {
    const before = await counts();
    const offersBefore = await db.offer.findMany({ orderBy: { code: "asc" } });
    const rows = await editedCatalogue(
      (row) => {
        if (row.code === "SIM-20") row.monthlyFeeCents = "2700"; // was 2500
        if (row.code === "SIM-50") row.name = "Forfait mobile 50 Go (renommé)"; // a valid change in the same file
      },
      [NEW_OFFER], // and a valid new code
    );
    const result = await loadCatalogue(rows, null);
    expect(result).toMatchObject({ created: [], updated: [], unchanged: [] });
    expect(result.rejected).toHaveLength(1);
    const line = rows.find((r) => r.offer.code === "SIM-20")!.line;
    expect(result.rejected[0].line).toBe(line);
    expect(result.rejected[0].message).toMatch(/version de prix/);
    expect(result.rejected[0].message).toContain("SIM-20");
    expect(result.rejected[0].message).toContain("monthlyFeeCents");
    expect(await counts()).toEqual(before);
    expect(await db.offer.findMany({ orderBy: { code: "asc" } })).toEqual(offersBefore);
    expect(await db.offer.findUnique({ where: { code: NEW_OFFER.code } })).toBeNull();

    // A changed one-off fee is refused the same way.
    const oneOff = await loadCatalogue(await editedCatalogue((row) => row.code === "ACC-4G5G" && (row.oneOffFeeCents = "0")), null);
    expect(oneOff.rejected.map((r) => r.message)).toEqual([expect.stringMatching(/ACC-4G5G.*oneOffFeeCents.*version de prix/)]);
    expect(await counts()).toEqual(before);
  });

  it("importCatalogue alone (in the caller's transaction) reports the refused price with the rest", async () => {
    const rows = await editedCatalogue((row) => row.code === "SIM-20" && (row.monthlyFeeCents = "2700"), [NEW_OFFER]);
    const before = await counts();
    const result = await db
      .$transaction(async (tx) => {
        const r = await importCatalogue(tx, rows, null);
        throw Object.assign(new Error("rollback"), { result: r });
      })
      .catch((error: { result?: unknown }) => error.result);
    // SIM-5 was renamed above: the demo file's name puts it back (then rolled back with the rest).
    expect(result).toMatchObject({ created: [NEW_OFFER.code], updated: ["SIM-5"], rejected: [{ message: expect.stringMatching(/version de prix/) }] });
    expect(await counts()).toEqual(before);
  });

  it("creates a new code and never deletes: a file of one new offer leaves the 13 others", async () => {
    const header = CATALOGUE_CSV_COLUMNS.join(",");
    const parsed = parseCatalogueCsv(`${header}\n${CATALOGUE_CSV_COLUMNS.map((c) => (NEW_OFFER as Record<string, string>)[c] ?? "").join(",")}\n`);
    expect(parsed.rejected).toEqual([]);
    const result = await loadCatalogue(parsed.records, null);
    expect(result).toEqual({ created: [NEW_OFFER.code], updated: [], unchanged: [], rejected: [] });
    expect(await db.offer.count()).toBe(14);
    expect(await db.offer.findUniqueOrThrow({ where: { code: NEW_OFFER.code } })).toMatchObject({
      name: "Numéro - Non géographique",
      family: "IP_TELEPHONY",
      monthlyFeeCents: 150,
      oneOffFeeCents: 0,
      noticeMonths: 1,
      active: true,
      gtr: false,
    });
    expect(await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({ action: "offer.create", targetId: NEW_OFFER.code });

    // The whole demo file again: the new offer stays, SIM-5's name goes back (updated), nothing is deleted.
    const again = await loadCatalogue(await demoCatalogue(), null);
    expect(again).toMatchObject({ created: [], updated: ["SIM-5"], rejected: [] });
    expect(again.unchanged).toHaveLength(12);
    expect(await db.offer.count()).toBe(14);
  });
});

describe("the seller on an invoice document", () => {
  it("comes from the operator company and its settings; the buyer's address from its company", async () => {
    const buyer = await db.company.create({
      data: {
        id: 10001,
        name: "Boulangerie Test",
        nameKey: searchKey("Boulangerie Test"),
        legalForm: "SARL",
        siret: demoSiret(10001),
        createdOn: new Date("2026-01-01T00:00:00Z"),
        universes: ["CLIENT"],
        street: "12 place du Marché",
        postcode: "69002",
        city: "Lyon",
        sites: { create: { name: "Entrepôt", address: "5 rue du Site", postcode: "69007", city: "Lyon" } },
      },
    });
    const account = await db.billingAccount.create({ data: { ref: "CC-TEST-1", name: "Compte test", ownerCompanyId: buyer.id, paymentMethod: "PRELEVEMENT_SEPA" } });
    const day = (s: string) => new Date(`${s}T00:00:00Z`);
    const invoice = await db.invoice.create({
      data: {
        number: "F00000001",
        billingAccountId: account.id,
        issuedOn: day("2026-02-01"),
        dueOn: day("2026-02-06"),
        collectionOn: day("2026-02-06"),
        periodStart: day("2026-02-01"),
        periodEnd: day("2026-02-28"),
        totalHtCents: 8900n,
        vatCents: 1780n,
        totalTtcCents: 10680n,
        issuedAt: new Date("2026-02-01T05:00:00Z"),
        mandateRef: "RUM-TEST-1",
        lines: { create: { kind: "ABONNEMENT", label: "Accès fibre 100 Mb/s", quantity: 1, amountHtCents: 8900, endClientId: buyer.id } },
      },
    });

    const doc = await invoiceDocument(db, invoice.id);
    expect(doc.seller).toEqual({
      name: "OpenIP",
      siret: "40483304800014",
      vatNumber: "FR83404833048",
      address: "37-39 rue de Neuilly",
      postcode: "92110",
      city: "Clichy",
      companyId: 10000,
      legalMentions: ["S.A.S. au capital de 50 000 € — RCS Nanterre"],
    });
    expect(doc.payment).toEqual({ means: "direct-debit", mandateRef: "RUM-TEST-1", creditorId: "FR97ZZZ482585", collectionOn: "2026-02-06" });
    expect(doc.buyer).toMatchObject({ name: "Boulangerie Test", siret: demoSiret(10001), address: "12 place du Marché", postcode: "69002", city: "Lyon", companyId: 10001 });
    expect(doc).toMatchObject({ number: "F00000001", billingAccountRef: "CC-TEST-1" });

    // Without a legal address of its own, the buyer's first site's is printed.
    await db.company.update({ where: { id: buyer.id }, data: { street: null, postcode: null, city: null } });
    expect((await invoiceDocument(db, invoice.id)).buyer).toMatchObject({ address: "5 rue du Site", postcode: "69007", city: "Lyon" });

    // The seller follows the settings row (no seller data in the code).
    await db.operatorSettings.update({ where: { companyId: 10000 }, data: { legalMentions: "SAS au capital de 80 000 €", creditorId: "FR72ZZZ123456" } });
    const changed = await invoiceDocument(db, invoice.id);
    expect(changed.seller.legalMentions).toEqual(["SAS au capital de 80 000 €"]);
    expect(changed.payment).toMatchObject({ means: "direct-debit", creditorId: "FR72ZZZ123456" });
  });
});
