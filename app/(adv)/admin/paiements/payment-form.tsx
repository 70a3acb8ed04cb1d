"use client";

import { useActionState } from "react";
import { recordPaymentAction } from "./actions";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";

const KINDS: [string, string][] = [
  ["VIREMENT", "Virement"],
  ["CHEQUE", "Chèque"],
];

/**
 * *Enregistrer un paiement reçu* (SPEC §13). `requestKey` is drawn by the page at each render: a double click sends
 * the same key twice and the payment is recorded once; after a success the page renders again with a new one.
 */
export function ManualPaymentForm({ requestKey, today }: { requestKey: string; today: string }) {
  const [state, action] = useActionState(recordPaymentAction, initialFormState);
  const values = state.ok ? {} : (state.values ?? {});
  const kind = values.kind ?? "VIREMENT";
  return (
    <form action={action} className="space-y-4" aria-label="Enregistrer un paiement reçu" noValidate>
      <FormMessage message={state.message} ok={state.ok} />
      <input type="hidden" name="requestKey" value={requestKey} />
      <TextField label="N° de facture" name="invoice" defaultValue={values.invoice} errors={state.errors?.invoice} placeholder="F00000123" maxLength={20} autoComplete="off" required />
      <fieldset className="space-y-1" aria-describedby={state.errors?.kind?.length ? "field-kind-errors" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Mode de paiement</legend>
        <div className="flex gap-6">
          {KINDS.map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="kind" value={value} defaultChecked={kind === value} className="h-4 w-4 accent-brand" />
              {label}
            </label>
          ))}
        </div>
        <FieldErrors id="field-kind-errors" errors={state.errors?.kind} />
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Montant reçu (€ TTC)" name="amount" defaultValue={values.amount} errors={state.errors?.amount} placeholder="1 200,00" maxLength={20} autoComplete="off" required />
        <TextField label="Date de réception" name="receivedOn" type="date" defaultValue={values.receivedOn ?? today} errors={state.errors?.receivedOn} required />
      </div>
      <TextField
        label="Référence (facultative)"
        name="reference"
        defaultValue={values.reference}
        errors={state.errors?.reference}
        hint="N° du chèque, ou référence du virement sur le relevé."
        maxLength={140}
        autoComplete="off"
      />
      <SubmitButton>Enregistrer le paiement</SubmitButton>
    </form>
  );
}
