"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { publishTermsAction } from "./actions";

export function TermsForm({ defaultDay }: { defaultDay: string }) {
  const [state, action] = useActionState(publishTermsAction, initialFormState);
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-4" noValidate key={JSON.stringify(state)}>
      <FormMessage message={state.message} ok={state.ok} />
      <TextField label="Version" name="label" defaultValue={v.label} errors={state.errors?.label} maxLength={60} placeholder="2027-01" required />
      <TextField label="Date d'entrée en vigueur" name="effectiveOn" type="date" defaultValue={v.effectiveOn ?? defaultDay} errors={state.errors?.effectiveOn} required />
      <div className="space-y-1">
        <label htmlFor="field-body" className="block text-sm font-medium text-slate-800">
          Texte des conditions
        </label>
        <textarea id="field-body" name="body" rows={10} defaultValue={v.body} className="block w-full rounded border-2 border-field bg-white px-3 py-2 text-sm" />
        <FieldErrors errors={state.errors?.body} />
      </div>
      <SubmitButton>Publier</SubmitButton>
    </form>
  );
}
