"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/server/authz";
import { unstable_update } from "@/lib/server/auth";
import { sessionVersionGrant } from "@/lib/server/session-version";
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

/** *Modifier mes informations*: name and phone at once, a new email after confirmation. */
export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = profileSchema.safeParse({ name: formData.get("name") ?? "", email: formData.get("email") ?? "", phone: formData.get("phone") ?? "" });
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

/**
 * *Changer mon mot de passe*. Every session of the user ends with the change; this one moves to the
 * new session version. Then a redirect, not a returned message: setting the cookie makes Next render
 * the page again in this request, and that render reads the session from the request headers, which
 * still carry the old cookie (it would send the user to the login page). A redirect's render gets the
 * new cookie.
 */
export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const parsed = passwordChangeSchema.safeParse({
    current: formData.get("current") ?? "",
    password: formData.get("password") ?? "",
    confirmation: formData.get("confirmation") ?? "",
  });
  if (!parsed.success) return invalid(parsed.error);
  let change: Awaited<ReturnType<typeof changePassword>>;
  try {
    change = await changePassword(actor, parsed.data);
  } catch (error) {
    return refused(error);
  }
  try {
    await unstable_update(sessionVersionGrant(actor.userId, change.previousSessionVersion, change.sessionVersion) as never);
  } catch (error) {
    // The password is changed all the same; this session then ends like the others.
    console.error("session refresh after a password change failed", error);
  }
  redirect("/mon-profil?mot-de-passe=modifie");
}
