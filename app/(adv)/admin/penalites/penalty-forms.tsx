"use client";

import { useActionState } from "react";
import { legalRateAction, waiverAction, type WaiverState } from "./actions";
import { FieldErrors, FormMessage, SelectField, SubmitButton, TextField } from "@/components/form";
import { TableHead, TableSection } from "@/components/ui";
import { Link } from "@/components/link";
import type { FormState } from "@/lib/form-state";

/** The half-year's legal rate form: a year, S1 or S2, the rate as the arrêté gives it ("7,21"). */
export function LegalRateForm({ year }: { year: string }) {
  const [state, action] = useActionState(legalRateAction, {} as FormState);
  const values = state.ok ? undefined : state.values;
  return (
    <form action={action} className="space-y-3" aria-label="Taux d'intérêt légal d'un semestre" noValidate>
      <FormMessage message={state.message} ok={state.ok} />
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField id="rate-year" label="Année" name="year" defaultValue={values?.year ?? year} maxLength={4} autoComplete="off" errors={state.errors?.year} />
        <SelectField
          id="rate-half"
          label="Semestre"
          name="half"
          defaultValue={values?.half ?? "S1"}
          options={[["S1", "S1 (1er janvier – 30 juin)"], ["S2", "S2 (1er juillet – 31 décembre)"]]}
          errors={state.errors?.half}
        />
        <TextField
          id="rate-value"
          label="Taux d'intérêt légal (%)"
          name="rate"
          defaultValue={values?.rate}
          placeholder="7,21"
          maxLength={10}
          autoComplete="off"
          hint="Taux « autres cas » publié par arrêté, de 0 à 20 %."
          errors={state.errors?.rate}
        />
      </div>
      <SubmitButton>Enregistrer le taux</SubmitButton>
    </form>
  );
}

/** One invoice paid late as the page shows it: already formatted on the server. */
export type LateInvoiceRow = {
  number: string; accountRef: string; accountLabel: string; accountHref: string;
  dueOn: string; paidOn: string; days: number; penalty: string; note: string | null;
  penaltyInvoice: string | null; waiver: { reason: string; by: string; on: string } | null;
};

export type LateInvoiceTable = { title: string; empty: string; note?: string; rows: LateInvoiceRow[]; kind: "toBill" | "waived" | "billed" };

const initialWaiver: WaiverState = {};

/**
 * The invoices settled late (SPEC §13): to bill, with a *Renoncer* form on each row; waived, with the reason; billed,
 * with their penalty invoice. One action for every row: its message stays above the tables when the row moves on.
 */
export function LateInvoiceTables({ tables }: { tables: LateInvoiceTable[] }) {
  const [state, action, pending] = useActionState(waiverAction, initialWaiver);
  const shown = tables.some((t) => t.kind === "toBill" && t.rows.some((r) => r.number === state.invoice));
  return (
    <div className="space-y-6">
      <FormMessage message={state.ok || !shown ? state.message : undefined} ok={state.ok} />
      {tables.map((table) => (
        <TableSection key={table.kind} title={table.title} count={table.rows.length} note={table.note} empty={table.empty}>
          <TableHead headings={["Facture", "Compte", "Échéance", "Payée le", "Jours de retard", "Pénalités + indemnité", table.kind === "toBill" ? "Renoncer" : table.kind === "waived" ? "Renonciation" : "Facture de pénalités"]} />
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.number} className="border-b border-slate-200 align-top">
                <td className="px-2 py-2 whitespace-nowrap">
                  <Link href={`/factures/${row.number}`} className="font-medium text-brand underline">
                    {row.number}
                  </Link>
                </td>
                <td className="px-2 py-2">
                  <Link href={row.accountHref} className="font-medium text-brand underline">
                    {row.accountRef}
                  </Link>
                  <span className="block text-xs text-slate-600">{row.accountLabel}</span>
                </td>
                <td className="px-2 py-2 whitespace-nowrap">{row.dueOn}</td>
                <td className="px-2 py-2 whitespace-nowrap">{row.paidOn}</td>
                <td className="px-2 py-2 text-right tabular-nums">{row.days}</td>
                <td className="px-2 py-2 whitespace-nowrap tabular-nums">
                  {row.penalty}
                  {row.note && <span className="block text-xs text-slate-600">{row.note}</span>}
                </td>
                <td className="min-w-48 px-2 py-2 break-words">
                  {table.kind === "toBill" && (
                    <WaiverForm row={row} state={state.invoice === row.number && !state.ok ? state : null} action={action} pending={pending} />
                  )}
                  {table.kind === "waived" && row.waiver && (
                    <>
                      {row.waiver.reason}
                      <span className="block text-xs text-slate-600">
                        {row.waiver.by}, le {row.waiver.on}
                      </span>
                    </>
                  )}
                  {table.kind === "billed" && row.penaltyInvoice && (
                    <Link href={`/factures/${row.penaltyInvoice}`} className="font-medium text-brand underline">
                      {row.penaltyInvoice}
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </TableSection>
      ))}
    </div>
  );
}

function WaiverForm({ row, state, action, pending }: { row: LateInvoiceRow; state: WaiverState | null; action: (formData: FormData) => void; pending: boolean }) {
  const id = `waiver-${row.number}-reason`;
  const errors = state?.errors?.reason;
  const input = "block w-48 rounded border-2 border-field bg-white px-2 py-1 text-slate-900 focus:border-brand focus:outline-none aria-invalid:border-accent";
  return (
    <form action={action} className="space-y-1" aria-label={`Renoncer aux pénalités de la facture ${row.number}`} noValidate>
      <input type="hidden" name="invoice" value={row.number} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor={id} className="block text-xs font-medium text-slate-800">
            Motif
          </label>
          <input
            id={id}
            name="reason"
            defaultValue={state?.values?.reason}
            maxLength={300}
            autoComplete="off"
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={errors?.length ? `${id}-errors` : undefined}
            className={input}
          />
        </div>
        <button type="submit" disabled={pending} className="rounded border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50 disabled:opacity-60">
          Renoncer
        </button>
      </div>
      <FieldErrors id={`${id}-errors`} errors={errors} />
      {state?.message && !errors?.length && (
        <p role="alert" className="text-xs text-accent">
          {state.message}
        </p>
      )}
    </form>
  );
}
