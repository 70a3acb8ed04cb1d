"use server";

import { confirmEmailChange } from "@/lib/server/profile";
import { refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";

/** The *Confirmer* button of a mailed email-change link (a POST: mail scanners only GET links). */
export async function confirmEmailAction(token: string, _previous: FormState, _formData: FormData): Promise<FormState> {
  try {
    const { email } = await confirmEmailChange(token);
    return { ok: true, message: `Votre adresse email a bien été modifiée : les messages de MyOpenIP seront désormais envoyés à ${email}.` };
  } catch (error) {
    return refused(error);
  }
}
