"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage, SubmitButton } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { accept } from "./actions";

export function AcceptTermsForm({ versionId }: { versionId: number }) {
  const [state, action] = useActionState(accept, initialFormState);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="versionId" value={versionId} />
      <div className="flex items-start gap-2">
        <input id="accept" name="accept" type="checkbox" className="mt-1 size-4" aria-describedby={state.errors?.accept ? "accept-errors" : undefined} />
        <label htmlFor="accept" className="text-sm">
          En cochant cette case, j&apos;accepte et je reconnais avoir pris connaissance des conditions d&apos;utilisation
        </label>
      </div>
      <FieldErrors id="accept-errors" errors={state.errors?.accept} />
      <SubmitButton>Valider</SubmitButton>
    </form>
  );
}
