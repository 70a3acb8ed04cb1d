"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/server/authz";
import { setLegalInterestRate, waivePenalties } from "@/lib/server/penalties";
import { formValues, refused } from "@/lib/server/action-errors";
import { formatRateBp, halfYearLabel } from "@/lib/domain/penalties";
import type { FormState } from "@/lib/form-state";

const PAGE = "/admin/penalites";
const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/** The legal interest rate of a half-year (SPEC §13); the lib checks the actor is ADV. */
export async function legalRateAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  try {
    const { halfYearStart, rateBp } = await setLegalInterestRate(actor, { year: text(formData, "year"), half: text(formData, "half"), rate: text(formData, "rate") });
    revalidatePath(PAGE);
    return { ok: true, message: `Taux d'intérêt légal du ${halfYearLabel(halfYearStart)} enregistré : ${formatRateBp(rateBp)}.` };
  } catch (error) {
    return refused(error, values);
  }
}

/** What a row's form answers: which invoice, so that only its row shows the errors. */
export type WaiverState = FormState & { invoice?: string };

/** *Renoncer* to the penalties of one invoice paid late (reason required); the lib checks the actor is ADV. */
export async function waiverAction(_previous: WaiverState, formData: FormData): Promise<WaiverState> {
  const actor = await requireActor();
  const invoice = text(formData, "invoice");
  const values = formValues(formData);
  try {
    const number = await waivePenalties(actor, invoice, text(formData, "reason"));
    revalidatePath(PAGE);
    return { ok: true, invoice, message: `Les pénalités de la facture ${number} sont abandonnées : la facture de pénalités ne les comptera pas.` };
  } catch (error) {
    return { ...refused(error, values), invoice };
  }
}
