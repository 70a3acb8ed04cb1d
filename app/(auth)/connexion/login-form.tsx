"use client";

import { Link } from "@/components/link";
import { useActionState } from "react";
import { FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { login } from "./actions";

export function LoginForm() {
  const [state, action] = useActionState(login, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <TextField
        label="Identifiant"
        name="identifier"
        placeholder="E-000000XXXX"
        autoComplete="username"
        defaultValue={state.values?.identifier}
        errors={state.errors?.identifier}
        required
      />
      <TextField label="Mot de passe" name="password" type="password" autoComplete="current-password" errors={state.errors?.password} required />
      <SubmitButton className="w-full">Valider</SubmitButton>
      <p className="text-center text-sm">
        <Link href="/mot-de-passe-oublie" className="text-brand underline">
          Mot de passe oublié ?
        </Link>
      </p>
    </form>
  );
}
