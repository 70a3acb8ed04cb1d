"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActor } from "@/lib/server/authz";
import { setCreditLimit } from "@/lib/server/balance";
import { formValues, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";
import { formatEuros } from "@/lib/domain/money";
import { singleLineText } from "@/lib/domain/text";

/** What the form posts; anything forged names nothing and the service answers "not found". */
const fields = z.object({
  companyId: z.coerce.number().catch(-1),
  ref: singleLineText().max(40).catch(""),
  creditLimit: z.string().max(40).catch(""),
});

/** *Enregistrer le seuil* (staff): euros TTC, empty for no threshold. */
export async function setCreditLimitAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId, ref, creditLimit } = fields.parse({ companyId: formData.get("companyId") ?? "", ref: formData.get("ref") ?? "", creditLimit: formData.get("creditLimit") ?? "" });
  let result: Awaited<ReturnType<typeof setCreditLimit>>;
  try {
    result = await setCreditLimit(actor, ref, creditLimit);
  } catch (error) {
    return refused(error, formValues(formData));
  }
  revalidatePath(`/societes/${companyId}/comptes/${encodeURIComponent(ref)}`, "layout");
  if (!result.changed) return { ok: true, message: "Aucune modification à enregistrer." };
  return {
    ok: true,
    message: result.thresholdCents === null ? "Le compte n'a plus de seuil d'encours." : `Seuil d'encours enregistré : ${formatEuros(result.thresholdCents)} TTC.`,
  };
}
