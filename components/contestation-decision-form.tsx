"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage, SubmitButton, TextArea } from "@/components/form";
import { initialFormState, type FormState } from "@/lib/form-state";

const OUTCOMES: [string, string][] = [
  ["ACCEPTEE", "Accepter totalement (avoir du montant HT de la facture)"],
  ["ACCEPTEE_PARTIELLEMENT", "Accepter partiellement (avoir du montant accordé)"],
  ["REJETEE", "Rejeter"],
];

/** ADV's decision on one contestation. */
export function ContestationDecisionForm({ action: decide, invoiceNumber }: { action: (previous: FormState, formData: FormData) => Promise<FormState>; invoiceNumber: string }) {
  const [state, action] = useActionState(decide, initialFormState);
  const prefix = `decision-${invoiceNumber}`;
  return (
    <form action={action} className="mt-4 space-y-3 border-t border-slate-200 pt-4">
      <FormMessage message={state.message} />
      <fieldset className="space-y-1" aria-describedby={state.errors?.outcome ? `${prefix}-outcome-errors` : undefined}>
        <legend className="text-sm font-medium text-slate-800">Décision</legend>
        {OUTCOMES.map(([value, label]) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input type="radio" name="outcome" value={value} defaultChecked={state.values?.outcome === value} /> {label}
          </label>
        ))}
        <FieldErrors id={`${prefix}-outcome-errors`} errors={state.errors?.outcome} />
      </fieldset>
      <div className="space-y-1">
        <label htmlFor={`${prefix}-amount`} className="block text-sm font-medium text-slate-800">Montant accordé HT (€, acceptation partielle)</label>
        <input id={`${prefix}-amount`} name="amount" inputMode="decimal" defaultValue={state.values?.amount ?? ""} aria-invalid={state.errors?.amount ? true : undefined} aria-describedby={state.errors?.amount ? `${prefix}-amount-errors` : undefined} className="block w-48 rounded border-2 border-field bg-white px-3 py-2 aria-invalid:border-accent" />
        <FieldErrors id={`${prefix}-amount-errors`} errors={state.errors?.amount} />
      </div>
      <TextArea id={`${prefix}-reason`} label="Motif de la décision" name="reason" rows={3} maxLength={2000} defaultValue={state.values?.reason ?? ""} errors={state.errors?.reason} />
      <SubmitButton>Enregistrer la décision</SubmitButton>
    </form>
  );
}
