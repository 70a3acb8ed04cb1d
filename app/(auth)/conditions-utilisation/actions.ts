"use server";

import { redirect } from "next/navigation";
import { requireSignedIn } from "@/lib/server/authz";
import { acceptTerms } from "@/lib/server/terms";
import type { FormState } from "@/lib/form-state";

export async function accept(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireSignedIn();
  if (formData.get("accept") !== "on") {
    return { errors: { accept: ["Cochez la case pour accepter les conditions d'utilisation."] } };
  }
  const versionId = Number(formData.get("versionId"));
  if (!Number.isSafeInteger(versionId)) return { message: "Version des conditions inconnue." };
  await acceptTerms(actor, versionId);
  redirect("/ma-societe");
}
