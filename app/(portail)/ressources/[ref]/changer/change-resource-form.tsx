"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage, SubmitButton } from "@/components/form";
import { initialFormState, type FormState } from "@/lib/form-state";

type Target = { ref: string; offer: string; service: string };

/** The eligible resources as a choice list, then *Confirmer le changement*. */
export function ChangeResourceForm({ action, targets }: { action: (previous: FormState, formData: FormData) => Promise<FormState>; targets: Target[] }) {
  const [state, run] = useActionState(action, initialFormState);
  return (
    <form action={run} className="space-y-4">
      <FormMessage message={state.message} />
      <fieldset aria-describedby={state.errors?.target ? "target-errors" : undefined}>
        <legend className="mb-2 text-sm font-medium text-slate-800">Nouvelle ressource (disponible, même catégorie de forfait)</legend>
        <ul className="space-y-2">
          {targets.map((t, i) => (
            <li key={t.ref}>
              <label className="flex items-center gap-3 rounded border border-slate-300 bg-white px-3 py-2 hover:bg-slate-50">
                <input type="radio" name="target" value={t.ref} defaultChecked={i === 0} required />
                <span>
                  <span className="font-medium">{t.offer}</span> <span className="text-sm text-slate-600">– {t.ref} (service {t.service})</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        <FieldErrors id="target-errors" errors={state.errors?.target} />
      </fieldset>
      <SubmitButton>Confirmer le changement</SubmitButton>
    </form>
  );
}
