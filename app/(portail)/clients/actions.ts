"use server";

import { notFound, redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actsAsReseller, isStaff, requireActor } from "@/lib/server/authz";
import { createCompany, newCompanySchema } from "@/lib/server/companies";
import { addClientResellerUniverse, setClientActive } from "@/lib/server/clients";
import { newUserSchema } from "@/lib/server/users";
import { formValues, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";

async function requireReseller() {
  const actor = await requireActor();
  if (!actsAsReseller(actor) && !isStaff(actor)) notFound();
  return actor;
}

const newClientSchema = z.object({
  company: newCompanySchema.pick({ name: true, legalForm: true, siret: true, billingMode: true }),
  user: newUserSchema.pick({ name: true, email: true }),
});

/** A reseller creates a client company under itself, with its first user (SPEC §5). */
export async function createClientAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireReseller();
  if (!actsAsReseller(actor)) notFound();
  const values = formValues(formData);
  const parsed = newClientSchema.safeParse({
    company: { name: formData.get("name") ?? "", legalForm: formData.get("legalForm") ?? "", siret: formData.get("siret") ?? "", billingMode: formData.get("billingMode") ?? "" },
    user: { name: formData.get("userName") ?? "", email: formData.get("userEmail") ?? "" },
  });
  if (!parsed.success) {
    // Flatten "company.name" / "user.name" into the form's field names.
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const [group, field] = issue.path as string[];
      const name = group === "user" ? (field === "name" ? "userName" : "userEmail") : field;
      (errors[name] ??= []).push(issue.message);
    }
    return { message: "Le formulaire contient des erreurs.", errors, values };
  }
  let clientId: number;
  try {
    const { company } = await createCompany(
      actor,
      { ...parsed.data.company, parentId: actor.company.id, universes: ["CLIENT"] },
      { ...parsed.data.user, role: "ADMINISTRATEUR" },
    );
    clientId = company.id;
  } catch (error) {
    return refused(error, values);
  }
  redirect(`/clients/${clientId}?cree=1`);
}

function clientIdOf(formData: FormData): number {
  const id = Number(formData.get("clientId"));
  return Number.isSafeInteger(id) ? id : -1;
}

export async function addResellerUniverseAction(formData: FormData) {
  const actor = await requireReseller();
  const clientId = clientIdOf(formData);
  await addClientResellerUniverse(actor, clientId);
  revalidatePath(`/clients/${clientId}`);
}

export async function setClientActiveAction(formData: FormData) {
  const actor = await requireReseller();
  const clientId = clientIdOf(formData);
  await setClientActive(actor, clientId, formData.get("active") === "true");
  revalidatePath(`/clients/${clientId}`);
}
