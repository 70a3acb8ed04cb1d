"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/server/authz";
import { contestInvoice } from "@/lib/server/contestations";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";
import { multiLineText } from "@/lib/domain/text";

const contestationSchema = z.object({
  reason: multiLineText().min(10, "Expliquez le motif de la contestation (10 caractères au moins).").max(2000, "Le motif ne peut dépasser 2 000 caractères."),
});

export async function contestInvoiceAction(number: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = contestationSchema.safeParse({ reason: formData.get("reason") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await contestInvoice(actor, number, parsed.data.reason);
  } catch (error) {
    return refused(error, values);
  }
  redirect(`/factures/${encodeURIComponent(number)}?contestee=1`);
}
