"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/server/authz";
import { holdAccount, liftHold } from "@/lib/server/dunning";
import { formValues, refused } from "@/lib/server/action-errors";
import { formatFrenchDate } from "@/lib/domain/calendar-day";
import type { FormState } from "@/lib/form-state";

const PAGE = "/admin/recouvrement";
const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/** What a row's form answers: which account, so that only its row shows the errors. */
export type HoldState = FormState & { account?: string };

/** *Mettre en attente* (motif, jusqu'au) or *Lever* the active hold of one account; the lib checks the actor is ADV. */
export async function holdAction(_previous: HoldState, formData: FormData): Promise<HoldState> {
  const actor = await requireActor();
  const account = text(formData, "account");
  const values = formValues(formData);
  try {
    if (text(formData, "decision") === "lift") {
      const holdId = Number(text(formData, "holdId"));
      if (!Number.isSafeInteger(holdId) || holdId <= 0) return { account, message: "Cette mise en attente n'existe pas : rechargez la page." };
      const ref = await liftHold(actor, holdId);
      revalidatePath(PAGE);
      return { ok: true, account, message: `La mise en attente du compte ${ref} est levée : les relances reprennent au prochain passage quotidien.` };
    }
    const until = text(formData, "until");
    const { replaced } = await holdAccount(actor, account, { reason: text(formData, "reason"), until });
    revalidatePath(PAGE);
    const note = replaced.length > 0 ? " (elle remplace la précédente)" : "";
    return { ok: true, account, message: `Le compte ${account} est en attente jusqu'au ${formatFrenchDate(until.trim())}${note} : ni relance ni suspension d'ici là.` };
  } catch (error) {
    return { ...refused(error, values), account };
  }
}
