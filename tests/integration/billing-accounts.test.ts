// SPEC §12 and §17: billing accounts and SEPA mandates on the demo world — who creates them, what is refused (with
// nothing written), the RUM's uniqueness under a race, amendments, revocation, the signed copy and the form to sign.
import { beforeAll, describe, expect, it } from "vitest";
import { PDFDocument } from "@cantoo/pdf-lib";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { today } from "@/lib/server/clock";
import { billingAccountSchema, createBillingAccount, listBillingAccounts, updateBillingAccount, type BillingAccountInput } from "@/lib/server/billing-accounts";
import {
  amendMandate,
  bankDetailsSchema,
  createMandate,
  getBillingAccount,
  mandateDownloadResponse,
  mandateFormDocument,
  newMandateSchema,
  renderMandateForm,
  revokeMandate,
  RUM_TAKEN,
  signedCopyOf,
  uploadSignedCopy,
  type NewMandateInput,
} from "@/lib/server/mandates";
import { addDays, addMonthsClamped, parseDay } from "@/lib/domain/calendar-day";
import { generatedRum } from "@/lib/domain/mandates";
import { DomainError } from "@/lib/domain/errors";
import { seedDemoWorld } from "@/prisma/demo-world";
import { rejectionOf } from "./support/fixtures";

const FR_IBAN = "FR7630006000011234567890189";
const FR_IBAN_2 = "FR7610278089000002030405104";
const DE_IBAN = "DE89370400440532013000";

let client: Actor; // E-0000000004, administrator of 44660 (billed directly)
let reseller: Actor; // E-0000000003 in its reseller universe (44000)
let resellerAsClient: Actor; // the same user in its client universe
let staff: Actor; // E-0000000002, support
let clientUser: Actor; // a non-administrator user of 44660

async function demoActor(identifier: string, universe: string | null): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  const actor = await loadActor(user.id, null, universe);
  if (!actor) throw new Error(`no actor for ${identifier}`);
  return actor;
}

beforeAll(async () => {
  await seedDemoWorld(db);
  client = await demoActor("E-0000000004", "CLIENT");
  reseller = await demoActor("E-0000000003", "REVENDEUR");
  resellerAsClient = await demoActor("E-0000000003", "CLIENT");
  staff = await demoActor("E-0000000002", null);
  // Marc Vidal (44660) as an ordinary user who has accepted the terms.
  const marc = await db.user.update({ where: { identifier: "E-0000000007" }, data: { role: "UTILISATEUR" } });
  const terms = await db.termsVersion.findFirstOrThrow({ orderBy: { effectiveAt: "desc" } });
  await db.termsAcceptance.create({ data: { userId: marc.id, termsVersionId: terms.id, acceptedAt: new Date(), ip: "test", userAgent: "test" } });
  clientUser = await demoActor("E-0000000007", "CLIENT");
});

const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");

const accountInput = (overrides: Record<string, string> = {}): BillingAccountInput =>
  billingAccountSchema.parse({ name: "Cabinet – site de Lille", invoiceEmails: "compta@cabinet-oliviers.example\nlille@cabinet-oliviers.example", street: "5 rue Nationale", postcode: "59000", city: "Lille", paymentMethod: "PRELEVEMENT_SEPA", ...overrides });

const mandateInput = (overrides: Record<string, string> = {}): NewMandateInput =>
  newMandateSchema.parse({ debtorName: "Cabinet Médical des Oliviers", iban: "FR76 3000 6000 0112 3456 7890 189", bic: "agri frpp xxx", signedOn: addDays(today(), -3), rum: "", lastCollectionOn: "", ...overrides });

/** The field errors of a refused form. */
function fieldErrors(schema: typeof billingAccountSchema | typeof newMandateSchema | typeof bankDetailsSchema, input: Record<string, string>) {
  const parsed = schema.safeParse(input);
  expect(parsed.success).toBe(false);
  const errors: Record<string, string[]> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) (errors[String(issue.path[0])] ??= []).push(issue.message);
  return errors;
}

/** Everything an attempt could write. */
async function snapshot() {
  const [accounts, mandates, amendments, audits, counters] = await Promise.all([
    db.billingAccount.findMany({ orderBy: { id: "asc" } }),
    db.sepaMandate.findMany({ orderBy: { id: "asc" } }),
    db.sepaMandateAmendment.count(),
    db.auditEvent.count(),
    db.counter.findMany({ where: { name: { in: ["billing_account", "sepa_mandate"] } }, orderBy: { name: "asc" } }),
  ]);
  return JSON.stringify({ accounts, mandates: mandates.map((m) => ({ ...m, signedCopy: m.signedCopy?.length ?? null })), amendments, audits, counters });
}

/** A fresh account of 44660, created by its administrator. */
async function newAccount(name = "Compte de test") {
  return createBillingAccount(client, 44660, accountInput({ name }));
}

describe("billing accounts", () => {
  it("the client's administrator creates an account: next reference, saved as typed, audited", async () => {
    const before = (await db.counter.findUnique({ where: { name: "billing_account" } }))?.value ?? 0;
    const account = await createBillingAccount(client, 44660, accountInput());
    expect(account.ref).toBe(`CC44660-${before + 1}`);
    expect(account).toMatchObject({
      name: "Cabinet – site de Lille",
      ownerCompanyId: 44660,
      invoiceEmails: ["compta@cabinet-oliviers.example", "lille@cabinet-oliviers.example"],
      street: "5 rue Nationale",
      postcode: "59000",
      city: "Lille",
      country: "FR",
      paymentMethod: "PRELEVEMENT_SEPA",
    });
    const events = await db.auditEvent.findMany({ where: { action: "billing-account.create", targetId: account.ref } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: client.userId, targetType: "BillingAccount", companyId: 44660, ip: "local" });

    const list = await listBillingAccounts(client, 44660);
    expect(list.mayManage).toBe(true);
    expect(list.rows.map((r) => r.ref)).toEqual(expect.arrayContaining(["CC44660", account.ref]));
    expect(list.rows.find((r) => r.ref === account.ref)).toEqual({ ref: account.ref, name: account.name, paymentMethod: "PRELEVEMENT_SEPA", mandate: null });
  });

  it("refuses a bad email in the list, a bad postcode, an empty name, naming each problem in French, and writes nothing", async () => {
    const before = await snapshot();
    expect(fieldErrors(billingAccountSchema, { name: " ", invoiceEmails: "compta@cabinet.example, secretariat@cabinet", street: "1 rue", postcode: "1310", city: "Aix", paymentMethod: "CHEQUE" })).toEqual({
      name: ["Le nom du compte est obligatoire."],
      invoiceEmails: ["« secretariat@cabinet » n'est pas une adresse email valide."],
      postcode: ["Le code postal doit comporter 5 chiffres."],
      paymentMethod: ["Choisissez un mode de paiement."],
    });
    expect(fieldErrors(billingAccountSchema, { name: "X", invoiceEmails: "", street: "1 rue", postcode: "13100", city: "Aix", paymentMethod: "VIREMENT" })).toEqual({
      invoiceEmails: ["Indiquez au moins une adresse email de facturation."],
    });
    expect(await snapshot()).toBe(before);
  });

  it("updates an account (audited with what changed), and says when nothing changed", async () => {
    const account = await newAccount("Avant");
    const input = accountInput({ name: "Après", invoiceEmails: "a@cabinet-oliviers.example", paymentMethod: "VIREMENT" });
    expect(await updateBillingAccount(client, account.ref, input)).toEqual({ changed: ["name", "invoiceEmails", "paymentMethod"] });
    expect(await db.billingAccount.findUniqueOrThrow({ where: { ref: account.ref } })).toMatchObject({ ref: account.ref, name: "Après", invoiceEmails: ["a@cabinet-oliviers.example"], paymentMethod: "VIREMENT" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "billing-account.update", targetId: account.ref } });
    expect(event.details).toMatchObject({ changed: ["name", "invoiceEmails", "paymentMethod"], name: "Après" });
    const audits = await db.auditEvent.count();
    expect(await updateBillingAccount(client, account.ref, input)).toEqual({ changed: [] });
    expect(await db.auditEvent.count()).toBe(audits);
  });

  it("a non-administrator user of the company sees its accounts but cannot create or edit one", async () => {
    const list = await listBillingAccounts(clientUser, 44660);
    expect(list.mayManage).toBe(false);
    expect(list.rows.length).toBeGreaterThan(0);
    const page = await getBillingAccount(clientUser, 44660, "CC44660");
    expect(page.mayManage).toBe(false);
    const before = await snapshot();
    expect(isNotFound(await rejectionOf(createBillingAccount(clientUser, 44660, accountInput())))).toBe(true);
    expect(isNotFound(await rejectionOf(updateBillingAccount(clientUser, "CC44660", accountInput())))).toBe(true);
    expect(isNotFound(await rejectionOf(createMandate(clientUser, "CC44660", mandateInput())))).toBe(true);
    expect(await snapshot()).toBe(before);
  });

  it("an account's page is under its owner only", async () => {
    expect((await getBillingAccount(reseller, 44660, "cc44660")).account.ref).toBe("CC44660");
    expect(isNotFound(await rejectionOf(getBillingAccount(reseller, 44000, "CC44660")))).toBe(true);
    expect(isNotFound(await rejectionOf(getBillingAccount(client, 44660, "CC44000")))).toBe(true);
    expect(isNotFound(await rejectionOf(getBillingAccount(client, 44660, "%")))).toBe(true);
  });
});

describe("the reseller for its clients (SPEC §17)", () => {
  it("creates an account and a mandate for its direct client billed directly, on its behalf", async () => {
    const account = await createBillingAccount(reseller, 44660, accountInput({ name: "Ouvert par le revendeur" }));
    expect(account.ownerCompanyId).toBe(44660);
    const mandate = await createMandate(reseller, account.ref, mandateInput());
    expect(mandate.rum).toMatch(new RegExp(`^RUM-${account.ref}-\\d{6,}$`));
    expect(await db.auditEvent.count({ where: { action: "mandate.create", targetId: mandate.rum, actorId: reseller.userId, companyId: 44660 } })).toBe(1);
  });

  it("is refused for its client billed through it (44284), in French, and nothing is written", async () => {
    expect((await db.company.findUniqueOrThrow({ where: { id: 44284 } })).billingMode).toBe("VIA_REVENDEUR");
    const before = await snapshot();
    const error = await rejectionOf(createBillingAccount(reseller, 44284, accountInput()));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe(
      "Boulangerie Martin est facturée via son revendeur : elle n'a pas de compte de facturation à son nom, ses services sont facturés sur un compte du revendeur.",
    );
    // Staff too: such a company has no account of its own.
    expect(await rejectionOf(createBillingAccount(staff, 44284, accountInput()))).toBeInstanceOf(DomainError);
    const list = await listBillingAccounts(reseller, 44284);
    expect(list).toMatchObject({ total: 0, mayManage: false, billedThroughReseller: true });
    expect(await snapshot()).toBe(before);
  });

  it("finds nothing outside its direct clients (46001 is its client's client, 45010 another operator's), nor in its client universe", async () => {
    const before = await snapshot();
    for (const companyId of [46001, 45010]) {
      expect(isNotFound(await rejectionOf(createBillingAccount(reseller, companyId, accountInput()))), String(companyId)).toBe(true);
      expect(isNotFound(await rejectionOf(listBillingAccounts(reseller, companyId))), String(companyId)).toBe(true);
    }
    expect(isNotFound(await rejectionOf(createBillingAccount(resellerAsClient, 44660, accountInput())))).toBe(true);
    expect(isNotFound(await rejectionOf(createMandate(reseller, "CC45001", mandateInput())))).toBe(true);
    expect(await snapshot()).toBe(before);
  });
});

describe("SEPA mandates", () => {
  it("a new mandate gets a generated, unique RUM; the IBAN and BIC are stored normalised; audited", async () => {
    const [a, b] = [await newAccount("A"), await newAccount("B")];
    const first = await createMandate(client, a.ref, mandateInput());
    const second = await createMandate(client, b.ref, mandateInput({ iban: DE_IBAN, bic: "" }));
    expect(first.rum).toMatch(new RegExp(`^RUM-${a.ref}-\\d{6,}$`));
    expect(second.rum).toMatch(new RegExp(`^RUM-${b.ref}-\\d{6,}$`));
    expect(first.rum).not.toBe(second.rum);
    expect(first).toMatchObject({ iban: FR_IBAN, bic: "AGRIFRPPXXX", state: "ACTIF", debtorName: "Cabinet Médical des Oliviers", amendedFromIban: null, lastCollectionOn: null });
    expect(second).toMatchObject({ iban: DE_IBAN, bic: null });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "mandate.create", targetId: first.rum } });
    expect(event).toMatchObject({ actorId: client.userId, targetType: "SepaMandate", companyId: 44660 });
    expect(event.details).toMatchObject({ account: a.ref, rumTyped: false, iban: "FR76 •••• •••• •••• •••• •••0 189" });
  });

  it("refuses a bad IBAN (wrong key, wrong length, outside SEPA), a bad BIC, a missing debtor or date, with nothing written", async () => {
    const before = await snapshot();
    const base = { debtorName: "Cabinet", iban: FR_IBAN, bic: "", signedOn: today(), rum: "", lastCollectionOn: "" };
    expect(fieldErrors(newMandateSchema, { ...base, iban: "FR7630006000011234567890188" })).toEqual({ iban: ["Cet IBAN n'est pas valide (clé de contrôle incorrecte)."] });
    expect(fieldErrors(newMandateSchema, { ...base, iban: "FR763000600001123456789018" })).toEqual({ iban: ["Cet IBAN a 26 caractères : un IBAN FR en compte 27."] });
    expect(fieldErrors(newMandateSchema, { ...base, iban: "BR1800360305000010009795493C1" })).toEqual({ iban: ["Cet IBAN n'est pas celui d'un pays de la zone SEPA : le prélèvement SEPA est impossible."] });
    expect(fieldErrors(newMandateSchema, { ...base, bic: "AGRIFRP" })).toEqual({ bic: ["Le BIC doit comporter 8 ou 11 caractères (banque, pays, ville, agence), par exemple AGRIFRPPXXX."] });
    expect(fieldErrors(newMandateSchema, { ...base, debtorName: "", signedOn: "31/02/2026" })).toEqual({
      debtorName: ["Le nom du titulaire du compte est obligatoire."],
      signedOn: ["Indiquez la date de signature du mandat (jj/mm/aaaa)."],
    });
    expect(fieldErrors(newMandateSchema, { ...base, rum: "RUM//1" })).toEqual({ rum: ["La RUM ne doit pas contenir « // »."] });
    expect(fieldErrors(bankDetailsSchema, { debtorName: "Cabinet", iban: "", bic: "" })).toEqual({ iban: ["L'IBAN est obligatoire."] });

    expect(await snapshot()).toBe(before);
    const account = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44000-R" } });
    const future = await rejectionOf(createMandate(staff, account.ref, mandateInput({ signedOn: addDays(today(), 1) })));
    expect((future as DomainError).fieldErrors).toEqual({ signedOn: ["La date de signature ne peut pas être dans le futur."] });
    const lapsed = await rejectionOf(createMandate(staff, account.ref, mandateInput({ signedOn: addMonthsClamped(today(), -36) })));
    expect((lapsed as DomainError).fieldErrors).toEqual({ signedOn: ["Ce mandat est caduc : plus de 36 mois sans prélèvement. Faites signer un nouveau mandat."] });
    const typedByClient = await rejectionOf(createMandate(client, "CC44660", mandateInput({ rum: "MON-MANDAT-1" })));
    expect((typedByClient as DomainError).message).toBe("Seul le service clients OpenIP enregistre un mandat existant avec sa RUM.");
    expect(await snapshot()).toBe(before);
  });

  it("at most one Actif mandate per account: a second one is refused until the first is revoked", async () => {
    const account = await newAccount();
    const first = await createMandate(client, account.ref, mandateInput());
    const before = await snapshot();
    const error = await rejectionOf(createMandate(client, account.ref, mandateInput({ iban: FR_IBAN_2 })));
    expect((error as DomainError).message).toBe(
      `Ce compte a déjà un mandat actif (RUM ${first.rum}) : modifiez-le pour changer de compte bancaire, ou révoquez-le avant d'en enregistrer un nouveau.`,
    );
    expect(await snapshot()).toBe(before);
    // Two creations at once on a fresh account: one mandate.
    const other = await newAccount();
    const both = await Promise.allSettled([createMandate(client, other.ref, mandateInput()), createMandate(client, other.ref, mandateInput())]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.sepaMandate.count({ where: { billingAccount: { ref: other.ref } } })).toBe(1);
  });

  it("an Actif mandate unused for 36 months is Caduc: it no longer blocks a new one, and is marked so", async () => {
    const account = await newAccount();
    const old = await db.sepaMandate.create({
      data: { billingAccountId: account.id, rum: `OLD-${account.ref}`, debtorName: "Ancien titulaire", iban: FR_IBAN_2, signedOn: parseDay(addMonthsClamped(today(), -40)), lastCollectionOn: parseDay(addMonthsClamped(today(), -36)) },
    });
    expect((await getBillingAccount(client, 44660, account.ref)).mandates.find((m) => m.rum === old.rum)?.state).toBe("CADUC");
    const fresh = await createMandate(client, account.ref, mandateInput());
    expect((await db.sepaMandate.findUniqueOrThrow({ where: { id: old.id } })).state).toBe("CADUC");
    expect(fresh.state).toBe("ACTIF");
    expect((await rejectionOf(amendMandate(client, old.rum, { debtorName: "X", iban: FR_IBAN, bic: null })) as DomainError).message).toBe(
      "Ce mandat est caduc (plus de 36 mois sans prélèvement) : faites signer un nouveau mandat.",
    );
  });

  it("staff record an existing paper mandate with its RUM; a RUM already used is refused and nothing is written", async () => {
    const account = await newAccount();
    const typed = await createMandate(staff, account.ref, mandateInput({ rum: " PAPIER 2019/001 ", signedOn: "2019-05-02", lastCollectionOn: addDays(today(), -20) }));
    expect(typed).toMatchObject({ rum: "PAPIER 2019/001", state: "ACTIF" });
    const other = await newAccount();
    const before = await snapshot();
    for (const rum of ["PAPIER 2019/001", "OPENIP-RUM-44660-0001"]) {
      const error = await rejectionOf(createMandate(staff, other.ref, mandateInput({ rum })));
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).message).toBe(RUM_TAKEN);
      expect((error as DomainError).fieldErrors).toEqual({ rum: [RUM_TAKEN] });
    }
    expect(await snapshot()).toBe(before);
  });

  it("a generated RUM skips one that staff typed identically", async () => {
    const [account, other] = [await newAccount(), await newAccount()];
    const next = ((await db.counter.findUnique({ where: { name: "sepa_mandate" } }))?.value ?? 0) + 1;
    await createMandate(staff, other.ref, mandateInput({ rum: generatedRum(account.ref, next) }));
    const generated = await createMandate(client, account.ref, mandateInput());
    expect(generated.rum).toBe(generatedRum(account.ref, next + 1));
  });

  it("two creations at once with the same typed RUM: one wins, the other is told the RUM is taken; one row", async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    const results = await Promise.allSettled([createMandate(staff, a.ref, mandateInput({ rum: "COURSE-1" })), createMandate(staff, b.ref, mandateInput({ rum: "COURSE-1" }))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect((refused.reason as DomainError).message).toBe(RUM_TAKEN);
    expect(await db.sepaMandate.count({ where: { rum: "COURSE-1" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "mandate.create", targetId: "COURSE-1" } })).toBe(1);
  });

  it("an amendment keeps the RUM, records the history and what the bank last knew; a second one keeps the original", async () => {
    const account = await newAccount();
    const mandate = await createMandate(client, account.ref, mandateInput());
    const amended = await amendMandate(client, mandate.rum, bankDetailsSchema.parse({ debtorName: "SCM des Oliviers", iban: "fr76 1027 8089 0000 0203 0405 104", bic: "CMCIFR2A" }));
    expect(amended).toMatchObject({ rum: mandate.rum, debtorName: "SCM des Oliviers", iban: FR_IBAN_2, bic: "CMCIFR2A", amendedFromIban: FR_IBAN, amendedFromBic: "AGRIFRPPXXX", state: "ACTIF", signedOn: mandate.signedOn });
    const again = await amendMandate(client, mandate.rum, { debtorName: "SCM des Oliviers", iban: DE_IBAN, bic: null });
    expect(again).toMatchObject({ rum: mandate.rum, iban: DE_IBAN, bic: null, amendedFromIban: FR_IBAN, amendedFromBic: "AGRIFRPPXXX" });
    const history = await db.sepaMandateAmendment.findMany({ where: { mandateId: mandate.id }, orderBy: { id: "asc" } });
    expect(history).toMatchObject([
      { actorId: client.userId, previousDebtorName: "Cabinet Médical des Oliviers", previousIban: FR_IBAN, previousBic: "AGRIFRPPXXX", debtorName: "SCM des Oliviers", iban: FR_IBAN_2, bic: "CMCIFR2A" },
      { previousIban: FR_IBAN_2, previousBic: "CMCIFR2A", iban: DE_IBAN, bic: null },
    ]);
    expect(await db.auditEvent.count({ where: { action: "mandate.amend", targetId: mandate.rum } })).toBe(2);
    const page = await getBillingAccount(client, 44660, account.ref);
    expect(page.mandates[0].amendments).toHaveLength(2);

    const before = await snapshot();
    const same = await rejectionOf(amendMandate(client, mandate.rum, { debtorName: "SCM des Oliviers", iban: DE_IBAN, bic: null }));
    expect((same as DomainError).message).toBe("Aucune modification : le titulaire, l'IBAN et le BIC sont ceux du mandat.");
    expect(await snapshot()).toBe(before);
  });

  it("revocation: Révoqué with its time, audited; it cannot be amended or revoked again; a new mandate may then be recorded", async () => {
    const account = await newAccount();
    const mandate = await createMandate(client, account.ref, mandateInput());
    const revoked = await revokeMandate(client, mandate.rum);
    expect(revoked.state).toBe("REVOQUE");
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await db.auditEvent.count({ where: { action: "mandate.revoke", targetId: mandate.rum } })).toBe(1);
    const before = await snapshot();
    expect((await rejectionOf(revokeMandate(client, mandate.rum)) as DomainError).message).toBe("Ce mandat est déjà révoqué.");
    expect((await rejectionOf(amendMandate(client, mandate.rum, { debtorName: "X", iban: FR_IBAN_2, bic: null })) as DomainError).message).toBe("Ce mandat est révoqué : faites signer un nouveau mandat.");
    expect(await snapshot()).toBe(before);
    const next = await createMandate(client, account.ref, mandateInput({ iban: FR_IBAN_2 }));
    expect(next.rum).not.toBe(mandate.rum);
    const list = await listBillingAccounts(client, 44660);
    expect(list.rows.find((r) => r.ref === account.ref)?.mandate).toEqual({ rum: next.rum, state: "ACTIF" });
  });
});

describe("the signed copy and the form to sign", () => {
  async function tinyPdf(): Promise<Uint8Array> {
    const pdf = await PDFDocument.create();
    pdf.addPage([200, 200]);
    return pdf.save();
  }

  it("uploads a PDF, stored with its type from its content, downloaded as stored; audited", async () => {
    const account = await newAccount();
    const mandate = await createMandate(client, account.ref, mandateInput());
    const bytes = await tinyPdf();
    expect(await uploadSignedCopy(client, mandate.rum, { name: "C:\\scans\\mandat signé.pdf", bytes })).toEqual({ name: "mandat signé.pdf", type: "application/pdf" });
    // It shows the IBAN: a user who only sees the account does not get it.
    expect(isNotFound(await rejectionOf(signedCopyOf(clientUser, mandate.rum)))).toBe(true);
    const copy = await signedCopyOf(client, mandate.rum);
    expect(copy.type).toBe("application/pdf");
    expect(copy.fileName).toBe(`mandat-${mandate.rum}-signe.pdf`);
    expect(Buffer.from(copy.bytes).equals(Buffer.from(bytes))).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "mandate.signed-copy", targetId: mandate.rum } });
    expect(event.details).toMatchObject({ name: "mandat signé.pdf", type: "application/pdf", bytes: bytes.length, replaced: false });
    expect((await mandateDownloadResponse(clientUser, mandate.rum, "signed-copy")).status).toBe(404);
    const response = await mandateDownloadResponse(client, mandate.rum, "signed-copy");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="mandat-${mandate.rum}-signe.pdf"`);
  });

  it("refuses another type, a lying extension, an empty file and one over 5 Mo, and keeps the copy it has", async () => {
    const account = await newAccount();
    const mandate = await createMandate(client, account.ref, mandateInput());
    expect(isNotFound(await rejectionOf(signedCopyOf(client, mandate.rum)))).toBe(true); // none yet
    await uploadSignedCopy(client, mandate.rum, { name: "mandat.pdf", bytes: await tinyPdf() });
    const before = await snapshot();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const cases: [string, Uint8Array, string][] = [
      ["mandat.docx", new Uint8Array(Buffer.from("PK\u0003\u0004 word")), "Le fichier doit être un PDF, une image PNG ou une image JPEG."],
      ["mandat.pdf", new Uint8Array(Buffer.from("<html>not a pdf</html>")), "Le fichier doit être un PDF, une image PNG ou une image JPEG."],
      ["mandat.pdf", png, "Le contenu du fichier (PNG) ne correspond pas à son extension (.pdf)."],
      ["mandat.pdf", new Uint8Array(0), "Le fichier est vide."],
      ["mandat.pdf", Object.assign(new Uint8Array(5 * 1024 * 1024 + 1), { 0: 0x25, 1: 0x50, 2: 0x44, 3: 0x46, 4: 0x2d }), "Le fichier dépasse 5 Mo : enregistrez le scan en résolution plus basse."],
    ];
    for (const [name, bytes, message] of cases) {
      const error = await rejectionOf(uploadSignedCopy(client, mandate.rum, { name, bytes }));
      expect((error as DomainError).fieldErrors, name).toEqual({ file: [message] });
    }
    expect(await snapshot()).toBe(before);
    // A PNG named as one replaces the PDF.
    expect(await uploadSignedCopy(client, mandate.rum, { name: "scan.png", bytes: png })).toEqual({ name: "scan.png", type: "image/png" });
    expect((await signedCopyOf(client, mandate.rum)).fileName).toBe(`mandat-${mandate.rum}-signe.png`);
    expect(isNotFound(await rejectionOf(uploadSignedCopy(clientUser, mandate.rum, { name: "scan.png", bytes: png })))).toBe(true);
  });

  it("renders the mandate form: a PDF carrying the RUM, the creditor's name and ICS from the operator's settings, the debtor and its account", async () => {
    const account = await newAccount();
    const mandate = await createMandate(client, account.ref, mandateInput({ bic: "" }));
    expect(isNotFound(await rejectionOf(mandateFormDocument(clientUser, mandate.rum)))).toBe(true);
    const document = await mandateFormDocument(client, mandate.rum);
    expect(document).toEqual({
      rum: mandate.rum,
      creditor: { name: "OpenIP", street: "37-39 rue de Neuilly", postcode: "92110", city: "Clichy", country: "FR", creditorId: "FR97ZZZ482585" },
      debtor: { name: "Cabinet Médical des Oliviers", street: "5 rue Nationale", postcode: "59000", city: "Lille", country: "FR" },
      iban: FR_IBAN,
      bic: null,
      accountRef: account.ref,
    });
    const { pdf, fileName } = await renderMandateForm(client, mandate.rum);
    expect(fileName).toBe(`mandat-${mandate.rum}.pdf`);
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe("%PDF-");
    const loaded = await PDFDocument.load(pdf);
    expect(loaded.getPageCount()).toBe(1);
    expect(loaded.getTitle()).toBe(`Mandat de prélèvement SEPA — RUM ${mandate.rum}`);
    expect(loaded.getSubject()).toContain("ICS FR97ZZZ482585");
    const response = await mandateDownloadResponse(client, encodeURIComponent(mandate.rum), "form");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    // Out of scope, signed out, or a RUM that names nothing: 404.
    const msp = await demoActor("E-0000000006", "OPERATEUR");
    for (const [actor, rum] of [[msp, mandate.rum], [null, mandate.rum], [client, "%E0%A4%A"], [client, "RUM-INCONNUE"]] as const) {
      expect((await mandateDownloadResponse(actor, rum, "form")).status).toBe(404);
    }
  });
});
