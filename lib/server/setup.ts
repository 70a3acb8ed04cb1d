import "server-only";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { now, today } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { nextNumber } from "@/lib/server/counters";
import { insertUser } from "@/lib/server/users";
import { sendPasswordInitEmail } from "@/lib/server/emails";
import { loadCatalogue, type CatalogueImport } from "@/lib/server/catalogue";
import { searchKey } from "@/lib/domain/search-key";
import { parseDay } from "@/lib/domain/calendar-day";
import { parisMidnight } from "@/lib/domain/terms";
import { isValidCreditorId, isValidSiret, normalizeVatNumber, vatNumberProblem } from "@/lib/domain/identifiers";
import { bicProblem, ibanProblem, normalizeBic, normalizeIban } from "@/lib/domain/bank";
import { LEGAL_FORMS } from "@/lib/domain/labels";
import { isMultiLineText, isSingleLineText } from "@/lib/domain/text";
import type { CatalogueRow } from "@/lib/domain/catalogue-csv";

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} : obligatoire.`)
    .max(max, `${label} : ${max} caractères au plus.`)
    .refine(isSingleLineText, `${label} : caractères non autorisés.`);
const email = (label: string) => z.string().trim().max(254, `${label} : 254 caractères au plus.`).pipe(z.email(`${label} : adresse email invalide.`));

/** A refinement from a function that says what is wrong with a value, in French. */
const checked = (label: string, problem: (s: string) => string | null) => (s: string, ctx: z.RefinementCtx) => {
  const found = problem(s);
  if (found) ctx.addIssue({ code: "custom", message: `${label} : ${found}` });
};

/** What `npm run setup` asks (SPEC §11, §17): the operator, its seller data, its first administrator. */
export const operatorSetupSchema = z
  .object({
    name: text("Raison sociale", 200),
    legalForm: z.enum(Object.keys(LEGAL_FORMS) as [keyof typeof LEGAL_FORMS], "Statut : SARL, SAS, SASU, SA, EURL, EI, ASSOCIATION ou AUTRES."),
    siret: z
      .string()
      .transform((s) => s.replace(/\s/g, ""))
      .refine(isValidSiret, "SIRET : 14 chiffres dont la clé de contrôle (Luhn) est juste."),
    vatNumber: z.string().transform(normalizeVatNumber),
    street: text("Adresse", 300),
    postcode: z
      .string()
      .trim()
      .regex(/^\d{5}$/, "Code postal : 5 chiffres."),
    city: text("Ville", 120),
    legalMentions: text("Mentions légales", 300),
    iban: z.string().superRefine(checked("IBAN", ibanProblem)).transform(normalizeIban),
    bic: z
      .string()
      .transform(normalizeBic)
      .superRefine(checked("BIC", (s) => (s === "" ? null : bicProblem(s)))),
    creditorId: z
      .string()
      .transform((s) => s.replace(/\s/g, "").toUpperCase())
      .refine(isValidCreditorId, "ICS : FR, 2 chiffres de clé, 3 caractères et 6 caractères, avec une clé juste (par exemple FR72ZZZ123456)."),
    customerServiceEmail: email("Email du service clients"),
    adminName: text("Nom de l'administrateur", 120),
    adminEmail: email("Email de l'administrateur"),
    adminStaffRole: z.enum(["ADV", "SUPPORT"], "Rôle de l'administrateur : ADV ou SUPPORT."),
    terms: z
      .string()
      .trim()
      .min(1, "Conditions d'utilisation : le fichier est vide.")
      .max(200_000, "Conditions d'utilisation : 200 000 caractères au plus.")
      .refine(isMultiLineText, "Conditions d'utilisation : caractères non autorisés."),
  })
  .superRefine((input, ctx) => {
    const problem = vatNumberProblem(input.vatNumber, input.siret);
    if (problem) ctx.addIssue({ code: "custom", path: ["vatNumber"], message: `TVA : ${problem}` });
  });
export type OperatorSetup = z.infer<typeof operatorSetupSchema>;

export type SetupResult =
  | { status: "created"; operator: { id: number; name: string }; admin: { identifier: string; email: string }; catalogue: CatalogueImport | null }
  | { status: "already"; operator: { id: number; name: string }; catalogue: CatalogueImport | null };

/** Companies numbered from here when the database is empty (the operator first). */
const FIRST_COMPANY_ID = 10000;

/**
 * The operator's first start (SPEC §11): the operator company with its seller data, terms version 1 in force at
 * once, its first administrator (mailed the initialisation link, nothing secret returned), then the catalogue.
 * On a database that already has an operator, nothing of that is written again; the catalogue is still loaded
 * (new codes created, others updated, never deleted). A transaction-level advisory lock makes two runs at once
 * create one operator.
 */
export async function runSetup(input: OperatorSetup, catalogue: CatalogueRow[] | null): Promise<SetupResult> {
  const created = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('myopenip-setup'))`;
    const existing = await tx.company.findFirst({ where: { isOperator: true }, orderBy: { id: "asc" }, select: { id: true, name: true } });
    if (existing) return { existing } as const;
    const id = await nextNumber(tx, "company", FIRST_COMPANY_ID);
    const { name, legalForm, siret, vatNumber, street, postcode, city } = input;
    const operator = await tx.company.create({
      data: { id, name, nameKey: searchKey(name), legalForm, siret, vatNumber, street, postcode, city, createdOn: parseDay(today()), universes: [], isOperator: true },
    });
    const { legalMentions, iban, bic, creditorId, customerServiceEmail } = input;
    await tx.operatorSettings.create({ data: { companyId: id, legalMentions, iban, bic: bic || null, creditorId, customerServiceEmail } });
    const version = await tx.termsVersion.create({ data: { label: today(), body: input.terms, effectiveAt: parisMidnight(today()), publishedAt: now() } });
    await audit(tx, { actorId: null, action: "setup.operator", targetType: "Company", targetId: id, companyId: id, details: { termsVersion: version.label } });
    const admin = await insertUser(tx, null, id, { name: input.adminName, email: input.adminEmail, role: "ADMINISTRATEUR", staffRole: input.adminStaffRole });
    return { existing: null, operator: { id, name: operator.name }, admin };
  });
  // The link first: a catalogue that fails to load must not keep the administrator from it.
  if (!created.existing) await sendPasswordInitEmail(created.admin.user, created.admin.token, created.admin.sentAt);
  const loaded = catalogue ? await loadCatalogue(catalogue, null) : null;
  if (created.existing) return { status: "already", operator: created.existing, catalogue: loaded };
  const { user } = created.admin;
  return { status: "created", operator: created.operator, admin: { identifier: user.identifier, email: user.email }, catalogue: loaded };
}
