"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, TextArea } from "@/components/form";
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
      <TextArea id="reason" label="Motif de la contestation" name="reason" maxLength={2000} defaultValue={state.values?.reason ?? ""} errors={state.errors?.reason} />
      <SubmitButton>Contester la facture</SubmitButton>
    </form>
  );
}
