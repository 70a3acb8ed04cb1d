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
