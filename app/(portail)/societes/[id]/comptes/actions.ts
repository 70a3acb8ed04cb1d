"use server";

import { revalidatePath } from "next/cache";
import { redirect, unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/server/authz";
import { billingAccountSchema, createBillingAccount, updateBillingAccount } from "@/lib/server/billing-accounts";
import { amendMandate, bankDetailsSchema, createMandate, newMandateSchema, revokeMandate } from "@/lib/server/mandates";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";
import { singleLineText } from "@/lib/domain/text";

/** What the forms post in hidden fields; anything forged names nothing and the services answer "not found". */
const targets = z.object({
  companyId: z.coerce.number().catch(-1),
  ref: singleLineText().max(40).catch(""),
  rum: singleLineText().max(40).catch(""),
});
const targetsOf = (formData: FormData) => targets.parse({ companyId: formData.get("companyId") ?? "", ref: formData.get("ref") ?? "", rum: formData.get("rum") ?? "" });
const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

function accountFields(formData: FormData) {
  return { name: text(formData, "name"), invoiceEmails: text(formData, "invoiceEmails"), street: text(formData, "street"), postcode: text(formData, "postcode"), city: text(formData, "city"), paymentMethod: text(formData, "paymentMethod") };
}

/** The refused form's values; the invoice addresses may be longer than formValues keeps. */
const accountValues = (formData: FormData) => ({ ...formValues(formData), invoiceEmails: text(formData, "invoiceEmails").slice(0, 3000) });

const accountPath = (companyId: number, ref: string) => `/societes/${companyId}/comptes/${encodeURIComponent(ref)}`;

/** *Créer le compte*, then its page. */
export async function createBillingAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId } = targetsOf(formData);
  const values = accountValues(formData);
  const parsed = billingAccountSchema.safeParse(accountFields(formData));
  if (!parsed.success) return invalid(parsed.error, values);
  let ref: string;
  try {
    ref = (await createBillingAccount(actor, companyId, parsed.data)).ref;
  } catch (error) {
    unstable_rethrow(error); // out of scope: "not found", not a form error
    return refused(error, values);
  }
  revalidatePath(`/societes/${companyId}`, "layout");
  redirect(`${accountPath(companyId, ref)}?cree=1`);
}

/** *Enregistrer le compte*. */
export async function updateBillingAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId, ref } = targetsOf(formData);
  const values = accountValues(formData);
  const parsed = billingAccountSchema.safeParse(accountFields(formData));
  if (!parsed.success) return invalid(parsed.error, values);
  let changed: string[];
  try {
    ({ changed } = await updateBillingAccount(actor, ref, parsed.data));
  } catch (error) {
    unstable_rethrow(error);
    return refused(error, values);
  }
  revalidatePath(`/societes/${companyId}`, "layout");
  return { ok: true, message: changed.length ? "Le compte de facturation a été enregistré." : "Aucune modification à enregistrer." };
}

/** *Enregistrer le mandat*: a new mandate on the account (its RUM generated, or typed by staff), then the account's page. */
export async function createMandateAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId, ref } = targetsOf(formData);
  const values = formValues(formData);
  const parsed = newMandateSchema.safeParse({
    debtorName: text(formData, "debtorName"),
    iban: text(formData, "iban"),
    bic: text(formData, "bic"),
    signedOn: text(formData, "signedOn"),
    rum: text(formData, "rum"),
    lastCollectionOn: text(formData, "lastCollectionOn"),
  });
  if (!parsed.success) return invalid(parsed.error, values);
  let rum: string;
  try {
    rum = (await createMandate(actor, ref, parsed.data)).rum;
  } catch (error) {
    unstable_rethrow(error);
    return refused(error, values);
  }
  // The form gives way to the new mandate's: the page says what happened.
  revalidatePath(accountPath(companyId, ref));
  redirect(`${accountPath(companyId, ref)}?mandat=${encodeURIComponent(rum)}`);
}

/** *Modifier le mandat*: new debtor, IBAN or BIC; the RUM stays. */
export async function amendMandateAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId, ref, rum } = targetsOf(formData);
  const values = formValues(formData);
  const parsed = bankDetailsSchema.safeParse({ debtorName: text(formData, "debtorName"), iban: text(formData, "iban"), bic: text(formData, "bic") });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await amendMandate(actor, rum, parsed.data);
  } catch (error) {
    unstable_rethrow(error);
    return refused(error, values);
  }
  revalidatePath(accountPath(companyId, ref));
  return { ok: true, message: `Le mandat ${rum} a été modifié : sa RUM ne change pas, le prochain prélèvement informera la banque du changement.` };
}

const revokeSchema = z.object({ confirm: z.literal("oui", "Cochez la case pour confirmer la révocation.") });

/** *Révoquer le mandat*, once confirmed. */
export async function revokeMandateAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId, ref, rum } = targetsOf(formData);
  const parsed = revokeSchema.safeParse({ confirm: formData.get("confirm") ?? "" });
  if (!parsed.success) return invalid(parsed.error);
  try {
    await revokeMandate(actor, rum);
  } catch (error) {
    unstable_rethrow(error);
    return refused(error);
  }
  revalidatePath(accountPath(companyId, ref));
  redirect(`${accountPath(companyId, ref)}?revoque=${encodeURIComponent(rum)}`);
}
