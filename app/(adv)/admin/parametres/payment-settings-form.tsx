"use client";

import { useActionState } from "react";
import { updatePaymentSettingsAction } from "./actions";
import { FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import type { PaymentSettingsInput } from "@/lib/domain/payment-settings";

/** The payment settings as saved; a refused form keeps what was typed. */
export function PaymentSettingsForm({ current }: { current: PaymentSettingsInput }) {
  const [state, action] = useActionState(updatePaymentSettingsAction, initialFormState);
  const values: Partial<PaymentSettingsInput> = state.ok ? current : (state.values ?? current);
  return (
    <form action={action} className="space-y-4" aria-label="Paramètres de paiement">
      <FormMessage message={state.message} ok={state.ok} />
      <TextField
        label="Délai de pré-notification des prélèvements (jours)"
        name="preNotificationDays"
        defaultValue={values.preNotificationDays}
        errors={state.errors?.preNotificationDays}
        hint="De 2 à 14 jours calendaires entre l'émission d'une facture et son prélèvement, reporté au jour ouvré TARGET suivant (5 par défaut)."
        maxLength={4}
        required
      />
      <TextField
        label="Délai de paiement par virement (jours)"
        name="transferPaymentDays"
        defaultValue={values.transferPaymentDays}
        errors={state.errors?.transferPaymentDays}
        hint="Échéance des factures qui ne sont pas prélevées : de 1 à 60 jours après leur émission (30 par défaut)."
        maxLength={4}
        required
      />
      <TextField
        label="Frais de rejet de prélèvement (€ HT)"
        name="debitReturnFee"
        defaultValue={values.debitReturnFee}
        errors={state.errors?.debitReturnFee}
        hint="Facturés sur la facture suivante après un prélèvement rejeté ou remboursé ; 100,00 € au plus (15,00 par défaut)."
        maxLength={20}
        required
      />
      <SubmitButton>Enregistrer</SubmitButton>
    </form>
  );
}
