"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/components/form";
import { initialFormState, type FormState } from "@/lib/form-state";

/** *Annuler la résiliation*, until the end of the 3rd working day before its date (SPEC §3 rule 7). */
export function CancelTerminationForm({ action: cancel, until }: { action: (previous: FormState) => Promise<FormState>; until: string }) {
  const [state, action] = useActionState(cancel, initialFormState);
  return (
    <form action={action} className="mt-3 space-y-2">
      <FormMessage message={state.message} />
      <SubmitButton>Annuler la résiliation</SubmitButton>
      <p className="text-xs text-slate-700">Possible jusqu&apos;au {until} inclus.</p>
    </form>
  );
}
