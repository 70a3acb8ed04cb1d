"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { createCompanyAction } from "./actions";

const UNIVERSES = [
  ["CLIENT", "Univers client"],
  ["REVENDEUR", "Univers revendeur"],
  ["OPERATEUR", "Univers opérateur"],
] as const;

export function CompanyForm({ legalForms }: { legalForms: [string, string][] }) {
  const [state, action] = useActionState(createCompanyAction, initialFormState);
  const v = state.values ?? {};
  return (
    <form action={action} className="space-y-4" noValidate key={JSON.stringify(v)}>
      <FormMessage message={state.message} ok={state.ok} />
      <TextField label="Raison sociale" name="name" defaultValue={v.name} errors={state.errors?.name} maxLength={200} required />
      <div className="space-y-1">
        <label htmlFor="field-legalForm" className="block text-sm font-medium text-slate-800">
          Statut
        </label>
        <select id="field-legalForm" name="legalForm" defaultValue={v.legalForm ?? ""} className="block w-full rounded border-2 border-field bg-white px-3 py-2">
          <option value="" disabled>
            Choisissez…
          </option>
          {legalForms.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <FieldErrors errors={state.errors?.legalForm} />
      </div>
      <TextField label="SIRET" name="siret" defaultValue={v.siret} errors={state.errors?.siret} hint="14 chiffres" maxLength={20} required />
      <TextField label="Société parente (identifiant, facultatif)" name="parentId" defaultValue={v.parentId} errors={state.errors?.parentId} maxLength={9} />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">Univers</legend>
        {UNIVERSES.map(([value, label]) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="universes" value={value} defaultChecked={value === "CLIENT"} /> {label}
          </label>
        ))}
        <FieldErrors errors={state.errors?.universes} />
      </fieldset>
      <SubmitButton>Créer la société</SubmitButton>
    </form>
  );
}
