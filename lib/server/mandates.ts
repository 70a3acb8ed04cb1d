import "server-only";
import { notFound } from "next/navigation";
import { isSEPACountry } from "ibantools";
import { z } from "zod";
import { db, type Tx } from "@/lib/server/db";
import { audit } from "@/lib/server/audit";
import { now, today } from "@/lib/server/clock";
import { nextNumber } from "@/lib/server/counters";
import { billingAccountScope, isStaff, type Actor } from "@/lib/server/authz";
import { findBillingAccountForActor, findManagedBillingAccount, managesBillingAccountsOf } from "@/lib/server/billing-accounts";
import { renderMandateFormPdf, type MandateFormDocument } from "@/lib/server/mandate-pdf";
import { bicProblem, ibanProblem, normalizeBic, normalizeIban } from "@/lib/domain/bank";
import { compareDays, formatDay, isValidDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { singleLineText } from "@/lib/domain/text";
import {
  amendment,
  generatedRum,
  lapsesOn,
  mandateStateOn,
  normalizeRum,
  rumProblem,
  signedCopyFileName,
  signedCopyKind,
  type MandateState,
  maskedIban,
} from "@/lib/domain/mandates";
import { DomainError } from "@/lib/domain/errors";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * SEPA mandates of a billing account (SPEC §12, §17; seed 003 art. 8.2): recorded, amended (a change of bank account
 * keeps the RUM and its history), revoked; the form to sign and the signed copy. Who manages an account manages its
 * mandates; who sees it sees them (and downloads their form and signed copy).
 *
 * One *Actif* mandate per account at most: a new one is refused while another is active (the user amends it to
 * change bank account, or revokes it first) rather than revoking it implicitly, so a slip never ends a mandate the
 * bank knows. An *Actif* mandate that has lapsed (*Caduc*, 36 months unused) does not count and is marked so.
 */

export const RUM_TAKEN = "Cette RUM est déjà utilisée.";

const debtorName = singleLineText()
  .min(1, "Le nom du titulaire du compte est obligatoire.")
  .max(140, "Le nom du titulaire ne doit pas dépasser 140 caractères.");

/** A refinement from a function that says in French what is wrong with a value. */
const checked = (problem: (s: string) => string | null) => (s: string, ctx: z.RefinementCtx) => {
  const found = problem(s);
  if (found) ctx.addIssue({ code: "custom", message: found });
};

/** SEPA Core debits only accounts of the SEPA scheme's countries. */
function sepaIbanProblem(input: string): string | null {
  const problem = ibanProblem(input);
  if (problem) return problem;
  return isSEPACountry(normalizeIban(input).slice(0, 2)) ? null : "Cet IBAN n'est pas celui d'un pays de la zone SEPA : le prélèvement SEPA est impossible.";
}

const iban = z.string().superRefine(checked(sepaIbanProblem)).transform(normalizeIban);
/** Optional since regulation 260/2012: blank is none. */
const bic = z
  .string()
  .transform(normalizeBic)
  .superRefine(checked((s) => (s === "" ? null : bicProblem(s))))
  .transform((s) => (s === "" ? null : s));
const day = (message: string) => z.string().trim().refine(isValidDay, message);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

export const bankDetailsSchema = z.object({ debtorName, iban, bic });
export type BankDetailsInput = z.infer<typeof bankDetailsSchema>;

export const newMandateSchema = bankDetailsSchema.extend({
  signedOn: day("Indiquez la date de signature du mandat (jj/mm/aaaa)."),
  /** Staff recording an existing paper mandate type its RUM (§17); otherwise it is generated. */
  rum: optional(z.string().transform(normalizeRum).superRefine(checked(rumProblem))),
  /** …and, for one already used, the due date of its last collection (its 36 months run from there). */
  lastCollectionOn: optional(day("Indiquez la date d'échéance du dernier prélèvement (jj/mm/aaaa).")),
});
export type NewMandateInput = z.infer<typeof newMandateSchema>;

const mandateView = {
  id: true,
  rum: true,
  debtorName: true,
  iban: true,
  bic: true,
  signedOn: true,
  state: true,
  lastCollectionOn: true,
  amendedFromIban: true,
  amendedFromBic: true,
  revokedAt: true,
  signedCopyName: true,
  signedCopyType: true,
  createdAt: true,
  amendments: { orderBy: { at: "desc" }, select: { at: true, previousDebtorName: true, previousIban: true, previousBic: true, debtorName: true, iban: true, bic: true } },
} as const;
type MandateRow = Prisma.SepaMandateGetPayload<{ select: typeof mandateView }>;

/** The day-dependent state of a stored mandate. */
function stateOf(m: { state: MandateState; signedOn: Date; lastCollectionOn: Date | null }, on: CalendarDay = today()): MandateState {
  return mandateStateOn({ state: m.state, signedOn: formatDay(m.signedOn), lastCollectionOn: m.lastCollectionOn && formatDay(m.lastCollectionOn) }, on);
}

export type MandateDetail = Omit<MandateRow, "state"> & { state: MandateState; lapsesOn: CalendarDay | null; hasSignedCopy: boolean };

/**
 * An account's page under its owner's (`/societes/{companyId}/comptes/{ref}`): the account, its mandates (newest
 * first, with their amendments), what the actor may do. Another company's account is "not found" there.
 */
export async function getBillingAccount(actor: Actor, companyId: number, ref: string) {
  const account = await findBillingAccountForActor(actor, ref);
  if (account.ownerCompanyId !== companyId) notFound();
  const mandates = await db.sepaMandate.findMany({ where: { billingAccountId: account.id }, orderBy: { id: "desc" }, select: mandateView });
  const on = today();
  const details: MandateDetail[] = mandates.map((m) => {
    const state = stateOf(m, on);
    return {
      ...m,
      state,
      lapsesOn: state === "ACTIF" ? lapsesOn({ signedOn: formatDay(m.signedOn), lastCollectionOn: m.lastCollectionOn && formatDay(m.lastCollectionOn) }) : null,
      hasSignedCopy: m.signedCopyType !== null,
    };
  });
  const mayManage = managesBillingAccountsOf(actor, account.owner);
  // Who only sees the account (a user who is not its administrator) sees the IBANs masked.
  const shown = mayManage
    ? details
    : details.map((m) => ({
        ...m,
        iban: maskedIban(m.iban),
        amendedFromIban: m.amendedFromIban && maskedIban(m.amendedFromIban),
        amendments: m.amendments.map((a) => ({ ...a, iban: maskedIban(a.iban), previousIban: maskedIban(a.previousIban) })),
      }));
  return { account, mandates: shown, mayManage, isStaff: isStaff(actor), today: on };
}

/** Locks the account's row: creations of mandates on one account take turns (one *Actif* at most). */
async function lockAccount(tx: Tx, accountId: number) {
  await tx.$queryRaw`SELECT "id" FROM "BillingAccount" WHERE "id" = ${accountId} FOR UPDATE`;
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/**
 * *Enregistrer un mandat* on an account: RUM generated from the `sepa_mandate` series, or typed by staff (unique
 * all the same: the unique index decides, under a race too, and the loser writes nothing).
 */
export async function createMandate(actor: Actor, accountRef: string, input: NewMandateInput) {
  const account = await findManagedBillingAccount(actor, accountRef);
  if ((input.rum !== undefined || input.lastCollectionOn !== undefined) && !isStaff(actor)) {
    throw new DomainError("Seul le service clients OpenIP enregistre un mandat existant avec sa RUM.", input.rum !== undefined ? { rum: ["Laissez ce champ vide : la RUM est attribuée par le portail."] } : {});
  }
  const on = today();
  if (compareDays(input.signedOn, on) > 0) throw new DomainError("Le formulaire contient des erreurs.", { signedOn: ["La date de signature ne peut pas être dans le futur."] });
  if (input.lastCollectionOn !== undefined) {
    if (compareDays(input.lastCollectionOn, input.signedOn) < 0) throw new DomainError("Le formulaire contient des erreurs.", { lastCollectionOn: ["Le dernier prélèvement ne peut pas précéder la signature du mandat."] });
    if (compareDays(input.lastCollectionOn, on) > 0) throw new DomainError("Le formulaire contient des erreurs.", { lastCollectionOn: ["Le dernier prélèvement ne peut pas être dans le futur."] });
  }
  if (mandateStateOn({ state: "ACTIF", signedOn: input.signedOn, lastCollectionOn: input.lastCollectionOn ?? null }, on) === "CADUC") {
    const field = input.lastCollectionOn ? "lastCollectionOn" : "signedOn";
    throw new DomainError("Le formulaire contient des erreurs.", { [field]: ["Ce mandat est caduc : plus de 36 mois sans prélèvement. Faites signer un nouveau mandat."] });
  }
  const create = () =>
    db.$transaction(async (tx) => {
      await lockAccount(tx, account.id);
      const active = await tx.sepaMandate.findMany({ where: { billingAccountId: account.id, state: "ACTIF" }, select: { id: true, rum: true, state: true, signedOn: true, lastCollectionOn: true } });
      for (const m of active.filter((m) => stateOf(m, on) === "CADUC")) await tx.sepaMandate.update({ where: { id: m.id }, data: { state: "CADUC" } });
      const stillActive = active.find((m) => stateOf(m, on) === "ACTIF");
      if (stillActive) {
        throw new DomainError(
          `Ce compte a déjà un mandat actif (RUM ${stillActive.rum}) : modifiez-le pour changer de compte bancaire, ou révoquez-le avant d'en enregistrer un nouveau.`,
        );
      }
      const rum = input.rum ?? (await freeGeneratedRum(tx, account.ref));
      const mandate = await tx.sepaMandate.create({
        data: {
          billingAccountId: account.id,
          rum,
          debtorName: input.debtorName,
          iban: input.iban,
          bic: input.bic,
          signedOn: parseDay(input.signedOn),
          lastCollectionOn: input.lastCollectionOn ? parseDay(input.lastCollectionOn) : null,
        },
      });
      await audit(tx, {
        actorId: actor.userId,
        action: "mandate.create",
        targetType: "SepaMandate",
        targetId: rum,
        companyId: account.ownerCompanyId,
        details: { account: account.ref, rumTyped: input.rum !== undefined, debtorName: input.debtorName, iban: maskedIban(input.iban), bic: input.bic, signedOn: input.signedOn },
      });
      return mandate;
    });
  // A generated RUM typed by staff at the same moment (same text): once that one is committed, the next number.
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.rum !== undefined) throw new DomainError(RUM_TAKEN, { rum: [RUM_TAKEN] });
      if (attempt >= 3) throw error;
    }
  }
}

/** The next generated RUM that no mandate holds yet (staff may have typed one that looks generated). */
async function freeGeneratedRum(tx: Tx, accountRef: string): Promise<string> {
  for (;;) {
    const rum = generatedRum(accountRef, await nextNumber(tx, "sepa_mandate"));
    if (!(await tx.sepaMandate.findUnique({ where: { rum }, select: { id: true } }))) return rum;
  }
}

/** A RUM from a URL segment, decoded if it still is encoded (a RUM never holds `%`); undecodable: nothing. */
function rumFromUrl(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

/** A mandate through the actor's scope, by its RUM; "not found" out of scope (and, with `manage`, when the actor may only see it). */
async function findMandateForActor(actor: Actor, rum: string, { manage }: { manage: boolean }) {
  const normalized = normalizeRum(rumFromUrl(typeof rum === "string" ? rum : ""));
  if (normalized === "" || normalized.length > 35) notFound();
  const mandate = await db.sepaMandate.findFirst({
    where: { rum: normalized, billingAccount: billingAccountScope(actor) },
    select: {
      id: true,
      rum: true,
      billingAccount: { select: { id: true, ref: true, ownerCompanyId: true, owner: { select: { id: true, parentId: true, billingMode: true, isOperator: true } } } },
    },
  });
  if (!mandate) notFound();
  if (manage && !managesBillingAccountsOf(actor, mandate.billingAccount.owner)) notFound();
  return mandate;
}

/** The mandate's row, locked for the rest of the transaction. */
async function lockedMandate(tx: Tx, id: number) {
  await tx.$queryRaw`SELECT "id" FROM "SepaMandate" WHERE "id" = ${id} FOR UPDATE`;
  return tx.sepaMandate.findUniqueOrThrow({ where: { id } });
}

function refuseUnlessActive(mandate: { state: MandateState; signedOn: Date; lastCollectionOn: Date | null }) {
  const state = stateOf(mandate);
  if (state === "REVOQUE") throw new DomainError("Ce mandat est révoqué : faites signer un nouveau mandat.");
  if (state === "CADUC") throw new DomainError("Ce mandat est caduc (plus de 36 mois sans prélèvement) : faites signer un nouveau mandat.");
}

/**
 * *Modifier le mandat*: a new debtor, IBAN or BIC amends it (SPEC §12). The RUM stays; the change is kept in its
 * history, and the account the bank last knew goes with the next collection (§13).
 */
export async function amendMandate(actor: Actor, rum: string, input: BankDetailsInput) {
  const found = await findMandateForActor(actor, rum, { manage: true });
  return db.$transaction(async (tx) => {
    const mandate = await lockedMandate(tx, found.id);
    refuseUnlessActive(mandate);
    const change = amendment(mandate, input);
    if (!change) throw new DomainError("Aucune modification : le titulaire, l'IBAN et le BIC sont ceux du mandat.");
    const at = now();
    await tx.sepaMandateAmendment.create({
      data: {
        mandateId: mandate.id,
        at,
        actorId: actor.userId,
        previousDebtorName: mandate.debtorName,
        previousIban: mandate.iban,
        previousBic: mandate.bic,
        debtorName: change.next.debtorName,
        iban: change.next.iban,
        bic: change.next.bic,
      },
    });
    const updated = await tx.sepaMandate.update({
      where: { id: mandate.id },
      data: { ...change.next, amendedFromIban: change.amendedFromIban, amendedFromBic: change.amendedFromBic },
    });
    await audit(tx, {
      actorId: actor.userId,
      action: "mandate.amend",
      targetType: "SepaMandate",
      targetId: mandate.rum,
      companyId: found.billingAccount.ownerCompanyId,
      details: {
        account: found.billingAccount.ref,
        debtorName: change.next.debtorName !== mandate.debtorName ? change.next.debtorName : undefined,
        iban: change.next.iban !== mandate.iban ? maskedIban(change.next.iban) : undefined,
        bic: change.next.bic !== mandate.bic ? change.next.bic : undefined,
      },
    });
    return updated;
  });
}

/** *Révoquer le mandat*: no collection is presented under it any more; the account then pays by transfer (§17). */
export async function revokeMandate(actor: Actor, rum: string) {
  const found = await findMandateForActor(actor, rum, { manage: true });
  return db.$transaction(async (tx) => {
    const mandate = await lockedMandate(tx, found.id);
    if (mandate.state === "REVOQUE") throw new DomainError("Ce mandat est déjà révoqué.");
    refuseUnlessActive(mandate);
    const updated = await tx.sepaMandate.update({ where: { id: mandate.id }, data: { state: "REVOQUE", revokedAt: now() } });
    await audit(tx, { actorId: actor.userId, action: "mandate.revoke", targetType: "SepaMandate", targetId: mandate.rum, companyId: found.billingAccount.ownerCompanyId, details: { account: found.billingAccount.ref } });
    return updated;
  });
}

/** The uploaded name, for display only: no path, no control characters, 200 characters at most. */
function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base.replace(/\p{Cc}/gu, "").trim().slice(0, 200) || "copie-signee";
}

/** *Déposer le mandat signé*: a PDF, PNG or JPEG of at most 5 Mo, recognised by its content; a new one replaces the last. */
export async function uploadSignedCopy(actor: Actor, rum: string, file: { name: string; bytes: Uint8Array }) {
  const found = await findMandateForActor(actor, rum, { manage: true });
  const checkedKind = signedCopyKind(file.bytes, file.name);
  if ("problem" in checkedKind) throw new DomainError("Le formulaire contient des erreurs.", { file: [checkedKind.problem] });
  const name = displayName(file.name);
  await db.$transaction(async (tx) => {
    const previous = await tx.sepaMandate.findUniqueOrThrow({ where: { id: found.id }, select: { signedCopyType: true } });
    await tx.sepaMandate.update({
      where: { id: found.id },
      data: { signedCopy: Buffer.from(file.bytes), signedCopyName: name, signedCopyType: checkedKind.kind.type },
    });
    await audit(tx, {
      actorId: actor.userId,
      action: "mandate.signed-copy",
      targetType: "SepaMandate",
      targetId: found.rum,
      companyId: found.billingAccount.ownerCompanyId,
      details: { account: found.billingAccount.ref, name, type: checkedKind.kind.type, bytes: file.bytes.length, replaced: previous.signedCopyType !== null },
    });
  });
  return { name, type: checkedKind.kind.type };
}

/** The signed copy as stored, for whoever manages the account (it shows the IBAN); "not found" when there is none. */
export async function signedCopyOf(actor: Actor, rum: string) {
  const found = await findMandateForActor(actor, rum, { manage: true });
  const copy = await db.sepaMandate.findUniqueOrThrow({ where: { id: found.id }, select: { signedCopy: true, signedCopyType: true } });
  if (!copy.signedCopy || !copy.signedCopyType) notFound();
  const extension = copy.signedCopyType === "application/pdf" ? "pdf" : copy.signedCopyType === "image/png" ? "png" : "jpg";
  return { bytes: new Uint8Array(copy.signedCopy), type: copy.signedCopyType, fileName: signedCopyFileName(found.rum, { extension }) };
}

/** What the mandate form shows (the document model `renderMandateFormPdf` draws). */
export async function mandateFormDocument(actor: Actor, rum: string): Promise<MandateFormDocument> {
  const found = await findMandateForActor(actor, rum, { manage: true });
  const [mandate, operator] = await Promise.all([
    db.sepaMandate.findUniqueOrThrow({
      where: { id: found.id },
      select: { rum: true, debtorName: true, iban: true, bic: true, billingAccount: { select: { ref: true, street: true, postcode: true, city: true, country: true } } },
    }),
    db.operatorSettings.findFirst({ select: { creditorId: true, company: { select: { name: true, street: true, postcode: true, city: true, country: true } } } }),
  ]);
  if (!operator) throw new Error("The operator's settings are missing: run `npm run setup` first (SPEC §11).");
  const account = mandate.billingAccount;
  return {
    rum: mandate.rum,
    creditor: { name: operator.company.name, street: operator.company.street, postcode: operator.company.postcode, city: operator.company.city, country: operator.company.country, creditorId: operator.creditorId },
    debtor: { name: mandate.debtorName, street: account.street, postcode: account.postcode, city: account.city, country: account.country },
    iban: mandate.iban,
    bic: mandate.bic,
    accountRef: account.ref,
  };
}

/** *Formulaire de mandat* (PDF), for whoever sees the account. */
export async function renderMandateForm(actor: Actor, rum: string): Promise<{ pdf: Uint8Array; fileName: string }> {
  const document = await mandateFormDocument(actor, rum);
  return { pdf: await renderMandateFormPdf(document), fileName: `mandat-${document.rum.replace(/[^A-Za-z0-9-]+/g, "_")}.pdf` };
}

const NOT_FOUND = () => new Response("Introuvable", { status: 404, headers: { "cache-control": "no-store" } });
const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");

/** The account of a mandate the actor manages (its page is `/societes/{companyId}/comptes/{ref}`); null for any other. */
export async function managedMandateAccount(actor: Actor, rum: string): Promise<{ companyId: number; ref: string; rum: string } | null> {
  try {
    const found = await findMandateForActor(actor, rum, { manage: true });
    return { companyId: found.billingAccount.ownerCompanyId, ref: found.billingAccount.ref, rum: found.rum };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * The downloads of `/api/mandats/{rum}/formulaire` and `/copie-signee`: through the actor's scope, a 404 for anyone
 * else (signed out, terms not accepted, another company's mandate, no signed copy).
 */
export async function mandateDownloadResponse(actor: Actor | null, rum: string, what: "form" | "signed-copy"): Promise<Response> {
  if (!actor || actor.pendingTermsId !== null) return NOT_FOUND();
  let file: { bytes: Uint8Array; type: string; fileName: string };
  try {
    if (what === "form") {
      const { pdf, fileName } = await renderMandateForm(actor, rum);
      file = { bytes: pdf, type: "application/pdf", fileName };
    } else file = await signedCopyOf(actor, rum);
  } catch (error) {
    if (isNotFound(error)) return NOT_FOUND();
    throw error;
  }
  return new Response(new Uint8Array(file.bytes), {
    headers: { "content-type": file.type, "content-disposition": `attachment; filename="${file.fileName}"`, "cache-control": "private, no-store" },
  });
}
