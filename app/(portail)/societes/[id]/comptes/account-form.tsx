"use client";

import { useActionState } from "react";
import { FieldErrors, FormMessage, SubmitButton, TextArea, TextField } from "@/components/form";
import { initialFormState } from "@/lib/form-state";
import { MAX_INVOICE_EMAILS, PAYMENT_METHOD_LABELS, type PaymentMethod } from "@/lib/domain/billing-accounts";
import { createBillingAccountAction, updateBillingAccountAction } from "./actions";

export type AccountValues = { ref: string; name: string; invoiceEmails: string[]; street: string | null; postcode: string | null; city: string | null; paymentMethod: PaymentMethod };

/** A billing account's form (SPEC §12): a new one on the *Comptes de facturation* tab, or one account's on its page. */
export function AccountForm({ companyId, account, defaults }: { companyId: number; account?: AccountValues; defaults?: Partial<Record<"name" | "street" | "postcode" | "city", string>> }) {
  const [state, action] = useActionState(account ? updateBillingAccountAction : createBillingAccountAction, initialFormState);
  // Refused: the submitted values; otherwise what is saved.
  const v = state.ok ? undefined : state.values;
  const saved = account ? { ...account, invoiceEmails: account.invoiceEmails.join("\n") } : { ...defaults, paymentMethod: "PRELEVEMENT_SEPA" };
  const value = (name: "name" | "invoiceEmails" | "street" | "postcode" | "city" | "paymentMethod") => v?.[name] ?? (saved as Record<string, string | null | undefined>)[name] ?? "";
  const prefix = account ? "account" : "new-account";
  const errors = state.errors ?? {};
  return (
    <form action={action} noValidate className="space-y-3" key={JSON.stringify(v ?? account ?? state.message ?? "")} aria-label={account ? `Modifier le compte ${account.ref}` : "Nouveau compte de facturation"}>
      <input type="hidden" name="companyId" value={companyId} />
      {account && <input type="hidden" name="ref" value={account.ref} />}
      <FormMessage message={state.message} ok={state.ok} />
      <TextField id={`${prefix}-name`} label="Nom du compte" name="name" defaultValue={value("name")} errors={errors.name} maxLength={200} required />
      <TextArea
        id={`${prefix}-invoice-emails`}
        label={`Adresses email de facturation (une par ligne ou séparées par des virgules, ${MAX_INVOICE_EMAILS} au plus)`}
        name="invoiceEmails"
        defaultValue={value("invoiceEmails")}
        errors={errors.invoiceEmails}
        rows={3}
        maxLength={3000}
      />
      <TextField id={`${prefix}-street`} label="Adresse postale" name="street" defaultValue={value("street")} errors={errors.street} maxLength={300} autoComplete="street-address" required />
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
        <TextField id={`${prefix}-postcode`} label="Code postal" name="postcode" defaultValue={value("postcode")} errors={errors.postcode} maxLength={10} autoComplete="postal-code" required />
        <TextField id={`${prefix}-city`} label="Ville" name="city" defaultValue={value("city")} errors={errors.city} maxLength={120} autoComplete="address-level2" required />
      </div>
      <fieldset className="space-y-1" aria-describedby={errors.paymentMethod?.length ? `${prefix}-payment-errors` : undefined}>
        <legend className="text-sm font-medium text-slate-800">Mode de paiement</legend>
        {(Object.entries(PAYMENT_METHOD_LABELS) as [PaymentMethod, string][]).map(([method, label]) => (
          <label key={method} className="flex items-center gap-2 text-sm">
            <input type="radio" name="paymentMethod" value={method} defaultChecked={value("paymentMethod") === method} aria-invalid={errors.paymentMethod?.length ? true : undefined} /> {label}
          </label>
        ))}
        <FieldErrors id={`${prefix}-payment-errors`} errors={errors.paymentMethod} />
      </fieldset>
      <SubmitButton>{account ? "Enregistrer le compte" : "Créer le compte"}</SubmitButton>
    </form>
  );
}
