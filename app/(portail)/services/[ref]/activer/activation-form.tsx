"use client";

import { useActionState, useState } from "react";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { activateAction } from "@/app/(portail)/ressources/actions";
import { PORTING_DEFAULT_MAX_DAYS, PORTING_EXTENDED_MAX_DAYS } from "@/lib/domain/mobile-line";

type Props = {
  resources: { ref: string; offer: string }[];
  selected?: string;
  porting: { min: string; max: string; extendedMax: string };
};

export function ActivationForm({ resources, selected, porting }: Props) {
  const [state, run] = useActionState(activateAction, initialFormState);
  const values = state.values ?? {};
  const [numbering, setNumbering] = useState(values.numbering ?? "new");
  const [extended, setExtended] = useState(values.extendedPorting === "on");
  return (
    <form action={run} className="max-w-xl space-y-4">
      <FormMessage message={state.message} />
      <div className="space-y-1">
        <label htmlFor="field-resource" className="block text-sm font-medium text-slate-800">Ressource disponible</label>
        {/* Keyed on the submitted value: after a refusal, React's form reset would bring back the first option. */}
        <select key={values.resource} id="field-resource" name="resource" defaultValue={values.resource ?? selected ?? resources[0].ref} className="block w-full rounded border-2 border-field bg-white px-3 py-2">
          {resources.map((r) => (
            <option key={r.ref} value={r.ref}>
              {r.offer} – {r.ref}
            </option>
          ))}
        </select>
        <FieldErrors errors={state.errors?.resource} />
      </div>
      <TextField label="Carte SIM (ICCID)" name="iccid" defaultValue={values.iccid} errors={state.errors?.iccid} hint="19 ou 20 chiffres commençant par 89, imprimés au dos de la carte." autoComplete="off" required />
      <TextField label="Utilisateur" name="userName" defaultValue={values.userName} errors={state.errors?.userName} maxLength={120} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Numéro</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="numbering" value="new" checked={numbering === "new"} onChange={() => setNumbering("new")} /> Nouveau numéro
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="numbering" value="ported" checked={numbering === "ported"} onChange={() => setNumbering("ported")} /> Conserver un numéro (portabilité)
        </label>
        <FieldErrors errors={state.errors?.numbering} />
      </fieldset>
      {numbering === "ported" && (
        <div className="space-y-4 rounded border border-slate-200 bg-slate-50 p-4">
          <TextField label="Numéro à porter" name="number" type="tel" defaultValue={values.number} errors={state.errors?.number} placeholder="06 12 34 56 78" required />
          <TextField label="RIO" name="rio" defaultValue={values.rio} errors={state.errors?.rio} hint="12 caractères, obtenus en appelant le 3179 depuis la ligne à porter." maxLength={15} required />
          <div className="space-y-1">
            <label htmlFor="field-portingOn" className="block text-sm font-medium text-slate-800">Date de portabilité</label>
            <input
              id="field-portingOn"
              name="portingOn"
              type="date"
              min={porting.min}
              max={extended ? porting.extendedMax : porting.max}
              defaultValue={values.portingOn}
              required
              aria-invalid={state.errors?.portingOn ? true : undefined}
              className="block rounded border-2 border-field bg-white px-3 py-2 aria-invalid:border-accent"
            />
            <p className="text-xs text-slate-600">Au plus {extended ? PORTING_EXTENDED_MAX_DAYS : PORTING_DEFAULT_MAX_DAYS} jours à compter d&apos;aujourd&apos;hui.</p>
            <FieldErrors errors={state.errors?.portingOn} />
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="extendedPorting" checked={extended} onChange={(e) => setExtended(e.target.checked)} /> Date de portabilité plus lointaine (jusqu&apos;à {PORTING_EXTENDED_MAX_DAYS} jours)
          </label>
        </div>
      )}
      <SubmitButton>Activer la ligne</SubmitButton>
    </form>
  );
}
