"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireStaffAdministrator } from "@/lib/server/authz";
import { changeStaffRole, inviteStaffUser, newStaffUserSchema } from "@/lib/server/staff-users";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";

/** *Inviter un membre de l'équipe*: the link goes out by email. */
export async function inviteStaffUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaffAdministrator();
  const values = formValues(formData);
  const parsed = newStaffUserSchema.safeParse({
    name: formData.get("name") ?? "",
    email: formData.get("email") ?? "",
    staffRole: formData.get("staffRole") ?? "",
    administrator: formData.get("administrator") === "on",
  });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const user = await inviteStaffUser(actor, parsed.data);
    revalidatePath("/admin/equipe");
    return { ok: true, message: `${user.name} a été invité(e) avec l'identifiant ${user.identifier} ; le lien d'initialisation du mot de passe lui a été envoyé.` };
  } catch (error) {
    return refused(error, values);
  }
}

const staffRoleSchema = z.object({ userId: z.coerce.number().int(), staffRole: z.enum(["ADV", "SUPPORT"]) });

/** ADV ↔ Support for one member of the team. */
export async function changeStaffRoleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaffAdministrator();
  const parsed = staffRoleSchema.safeParse({ userId: formData.get("userId"), staffRole: formData.get("staffRole") });
  if (!parsed.success) return { message: "Choisissez un rôle : ADV ou Support." };
  try {
    await changeStaffRole(actor, parsed.data.userId, parsed.data.staffRole);
  } catch (error) {
    return refused(error);
  }
  revalidatePath("/admin/equipe");
  return { ok: true, message: `Le rôle a été changé : ${parsed.data.staffRole === "ADV" ? "ADV" : "Support"}.` };
}
