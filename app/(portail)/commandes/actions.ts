"use server";

import { redirect } from "next/navigation";
import { requireActor } from "@/lib/server/authz";
import { createOrder, newOrderSchema } from "@/lib/server/orders";
import { formValues, refused } from "@/lib/server/action-errors";
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
