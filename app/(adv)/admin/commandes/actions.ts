"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireStaff } from "@/lib/server/authz";
import { advanceOrder, assignPilot } from "@/lib/server/orders";
import { refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";
import { multiLineText, singleLineText } from "@/lib/domain/text";

const stepSchema = z.object({
  step: z.enum(["assign-pilot", "validate", "refuse", "start-delivery", "deliver"]),
  pilotId: z.coerce.number().int().optional(),
  reason: multiLineText().max(1000, "Le motif ne doit pas dépasser 1 000 caractères.").optional(),
  deliveredOn: singleLineText().optional(),
});

const DONE = {
  "assign-pilot": "Le pilote a été affecté.",
  validate: "La commande est validée.",
  refuse: "La commande est refusée.",
  "start-delivery": "La commande est en cours de livraison.",
  deliver: "La livraison est enregistrée : l'offre contractée, ses services et ressources sont créés.",
} as const;

/** One ADV step on an order; the orderer is emailed by the service. */
export async function orderStepAction(ref: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaff("ADV");
  const parsed = stepSchema.safeParse({
    step: formData.get("step"),
    pilotId: formData.get("pilotId") || undefined,
    reason: formData.get("reason") ?? undefined,
    deliveredOn: formData.get("deliveredOn") ?? undefined,
  });
  if (!parsed.success) return { message: parsed.error.issues[0]?.message ?? "Action inconnue." };
  const { step, pilotId, reason, deliveredOn } = parsed.data;
  try {
    if (step === "assign-pilot") await assignPilot(actor, ref, pilotId ?? -1);
    else await advanceOrder(actor, ref, step, { reason, deliveredOn });
  } catch (error) {
    return refused(error);
  }
  revalidatePath(`/admin/commandes/${ref}`);
  return { ok: true, message: DONE[step] };
}
