"use server";

import { requestPasswordReset } from "@/lib/server/users";
import type { FormState } from "@/lib/form-state";

export async function forgotPassword(_previous: FormState, formData: FormData): Promise<FormState> {
  const identifier = String(formData.get("identifier") ?? "").slice(0, 64);
  if (!identifier.trim()) return { errors: { identifier: ["Saisissez votre identifiant."] } };
  await requestPasswordReset(identifier);
  // The same answer whether the identifier exists or not (SPEC §2).
  return {
    ok: true,
    message: "Si cet identifiant correspond à un compte actif, un email contenant un lien de réinitialisation (valide 1 heure) vient d'être envoyé à son adresse.",
  };
}
