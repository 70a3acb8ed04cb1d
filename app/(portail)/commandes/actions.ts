"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActor } from "@/lib/server/authz";
import { createOrder, decideOrderApproval, newOrderSchema } from "@/lib/server/orders";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import { multiLineText } from "@/lib/domain/text";
import type { FormState } from "@/lib/form-state";

/** The order form's lines arrive as `lines.0.offerId`, `lines.0.quantity`, … */
function linesOf(formData: FormData) {
  const lines: Record<string, string>[] = [];
  for (const [key, value] of formData.entries()) {
    const match = /^lines\.(\d{1,2})\.(offerId|quantity|portingNumber|portingRio)$/.exec(key);
    if (match && typeof value === "string") (lines[Number(match[1])] ??= {})[match[2]] = value;
  }
  return lines.filter(Boolean);
}

export async function createOrderAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = newOrderSchema.safeParse({
    endClientId: formData.get("endClientId"),
    type: formData.get("type") ?? "",
    serviceId: formData.get("serviceId") ?? "",
    siteId: formData.get("siteId") ?? "",
    billingAccountId: formData.get("billingAccountId") ?? "",
    wishedOn: formData.get("wishedOn") ?? "",
    comment: formData.get("comment") ?? "",
    lines: linesOf(formData),
  });
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[issue.path.slice(0, 2).join(".") || "form"] ??= []).push(issue.message);
    return { message: "Le formulaire contient des erreurs.", errors, values };
  }
  let ref: string;
  try {
    ref = (await createOrder(actor, parsed.data)).ref;
  } catch (error) {
    return refused(error, values);
  }
  redirect(`/commandes/${ref}?creee=1`);
}

const approvalSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve"), billingAccountId: z.coerce.number().int().nonnegative() }),
  z.object({
    decision: z.literal("refuse"),
    reason: multiLineText().max(1000, "Le motif ne doit pas dépasser 1 000 caractères."),
  }),
]);

/** The reseller approves its client's order (billed to the account it picks) or refuses it with a reason (SPEC §12). */
export async function decideOrderApprovalAction(ref: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = approvalSchema.safeParse({ decision: formData.get("decision"), billingAccountId: formData.get("billingAccountId") ?? "", reason: formData.get("reason") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const input = parsed.data;
    await decideOrderApproval(actor, ref, input.decision === "approve" ? { approve: true, billingAccountId: input.billingAccountId } : { approve: false, reason: input.reason });
  } catch (error) {
    return refused(error, values);
  }
  revalidatePath(`/commandes/${ref}`);
  // The form goes with the state it decided: the page says what happened.
  redirect(`/commandes/${ref}?${parsed.data.decision === "approve" ? "validee" : "refusee"}=1`);
}
