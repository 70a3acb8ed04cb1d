import { z } from "zod";
import { unstable_rethrow } from "next/navigation";
import { DomainError } from "@/lib/domain/errors";
import type { FormState } from "@/lib/form-state";

/** Turns a zod failure into the form's field errors. */
export function invalid(error: z.ZodError, values?: Record<string, string>): FormState {
  return { message: "Le formulaire contient des erreurs.", errors: z.flattenError(error).fieldErrors as FormState["errors"], values };
}

/** Expected refusals reach the user in French; anything else is logged and replaced by a generic message. */
export function refused(error: unknown, values?: Record<string, string>): FormState {
  // Next's "not found" and redirects go through: out of scope stays a 404, never a form message.
  unstable_rethrow(error);
  if (error instanceof DomainError) return { message: error.message, errors: error.fieldErrors, values };
  console.error(error);
  return { message: "Une erreur inattendue est survenue. Réessayez ou contactez le service clients OpenIP.", values };
}

/** FormData as plain strings, to refill a refused form. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string" && !key.startsWith("$")) values[key] = value.slice(0, 500);
  return values;
}
