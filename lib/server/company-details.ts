import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { audit } from "@/lib/server/audit";
import { companyScope, editorOf, isRowId, isStaffAdministrator, type Actor } from "@/lib/server/authz";
import { mayEditCompany, mayEditSites } from "@/lib/domain/tenancy";
import { normalizeVatNumber, vatNumberProblem } from "@/lib/domain/identifiers";
import { emailField, phoneField } from "@/lib/server/profile";
import { CONTACT_ROLES, isFrenchPostcode, POSTCODE_MESSAGE, type ContactRole } from "@/lib/domain/master-data";
import { FORBIDDEN_CHARACTERS_MESSAGE, isSingleLineText, multiLineText, singleLineText } from "@/lib/domain/text";
import { DomainError } from "@/lib/domain/errors";

/**
 * A company's master data (SPEC §12): its legal address, VAT number and contacts. Whoever sees the company
 * reads them; its administrators, its direct parent's administrators (in a reseller or operator universe) and
 * staff edit them (lib/domain/tenancy.ts `mayEditCompany`). Out of scope is "not found", for reads and writes.
 */

// ---------------------------------------------------------------------------------------------
// Field rules, shared with lib/server/sites.ts

/** A trimmed text of at most `max` characters, without control characters; `required` gives the message when empty. */
export function plainText(max: number, tooLong: string, required?: string, options: { lineBreaks?: boolean } = {}) {
  const base = options.lineBreaks ? multiLineText() : singleLineText();
  return (required ? base.min(1, required) : base).max(max, tooLong);
}

/** An optional text: empty is null. */
export function optionalText(max: number, tooLong: string, options: { lineBreaks?: boolean } = {}) {
  return plainText(max, tooLong, undefined, options).transform((s) => (s === "" ? null : s));
}

export const postcodeField = z.string().trim().refine(isFrenchPostcode, POSTCODE_MESSAGE);

// ---------------------------------------------------------------------------------------------
// Schemas

export const companyDetailsSchema = z.object({
  street: plainText(300, "L'adresse ne doit pas dépasser 300 caractères.", "L'adresse est obligatoire."),
  postcode: postcodeField,
  city: plainText(120, "La ville ne doit pas dépasser 120 caractères.", "La ville est obligatoire."),
  /** Optional; spaces and dots allowed, stored as `FR83404833048`. Checked against the SIREN on saving. */
  vatNumber: z
    .string()
    .max(40, "Le numéro de TVA intracommunautaire n'est pas valide.")
    .transform((s, ctx) => {
      if (s.trim() === "") return null;
      if (!isSingleLineText(s)) return (ctx.addIssue({ code: "custom", message: FORBIDDEN_CHARACTERS_MESSAGE }), z.NEVER);
      // Without the SIRET: its form and, for a French one, its key (the SIREN is compared on saving).
      const problem = vatNumberProblem(s, "");
      return problem ? (ctx.addIssue({ code: "custom", message: problem }), z.NEVER) : normalizeVatNumber(s);
    }),
});
export type CompanyDetailsInput = z.infer<typeof companyDetailsSchema>;

export const contactSchema = z.object({
  role: z.enum(Object.keys(CONTACT_ROLES) as [ContactRole, ...ContactRole[]], "Choisissez un rôle : facturation, technique ou administratif."),
  name: plainText(120, "Le nom ne doit pas dépasser 120 caractères.", "Le nom est obligatoire."),
  email: emailField,
  phone: phoneField,
});
export type ContactInput = z.infer<typeof contactSchema>;

/** A company has a handful of contacts; the cap keeps its page (which lists them all) bounded. */
export const MAX_CONTACTS = 30;

// ---------------------------------------------------------------------------------------------
// Loads through the actor's scope

const companySelect = {
  id: true,
  parentId: true,
  isOperator: true,
  name: true,
  legalForm: true,
  siret: true,
  active: true,
  street: true,
  postcode: true,
  city: true,
  country: true,
  vatNumber: true,
} as const;

async function companyInScope(actor: Actor, companyId: number) {
  if (!isRowId(companyId)) notFound();
  const company = await db.company.findFirst({ where: { AND: [{ id: companyId }, companyScope(actor)] }, select: companySelect });
  if (!company) notFound();
  return company;
}

/** A company whose details and contacts the actor edits, or "not found" (seeing it is not enough). */
async function editableCompany(actor: Actor, companyId: number) {
  const company = await companyInScope(actor, companyId);
  if (!mayEditsCompany(actor, company)) notFound();
  return company;
}

/** SPEC §12's rule; the operator's own data is its seller identity on every invoice: its administrators only (§11). */
function mayEditsCompany(actor: Actor, company: { id: number; parentId: number | null; isOperator: boolean }) {
  return mayEditCompany(editorOf(actor), company) && (!company.isOperator || isStaffAdministrator(actor));
}

/** A contact of `companyId`, loaded by both ids through the actor's scope, and editable by the actor. */
async function editableContact(actor: Actor, companyId: number, contactId: number) {
  const company = await editableCompany(actor, companyId);
  if (!isRowId(contactId)) notFound();
  const contact = await db.contact.findFirst({ where: { id: contactId, companyId: company.id } });
  if (!contact) notFound();
  return { company, contact };
}

/** The *Coordonnées* tab: identity, legal address, VAT number and contacts, with what the actor may change. */
export async function getCompanyDetails(actor: Actor, companyId: number) {
  const company = await companyInScope(actor, companyId);
  const contacts = await db.contact.findMany({
    where: { companyId: company.id },
    select: { id: true, role: true, name: true, email: true, phone: true },
    orderBy: [{ role: "asc" }, { name: "asc" }, { id: "asc" }],
    take: MAX_CONTACTS,
  });
  const editor = editorOf(actor);
  return { company, contacts, mayEdit: mayEditsCompany(actor, company), mayEditSites: mayEditSites(editor, company) };
}
export type CompanyDetails = Awaited<ReturnType<typeof getCompanyDetails>>;

// ---------------------------------------------------------------------------------------------
// Changes, each in one transaction with its audit event

const DETAIL_FIELDS = ["street", "postcode", "city", "country", "vatNumber"] as const;

/**
 * Saves the legal address (France only for now) and the VAT number, which must be the company's: a French
 * one carries its SIREN (SPEC §12). Returns the fields that changed (none: nothing is written).
 */
export async function updateCompanyDetails(actor: Actor, companyId: number, input: CompanyDetailsInput): Promise<{ changed: string[] }> {
  const company = await editableCompany(actor, companyId);
  if (input.vatNumber) {
    const problem = vatNumberProblem(input.vatNumber, company.siret);
    if (problem) throw new DomainError("Le formulaire contient des erreurs.", { vatNumber: [problem] });
  }
  const next = { street: input.street, postcode: input.postcode, city: input.city, country: "FR", vatNumber: input.vatNumber };
  const changed = DETAIL_FIELDS.filter((field) => company[field] !== next[field]);
  if (changed.length === 0) return { changed };
  await db.$transaction(async (tx) => {
    await tx.company.update({ where: { id: company.id }, data: next });
    await audit(tx, {
      actorId: actor.userId,
      action: "company.update-details",
      targetType: "Company",
      targetId: company.id,
      companyId: company.id,
      details: Object.fromEntries(changed.map((field) => [field, { from: company[field], to: next[field] }])),
    });
  });
  return { changed };
}

export async function addContact(actor: Actor, companyId: number, input: ContactInput) {
  const company = await editableCompany(actor, companyId);
  return db.$transaction(async (tx) => {
    // Locks the company's row: two additions at once cannot both pass the cap.
    await tx.$queryRaw`SELECT "id" FROM "Company" WHERE "id" = ${company.id} FOR UPDATE`;
    if ((await tx.contact.count({ where: { companyId: company.id } })) >= MAX_CONTACTS) {
      throw new DomainError(`Une société a au plus ${MAX_CONTACTS} contacts : modifiez ou supprimez-en un.`);
    }
    const contact = await tx.contact.create({ data: { companyId: company.id, ...input } });
    await audit(tx, { actorId: actor.userId, action: "contact.create", targetType: "Contact", targetId: contact.id, companyId: company.id, details: { role: contact.role, name: contact.name } });
    return contact;
  });
}

const GONE = "Ce contact n'existe plus : il vient d'être supprimé.";

export async function updateContact(actor: Actor, companyId: number, contactId: number, input: ContactInput) {
  const { company, contact } = await editableContact(actor, companyId, contactId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.contact.updateMany({ where: { id: contact.id, companyId: company.id }, data: input });
    if (count === 0) throw new DomainError(GONE);
    await audit(tx, { actorId: actor.userId, action: "contact.update", targetType: "Contact", targetId: contact.id, companyId: company.id, details: { role: input.role, name: input.name } });
  });
}

export async function removeContact(actor: Actor, companyId: number, contactId: number) {
  const { company, contact } = await editableContact(actor, companyId, contactId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.contact.deleteMany({ where: { id: contact.id, companyId: company.id } });
    if (count === 0) throw new DomainError(GONE);
    await audit(tx, { actorId: actor.userId, action: "contact.delete", targetType: "Contact", targetId: contact.id, companyId: company.id, details: { role: contact.role, name: contact.name, email: contact.email } });
  });
  return contact;
}
