"use server";

import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/server/authz";
import { newTermsSchema, publishTerms } from "@/lib/server/terms";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import { formatFrenchDate } from "@/lib/domain/calendar-day";
import type { FormState } from "@/lib/form-state";

export async function publishTermsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaff("SUPPORT");
  const values = formValues(formData);
  const parsed = newTermsSchema.safeParse({ label: formData.get("label") ?? "", effectiveOn: formData.get("effectiveOn") ?? "", body: formData.get("body") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const version = await publishTerms(actor, parsed.data);
    revalidatePath("/admin/conditions");
    return { ok: true, message: `Version ${version.label} publiée : chaque utilisateur devra l'accepter à partir du ${formatFrenchDate(parsed.data.effectiveOn)}.` };
  } catch (error) {
    return refused(error, values);
  }
}
