"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/server/authz";
import { readSession } from "@/lib/server/session-token";
import { cancelEmailChange, changePassword, passwordChangeSchema, profileSchema, resendEmailChange, updateProfile, type ProfileUpdate } from "@/lib/server/profile";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";

function updateMessage({ changed, emailConfirmationSentTo }: ProfileUpdate): string {
  if (changed.length === 0 && !emailConfirmationSentTo) return "Aucune modification à enregistrer.";
  const parts = changed.length > 0 ? ["Vos informations ont été enregistrées."] : [];
  if (emailConfirmationSentTo) {
    parts.push(`Un lien de confirmation a été envoyé à ${emailConfirmationSentTo} : la nouvelle adresse sera prise en compte dès que vous l'aurez confirmée.`);
  }
  return parts.join(" ");
}

/** *Modifier mes informations*: name and phone at once, a new email after confirmation and with the current password. */
export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  // The password is never sent back to refill the form.
  delete values.current;
  const parsed = profileSchema.safeParse({
    name: formData.get("name") ?? "",
    email: formData.get("email") ?? "",
    phone: formData.get("phone") ?? "",
    current: formData.get("current") ?? "",
  });
  if (!parsed.success) return invalid(parsed.error, values);
  let result: ProfileUpdate;
  try {
    result = await updateProfile(actor, parsed.data);
  } catch (error) {
    return refused(error, values);
  }
  revalidatePath("/", "layout");
  return { ok: true, message: updateMessage(result) };
}

/** The buttons of the pending-email notice: send the link again, or drop the change. */
export async function pendingEmailAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const op = formData.get("op");
  let message: string;
  try {
    if (op === "resend") message = `Un nouveau lien de confirmation a été envoyé à ${await resendEmailChange(actor)}.`;
    else if (op === "cancel") {
      await cancelEmailChange(actor);
      message = "Le changement d'adresse email a été annulé.";
    } else return { message: "Action inconnue." };
  } catch (error) {
    return refused(error);
  }
  revalidatePath("/", "layout");
  return { ok: true, message };
}

/** *Changer mon mot de passe*: every other session of the user ends with the change, this one goes on. */
export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const parsed = passwordChangeSchema.safeParse({
    current: formData.get("current") ?? "",
    password: formData.get("password") ?? "",
    confirmation: formData.get("confirmation") ?? "",
  });
  if (!parsed.success) return invalid(parsed.error);
  try {
    await changePassword(actor, parsed.data, (await readSession())?.sid ?? null);
  } catch (error) {
    return refused(error);
  }
  redirect("/mon-profil?mot-de-passe=modifie");
}
