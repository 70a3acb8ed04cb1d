"use server";

import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/server/authz";
import { createSite, siteSchema, updateSite } from "@/lib/server/sites";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";

/** The ids a form posts in hidden fields: anything else is "not found" by the services (forged ids included). */
const ids = z.object({ companyId: z.coerce.number().catch(-1), siteId: z.coerce.number().catch(-1) });
const idsOf = (formData: FormData) => ids.parse({ companyId: formData.get("companyId") ?? "", siteId: formData.get("siteId") ?? "" });

function siteFields(formData: FormData) {
  return {
    name: formData.get("name") ?? "",
    address: formData.get("address") ?? "",
    postcode: formData.get("postcode") ?? "",
    city: formData.get("city") ?? "",
    accessNotes: formData.get("accessNotes") ?? "",
  };
}

/** The refused form's values; the access notes may be longer than formValues keeps. */
function valuesOf(formData: FormData) {
  const notes = formData.get("accessNotes");
  return { ...formValues(formData), accessNotes: typeof notes === "string" ? notes.slice(0, 2000) : "" };
}

export async function createSiteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId } = idsOf(formData);
  const values = valuesOf(formData);
  const parsed = siteSchema.safeParse(siteFields(formData));
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const site = await createSite(actor, companyId, parsed.data);
    revalidatePath(`/societes/${companyId}`, "layout");
    return { ok: true, message: `Le site ${site.name} a été créé.` };
  } catch (error) {
    unstable_rethrow(error); // out of scope: "not found", not a form error
    return refused(error, values);
  }
}

export async function updateSiteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId, siteId } = idsOf(formData);
  const values = valuesOf(formData);
  const parsed = siteSchema.safeParse(siteFields(formData));
  if (!parsed.success) return invalid(parsed.error, values);
  let changed: string[];
  try {
    ({ changed } = await updateSite(actor, companyId, siteId, parsed.data));
  } catch (error) {
    unstable_rethrow(error);
    return refused(error, values);
  }
  revalidatePath(`/societes/${companyId}`, "layout");
  return { ok: true, message: changed.length ? "Le site a été enregistré." : "Aucune modification à enregistrer." };
}
