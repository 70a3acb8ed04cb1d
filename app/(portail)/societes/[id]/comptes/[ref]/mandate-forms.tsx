"use client";

import { useActionState, useState } from "react";
import { useRouter } from "next/navigation";
import { FieldErrors, FormMessage, SubmitButton, TextField } from "@/components/form";
import { postUpload } from "@/components/post-upload";
import { initialFormState, type FormState } from "@/lib/form-state";
import { SIGNED_COPY_MAX_BYTES } from "@/lib/domain/mandates";
import { amendMandateAction, createMandateAction, revokeMandateAction } from "../actions";

type Target = { companyId: number; accountRef: string };

function Hidden({ companyId, accountRef, rum }: Target & { rum?: string }) {
  return (
    <>
      <input type="hidden" name="companyId" value={companyId} />
      <input type="hidden" name="ref" value={accountRef} />
      {rum && <input type="hidden" name="rum" value={rum} />}
    </>
  );
}

const IBAN_HINT = "27 caractères pour un IBAN français, par exemple FR76 3000 6000 0112 3456 7890 189.";
const BIC_HINT = "Facultatif : 8 ou 11 caractères, par exemple AGRIFRPPXXX.";

/**
 * *Nouveau mandat*: debtor, IBAN, optional BIC, signature date. Staff recording an existing paper mandate may type
 * its RUM and its last collection's due date.
 */
export function NewMandateForm({ staff, defaultDebtor, today, ...target }: Target & { staff: boolean; defaultDebtor: string; today: string }) {
  const [state, action] = useActionState(createMandateAction, initialFormState);
  const v = state.ok ? undefined : state.values;
  const errors = state.errors ?? {};
  return (
    <form action={action} noValidate className="space-y-3" key={JSON.stringify(v ?? state.message ?? "")} aria-label="Nouveau mandat de prélèvement SEPA">
      <Hidden {...target} />
      <FormMessage message={state.message} ok={state.ok} />
      <TextField id="mandate-debtor" label="Titulaire du compte bancaire" name="debtorName" defaultValue={v?.debtorName ?? defaultDebtor} errors={errors.debtorName} maxLength={140} required />
      <TextField id="mandate-iban" label="IBAN" name="iban" defaultValue={v?.iban ?? ""} errors={errors.iban} maxLength={50} autoComplete="off" hint={IBAN_HINT} required />
      <TextField id="mandate-bic" label="BIC" name="bic" defaultValue={v?.bic ?? ""} errors={errors.bic} maxLength={15} autoComplete="off" hint={BIC_HINT} />
      <TextField id="mandate-signed-on" label="Date de signature" name="signedOn" type="date" defaultValue={v?.signedOn ?? today} errors={errors.signedOn} required />
      {staff && (
        <fieldset className="space-y-3 rounded border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-800">Mandat papier existant (service clients)</legend>
          <TextField id="mandate-rum" label="RUM du mandat existant (facultatif)" name="rum" defaultValue={v?.rum ?? ""} errors={errors.rum} maxLength={35} autoComplete="off" hint="Laissez vide pour que le portail attribue la RUM." />
          <TextField id="mandate-last-collection" label="Échéance du dernier prélèvement (facultatif)" name="lastCollectionOn" type="date" defaultValue={v?.lastCollectionOn ?? ""} errors={errors.lastCollectionOn} />
        </fieldset>
      )}
      <SubmitButton>Enregistrer le mandat</SubmitButton>
    </form>
  );
}

/** *Modifier le mandat*: a change of debtor or bank account amends it; the RUM stays. */
export function AmendMandateForm({ rum, current, ...target }: Target & { rum: string; current: { debtorName: string; iban: string; bic: string | null } }) {
  const [state, action] = useActionState(amendMandateAction, initialFormState);
  const v = state.ok ? undefined : state.values;
  const errors = state.errors ?? {};
  return (
    <form action={action} noValidate className="space-y-3" key={JSON.stringify(v ?? current)} aria-label={`Modifier le mandat ${rum}`}>
      <Hidden {...target} rum={rum} />
      <FormMessage message={state.message} ok={state.ok} />
      <TextField id="amend-debtor" label="Titulaire du compte bancaire" name="debtorName" defaultValue={v?.debtorName ?? current.debtorName} errors={errors.debtorName} maxLength={140} required />
      <TextField id="amend-iban" label="IBAN" name="iban" defaultValue={v?.iban ?? current.iban} errors={errors.iban} maxLength={50} autoComplete="off" hint={IBAN_HINT} required />
      <TextField id="amend-bic" label="BIC" name="bic" defaultValue={v?.bic ?? current.bic ?? ""} errors={errors.bic} maxLength={15} autoComplete="off" hint={BIC_HINT} />
      <SubmitButton>Modifier le mandat</SubmitButton>
    </form>
  );
}

/** *Révoquer le mandat*, with a confirmation box so a slip never ends a mandate. */
export function RevokeMandateForm({ rum, ...target }: Target & { rum: string }) {
  const [state, action] = useActionState(revokeMandateAction, initialFormState);
  const errors = state.errors?.confirm;
  return (
    <form action={action} noValidate className="space-y-3" aria-label={`Révoquer le mandat ${rum}`}>
      <Hidden {...target} rum={rum} />
      <FormMessage message={state.message} ok={state.ok} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="confirm" value="oui" className="mt-1" aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? "revoke-confirm-errors" : undefined} />
        <span>Je confirme qu&apos;aucun prélèvement ne doit plus être présenté sous le mandat {rum}.</span>
      </label>
      <FieldErrors id="revoke-confirm-errors" errors={errors} />
      <button type="submit" className="rounded border border-accent bg-white px-4 py-2 font-medium text-accent hover:bg-red-50">
        Révoquer le mandat
      </button>
    </form>
  );
}

/**
 * *Déposer le mandat signé*: PDF, PNG or JPEG, 5 Mo at most (also checked here, so a big file is not sent for nothing).
 * It posts to the mandate's route, which streams the file within its own cap: with JavaScript, the outcome shows here;
 * without, the route sends the browser back to the page with it (`initialState`).
 */
export function SignedCopyForm({ rum, hasCopy, initialState }: { rum: string; hasCopy: boolean; initialState: FormState }) {
  const route = `/api/mandats/${encodeURIComponent(rum)}/copie-signee`;
  const router = useRouter();
  const [state, setState] = useState(initialState);
  const [pending, setPending] = useState(false);
  const [tooBig, setTooBig] = useState(false);
  const errors = tooBig ? ["Le fichier dépasse 5 Mo : enregistrez le scan en résolution plus basse."] : state.errors?.file;
  return (
    <form
      action={route}
      method="post"
      encType="multipart/form-data"
      noValidate
      className="space-y-3"
      key={JSON.stringify(state)}
      aria-label={`Déposer le mandat ${rum} signé`}
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
        const big = !!file && file.size > SIGNED_COPY_MAX_BYTES;
        setTooBig(big);
        if (big || pending) return;
        setPending(true);
        const next = await postUpload(route, form);
        setPending(false);
        if (!next) return;
        setState(next);
        if (next.ok) router.refresh(); // the mandates table shows the new copy
      }}
    >
      <FormMessage message={tooBig ? undefined : state.message} ok={state.ok} />
      <div className="space-y-1">
        <label htmlFor="signed-copy-file" className="block text-sm font-medium text-slate-800">
          {hasCopy ? "Remplacer la copie signée" : "Copie signée du mandat"}
        </label>
        <input
          id="signed-copy-file"
          name="file"
          type="file"
          accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={`signed-copy-hint${errors?.length ? " signed-copy-errors" : ""}`}
          onChange={() => setTooBig(false)}
          className="block w-full rounded border-2 border-field bg-white px-3 py-2 text-sm text-slate-900 file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1"
        />
        <p id="signed-copy-hint" className="text-xs text-slate-600">
          PDF, PNG ou JPEG, 5 Mo au plus.
        </p>
        <FieldErrors id="signed-copy-errors" errors={errors} />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="inline-flex items-center justify-center gap-2 rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60"
      >
        <span aria-hidden="true">✓</span> Déposer la copie signée
      </button>
    </form>
  );
}
