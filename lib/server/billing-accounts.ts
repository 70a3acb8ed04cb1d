import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { audit } from "@/lib/server/audit";
import { today } from "@/lib/server/clock";
import { nextNumber } from "@/lib/server/counters";
import { billingAccountScope, editorOf, findCompanyForActor, type Actor } from "@/lib/server/authz";
import { mayManageBillingAccounts } from "@/lib/domain/tenancy";
import { billingAccountRef, parseInvoiceEmails, type PaymentMethod } from "@/lib/domain/billing-accounts";
import { isFrenchPostcode, POSTCODE_MESSAGE } from "@/lib/domain/master-data";
import { multiLineText, singleLineText } from "@/lib/domain/text";
import { formatDay } from "@/lib/domain/calendar-day";
import { mandateStateOn, type MandateState } from "@/lib/domain/mandates";
import { normalizeRef } from "@/lib/domain/identifiers";
import { DomainError } from "@/lib/domain/errors";
import { PAGE_SIZE } from "@/lib/list-query";

/**
 * Billing accounts (*comptes de facturation*, SPEC §12, §17): listed for whoever sees their owner; created and
 * edited by staff for anyone, by a company's administrators for itself, by a reseller's administrators for a direct
 * client billed directly. A client billed through its reseller has none of its own.
 */

const text = (label: string, max: number) =>
  singleLineText()
    .min(1, `${label} est obligatoire.`)
    .max(max, `${label} ne doit pas dépasser ${max} caractères.`);

export const billingAccountSchema = z.object({
  name: text("Le nom du compte", 200),
  invoiceEmails: multiLineText().transform((typed, ctx) => {
    const parsed = parseInvoiceEmails(typed);
    if ("problems" in parsed) {
      for (const message of parsed.problems) ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return parsed.emails;
  }),
  street: text("L'adresse", 300),
  postcode: z.string().trim().refine(isFrenchPostcode, POSTCODE_MESSAGE),
  city: text("La ville", 120),
  paymentMethod: z.enum(["PRELEVEMENT_SEPA", "VIREMENT"], "Choisissez un mode de paiement."),
});
export type BillingAccountInput = z.infer<typeof billingAccountSchema>;

/** An account reference from a URL or a form: `CC44660`, `CC44000-R`, `CC44660-7`; anything else names nothing. */
export function accountRefOf(ref: string): string | null {
  return normalizeRef(ref, /^[A-Z0-9-]{1,20}$/);
}

type Owner = { id: number; parentId: number | null; billingMode: "DIRECTE" | "VIA_REVENDEUR"; isOperator: boolean };

export function managesBillingAccountsOf(actor: Actor, owner: Owner): boolean {
  return !owner.isOperator && mayManageBillingAccounts(editorOf(actor), owner);
}

function refuseViaReseller(company: Owner & { name: string }) {
  if (company.billingMode === "VIA_REVENDEUR") {
    throw new DomainError(`${company.name} est facturée via son revendeur : elle n'a pas de compte de facturation à son nom, ses services sont facturés sur un compte du revendeur.`);
  }
  if (company.isOperator) throw new DomainError("L'opérateur n'a pas de compte de facturation.");
}

/** The active mandate an account's list shows: its RUM and its state today (an *Actif* one may have lapsed). */
type MandateSummary = { rum: string; state: MandateState };

export type BillingAccountRow = { ref: string; name: string; paymentMethod: PaymentMethod; mandate: MandateSummary | null };

/**
 * A company's billing accounts, one page at a time, through the actor's scope (out of scope: "not found"), with
 * whether the actor may create and edit them.
 */
export async function listBillingAccounts(actor: Actor, companyId: number, page = 1) {
  const company = await findCompanyForActor(actor, companyId);
  const where = { AND: [{ ownerCompanyId: company.id }, billingAccountScope(actor)] };
  const safePage = Number.isSafeInteger(page) && page >= 1 ? page : 1;
  const [accounts, total] = await Promise.all([
    db.billingAccount.findMany({
      where,
      orderBy: { ref: "asc" },
      skip: (safePage - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        ref: true,
        name: true,
        paymentMethod: true,
        mandates: { where: { state: "ACTIF" }, orderBy: { id: "desc" }, take: 1, select: { rum: true, state: true, signedOn: true, lastCollectionOn: true } },
      },
    }),
    db.billingAccount.count({ where }),
  ]);
  const day = today();
  const rows: BillingAccountRow[] = accounts.map((a) => {
    const m = a.mandates[0];
    return {
      ref: a.ref,
      name: a.name,
      paymentMethod: a.paymentMethod,
      mandate: m ? { rum: m.rum, state: mandateStateOn({ state: m.state, signedOn: formatDay(m.signedOn), lastCollectionOn: m.lastCollectionOn && formatDay(m.lastCollectionOn) }, day) } : null,
    };
  });
  return {
    company,
    rows,
    total,
    page: safePage,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    mayManage: managesBillingAccountsOf(actor, company),
    billedThroughReseller: company.billingMode === "VIA_REVENDEUR",
  };
}

/** One account through the actor's scope, with its owner; "not found" out of scope. */
export async function findBillingAccountForActor(actor: Actor, ref: string) {
  const normalized = accountRefOf(ref);
  if (!normalized) notFound();
  const account = await db.billingAccount.findFirst({
    where: { AND: [{ ref: normalized }, billingAccountScope(actor)] },
    include: { owner: { select: { id: true, name: true, parentId: true, billingMode: true, isOperator: true } } },
  });
  if (!account) notFound();
  return account;
}

/** The same, for an action that changes it: "not found" too when the actor may see but not manage it. */
export async function findManagedBillingAccount(actor: Actor, ref: string) {
  const account = await findBillingAccountForActor(actor, ref);
  if (!managesBillingAccountsOf(actor, account.owner)) notFound();
  return account;
}

/** *Nouveau compte de facturation* for a company, with the next reference of the `billing_account` series. */
export async function createBillingAccount(actor: Actor, companyId: number, input: BillingAccountInput) {
  const company = await findCompanyForActor(actor, companyId);
  if (!managesBillingAccountsOf(actor, company)) {
    // Those who would manage it were it billed directly are told why; others learn nothing.
    if (mayManageBillingAccounts(editorOf(actor), { ...company, billingMode: "DIRECTE" })) refuseViaReseller(company);
    notFound();
  }
  refuseViaReseller(company);
  return db.$transaction(async (tx) => {
    const ref = billingAccountRef(company.id, await nextNumber(tx, "billing_account"));
    const account = await tx.billingAccount.create({ data: { ref, ownerCompanyId: company.id, ...input, country: "FR" } });
    await audit(tx, {
      actorId: actor.userId,
      action: "billing-account.create",
      targetType: "BillingAccount",
      targetId: ref,
      companyId: company.id,
      details: { name: input.name, paymentMethod: input.paymentMethod, invoiceEmails: input.invoiceEmails },
    });
    return account;
  });
}

/** *Modifier le compte*: its name, invoice addresses, postal address and payment method; the reference stays. */
export async function updateBillingAccount(actor: Actor, ref: string, input: BillingAccountInput): Promise<{ changed: string[] }> {
  const account = await findManagedBillingAccount(actor, ref);
  return db.$transaction(async (tx) => {
    const current = await tx.billingAccount.findUniqueOrThrow({ where: { id: account.id } });
    const changed = (Object.keys(input) as (keyof BillingAccountInput)[]).filter((key) => JSON.stringify(current[key]) !== JSON.stringify(input[key]));
    if (changed.length === 0) return { changed };
    await tx.billingAccount.update({ where: { id: account.id }, data: input });
    await audit(tx, {
      actorId: actor.userId,
      action: "billing-account.update",
      targetType: "BillingAccount",
      targetId: account.ref,
      companyId: account.ownerCompanyId,
      details: { changed, ...Object.fromEntries(changed.map((key) => [key, input[key]])) },
    });
    return { changed };
  });
}
