"use server";

import { redirect } from "next/navigation";
import { setPasswordWithToken } from "@/lib/server/users";
import { DomainError } from "@/lib/domain/errors";
import type { FormState } from "@/lib/form-state";

export async function savePassword(token: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const password = String(formData.get("password") ?? "");
  const confirmation = String(formData.get("confirmation") ?? "");
  try {
    await setPasswordWithToken(token, password, confirmation);
  } catch (error) {
    if (error instanceof DomainError) return { message: error.message, errors: error.fieldErrors };
    throw error;
  }
  redirect("/mot-de-passe-enregistre");
}
