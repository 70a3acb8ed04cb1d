"use client";

import { useActionState } from "react";
import { orderStepAction } from "../actions";
import { FieldErrors, FormMessage } from "@/components/form";
import { initialFormState } from "@/lib/form-state";

type Props = { orderRef: string; state: string; pilotId: number | null; pilots: { id: number; name: string }[]; today: string };

const button = "rounded bg-brand px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-dark";
const input = "rounded border-2 border-field bg-white px-2 py-1.5 text-sm";

/** The ADV actions the order's state allows. */
export function OrderSteps({ orderRef, state, pilotId, pilots, today }: Props) {
  const [result, action] = useActionState(orderStepAction.bind(null, orderRef), initialFormState);
  const open = state !== "LIVREE" && state !== "REFUSEE";
  return (
    <div className="space-y-4">
      <FormMessage message={result.message} ok={result.ok} />
      {open && (
        <form action={action} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="step" value="assign-pilot" />
          <label className="text-sm font-medium">
            Pilote ADV
            <select name="pilotId" defaultValue={pilotId ?? ""} className={`ml-2 ${input}`}>
              <option value="">Choisissez</option>
              {pilots.map((p) => (
                <option key={p.id} value={p.id}>{p.name}</option>
              ))}
            </select>
          </label>
          <button type="submit" className={button}>Affecter le pilote</button>
        </form>
      )}
      {state === "SOUMISE" && (
        <form action={action}>
          <input type="hidden" name="step" value="validate" />
          <button type="submit" className={button}>Valider la commande</button>
        </form>
      )}
      {state === "VALIDEE" && (
        <form action={action}>
          <input type="hidden" name="step" value="start-delivery" />
          <button type="submit" className={button}>Passer en cours de livraison</button>
        </form>
      )}
      {state === "EN_COURS_DE_LIVRAISON" && (
        <form action={action} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="step" value="deliver" />
          <label className="text-sm font-medium">
            Date de livraison
            <input type="date" name="deliveredOn" max={today} defaultValue={today} required className={`ml-2 ${input}`} />
          </label>
          <button type="submit" className={button}>Enregistrer la livraison</button>
          <FieldErrors errors={result.errors?.deliveredOn} />
        </form>
      )}
      {(state === "SOUMISE" || state === "VALIDEE") && (
        <form action={action} className="space-y-2">
          <input type="hidden" name="step" value="refuse" />
          <label htmlFor="reason" className="block text-sm font-medium">Motif du refus</label>
          <textarea id="reason" name="reason" rows={2} maxLength={1000} className={`block w-full ${input}`} />
          <FieldErrors errors={result.errors?.reason} />
          <button type="submit" className="rounded bg-accent px-3 py-1.5 text-sm font-medium text-white">Refuser la commande</button>
        </form>
      )}
    </div>
  );
}
