"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/server/auth";
import { normalizeUserIdentifier } from "@/lib/domain/identifiers";
import type { FormState } from "@/lib/form-state";

const LOGIN_ERROR = "Identifiant ou mot de passe incorrect";

const loginSchema = z.object({
  identifier: z
    .string()
    .max(64, "L'identifiant est de la forme E-0000001234.")
    .transform((s, ctx) => normalizeUserIdentifier(s) ?? (ctx.addIssue({ code: "custom", message: "L'identifiant est de la forme E-0000001234." }), z.NEVER)),
  password: z.string().min(1, "Saisissez votre mot de passe.").max(256, LOGIN_ERROR),
});

export async function login(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { identifier: String(formData.get("identifier") ?? "").slice(0, 64) };
  const parsed = loginSchema.safeParse({ identifier: formData.get("identifier") ?? "", password: formData.get("password") ?? "" });
  if (!parsed.success) return { errors: z.flattenError(parsed.error).fieldErrors, values };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: "/ma-societe" });
  } catch (error) {
    // A refused login is an AuthError; anything else (the redirect) must go through (STACK.md).
    if (error instanceof AuthError) return { message: LOGIN_ERROR, values };
    throw error;
  }
  return {};
}
