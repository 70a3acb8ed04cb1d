"use client";

import { useActionState } from "react";
import { addContactAction, removeContactAction, updateCompanyDetailsAction, updateContactAction } from "./details-actions";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState, type FormState } from "@/lib/form-state";
import { CONTACT_ROLES, type ContactRole } from "@/lib/domain/master-data";
import { TableHead } from "@/components/ui";

export type ContactRow = { id: number; role: ContactRole; name: string; email: string; phone: string | null };

/** Refused: the submitted values; otherwise what is saved (the page re-renders with it). */
const shown = (state: FormState) => (state.ok ? undefined : state.values);

type Details = { street: string | null; postcode: string | null; city: string | null; vatNumber: string | null };

/** *Adresse légale et TVA* (SPEC §12): France only for now; the VAT number must carry the company's SIREN. */
export function CompanyDetailsForm({ companyId, siren, details }: { companyId: number; siren: string; details: Details }) {
  const [state, action] = useActionState(updateCompanyDetailsAction, initialFormState);
  const v = shown(state);
  return (
    <form action={action} noValidate className="space-y-3" key={JSON.stringify(v ?? details)} aria-label="Adresse légale et numéro de TVA">
      <input type="hidden" name="companyId" value={companyId} />
      <FormMessage message={state.message} ok={state.ok} />
      <TextField label="Adresse" name="street" defaultValue={v?.street ?? details.street ?? ""} errors={state.errors?.street} maxLength={300} required />
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
        <TextField label="Code postal" name="postcode" defaultValue={v?.postcode ?? details.postcode ?? ""} errors={state.errors?.postcode} maxLength={10} required />
        <TextField label="Ville" name="city" defaultValue={v?.city ?? details.city ?? ""} errors={state.errors?.city} maxLength={120} required />
      </div>
      <p className="text-sm text-slate-700">
        <span className="font-medium text-slate-800">Pays :</span> France
      </p>
      <TextField
        label="Numéro de TVA intracommunautaire (facultatif)"
        name="vatNumber"
        defaultValue={v?.vatNumber ?? details.vatNumber ?? ""}
        errors={state.errors?.vatNumber}
        maxLength={40}
        hint={`Pour une société française : FR, la clé à 2 chiffres puis le SIREN (${siren}).`}
      />
      <SubmitButton>Enregistrer l&apos;adresse</SubmitButton>
    </form>
  );
}

function RoleSelect({ id, defaultValue, errors }: { id: string; defaultValue: string; errors?: string[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Rôle
      </label>
      <select
        id={id}
        name="role"
        defaultValue={defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-errors` : undefined}
        className="block w-full rounded border-2 border-field bg-white px-3 py-2"
      >
        {Object.entries(CONTACT_ROLES).map(([role, label]) => (
          <option key={role} value={role}>
            {label}
          </option>
        ))}
      </select>
      <FieldErrors id={`${id}-errors`} errors={errors} />
    </div>
  );
}

/** The fields of a contact; `prefix` keeps the ids unique with one form per row. */
function ContactFields({ prefix, state, contact }: { prefix: string; state: FormState; contact?: ContactRow }) {
  const v = shown(state);
  return (
    <>
      <RoleSelect id={`${prefix}-role`} defaultValue={v?.role ?? contact?.role ?? "FACTURATION"} errors={state.errors?.role} />
      <TextField id={`${prefix}-name`} label="Nom" name="name" defaultValue={v?.name ?? contact?.name ?? ""} errors={state.errors?.name} maxLength={120} required />
      <TextField id={`${prefix}-email`} label="Email" name="email" type="email" defaultValue={v?.email ?? contact?.email ?? ""} errors={state.errors?.email} maxLength={254} required />
      <TextField
        id={`${prefix}-phone`}
        label="Téléphone (facultatif)"
        name="phone"
        type="tel"
        defaultValue={v?.phone ?? contact?.phone ?? ""}
        errors={state.errors?.phone}
        maxLength={40}
        hint="Exemples : 01 23 45 67 89, +33 6 12 34 56 78"
      />
    </>
  );
}

export function AddContactForm({ companyId }: { companyId: number }) {
  const [state, action] = useActionState(addContactAction, initialFormState);
  return (
    <form action={action} noValidate className="space-y-3" key={JSON.stringify(shown(state) ?? state.message ?? "")} aria-labelledby="add-contact-title">
      <h3 id="add-contact-title" className="font-semibold">
        Ajouter un contact
      </h3>
      <input type="hidden" name="companyId" value={companyId} />
      <FormMessage message={state.message} ok={state.ok} />
      <div className="grid gap-3 md:grid-cols-2">
        <ContactFields prefix="new-contact" state={state} />
      </div>
      <SubmitButton>Ajouter le contact</SubmitButton>
    </form>
  );
}

/** A contact's row: *Modifier* opens its form, with *Supprimer ce contact* under it. */
function ContactActions({ companyId, contact, remove, removing }: { companyId: number; contact: ContactRow; remove: (formData: FormData) => void; removing: boolean }) {
  const [state, action] = useActionState(updateContactAction, initialFormState);
  const prefix = `contact-${contact.id}`;
  return (
    <details className="min-w-64">
      <summary className="cursor-pointer text-brand underline">
        Modifier<span className="sr-only"> le contact {contact.name}</span>
      </summary>
      <form action={action} noValidate className="mt-2 space-y-2" key={JSON.stringify(shown(state) ?? contact)} aria-label={`Modifier le contact ${contact.name}`}>
        <input type="hidden" name="companyId" value={companyId} />
        <input type="hidden" name="contactId" value={contact.id} />
        <FormMessage message={state.message} ok={state.ok} />
        <ContactFields prefix={prefix} state={state} contact={contact} />
        <SubmitButton>Enregistrer</SubmitButton>
      </form>
      <form action={remove} className="mt-3 border-t border-slate-200 pt-3">
        <input type="hidden" name="companyId" value={companyId} />
        <input type="hidden" name="contactId" value={contact.id} />
        <button type="submit" disabled={removing} className="rounded border border-accent px-3 py-1.5 text-sm font-medium text-accent hover:bg-red-50 disabled:opacity-60">
          Supprimer ce contact<span className="sr-only"> : {contact.name}</span>
        </button>
      </form>
    </details>
  );
}

/**
 * The company's contacts; the actions column only for who may edit them. A removal's outcome shows above the
 * table, which outlives the removed row.
 */
export function ContactsTable({ companyId, contacts, editable }: { companyId: number; contacts: ContactRow[]; editable: boolean }) {
  const [removal, remove, removing] = useActionState(removeContactAction, initialFormState);
  return (
    <div className="space-y-3">
      <FormMessage message={removal.message} ok={removal.ok} />
      {contacts.length === 0 ? <p className="text-slate-600">Aucun contact n&apos;est renseigné.</p> : <ContactRows companyId={companyId} contacts={contacts} editable={editable} remove={remove} removing={removing} />}
    </div>
  );
}

function ContactRows({ companyId, contacts, editable, remove, removing }: { companyId: number; contacts: ContactRow[]; editable: boolean; remove: (formData: FormData) => void; removing: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Contacts de la société</caption>
        <TableHead headings={["Rôle", "Nom", "Email", "Téléphone", ...(editable ? ["Actions"] : [])]} />
        <tbody>
          {contacts.map((contact) => (
            <tr key={contact.id} className="border-b border-slate-100 align-top">
              <td className="px-2 py-2 whitespace-nowrap">{CONTACT_ROLES[contact.role]}</td>
              <td className="px-2 py-2">{contact.name}</td>
              <td className="px-2 py-2">{contact.email}</td>
              <td className="px-2 py-2 whitespace-nowrap">{contact.phone ?? "—"}</td>
              {editable && (
                <td className="px-2 py-2">
                  <ContactActions companyId={companyId} contact={contact} remove={remove} removing={removing} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
