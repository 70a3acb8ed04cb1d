"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { createClientAction } from "../actions";

export function NewClientForm({ legalForms }: { legalForms: [string, string][] }) {
  const [state, action] = useActionState(createClientAction, initialFormState);
  const v = state.values ?? {};
  return (
    <form action={action} className="space-y-5" noValidate key={JSON.stringify(v)}>
      <FormMessage message={state.message} />
      <fieldset className="space-y-4">
        <legend className="mb-2 text-lg font-semibold">Société</legend>
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
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-800">Facturation</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="radio" name="billingMode" value="DIRECTE" defaultChecked={(v.billingMode ?? "DIRECTE") === "DIRECTE"} className="mt-1" />
            <span>Directe : le client a son propre compte de facturation et est facturé par OpenIP</span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input type="radio" name="billingMode" value="VIA_REVENDEUR" defaultChecked={v.billingMode === "VIA_REVENDEUR"} className="mt-1" />
            <span>Via le revendeur : vous êtes facturé pour ses services, il ne voit aucun prix et ses commandes attendent votre validation</span>
          </label>
          <FieldErrors errors={state.errors?.billingMode} />
        </fieldset>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="mb-2 text-lg font-semibold">Premier utilisateur (administrateur)</legend>
        <p className="text-sm text-slate-600">Il recevra par email le lien d&apos;initialisation de son mot de passe, valide 15 jours.</p>
        <TextField label="Nom de l'utilisateur" name="userName" defaultValue={v.userName} errors={state.errors?.userName} maxLength={120} required />
        <TextField label="Email de l'utilisateur" name="userEmail" type="email" defaultValue={v.userEmail} errors={state.errors?.userEmail} maxLength={254} required />
      </fieldset>
      <SubmitButton>Créer le client</SubmitButton>
    </form>
  );
}
