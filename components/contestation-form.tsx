"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage, SubmitButton } from "@/components/form";
import { initialFormState, type FormState } from "@/lib/form-state";

/** *Contester la facture*: a reason, within 30 days of the issue (seed 003 art. 9.1). */
export function ContestationForm({ action: contest, deadline }: { action: (previous: FormState, formData: FormData) => Promise<FormState>; deadline: string }) {
  const [state, action] = useActionState(contest, initialFormState);
  return (
    <form action={action} className="space-y-3">
      <p className="text-sm text-slate-700">
        Vous pouvez contester cette facture jusqu&apos;au {deadline}. La contestation ne dispense pas de son paiement ; une réduction accordée prend la forme d&apos;un avoir déduit de la facture suivante.
      </p>
      <FormMessage message={state.message} ok={state.ok} />
      <div className="space-y-1">
        <label htmlFor="reason" className="block text-sm font-medium text-slate-800">
          Motif de la contestation
        </label>
        <textarea
          id="reason"
          name="reason"
          rows={4}
          maxLength={2000}
          defaultValue={state.values?.reason ?? ""}
          aria-invalid={state.errors?.reason ? true : undefined}
          aria-describedby={state.errors?.reason ? "reason-errors" : undefined}
          className="block w-full rounded border-2 border-field bg-white px-3 py-2 text-slate-900 focus:border-brand focus:outline-none aria-invalid:border-accent"
        />
        <FieldErrors id="reason-errors" errors={state.errors?.reason} />
      </div>
      <SubmitButton>Contester la facture</SubmitButton>
    </form>
  );
}
