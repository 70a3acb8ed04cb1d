"use client";

import { Link } from "@/components/link";
import { useActionState } from "react";
import { FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { forgotPassword } from "./actions";

export function ForgotPasswordForm() {
  const [state, action] = useActionState(forgotPassword, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <p className="text-sm text-slate-700">Saisissez votre identifiant : vous recevrez par email un lien pour choisir un nouveau mot de passe.</p>
      <FormMessage message={state.message} ok={state.ok} />
      <TextField label="Identifiant" name="identifier" placeholder="E-000000XXXX" autoComplete="username" errors={state.errors?.identifier} required />
      <SubmitButton className="w-full">Envoyer le lien</SubmitButton>
      <p className="text-center text-sm">
        <Link href="/connexion" className="text-brand underline">
          Retour à la connexion
        </Link>
      </p>
    </form>
  );
}
