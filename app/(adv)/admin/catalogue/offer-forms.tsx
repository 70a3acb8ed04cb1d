"use client";

import { useActionState, useState } from "react";
import { createOfferAction, publishPriceAction, setOfferActiveAction, updateOfferAction } from "./actions";
import { FormMessage, SelectField, SubmitButton, TextField } from "@/components/form";
import { initialFormState, type FormState } from "@/lib/form-state";
import { FAMILY_LABELS, OVERAGE_MODE_LABELS, PLAN_CATEGORY_LABELS } from "@/lib/domain/offer-form";

type Values = Record<string, string>;
type Errors = FormState["errors"];


function Checkbox({ id, name, label, defaultChecked }: { id: string; name: string; label: string; defaultChecked: boolean }) {
  return (
    <label htmlFor={id} className="flex items-start gap-2 text-sm">
      <input id={id} type="checkbox" name={name} defaultChecked={defaultChecked} className="mt-1" />
      <span>{label}</span>
    </label>
  );
}

function Group({ legend, children }: { legend: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-3 rounded border border-slate-200 p-3">
      <legend className="px-1 text-sm font-semibold text-slate-700">{legend}</legend>
      <div className="grid gap-3 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

const none: [string, string][] = [["", "—"]];
const entries = (labels: Record<string, string>): [string, string][] => Object.entries(labels);

/**
 * The fields of an offer (SPEC §11), shown by family: an OpenSIM plan's category, allowance and caps, an option's
 * family, telephony's voice channels. A creation also has the code and the first fees.
 */
function OfferFields({ mode, values, errors }: { mode: "create" | "edit"; values: Values; errors: Errors }) {
  // The family and the overage mode choose which fields show; their selects stay uncontrolled (defaultValue), so
  // that React's reset of the form after an action agrees with what is shown (the form remounts on each new state).
  const [family, setFamily] = useState(values.family ?? "");
  const [overageMode, setOverageMode] = useState(values.overageMode ?? "");
  const id = (name: string) => `${mode}-offer-${name}`;
  const field = (name: string, label: string, extra: { hint?: string; required?: boolean; maxLength?: number; placeholder?: string; type?: string } = {}) => (
    <TextField key={`${name}`} id={id(name)} label={label} name={name} defaultValue={values[name] ?? ""} errors={errors?.[name]} maxLength={extra.maxLength ?? 40} {...extra} />
  );
  return (
    <div className="space-y-4">
      <Group legend="Offre">
        {mode === "create" && field("code", "Code", { required: true, hint: "1 à 40 caractères : lettres, chiffres, - et _ (ex. ACC-FIBRE-1G). Il ne change plus ensuite." })}
        {field("name", "Nom", { required: true, maxLength: 120 })}
        <SelectField
          id={id("family")}
          label="Famille"
          name="family"
          defaultValue={family}
          onChange={(event) => setFamily(event.target.value)}
          options={[["", "Choisissez une famille"], ...entries(FAMILY_LABELS)]}
          errors={errors?.family}
          required
        />
        {family === "OPTION" && (
          <SelectField
            id={id("optionOfFamily")}
            label="Option des offres de la famille"
            name="optionOfFamily"
            defaultValue={values.optionOfFamily ?? ""}
            options={[...none, ...entries(FAMILY_LABELS).filter(([value]) => value !== "OPTION")]}
            errors={errors?.optionOfFamily}
          />
        )}
      </Group>
      {family === "OPENSIM" && (
        <Group legend="Forfait OpenSIM">
          <SelectField id={id("planCategory")} label="Catégorie" name="planCategory" defaultValue={values.planCategory ?? ""} options={[...none, ...entries(PLAN_CATEGORY_LABELS)]} errors={errors?.planCategory} />
          <SelectField
            id={id("overageMode")}
            label="Au-delà du forfait"
            name="overageMode"
            defaultValue={overageMode}
            onChange={(event) => setOverageMode(event.target.value)}
            options={[...none, ...entries(OVERAGE_MODE_LABELS)]}
            errors={errors?.overageMode}
          />
          {overageMode !== "METERED" && field("allowanceGo", "Volume inclus (Go)", { hint: "Un nombre entier de Go." })}
          {overageMode === "METERED" && field("meteredPricePerMib", "Prix au Mio HT (€)", { hint: "Jusqu'à 4 décimales, par exemple 0,01." })}
          {overageMode === "METERED" && field("cap", "Plafond hors forfait HT (€, facultatif)", { hint: "La ligne est bloquée à ce montant." })}
          {field("roamingCap", "Plafond hors de France HT (€, facultatif)")}
        </Group>
      )}
      <Group legend="Prix et durées">
        {mode === "create" && field("monthlyFee", "Mensuel HT (€)", { required: true, placeholder: "12,50", hint: "Le premier prix de l'offre ; il change ensuite par un nouveau prix daté." })}
        {mode === "create" && field("oneOffFee", "Frais uniques HT (€)", { placeholder: "0,00" })}
        {field("commitmentMonths", "Engagement (mois)", { required: true, hint: "0 : sans engagement." })}
        {field("renewalMonths", "Reconduction (mois)", { required: true })}
        {field("noticeMonths", "Préavis (mois)", { required: true })}
        {field("terminationFeePerLine", "Frais de résiliation par ligne HT (€, facultatif)")}
      </Group>
      <Group legend="Services">
        {family === "IP_TELEPHONY" && field("voiceChannelsPerUnit", "Canaux voix par unité (facultatif)", { hint: "Appels simultanés surveillés ; vide : pas de surveillance." })}
        <div className="space-y-2 sm:col-span-2">
          <Checkbox id={id("unlimitedCalls")} name="unlimitedCalls" label="Appels illimités vers les fixes et mobiles de France" defaultChecked={values.unlimitedCalls === "on"} />
          <Checkbox id={id("gtr")} name="gtr" label="Garantie de temps de rétablissement (GTR)" defaultChecked={values.gtr === "on"} />
        </div>
      </Group>
    </div>
  );
}

export function NewOfferForm() {
  const [state, action] = useActionState(createOfferAction, initialFormState);
  const values = state.ok ? { oneOffFee: "0,00", noticeMonths: "1" } : (state.values ?? { oneOffFee: "0,00", noticeMonths: "1" });
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Créer une offre" key={JSON.stringify(state)}>
      <FormMessage message={state.message} ok={state.ok} />
      <OfferFields mode="create" values={values} errors={state.errors} />
      <SubmitButton>Créer l&apos;offre</SubmitButton>
    </form>
  );
}

export function EditOfferForm({ code, current }: { code: string; current: Values }) {
  const [state, action] = useActionState(updateOfferAction, initialFormState);
  const values = state.ok ? current : (state.values ?? current);
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Modifier l'offre" key={JSON.stringify(state) + JSON.stringify(current)}>
      <FormMessage message={state.message} ok={state.ok} />
      <input type="hidden" name="offerCode" value={code} />
      <OfferFields mode="edit" values={values} errors={state.errors} />
      <SubmitButton>Enregistrer</SubmitButton>
    </form>
  );
}

/** *Retirer de la vente* / *Remettre en vente*. */
export function OfferSaleForm({ code, active }: { code: string; active: boolean }) {
  const [state, action, pending] = useActionState(setOfferActiveAction, initialFormState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="offerCode" value={code} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <FormMessage message={state.message} ok={state.ok} />
      <button
        type="submit"
        disabled={pending}
        className={`rounded px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 ${active ? "bg-accent" : "bg-brand hover:bg-brand-dark"}`}
      >
        {active ? "Retirer de la vente" : "Remettre en vente"}
      </button>
    </form>
  );
}

/** *Publier un nouveau prix*: its date and its fees HT; the hint says what an increase implies (SPEC §11). */
export function PublishPriceForm({ code, today, current, hint }: { code: string; today: string; current: { monthlyFee: string; oneOffFee: string }; hint: string }) {
  const [state, action] = useActionState(publishPriceAction, initialFormState);
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-3" noValidate aria-label="Publier un nouveau prix" key={JSON.stringify(state)}>
      <FormMessage message={state.message} ok={state.ok} />
      <input type="hidden" name="offerCode" value={code} />
      <p className="text-sm text-slate-700">
        {hint}
      </p>
      <TextField id="price-effectiveOn" label="Date d'effet" name="effectiveOn" type="date" defaultValue={values.effectiveOn ?? today} errors={state.errors?.effectiveOn} required />
      <TextField id="price-monthlyFee" label="Mensuel HT (€)" name="monthlyFee" defaultValue={values.monthlyFee ?? current.monthlyFee} errors={state.errors?.monthlyFee} maxLength={20} required />
      <TextField id="price-oneOffFee" label="Frais uniques HT (€)" name="oneOffFee" defaultValue={values.oneOffFee ?? current.oneOffFee} errors={state.errors?.oneOffFee} maxLength={20} required />
      <SubmitButton>Publier le prix</SubmitButton>
    </form>
  );
}
