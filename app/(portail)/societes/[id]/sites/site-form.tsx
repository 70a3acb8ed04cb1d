"use client";

import { useActionState } from "react";
import { createSiteAction, updateSiteAction } from "./actions";
import { FormMessage, SubmitButton, TextArea, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";

export type SiteValues = { id: number; name: string; address: string | null; postcode: string | null; city: string | null; accessNotes: string | null };

/** A site's form (SPEC §12): a new one on the *Sites* tab, or one site's on its own page. */
export function SiteForm({ companyId, site }: { companyId: number; site?: SiteValues }) {
  const [state, action] = useActionState(site ? updateSiteAction : createSiteAction, initialFormState);
  // Refused: the submitted values; otherwise what is saved (a new site: an empty form again).
  const v = state.ok ? undefined : state.values;
  const prefix = site ? `site-${site.id}` : "new-site";
  const key = JSON.stringify(v ?? (site ? site : (state.message ?? "")));
  return (
    <form action={action} noValidate className="space-y-3" key={key} aria-label={site ? `Modifier le site ${site.name}` : "Nouveau site"}>
      <input type="hidden" name="companyId" value={companyId} />
      {site && <input type="hidden" name="siteId" value={site.id} />}
      <FormMessage message={state.message} ok={state.ok} />
      <TextField id={`${prefix}-name`} label="Nom du site" name="name" defaultValue={v?.name ?? site?.name ?? ""} errors={state.errors?.name} maxLength={120} required />
      <TextField id={`${prefix}-address`} label="Adresse" name="address" defaultValue={v?.address ?? site?.address ?? ""} errors={state.errors?.address} maxLength={300} required />
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
        <TextField id={`${prefix}-postcode`} label="Code postal" name="postcode" defaultValue={v?.postcode ?? site?.postcode ?? ""} errors={state.errors?.postcode} maxLength={10} required />
        <TextField id={`${prefix}-city`} label="Ville" name="city" defaultValue={v?.city ?? site?.city ?? ""} errors={state.errors?.city} maxLength={120} required />
      </div>
      <TextArea
        id={`${prefix}-access-notes`}
        label="Notes d'accès (facultatif) : codes, étage, horaires"
        name="accessNotes"
        defaultValue={v?.accessNotes ?? site?.accessNotes ?? ""}
        errors={state.errors?.accessNotes}
        maxLength={1000}
        rows={3}
      />
      <SubmitButton>{site ? "Enregistrer le site" : "Créer le site"}</SubmitButton>
    </form>
  );
}
