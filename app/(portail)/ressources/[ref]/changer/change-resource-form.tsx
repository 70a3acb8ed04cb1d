"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage, SubmitButton } from "@/components/form";
import { initialFormState, type FormState } from "@/lib/form-state";

type Target = { ref: string; offer: string; service: string };

/** The eligible resources as a choice list (one option each, as on the activation form), then *Confirmer le changement*. */
export function ChangeResourceForm({ action, targets }: { action: (previous: FormState, formData: FormData) => Promise<FormState>; targets: Target[] }) {
  const [state, run] = useActionState(action, initialFormState);
  return (
    <form action={run} className="max-w-xl space-y-4">
      <FormMessage message={state.message} />
      <div className="space-y-1">
        <label htmlFor="field-target" className="block text-sm font-medium text-slate-800">
          Nouvelle ressource (disponible, même catégorie de forfait)
        </label>
        <select
          id="field-target"
          name="target"
          required
          defaultValue={targets[0].ref}
          aria-invalid={state.errors?.target ? true : undefined}
          aria-describedby={state.errors?.target ? "target-errors" : undefined}
          className="block w-full rounded border-2 border-field bg-white px-3 py-2"
        >
          {targets.map((t) => (
            <option key={t.ref} value={t.ref}>
              {t.offer} – {t.ref} (service {t.service})
            </option>
          ))}
        </select>
        <FieldErrors id="target-errors" errors={state.errors?.target} />
      </div>
      <SubmitButton>Confirmer le changement</SubmitButton>
    </form>
  );
}
