"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { pendingEmailAction, updateProfileAction } from "./actions";

type Props = { name: string; email: string; phone: string | null; pendingEmail: string | null };

/** *Modifier mes informations*: name, email (with the current password, changed once confirmed from the new address) and phone. */
export function ProfileForm({ name, email, phone, pendingEmail }: Props) {
  const [state, action] = useActionState(updateProfileAction, initialFormState);
  // Refused: the submitted values; otherwise what is saved (the page re-renders with it).
  const v = state.ok ? undefined : state.values;
  return (
    <form action={action} className="space-y-4" noValidate key={JSON.stringify(v ?? [name, email, phone])} aria-labelledby="profile-form-title">
      <h2 id="profile-form-title" className="text-lg font-semibold text-slate-900">
        Modifier mes informations
      </h2>
      <FormMessage message={state.message} ok={state.ok} />
      <TextField label="Nom" name="name" defaultValue={v?.name ?? name} errors={state.errors?.name} autoComplete="name" maxLength={120} required />
      <TextField
        label="Adresse email"
        name="email"
        type="email"
        defaultValue={v?.email ?? email}
        errors={state.errors?.email}
        autoComplete="email"
        maxLength={254}
        required
        hint={
          pendingEmail
            ? `Le changement vers ${pendingEmail} attend votre confirmation.`
            : "Un lien de confirmation sera envoyé à la nouvelle adresse : elle ne sera prise en compte qu'une fois confirmée."
        }
      />
      <TextField
        id="profile-current-password"
        label="Mot de passe actuel, pour changer d'adresse email"
        name="current"
        type="password"
        autoComplete="current-password"
        errors={state.errors?.current}
        maxLength={1024}
      />
      <TextField
        label="Téléphone (facultatif)"
        name="phone"
        type="tel"
        defaultValue={v?.phone ?? phone ?? ""}
        errors={state.errors?.phone}
        autoComplete="tel"
        maxLength={40}
        hint="Exemples : 01 23 45 67 89, +33 6 12 34 56 78"
      />
      <SubmitButton>Enregistrer</SubmitButton>
    </form>
  );
}

/**
 * The account's address, and the pending one with *Renvoyer le lien* / *Annuler le changement*. Always
 * mounted, so the confirmation of a cancel stays on screen once the notice is gone.
 */
export function EmailWithPending({ email, pendingEmail }: { email: string; pendingEmail: string | null }) {
  const [state, action, pending] = useActionState(pendingEmailAction, initialFormState);
  const button = "rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50 disabled:opacity-60";
  return (
    <div>
      <span>{email}</span>
      {pendingEmail && (
        <form action={action} className="mt-1 space-y-1 rounded border border-amber-300 bg-amber-50 px-2 py-1.5 text-sm text-amber-900">
          <p>En attente de confirmation : {pendingEmail}</p>
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="op" value="resend" disabled={pending} className={button} aria-label={`Renvoyer le lien de confirmation à ${pendingEmail}`}>
              Renvoyer le lien
            </button>
            <button type="submit" name="op" value="cancel" disabled={pending} className={button} aria-label={`Annuler le changement d'adresse vers ${pendingEmail}`}>
              Annuler le changement
            </button>
          </div>
        </form>
      )}
      {state.message && (
        <p role={state.ok ? "status" : "alert"} className={`mt-1 text-xs ${state.ok ? "text-green-800" : "text-accent"}`}>
          {state.message}
        </p>
      )}
    </div>
  );
}
