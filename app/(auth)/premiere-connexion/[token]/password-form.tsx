"use client";

import { useActionState, useState } from "react";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { passwordPolicyErrors } from "@/lib/domain/password-policy";
import { savePassword } from "./actions";

/** Seed 000's *Génération de votre mot de passe*, with the unmet rules listed as the user types. */
export function PasswordForm({ token, identifier }: { token: string; identifier: string }) {
  const [state, action] = useActionState(savePassword.bind(null, token), initialFormState);
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const live = password || confirmation ? passwordPolicyErrors(password, confirmation || null, identifier) : [];
  return (
    <form action={action} className="space-y-4" noValidate>
      <p role="note" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <span aria-hidden="true">⚠ </span>Votre mot de passe doit comporter au moins 8 caractères, 1 majuscule, 1 chiffre, 1 caractère spécial
      </p>
      <FormMessage message={state.message} />
      <TextField label="Créez votre mot de passe" name="password" type="password" autoComplete="new-password" onChange={(e) => setPassword(e.target.value)} errors={state.errors?.password} required />
      <TextField label="Confirmez votre mot de passe" name="confirmation" type="password" autoComplete="new-password" onChange={(e) => setConfirmation(e.target.value)} errors={state.errors?.confirmation} required />
      {live.length > 0 && (
        <div aria-live="polite" className="rounded border border-slate-200 bg-slate-50 px-3 py-2">
          <p className="text-sm font-medium text-slate-800">Règles non respectées :</p>
          <FieldErrors id="password-live-rules" errors={live} />
        </div>
      )}
      <SubmitButton className="w-full">Valider</SubmitButton>
    </form>
  );
}
