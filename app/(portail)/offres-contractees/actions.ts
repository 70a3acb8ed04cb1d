"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/server/authz";
import { cancelTermination, requestTermination } from "@/lib/server/terminations";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";
import { terminationSchema } from "@/lib/termination-form";

/** *Résilier l'offre contractée* → *Continuer*: the server recomputes and records, then confirms. */
export async function terminateAction(ref: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = terminationSchema.safeParse({ requestedOn: formData.get("requestedOn") ?? "", comment: formData.get("comment") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await requestTermination(actor, ref, parsed.data);
  } catch (error) {
    return refused(error, values);
  }
  revalidatePath(`/offres-contractees/${ref}`);
  redirect(`/offres-contractees/${ref}/resiliation`);
}

export async function cancelTerminationAction(ref: string, _previous: FormState): Promise<FormState> {
  const actor = await requireActor();
  try {
    await cancelTermination(actor, ref);
  } catch (error) {
    return refused(error);
  }
  revalidatePath(`/offres-contractees/${ref}`);
  redirect(`/offres-contractees/${ref}?resiliation=annulee`);
}

/** Terminating under a price increase (SPEC §11): no date to choose, no fee; the box must be ticked. */
export async function terminateUnderPriceIncreaseAction(ref: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  if (formData.get("confirm") !== "on") return { message: "Le formulaire contient des erreurs.", errors: { confirm: ["Cochez la case pour confirmer la résiliation."] } };
  try {
    await requestTermination(actor, ref, { requestedOn: "", comment: "Résiliation sans frais à la suite d'une hausse de prix (CGV art. 13).", underPriceIncrease: true });
  } catch (error) {
    return refused(error);
  }
  revalidatePath(`/offres-contractees/${ref}`);
  redirect(`/offres-contractees/${ref}/resiliation`);
}
