"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage } from "@/components/form";
import { initialFormState, type FormState } from "@/lib/form-state";

/** *Résilier sans frais avant la hausse de prix* (SPEC §11, seed 003 art. 13), confirmed by a box. */
export function PriceIncreaseTerminationForm({ action: terminate, endOn }: { action: (previous: FormState, formData: FormData) => Promise<FormState>; endOn: string }) {
  const [state, action, pending] = useActionState(terminate, initialFormState);
  return (
    <form action={action} className="mt-3 space-y-2">
      <FormMessage message={state.message} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="confirm" className="mt-1" aria-describedby="confirm-errors" />
        <span>Je résilie cette offre sans frais ni préavis ; son dernier jour de service sera le {endOn}.</span>
      </label>
      <FieldErrors id="confirm-errors" errors={state.errors?.confirm} />
      <button type="submit" disabled={pending} className="rounded bg-accent px-3 py-2 text-sm font-medium text-white hover:opacity-90 disabled:opacity-60">
        Résilier sans frais
      </button>
    </form>
  );
}
