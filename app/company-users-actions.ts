"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActor } from "@/lib/server/authz";
import { changeUserRole, inviteUser, resendUserLink, setUserActive } from "@/lib/server/company-users";
import { newUserSchema } from "@/lib/server/users";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";

/** *Inviter un utilisateur*: name, email and role; the link goes out by email. */
export async function inviteUserAction(companyId: number, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = newUserSchema.safeParse({ name: formData.get("name") ?? "", email: formData.get("email") ?? "", role: formData.get("role") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const user = await inviteUser(actor, companyId, parsed.data);
    revalidatePath("/", "layout");
    return { ok: true, message: `${user.name} a été invité(e) avec l'identifiant ${user.identifier} ; le lien d'initialisation du mot de passe lui a été envoyé.` };
  } catch (error) {
    return refused(error, values);
  }
}

const userActionSchema = z.object({
  userId: z.coerce.number().int(),
  op: z.enum(["make-admin", "make-user", "deactivate", "activate", "resend-link"]),
});

const DONE: Record<z.infer<typeof userActionSchema>["op"], string> = {
  "make-admin": "Le rôle a été changé : administrateur.",
  "make-user": "Le rôle a été changé : utilisateur.",
  deactivate: "L'utilisateur a été désactivé.",
  activate: "L'utilisateur a été réactivé.",
  "resend-link": "Un nouveau lien d'initialisation a été envoyé.",
};

/** One button of a user's row: role, state or a new initialisation link. */
export async function userAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const parsed = userActionSchema.safeParse({ userId: formData.get("userId"), op: formData.get("op") });
  if (!parsed.success) return { message: "Action inconnue." };
  const { userId, op } = parsed.data;
  try {
    if (op === "make-admin" || op === "make-user") await changeUserRole(actor, userId, op === "make-admin" ? "ADMINISTRATEUR" : "UTILISATEUR");
    else if (op === "deactivate" || op === "activate") await setUserActive(actor, userId, op === "activate");
    else await resendUserLink(actor, userId);
  } catch (error) {
    return refused(error);
  }
  revalidatePath("/", "layout");
  return { ok: true, message: DONE[op] };
}
