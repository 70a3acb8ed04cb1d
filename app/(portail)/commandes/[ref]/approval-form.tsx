"use client";

import { useActionState } from "react";
import { decideOrderApprovalAction } from "../actions";
import { FieldErrors, FormMessage } from "@/components/form";
import { initialFormState } from "@/lib/form-state";

const field = "block w-full rounded border-2 border-field bg-white px-3 py-2 aria-invalid:border-accent";

/** *À valider par votre revendeur*: the reseller picks its account and approves, or refuses with a reason (SPEC §12). */
export function ApprovalForm({ orderRef, accounts }: { orderRef: string; accounts: { id: number; label: string }[] }) {
  const [state, action, pending] = useActionState(decideOrderApprovalAction.bind(null, orderRef), initialFormState);
  const errors = state.errors ?? {};
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <FormMessage message={state.message} />
      <form action={action} className="space-y-3" aria-label="Valider la commande">
        <input type="hidden" name="decision" value="approve" />
        <div className="space-y-1">
          <label htmlFor="approval-account" className="block text-sm font-medium">Compte de facturation</label>
          <select id="approval-account" name="billingAccountId" required defaultValue={state.values?.billingAccountId ?? ""} aria-invalid={errors.billingAccountId ? true : undefined} aria-describedby="approval-account-errors" className={field}>
            <option value="">Choisissez l&apos;un de vos comptes</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>{a.label}</option>
            ))}
          </select>
          <FieldErrors id="approval-account-errors" errors={errors.billingAccountId} />
        </div>
        <button type="submit" disabled={pending} className="rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60">
          Valider et transmettre à l&apos;ADV
        </button>
      </form>
      <form action={action} className="space-y-3" aria-label="Refuser la commande">
        <input type="hidden" name="decision" value="refuse" />
        <div className="space-y-1">
          <label htmlFor="approval-reason" className="block text-sm font-medium">Motif du refus</label>
          <textarea id="approval-reason" name="reason" rows={2} maxLength={1000} defaultValue={state.values?.reason} aria-invalid={errors.reason ? true : undefined} aria-describedby="approval-reason-errors" className={field} />
          <FieldErrors id="approval-reason-errors" errors={errors.reason} />
        </div>
        <button type="submit" disabled={pending} className="rounded border border-accent px-4 py-2 font-medium text-accent hover:bg-red-50 disabled:opacity-60">
          Refuser la commande
        </button>
      </form>
    </div>
  );
}
