"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/server/authz";
import { assignBankEntry, dismissBankEntry, recordManualPayment } from "@/lib/server/payments";
import { formValues, refused } from "@/lib/server/action-errors";
import { formatEuros, parseEurosToCents } from "@/lib/domain/money";
import type { FormState } from "@/lib/form-state";

const PAGE = "/admin/paiements";
const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/** *Enregistrer un paiement reçu*: a cheque or a transfer, by hand; the lib checks the actor is ADV. */
export async function recordPaymentAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const input = {
    invoice: text(formData, "invoice"), kind: text(formData, "kind"), amount: text(formData, "amount"),
    receivedOn: text(formData, "receivedOn"), reference: text(formData, "reference"), requestKey: text(formData, "requestKey"),
  };
  try {
    const { invoiceNumber, duplicate } = await recordManualPayment(actor, input);
    revalidatePath(PAGE); // a fresh requestKey for the next payment
    if (duplicate) return { ok: true, message: `Ce paiement était déjà enregistré sur la facture ${invoiceNumber} (formulaire envoyé deux fois) : rien de plus n'a été enregistré.` };
    const amount = parseEurosToCents(input.amount);
    const what = `${input.kind === "CHEQUE" ? "Chèque" : "Virement"}${"cents" in amount ? ` de ${formatEuros(amount.cents)}` : ""}`;
    return { ok: true, message: `${what} enregistré sur la facture ${invoiceNumber}.` };
  } catch (error) {
    return refused(error, values);
  }
}

/** What a row of *Écritures à affecter* answers: which entry, so that its row shows the errors. */
export type EntryState = FormState & { entryId?: number };

/** *Affecter* (to the invoice typed on the row) or *Classer* one statement entry; the lib checks the actor is ADV. */
export async function settleBankEntryAction(_previous: EntryState, formData: FormData): Promise<EntryState> {
  const actor = await requireActor();
  const entryId = Number(text(formData, "entryId"));
  if (!Number.isSafeInteger(entryId) || entryId <= 0) return { message: "Cette écriture n'existe pas : rechargez la page." };
  const values = formValues(formData);
  try {
    if (text(formData, "decision") === "dismiss") {
      await dismissBankEntry(actor, entryId);
      revalidatePath(PAGE);
      return { ok: true, entryId, message: "L'écriture a été classée : elle ne figure plus dans la liste." };
    }
    const invoiceNumber = await assignBankEntry(actor, entryId, text(formData, "invoice"));
    revalidatePath(PAGE);
    return { ok: true, entryId, message: `L'écriture a été affectée à la facture ${invoiceNumber}.` };
  } catch (error) {
    return { ...refused(error, values), entryId };
  }
}
