"use server";

import { after } from "next/server";
import { requestPasswordReset } from "@/lib/server/password-reset-requests";
import type { FormState } from "@/lib/form-state";

export async function forgotPassword(_previous: FormState, formData: FormData): Promise<FormState> {
  const identifier = String(formData.get("identifier") ?? "").slice(0, 64);
  if (!identifier.trim()) return { errors: { identifier: ["Saisissez votre identifiant."] } };
  // The lookup, the token and the email run after the response: the same answer, in the same time, either way (SPEC §2).
  const message = await requestPasswordReset(identifier, { afterAnswer: after });
  return { ok: true, message };
}
