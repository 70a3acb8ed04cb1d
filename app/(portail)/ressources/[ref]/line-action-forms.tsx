"use client";

import { useActionState, useState } from "react";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState, type FormState } from "@/lib/form-state";
import { SMS_MAX_LENGTH } from "@/lib/domain/mobile-line";

type Action = (previous: FormState, formData: FormData) => Promise<FormState>;

/** One button that runs a line action (*Suspendre*, *Réactiver*, *Réinitialiser le mot de passe de messagerie*). */
export function LineActionButton({ action, label }: { action: (previous: FormState) => Promise<FormState>; label: string }) {
  const [state, run] = useActionState(action, initialFormState);
  return (
    <form action={run} className="space-y-2">
      <SubmitButton className="w-full">{label}</SubmitButton>
      <FormMessage message={state.message} ok={state.ok} />
    </form>
  );
}

/** *Envoyer un SMS* from the line: 160 characters, to a French mobile number. */
export function SmsForm({ action }: { action: Action }) {
  const [state, run] = useActionState(action, initialFormState);
  const [text, setText] = useState("");
  const length = [...text].length;
  return (
    <form action={run} className="space-y-3">
      <FormMessage message={state.message} ok={state.ok} />
      <TextField label="Destinataire" name="to" type="tel" autoComplete="off" placeholder="06 12 34 56 78" defaultValue={state.values?.to} errors={state.errors?.to} required />
      <div className="space-y-1">
        <label htmlFor="sms-text" className="block text-sm font-medium text-slate-800">
          Message
        </label>
        <textarea
          id="sms-text"
          name="text"
          rows={3}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={state.errors?.text ? true : undefined}
          aria-describedby="sms-count"
          className="block w-full rounded border-2 border-field bg-white px-3 py-2 aria-invalid:border-accent"
        />
        <p id="sms-count" className={`text-xs ${length > SMS_MAX_LENGTH ? "text-accent" : "text-slate-600"}`}>
          {length} / {SMS_MAX_LENGTH} caractères
        </p>
        <FieldErrors errors={state.errors?.text} />
      </div>
      <SubmitButton>Envoyer le SMS</SubmitButton>
    </form>
  );
}
