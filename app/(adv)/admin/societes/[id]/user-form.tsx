"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { createUserAction } from "../actions";

export function UserForm({ companyId }: { companyId: number }) {
  const [state, action] = useActionState(createUserAction.bind(null, companyId), initialFormState);
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-4" noValidate key={JSON.stringify(state)}>
      <FormMessage message={state.message} ok={state.ok} />
      <TextField label="Nom" name="name" defaultValue={v.name} errors={state.errors?.name} maxLength={120} required />
      <TextField label="Email" name="email" type="email" defaultValue={v.email} errors={state.errors?.email} maxLength={254} required />
      <div className="space-y-1">
        <label htmlFor="field-role" className="block text-sm font-medium text-slate-800">
          Rôle
        </label>
        <select id="field-role" name="role" defaultValue={v.role ?? "ADMINISTRATEUR"} className="block w-full rounded border-2 border-field bg-white px-3 py-2">
          <option value="ADMINISTRATEUR">Administrateur</option>
          <option value="UTILISATEUR">Utilisateur</option>
        </select>
        <FieldErrors errors={state.errors?.role} />
      </div>
      <SubmitButton>Créer l&apos;utilisateur</SubmitButton>
    </form>
  );
}
