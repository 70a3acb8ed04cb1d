// Customer master data (SPEC §12): the legal address and VAT number, contacts and sites of a company, edited by
// whoever SPEC allows, on the demo world; the forms' refusals in French, on their field, changing nothing.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, requireActor, type Actor } from "@/lib/server/authz";
import { addContact, getCompanyDetails, MAX_CONTACTS, removeContact, updateCompanyDetails, updateContact } from "@/lib/server/company-details";
import { createSite, getSite, listSites, updateSite } from "@/lib/server/sites";
import { inviteUser } from "@/lib/server/company-users";
import { addContactAction, removeContactAction, updateCompanyDetailsAction, updateContactAction } from "@/app/(portail)/societes/[id]/details-actions";
import { createSiteAction, updateSiteAction } from "@/app/(portail)/societes/[id]/sites/actions";
import { frenchVatNumber, sirenOfSiret } from "@/lib/domain/identifiers";
import { POSTCODE_MESSAGE } from "@/lib/domain/master-data";
import { FORBIDDEN_CHARACTERS_MESSAGE as CONTROL_CHARACTER_MESSAGE } from "@/lib/domain/text";
import { DomainError } from "@/lib/domain/errors";
import { demoSiret, seedDemoWorld } from "@/prisma/demo-world";
import { rejectionOf } from "./support/fixtures";

// The actions' session check, answered by hand (tests never load Auth.js); revalidation needs no request here.
vi.mock("@/lib/server/authz", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/server/authz")>()), requireActor: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const actorOf = async (identifier: string, universe: string | null = null) => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");
const notFound = async (promise: Promise<unknown>) => expect(isNotFound(await rejectionOf(promise))).toBe(true);

const form = (fields: Record<string, string | number>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
};
const as = (actor: Actor) => vi.mocked(requireActor).mockResolvedValue(actor);

/** Everything the master data forms could change. */
async function snapshot() {
  const [companies, contacts, sites, audits] = await Promise.all([
    db.company.findMany({ orderBy: { id: "asc" } }),
    db.contact.findMany({ orderBy: { id: "asc" } }),
    db.site.findMany({ orderBy: { id: "asc" } }),
    db.auditEvent.count(),
  ]);
  return JSON.stringify({ companies, contacts, sites, audits });
}

const vatOf = (companyId: number) => frenchVatNumber(sirenOfSiret(demoSiret(companyId)));
/** The same SIREN with another key: the key check fails. */
const wrongKey = (vat: string) => `FR${String((Number(vat.slice(2, 4)) + 1) % 100).padStart(2, "0")}${vat.slice(4)}`;

let doctor: Actor; // E-0000000004, administrator of 44660
let reseller: Actor; // E-0000000003 in its reseller universe: 44000, parent of 44660 and 44284
let resellerAsClient: Actor; // the same, in its client universe
let baker: Actor; // E-0000000005, administrator of 44284
let support: Actor; // E-0000000002, staff
let assistant: Actor; // an ordinary user (not an administrator) of 44660

beforeAll(async () => {
  await seedDemoWorld(db);
  doctor = await actorOf("E-0000000004");
  reseller = await actorOf("E-0000000003", "REVENDEUR");
  resellerAsClient = await actorOf("E-0000000003", "CLIENT");
  baker = await actorOf("E-0000000005");
  support = await actorOf("E-0000000002");
  const invited = await inviteUser(doctor, 44660, { name: "Inès Assistante", email: "ines@cabinet-oliviers.example", role: "UTILISATEUR" });
  assistant = (await loadActor(invited.id, null, null))!;
});

beforeEach(() => vi.mocked(requireActor).mockReset());

describe("the legal address and the VAT number", () => {
  it("a client administrator edits its own company's, audited; the VAT number is stored as typed, normalised", async () => {
    as(doctor);
    const cleared = await updateCompanyDetailsAction({}, form({ companyId: 44660, street: " 3 place des Prêcheurs ", postcode: "13100", city: "Aix-en-Provence", vatNumber: "" }));
    expect(cleared).toEqual({ ok: true, message: "L'adresse et le numéro de TVA ont été enregistrés." });
    expect(await db.company.findUniqueOrThrow({ where: { id: 44660 } })).toMatchObject({ street: "3 place des Prêcheurs", postcode: "13100", city: "Aix-en-Provence", country: "FR", vatNumber: null });

    const vat = vatOf(44660);
    const typed = `${vat.slice(0, 2).toLowerCase()} ${vat.slice(2, 4)} ${vat.slice(4, 7)}.${vat.slice(7, 10)}.${vat.slice(10)}`;
    expect(await updateCompanyDetailsAction({}, form({ companyId: 44660, street: "3 place des Prêcheurs", postcode: "13100", city: "Aix-en-Provence", vatNumber: typed }))).toMatchObject({ ok: true });
    expect((await db.company.findUniqueOrThrow({ where: { id: 44660 } })).vatNumber).toBe(vat);
    // The same again: nothing to write, nothing audited.
    expect(await updateCompanyDetailsAction({}, form({ companyId: 44660, street: "3 place des Prêcheurs", postcode: "13100", city: "Aix-en-Provence", vatNumber: vat }))).toEqual({ ok: true, message: "Aucune modification à enregistrer." });

    const events = await db.auditEvent.findMany({ where: { action: "company.update-details", companyId: 44660 }, orderBy: { id: "asc" } });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actorId: doctor.userId, targetType: "Company", targetId: "44660", details: { street: { from: "12 cours Mirabeau", to: "3 place des Prêcheurs" }, vatNumber: { from: vat, to: null } } });
    expect(events[1].details).toEqual({ vatNumber: { from: null, to: vat } });
  });

  it("refuses a bad postcode, a VAT number of another SIREN or with a wrong key, a control character: the French message on the field, the values kept, nothing written", async () => {
    as(doctor);
    const before = await snapshot();
    const good = { companyId: 44660, street: "3 place des Prêcheurs", postcode: "13100", city: "Aix-en-Provence", vatNumber: vatOf(44660) };
    const cases: [Record<string, string | number>, string, string][] = [
      [{ postcode: "1310" }, "postcode", POSTCODE_MESSAGE],
      [{ postcode: "13 100" }, "postcode", POSTCODE_MESSAGE],
      [{ postcode: "ABCDE" }, "postcode", POSTCODE_MESSAGE],
      [{ street: "   " }, "street", "L'adresse est obligatoire."],
      [{ city: "x".repeat(121) }, "city", "La ville ne doit pas dépasser 120 caractères."],
      [{ vatNumber: wrongKey(vatOf(44660)) }, "vatNumber", "La clé du numéro de TVA ne correspond pas au SIREN."],
      [{ vatNumber: vatOf(44284) }, "vatNumber", "Le numéro de TVA ne correspond pas au SIREN de la société."],
      [{ vatNumber: "FR123" }, "vatNumber", "Un numéro de TVA français s'écrit FR suivi de 11 chiffres (clé et SIREN)."],
      [{ vatNumber: "US123456789" }, "vatNumber", "Le numéro de TVA intracommunautaire doit commencer par le code d'un pays de l'Union européenne (FR…)."],
      [{ city: "Aix\u0000en-Provence" }, "city", CONTROL_CHARACTER_MESSAGE],
      [{ street: "3 place\u001b[31m des Prêcheurs" }, "street", CONTROL_CHARACTER_MESSAGE],
      [{ street: "3 place\ndes Prêcheurs" }, "street", CONTROL_CHARACTER_MESSAGE],
    ];
    for (const [change, field, message] of cases) {
      const state = await updateCompanyDetailsAction({}, form({ ...good, ...change }));
      expect(state.ok, JSON.stringify(change)).toBeFalsy();
      expect(state.message).toBe("Le formulaire contient des erreurs.");
      expect(state.errors?.[field], JSON.stringify(change)).toEqual([message]);
      expect(state.values?.[field]).toBe(String(change[field]));
    }
    expect(await snapshot()).toBe(before);
  });

  it("a reseller's administrator edits its direct client's details; staff edit any company's", async () => {
    await updateCompanyDetails(reseller, 44660, { street: "5 rue Espariat", postcode: "13100", city: "Aix-en-Provence", vatNumber: vatOf(44660) });
    expect((await db.company.findUniqueOrThrow({ where: { id: 44660 } })).street).toBe("5 rue Espariat");
    expect(await db.auditEvent.count({ where: { action: "company.update-details", companyId: 44660, actorId: reseller.userId } })).toBe(1);
    await updateCompanyDetails(support, 45010, { street: "Place de l'Église", postcode: "05560", city: "Vars", vatNumber: null });
    expect(await db.company.findUniqueOrThrow({ where: { id: 45010 } })).toMatchObject({ street: "Place de l'Église", postcode: "05560", vatNumber: null });
    expect((await getCompanyDetails(support, 46001)).mayEdit).toBe(true);
  });

  it("an ordinary user of the company reads them without forms; changing them is not found", async () => {
    const details = await getCompanyDetails(assistant, 44660);
    expect(details).toMatchObject({ company: { id: 44660, siret: demoSiret(44660) }, mayEdit: false, mayEditSites: true });
    const before = await snapshot();
    await notFound(updateCompanyDetails(assistant, 44660, { street: "1 rue Volée", postcode: "13100", city: "Aix-en-Provence", vatNumber: null }));
    await notFound(addContact(assistant, 44660, { role: "TECHNIQUE", name: "Intrus", email: "intrus@example.test", phone: null }));
    as(assistant);
    await notFound(updateCompanyDetailsAction({}, form({ companyId: 44660, street: "1 rue Volée", postcode: "13100", city: "Aix-en-Provence", vatNumber: "" })));
    expect(await snapshot()).toBe(before);
  });
});

describe("contacts", () => {
  it("are added, edited and removed by an administrator, each audited; the phone in any French form", async () => {
    as(doctor);
    const added = await addContactAction({}, form({ companyId: 44660, role: "FACTURATION", name: "Sophie Comptable", email: " Compta@Cabinet-Oliviers.example ", phone: "+33 4.42.00.00.01" }));
    expect(added).toEqual({ ok: true, message: "Le contact Sophie Comptable a été ajouté." });
    const contact = await db.contact.findFirstOrThrow({ where: { companyId: 44660, name: "Sophie Comptable" } });
    expect(contact).toMatchObject({ role: "FACTURATION", email: "compta@cabinet-oliviers.example", phone: "04 42 00 00 01" });

    expect(await updateContactAction({}, form({ companyId: 44660, contactId: contact.id, role: "ADMINISTRATIF", name: "Sophie Martin", email: "s.martin@cabinet-oliviers.example", phone: "" }))).toMatchObject({ ok: true });
    expect(await db.contact.findUniqueOrThrow({ where: { id: contact.id } })).toMatchObject({ role: "ADMINISTRATIF", name: "Sophie Martin", phone: null });

    const details = await getCompanyDetails(doctor, 44660);
    expect(details.contacts.map((c) => c.name)).toContain("Sophie Martin");

    expect(await removeContactAction({}, form({ companyId: 44660, contactId: contact.id }))).toEqual({ ok: true, message: "Le contact Sophie Martin a été supprimé." });
    expect(await db.contact.findUnique({ where: { id: contact.id } })).toBeNull();
    // Twice (a double click): the second finds nothing.
    await notFound(removeContactAction({}, form({ companyId: 44660, contactId: contact.id })));

    const events = await db.auditEvent.findMany({ where: { targetType: "Contact", targetId: String(contact.id) }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.actorId, e.companyId])).toEqual([
      ["contact.create", doctor.userId, 44660],
      ["contact.update", doctor.userId, 44660],
      ["contact.delete", doctor.userId, 44660],
    ]);
  });

  it("refuses a bad email, a bad phone, a missing role, a long name or a control character, on the field, and writes nothing", async () => {
    as(doctor);
    const existing = await addContact(doctor, 44660, { role: "TECHNIQUE", name: "Luc Technicien", email: "luc@cabinet-oliviers.example", phone: null });
    const before = await snapshot();
    const good = { companyId: 44660, role: "TECHNIQUE", name: "Luc Technicien", email: "luc@cabinet-oliviers.example", phone: "06 12 34 56 78" };
    const cases: [Record<string, string>, string, string][] = [
      [{ email: "luc@cabinet" }, "email", "L'adresse email n'est pas valide."],
      [{ email: "" }, "email", "L'adresse email est obligatoire."],
      [{ phone: "12 34" }, "phone", "Le numéro de téléphone n'est pas valide : saisissez un numéro français, par exemple 01 23 45 67 89 ou +33 6 12 34 56 78."],
      [{ phone: "+44 20 7946 0958" }, "phone", "Le numéro de téléphone n'est pas valide : saisissez un numéro français, par exemple 01 23 45 67 89 ou +33 6 12 34 56 78."],
      [{ role: "DIRECTEUR" }, "role", "Choisissez un rôle : facturation, technique ou administratif."],
      [{ name: "" }, "name", "Le nom est obligatoire."],
      [{ name: "L".repeat(121) }, "name", "Le nom ne doit pas dépasser 120 caractères."],
      [{ name: "Luc\u0007 Technicien" }, "name", CONTROL_CHARACTER_MESSAGE],
    ];
    for (const [change, field, message] of cases) {
      for (const submit of [addContactAction, updateContactAction]) {
        const state = await submit({}, form({ ...good, contactId: existing.id, ...change }));
        expect(state.errors?.[field], `${submit.name} ${JSON.stringify(change)}`).toEqual([message]);
        expect(state.values?.[field]).toBe(change[field].slice(0, 500));
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("are loaded by their id and their company's: a contact of another company, or an id out of scope, is not found", async () => {
    const ofBaker = await addContact(baker, 44284, { role: "FACTURATION", name: "Paul Martin", email: "paul@boulangerie-martin.example", phone: null });
    const ofDoctor = await db.contact.findFirstOrThrow({ where: { companyId: 44660 } });
    const before = await snapshot();
    const input = { role: "TECHNIQUE" as const, name: "Détourné", email: "x@example.test", phone: null };
    // 44284's contact named through 44660, which the doctor edits; and the reseller, who edits both companies.
    await notFound(updateContact(doctor, 44660, ofBaker.id, input));
    await notFound(removeContact(doctor, 44660, ofBaker.id));
    await notFound(updateContact(reseller, 44660, ofBaker.id, input));
    await notFound(removeContact(reseller, 44284, ofDoctor.id));
    await notFound(updateContact(baker, 44660, ofDoctor.id, input));
    for (const id of [-1, 0, Number.NaN, 2 ** 31, 1e12]) {
      await notFound(updateContact(doctor, 44660, id, input));
      await notFound(removeContact(doctor, id, ofDoctor.id));
    }
    expect(await snapshot()).toBe(before);
    // The reseller does edit its client's contact, through the right company.
    await updateContact(reseller, 44284, ofBaker.id, { ...input, name: "Paul Martin (compta)" });
    expect((await db.contact.findUniqueOrThrow({ where: { id: ofBaker.id } })).name).toBe("Paul Martin (compta)");
  });

  it(`a company has at most ${MAX_CONTACTS} contacts`, async () => {
    const count = await db.contact.count({ where: { companyId: 44284 } });
    await db.contact.createMany({ data: Array.from({ length: MAX_CONTACTS - count }, (_, i) => ({ companyId: 44284, role: "TECHNIQUE" as const, name: `Contact ${i}`, email: `c${i}@example.test` })) });
    const error = await rejectionOf(addContact(baker, 44284, { role: "TECHNIQUE", name: "Un de trop", email: "trop@example.test", phone: null }));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe(`Une société a au plus ${MAX_CONTACTS} contacts : modifiez ou supprimez-en un.`);
    expect(await db.contact.count({ where: { companyId: 44284 } })).toBe(MAX_CONTACTS);
  });
});

describe("sites", () => {
  it("the reseller adds a site for its direct client; an ordinary user of the client adds one too; each audited", async () => {
    as(reseller);
    expect(await createSiteAction({}, form({ companyId: 44660, name: "MARSEILLE", address: "20 boulevard Longchamp", postcode: "13001", city: "Marseille", accessNotes: "Digicode 1234\r\n2e étage" }))).toEqual({
      ok: true,
      message: "Le site MARSEILLE a été créé.",
    });
    const site = await db.site.findFirstOrThrow({ where: { companyId: 44660, name: "MARSEILLE" } });
    expect(site).toMatchObject({ address: "20 boulevard Longchamp", postcode: "13001", city: "Marseille", accessNotes: "Digicode 1234\n2e étage" });

    const byAssistant = await createSite(assistant, 44660, { name: "AUBAGNE", address: "2 cours Foch", postcode: "13400", city: "Aubagne", accessNotes: null });
    const { rows, total } = await listSites(doctor, 44660);
    expect(total).toBe(4);
    expect(rows.map((s) => s.name)).toEqual(["AIX-EN-PROVENCE", "AUBAGNE", "LILLE", "MARSEILLE"]);

    as(assistant);
    expect(await updateSiteAction({}, form({ companyId: 44660, siteId: byAssistant.id, name: "AUBAGNE", address: "4 cours Foch", postcode: "13400", city: "Aubagne", accessNotes: "" }))).toEqual({ ok: true, message: "Le site a été enregistré." });
    expect((await getSite(doctor, 44660, byAssistant.id)).address).toBe("4 cours Foch");

    const events = await db.auditEvent.findMany({ where: { targetType: "Site", companyId: 44660 }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.actorId, e.targetId])).toEqual([
      ["site.create", reseller.userId, String(site.id)],
      ["site.create", assistant.userId, String(byAssistant.id)],
      ["site.update", assistant.userId, String(byAssistant.id)],
    ]);
  });

  it("refuses a missing name, a bad postcode, long or control-character notes, on the field, and writes nothing", async () => {
    as(doctor);
    const site = await db.site.findFirstOrThrow({ where: { companyId: 44660, name: "LILLE" } });
    const before = await snapshot();
    const good = { companyId: 44660, siteId: site.id, name: "LILLE", address: "5 rue Nationale", postcode: "59000", city: "Lille", accessNotes: "" };
    const cases: [Record<string, string>, string, string][] = [
      [{ name: " " }, "name", "Le nom du site est obligatoire."],
      [{ name: "N".repeat(121) }, "name", "Le nom du site ne doit pas dépasser 120 caractères."],
      [{ postcode: "590" }, "postcode", POSTCODE_MESSAGE],
      [{ address: "" }, "address", "L'adresse est obligatoire."],
      [{ accessNotes: "n".repeat(1001) }, "accessNotes", "Les notes d'accès ne doivent pas dépasser 1 000 caractères."],
      [{ accessNotes: "Code\u0000 porte" }, "accessNotes", CONTROL_CHARACTER_MESSAGE],
      [{ city: "Lille\tCentre" }, "city", CONTROL_CHARACTER_MESSAGE],
    ];
    for (const [change, field, message] of cases) {
      for (const submit of [createSiteAction, updateSiteAction]) {
        const state = await submit({}, form({ ...good, ...change }));
        expect(state.errors?.[field], `${submit.name} ${JSON.stringify(change)}`).toEqual([message]);
        // The notes come back whole (up to 1,000 characters and more), not cut at 500 like other fields.
        expect(state.values?.[field]).toBe(change[field]);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("counts a line break of the notes as one character, as the browser's maxlength does", async () => {
    as(doctor);
    const notes = `${"a".repeat(998)}\r\nb`; // 1,001 characters posted, 1,000 typed
    expect(await createSiteAction({}, form({ companyId: 44660, name: "NOTES", address: "1 rue A", postcode: "13100", city: "Aix-en-Provence", accessNotes: notes }))).toMatchObject({ ok: true });
    expect((await db.site.findFirstOrThrow({ where: { companyId: 44660, name: "NOTES" } })).accessNotes).toHaveLength(1000);
  });

  it("a site is loaded by its id and its company's: another company's site is not found, even for who edits both", async () => {
    const ofBaker = await db.site.findFirstOrThrow({ where: { companyId: 44284 } });
    const before = await snapshot();
    const input = { name: "DÉTOURNÉ", address: "1 rue X", postcode: "13001", city: "Marseille", accessNotes: null };
    await notFound(updateSite(reseller, 44660, ofBaker.id, input));
    await notFound(getSite(reseller, 44660, ofBaker.id));
    await notFound(updateSite(doctor, 44660, ofBaker.id, input));
    await notFound(updateSite(doctor, 44284, ofBaker.id, input));
    as(doctor);
    await notFound(updateSiteAction({}, form({ companyId: 44660, siteId: ofBaker.id, ...input, accessNotes: "" })));
    expect(await snapshot()).toBe(before);
  });
});

describe("out of the reseller's reach", () => {
  it("44000's reseller reaches neither 46001 (its client's own client) nor 45010 (another operator's client), nor its clients from its client universe", async () => {
    const siteOf = async (companyId: number) =>
      (await db.site.findFirst({ where: { companyId } })) ?? (await db.site.create({ data: { companyId, name: "SITE", address: "1 rue Y", postcode: "05000", city: "Gap" } }));
    const contactOf = async (companyId: number) =>
      (await db.contact.findFirst({ where: { companyId } })) ?? (await db.contact.create({ data: { companyId, role: "TECHNIQUE", name: "Contact", email: "contact@example.test" } }));
    const targets = [
      { actor: reseller, companyId: 46001 },
      { actor: reseller, companyId: 45010 },
      { actor: resellerAsClient, companyId: 44660 },
    ];
    for (const { companyId } of targets) await Promise.all([siteOf(companyId), contactOf(companyId)]);
    const before = await snapshot();
    const details = { street: "1 rue Z", postcode: "13001", city: "Marseille", vatNumber: null };
    const contact = { role: "TECHNIQUE" as const, name: "Intrus", email: "intrus@example.test", phone: null };
    const site = { name: "INTRUS", address: "1 rue Z", postcode: "13001", city: "Marseille", accessNotes: null };
    for (const { actor, companyId } of targets) {
      const [siteId, contactId] = [(await siteOf(companyId)).id, (await contactOf(companyId)).id];
      await notFound(getCompanyDetails(actor, companyId));
      await notFound(updateCompanyDetails(actor, companyId, details));
      await notFound(addContact(actor, companyId, contact));
      await notFound(updateContact(actor, companyId, contactId, contact));
      await notFound(removeContact(actor, companyId, contactId));
      await notFound(listSites(actor, companyId));
      await notFound(createSite(actor, companyId, site));
      await notFound(getSite(actor, companyId, siteId));
      await notFound(updateSite(actor, companyId, siteId, site));
    }
    expect(await snapshot()).toBe(before);
  });
});
