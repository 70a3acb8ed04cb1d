"use server";

import { revalidatePath } from "next/cache";
import { requireStaffAdministrator } from "@/lib/server/authz";
import { updatePaymentSettings } from "@/lib/server/operator-settings";
import { formValues, refused } from "@/lib/server/action-errors";
import type { FormState } from "@/lib/form-state";

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/** *Enregistrer* the payment settings (SPEC §13, §17): all of them or none. */
export async function updatePaymentSettingsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaffAdministrator();
  const values = formValues(formData);
  try {
    const { changed } = await updatePaymentSettings(actor, {
      preNotificationDays: text(formData, "preNotificationDays"),
      transferPaymentDays: text(formData, "transferPaymentDays"),
      debitReturnFee: text(formData, "debitReturnFee"),
    });
    if (changed.length === 0) return { ok: true, message: "Aucun changement : ces paramètres étaient déjà enregistrés." };
  } catch (error) {
    return refused(error, values);
  }
  revalidatePath("/admin/parametres");
  return { ok: true, message: "Les paramètres de paiement ont été enregistrés ; ils s'appliquent aux prochaines factures et aux prochains rejets." };
}
