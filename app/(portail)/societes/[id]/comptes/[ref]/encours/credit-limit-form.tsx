"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { setCreditLimitAction } from "./actions";

/** Staff's *Seuil d'encours (€ TTC)* of one account (SPEC §13): the current value, empty for no threshold. */
export function CreditLimitForm({ companyId, accountRef, current }: { companyId: number; accountRef: string; current: string }) {
  const [state, action] = useActionState(setCreditLimitAction, initialFormState);
  // Refused: what was typed; otherwise what is saved.
  const value = state.ok ? current : (state.values?.creditLimit ?? current);
  return (
    <form action={action} noValidate className="space-y-3" key={`${current}|${state.message ?? ""}`} aria-label={`Seuil d'encours du compte ${accountRef}`}>
      <input type="hidden" name="companyId" value={companyId} />
      <input type="hidden" name="ref" value={accountRef} />
      <FormMessage message={state.message} ok={state.ok} />
      <TextField
        id="credit-limit"
        label="Seuil d'encours (€ TTC)"
        name="creditLimit"
        defaultValue={value}
        errors={state.errors?.creditLimit}
        maxLength={20}
        hint="Par exemple 500 ou 500,00. Laissez vide pour ne fixer aucun seuil."
      />
      <SubmitButton>Enregistrer le seuil</SubmitButton>
    </form>
  );
}
