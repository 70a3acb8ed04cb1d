"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireStaff } from "@/lib/server/authz";
import { decideContestation } from "@/lib/server/contestations";
import { parseEuros } from "@/lib/server/invoices";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";
import { multiLineText, singleLineText } from "@/lib/domain/text";

const decisionSchema = z
  .object({
    outcome: z.enum(["ACCEPTEE", "ACCEPTEE_PARTIELLEMENT", "REJETEE"], { error: "Choisissez une décision." }),
    amount: singleLineText(),
    reason: multiLineText().min(5, "Motivez la décision (5 caractères au moins).").max(2000, "Le motif ne peut dépasser 2 000 caractères."),
  })
  .superRefine((value, ctx) => {
    if (value.outcome === "ACCEPTEE_PARTIELLEMENT" && (parseEuros(value.amount) ?? 0) <= 0) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "Saisissez le montant accordé en euros HT, par exemple 20,00." });
    }
  });

export async function decideContestationAction(contestationId: number, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaff("ADV", "SUPPORT");
  const values = formValues(formData);
  const parsed = decisionSchema.safeParse({ outcome: formData.get("outcome") ?? "", amount: formData.get("amount") ?? "", reason: formData.get("reason") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  const { outcome, amount, reason } = parsed.data;
  let creditNote: Awaited<ReturnType<typeof decideContestation>>;
  try {
    creditNote = await decideContestation(actor, contestationId, { outcome, amountCents: outcome === "ACCEPTEE_PARTIELLEMENT" ? parseEuros(amount) : null, reason });
  } catch (error) {
    return refused(error, values);
  }
  redirect(creditNote ? `/admin/contestations?avoir=${creditNote.number}` : "/admin/contestations?rejetee=1");
}
