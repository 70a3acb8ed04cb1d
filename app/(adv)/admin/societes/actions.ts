"use server";

import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { requireStaff } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { createCompany, newCompanySchema, setCompanyActive, setBillingMode } from "@/lib/server/companies";
import { createUser, newUserSchema, resendInitialisationLink } from "@/lib/server/users";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";

export async function createCompanyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaff("SUPPORT");
  const values = formValues(formData);
  const parsed = newCompanySchema.safeParse({
    name: formData.get("name") ?? "",
    legalForm: formData.get("legalForm") ?? "",
    siret: formData.get("siret") ?? "",
    parentId: formData.get("parentId") || undefined,
    universes: formData.getAll("universes"),
  });
  if (!parsed.success) return invalid(parsed.error, values);
  let companyId: number;
  try {
    companyId = (await createCompany(actor, parsed.data)).company.id;
  } catch (error) {
    return refused(error, values);
  }
  redirect(`/admin/societes/${companyId}`);
}

async function staffCompany(companyId: number) {
  const actor = await requireStaff("SUPPORT");
  const company = await db.company.findUnique({ where: { id: companyId } });
  return { actor, company };
}

export async function createUserAction(companyId: number, _previous: FormState, formData: FormData): Promise<FormState> {
  const { actor, company } = await staffCompany(companyId);
  if (!company) return { message: "Société introuvable." };
  // The operator's own users are staff: its administrators invite them at /admin/equipe (SPEC §11).
  if (company.isOperator) notFound();
  const values = formValues(formData);
  const parsed = newUserSchema.safeParse({ name: formData.get("name") ?? "", email: formData.get("email") ?? "", role: formData.get("role") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const user = await createUser(actor, company.id, parsed.data);
    revalidatePath(`/admin/societes/${company.id}`);
    return { ok: true, message: `Utilisateur ${user.identifier} créé : le lien d'initialisation du mot de passe a été envoyé à ${user.email}.` };
  } catch (error) {
    return refused(error, values);
  }
}

export async function resendLinkAction(formData: FormData) {
  const actor = await requireStaff("SUPPORT");
  const userId = Number(formData.get("userId"));
  const user = Number.isSafeInteger(userId) ? await db.user.findUnique({ where: { id: userId } }) : null;
  if (!user) redirect("/admin/societes");
  await resendInitialisationLink(actor, user.id);
  redirect(`/admin/societes/${user.companyId}?lien=${user.identifier}`);
}

export async function setCompanyActiveAction(formData: FormData) {
  const companyId = Number(formData.get("companyId"));
  const { actor, company } = await staffCompany(Number.isSafeInteger(companyId) ? companyId : -1);
  if (!company || company.isOperator) redirect("/admin/societes");
  await setCompanyActive(actor, company.id, formData.get("active") === "true");
  redirect(`/admin/societes/${company.id}`);
}

/** Staff switch a reseller's client between direct billing and billing through its reseller (SPEC §17). */
export async function setBillingModeAction(formData: FormData) {
  const companyId = Number(formData.get("companyId"));
  const { actor, company } = await staffCompany(Number.isSafeInteger(companyId) ? companyId : -1);
  if (!company || company.isOperator || company.parentId === null) redirect("/admin/societes");
  const mode = formData.get("billingMode") === "VIA_REVENDEUR" ? "VIA_REVENDEUR" : "DIRECTE";
  await setBillingMode(actor, company.id, mode);
  redirect(`/admin/societes/${company.id}`);
}
