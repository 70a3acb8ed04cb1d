"use client";

import { useActionState, useState } from "react";
import { FormMessage, SubmitButton, TextField } from "@/components/form";
import { PasswordChecklist } from "@/components/password-checklist";
import { initialFormState } from "@/lib/form-state";
import { changePasswordAction } from "./actions";

/** *Changer mon mot de passe*: the current one, then the new one with the policy checked as it is typed. */
export function PasswordChangeForm({ identifier }: { identifier: string }) {
  const [state, action] = useActionState(changePasswordAction, initialFormState);
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  // React empties the form after each submission: the checklist follows (state adjusted during render).
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setPassword("");
    setConfirmation("");
  }
  return (
    <form action={action} className="space-y-4" noValidate aria-labelledby="password-form-title">
      <h2 id="password-form-title" className="text-lg font-semibold text-slate-900">
        Changer mon mot de passe
      </h2>
      <FormMessage message={state.message} ok={state.ok} />
      <TextField label="Mot de passe actuel" name="current" type="password" autoComplete="current-password" errors={state.errors?.current} required />
      <TextField
        label="Nouveau mot de passe"
        name="password"
        type="password"
        autoComplete="new-password"
        onChange={(e) => setPassword(e.target.value)}
        errors={state.errors?.password}
        required
      />
      <TextField
        label="Confirmez le nouveau mot de passe"
        name="confirmation"
        type="password"
        autoComplete="new-password"
        onChange={(e) => setConfirmation(e.target.value)}
        errors={state.errors?.confirmation}
        required
      />
      <PasswordChecklist id="password-change-rules" password={password} confirmation={confirmation} identifier={identifier} />
      <p className="text-sm text-slate-600">Toutes vos autres sessions seront fermées ; celle-ci reste ouverte.</p>
      <SubmitButton>Changer le mot de passe</SubmitButton>
    </form>
  );
}
