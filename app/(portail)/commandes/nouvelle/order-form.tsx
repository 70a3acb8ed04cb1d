"use client";

import { useActionState, useState, useTransition } from "react";
import { createOrderAction } from "../actions";
import { FieldErrors, FormMessage } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { orderTotals } from "@/lib/domain/orders";
import { formatEuros } from "@/lib/domain/money";

export type OfferOption = { id: number; name: string; family: string; monthlyFeeCents: number; oneOffFeeCents: number; commitmentMonths: number };
type Line = { key: number; offerId: string; quantity: string; portingNumber: string; portingRio: string };

const FAMILY_LABELS: Record<string, string> = {
  IP_ACCESS_FIBRE: "Accès IP fibre",
  IP_ACCESS_COPPER: "Accès IP cuivre",
  IP_ACCESS_CELLULAR: "Accès IP cellulaire",
  IP_TELEPHONY: "Téléphonie IP",
  OPENSIM: "Flotte mobile OpenSIM",
  OPTION: "Options",
};

const field = "block w-full rounded border-2 border-field bg-white px-3 py-2 aria-invalid:border-accent";

/** A fixed telephony service a *Modification* may move to another offer, and the day it would take effect. */
export type ModifiableService = { id: number; label: string; offerId: number; effectiveOn: string };

type Props = {
  endClientId: number;
  today: string;
  services: ModifiableService[];
  sites: { id: number; name: string }[];
  billingAccounts: { id: number; label: string }[];
  offers: OfferOption[];
  /** The client orders for itself and is billed through its reseller: no account to pick, no price (SPEC §12). */
  throughReseller?: boolean;
};

/** *Commander*: site, billing account, lines, wished date, porting details; totals HT, VAT, TTC before submitting. */
export function OrderForm({ endClientId, today, services, sites, billingAccounts, offers: catalogue, throughReseller = false }: Props) {
  const [state, action] = useActionState(createOrderAction, initialFormState);
  // Submitted by hand: a form `action` would reset every field after a refusal (React 19).
  const [pending, startTransition] = useTransition();
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  };
  const [type, setType] = useState(state.values?.type ?? "CREATION");
  const [serviceId, setServiceId] = useState(state.values?.serviceId ?? "");
  const modified = type === "MODIFICATION" ? services.find((s) => String(s.id) === serviceId) : undefined;
  // A modification moves a fixed telephony service to another IP telephony offer (SPEC §6).
  const offers = type === "MODIFICATION" ? catalogue.filter((o) => o.family === "IP_TELEPHONY" && o.id !== modified?.offerId) : catalogue;
  const [lines, setLines] = useState<Line[]>([{ key: 0, offerId: "", quantity: "1", portingNumber: "", portingRio: "" }]);
  const update = (key: number, change: Partial<Line>) => setLines((all) => all.map((l) => (l.key === key ? { ...l, ...change } : l)));
  const priced = lines.flatMap((l) => {
    const offer = offers.find((o) => String(o.id) === l.offerId);
    const quantity = Number(l.quantity);
    return offer && Number.isInteger(quantity) && quantity > 0 ? [{ ...offer, quantity }] : [];
  });
  const totals = orderTotals(priced);
  const families = [...new Set(offers.map((o) => o.family))];
  const errors = state.errors ?? {};
  return (
    <form onSubmit={submit} className="space-y-5">
      <FormMessage message={state.message} />
      <input type="hidden" name="endClientId" value={endClientId} />
      <div className="grid gap-4 md:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="type" className="block text-sm font-medium">Type de commande</label>
          <select id="type" name="type" value={type} onChange={(e) => setType(e.target.value)} className={field}>
            <option value="CREATION">Création</option>
            <option value="PORTABILITE">Portabilité</option>
            {services.length > 0 && <option value="MODIFICATION">Modification</option>}
          </select>
        </div>
        {type === "MODIFICATION" && (
          <div className="space-y-1 md:col-span-2">
            <label htmlFor="serviceId" className="block text-sm font-medium">Service à modifier</label>
            <select id="serviceId" name="serviceId" required value={serviceId} onChange={(e) => setServiceId(e.target.value)} aria-invalid={errors.serviceId ? true : undefined} aria-describedby="serviceId-hint" className={field}>
              <option value="">Choisissez un service de téléphonie fixe</option>
              {services.map((s) => (
                <option key={s.id} value={s.id}>{s.label}</option>
              ))}
            </select>
            <p id="serviceId-hint" className="text-sm text-slate-700">
              {modified ? `La modification prendra effet le ${modified.effectiveOn.split("-").reverse().join("/")}, prochain jour anniversaire du service. ` : ""}
              Un service peut être modifié 2 fois par année civile et 1 fois par mois au plus.
            </p>
            <FieldErrors errors={errors.serviceId} />
          </div>
        )}
        <div className="space-y-1">
          <label htmlFor="wishedOn" className="block text-sm font-medium">Date souhaitée</label>
          <input id="wishedOn" name="wishedOn" type="date" min={today} required defaultValue={state.values?.wishedOn ?? today} aria-invalid={errors.wishedOn ? true : undefined} className={field} />
          <FieldErrors errors={errors.wishedOn} />
        </div>
        <div className="space-y-1">
          <label htmlFor="siteId" className="block text-sm font-medium">Site</label>
          <select id="siteId" name="siteId" required defaultValue={state.values?.siteId ?? ""} aria-invalid={errors.siteId ? true : undefined} className={field}>
            <option value="">Choisissez un site</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
          <FieldErrors errors={errors.siteId} />
        </div>
        {throughReseller ? (
          <p className="text-sm text-slate-700 md:self-end">Vous êtes facturé par votre revendeur : il validera cette commande avant qu&apos;elle soit transmise à OpenIP.</p>
        ) : (
          <div className="space-y-1">
            <label htmlFor="billingAccountId" className="block text-sm font-medium">Compte client</label>
            <select id="billingAccountId" name="billingAccountId" required defaultValue={state.values?.billingAccountId ?? ""} aria-invalid={errors.billingAccountId ? true : undefined} className={field}>
              <option value="">Choisissez un compte client</option>
              {billingAccounts.map((b) => (
                <option key={b.id} value={b.id}>{b.label}</option>
              ))}
            </select>
            <FieldErrors errors={errors.billingAccountId} />
          </div>
        )}
      </div>

      <fieldset className="space-y-3">
        <legend className="font-semibold">Offres commandées</legend>
        <FieldErrors errors={errors.lines} />
        {lines.map((line, index) => {
          const offer = offers.find((o) => String(o.id) === line.offerId);
          const porting = type === "PORTABILITE" && offer?.family === "OPENSIM";
          return (
            <div key={line.key} className="grid items-end gap-3 rounded border border-slate-200 p-3 md:grid-cols-[3fr_1fr_auto]">
              <div className="space-y-1">
                <label htmlFor={`offer-${line.key}`} className="block text-sm font-medium">Offre (ligne {index + 1})</label>
                <select id={`offer-${line.key}`} name={`lines.${index}.offerId`} required value={line.offerId} onChange={(e) => update(line.key, { offerId: e.target.value })} className={field}>
                  <option value="">Choisissez une offre</option>
                  {families.map((family) => (
                    <optgroup key={family} label={FAMILY_LABELS[family] ?? family}>
                      {offers.filter((o) => o.family === family).map((o) => (
                        <option key={o.id} value={o.id}>
                          {throughReseller ? o.name : `${o.name} – ${formatEuros(o.monthlyFeeCents)} HT/mois${o.oneOffFeeCents ? ` + ${formatEuros(o.oneOffFeeCents)} HT` : ""}`}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              </div>
              <div className="space-y-1">
                <label htmlFor={`quantity-${line.key}`} className="block text-sm font-medium">Quantité (ligne {index + 1})</label>
                <input id={`quantity-${line.key}`} name={`lines.${index}.quantity`} type="number" min={1} max={100} required value={line.quantity} onChange={(e) => update(line.key, { quantity: e.target.value })} className={field} />
              </div>
              <button type="button" disabled={lines.length === 1} onClick={() => setLines((all) => all.filter((l) => l.key !== line.key))} className="rounded border border-slate-300 px-3 py-2 text-sm disabled:opacity-50">
                Retirer<span className="sr-only"> la ligne {index + 1}</span>
              </button>
              {porting && (
                <div className="grid gap-3 md:col-span-3 md:grid-cols-2">
                  <div className="space-y-1">
                    <label htmlFor={`number-${line.key}`} className="block text-sm font-medium">Numéro à porter (ligne {index + 1})</label>
                    <input id={`number-${line.key}`} name={`lines.${index}.portingNumber`} value={line.portingNumber} onChange={(e) => update(line.key, { portingNumber: e.target.value })} className={field} />
                  </div>
                  <div className="space-y-1">
                    <label htmlFor={`rio-${line.key}`} className="block text-sm font-medium">RIO (ligne {index + 1})</label>
                    <input id={`rio-${line.key}`} name={`lines.${index}.portingRio`} value={line.portingRio} onChange={(e) => update(line.key, { portingRio: e.target.value })} className={field} />
                  </div>
                </div>
              )}
              <div className="md:col-span-3">
                <FieldErrors errors={errors[`lines.${index}`]} />
              </div>
            </div>
          );
        })}
        <button type="button" hidden={type === "MODIFICATION"} disabled={lines.length >= 20} onClick={() => setLines((all) => [...all, { key: Math.max(...all.map((l) => l.key)) + 1, offerId: "", quantity: "1", portingNumber: "", portingRio: "" }])} className="rounded border border-brand px-3 py-1.5 text-sm font-medium text-brand">
          Ajouter une offre
        </button>
      </fieldset>

      <div className="space-y-1">
        <label htmlFor="comment" className="block text-sm font-medium">Commentaire</label>
        <textarea id="comment" name="comment" rows={2} maxLength={1000} defaultValue={state.values?.comment} className={field} />
      </div>

      {!throughReseller && (
      <table className="w-full max-w-xl text-left text-sm" aria-label="Récapitulatif">
        <thead className="text-xs text-slate-600 uppercase">
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-1">Récapitulatif</th>
            <th scope="col" className="py-1">HT</th>
            <th scope="col" className="py-1">TVA 20 %</th>
            <th scope="col" className="py-1">TTC</th>
          </tr>
        </thead>
        <tbody>
          {([["Mensuel", totals.monthly], ["Frais uniques", totals.oneOff]] as const).map(([label, t]) => (
            <tr key={label} className="border-b border-slate-100">
              <th scope="row" className="py-1 font-medium">{label}</th>
              <td className="py-1">{formatEuros(t.ht)}</td>
              <td className="py-1">{formatEuros(t.vat)}</td>
              <td className="py-1">{formatEuros(t.ttc)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
      <button type="submit" disabled={pending} className="inline-flex items-center gap-2 rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60">
        <span aria-hidden="true">✓</span> Valider la commande
      </button>
    </form>
  );
}
