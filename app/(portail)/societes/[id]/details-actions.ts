"use server";

import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/server/authz";
import { addContact, companyDetailsSchema, contactSchema, removeContact, updateCompanyDetails, updateContact } from "@/lib/server/company-details";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";

/** The ids a form posts in hidden fields: anything else is "not found" by the services (forged ids included). */
const ids = z.object({ companyId: z.coerce.number().catch(-1), contactId: z.coerce.number().catch(-1) });
const idsOf = (formData: FormData) => ids.parse({ companyId: formData.get("companyId") ?? "", contactId: formData.get("contactId") ?? "" });

const contactFields = (formData: FormData) => ({ role: formData.get("role") ?? "", name: formData.get("name") ?? "", email: formData.get("email") ?? "", phone: formData.get("phone") ?? "" });

/** *Adresse légale et TVA*: street, postcode, city (France) and the intra-EU VAT number. */
export async function updateCompanyDetailsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId } = idsOf(formData);
  const values = formValues(formData);
  const parsed = companyDetailsSchema.safeParse({ street: formData.get("street") ?? "", postcode: formData.get("postcode") ?? "", city: formData.get("city") ?? "", vatNumber: formData.get("vatNumber") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  let changed: string[];
  try {
    ({ changed } = await updateCompanyDetails(actor, companyId, parsed.data));
  } catch (error) {
    unstable_rethrow(error); // out of scope: "not found", not a form error
    return refused(error, values);
  }
  revalidatePath(`/societes/${companyId}`, "layout");
  return { ok: true, message: changed.length ? "L'adresse et le numéro de TVA ont été enregistrés." : "Aucune modification à enregistrer." };
}

export async function addContactAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId } = idsOf(formData);
  const values = formValues(formData);
  const parsed = contactSchema.safeParse(contactFields(formData));
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const contact = await addContact(actor, companyId, parsed.data);
    revalidatePath(`/societes/${companyId}`, "layout");
    return { ok: true, message: `Le contact ${contact.name} a été ajouté.` };
  } catch (error) {
    unstable_rethrow(error);
    return refused(error, values);
  }
}

export async function updateContactAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId, contactId } = idsOf(formData);
  const values = formValues(formData);
  const parsed = contactSchema.safeParse(contactFields(formData));
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await updateContact(actor, companyId, contactId, parsed.data);
  } catch (error) {
    unstable_rethrow(error);
    return refused(error, values);
  }
  revalidatePath(`/societes/${companyId}`, "layout");
  return { ok: true, message: "Le contact a été enregistré." };
}

export async function removeContactAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { companyId, contactId } = idsOf(formData);
  let name: string;
  try {
    ({ name } = await removeContact(actor, companyId, contactId));
  } catch (error) {
    unstable_rethrow(error);
    return refused(error);
  }
  revalidatePath(`/societes/${companyId}`, "layout");
  return { ok: true, message: `Le contact ${name} a été supprimé.` };
}
