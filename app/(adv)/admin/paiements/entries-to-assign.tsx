"use client";

import { useActionState } from "react";
import { settleBankEntryAction, type EntryState } from "./actions";
import { FieldErrors, FormMessage } from "@/components/form";
import { TableHead } from "@/components/ui";

/** One entry as the page shows it: already formatted on the server. */
export type EntryRow = { id: number; bookedOn: string; amount: string; credit: boolean; label: string; statement: string };

const initialState: EntryState = {};

/**
 * *Écritures à affecter* (SPEC §13): the statement entries no invoice took. A credit is assigned to the invoice typed on
 * its row (what it still owes, the rest a credit on its account) or set aside; a debit is set aside once handled with
 * the bank. One action for every row: its message stays above the list when the row leaves it.
 */
export function EntriesToAssign({ entries }: { entries: EntryRow[] }) {
  const [state, action, pending] = useActionState(settleBankEntryAction, initialState);
  return (
    <div className="space-y-3">
      <FormMessage message={state.ok || !entries.some((e) => e.id === state.entryId) ? state.message : undefined} ok={state.ok} />
      {entries.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Écritures à affecter</caption>
            <TableHead headings={["Date", "Montant", "Libellé", "Affectation"]} />
            <tbody>
              {entries.map((entry) => {
                const rowState = state.entryId === entry.id && !state.ok ? state : null;
                const invoiceErrors = rowState?.errors?.invoice;
                const fieldId = `entry-${entry.id}-invoice`;
                return (
                  <tr key={entry.id} className="border-b border-slate-200 align-top">
                    <td className="px-2 py-2 whitespace-nowrap">{entry.bookedOn}</td>
                    <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums">
                      {entry.credit ? entry.amount : `-${entry.amount}`}
                      <span className="block text-xs text-slate-600">{entry.credit ? "crédit" : "débit"}</span>
                    </td>
                    <td className="min-w-64 px-2 py-2 break-words">
                      {entry.label || "Sans libellé"}
                      <span className="block text-xs text-slate-600">{entry.statement}</span>
                    </td>
                    <td className="px-2 py-2">
                      <form action={action} className="space-y-1" aria-label={`Écriture du ${entry.bookedOn} de ${entry.amount}`}>
                        <input type="hidden" name="entryId" value={entry.id} />
                        {!entry.credit && <p className="max-w-56 text-xs text-slate-600">Un débit ne paie aucune facture : classez-le une fois traité avec la banque.</p>}
                        <div className="flex items-end gap-2 whitespace-nowrap">
                          {entry.credit && (
                            <>
                              <div className="space-y-1">
                                <label htmlFor={fieldId} className="block text-xs font-medium text-slate-800">
                                  N° de facture
                                </label>
                                <input
                                  id={fieldId}
                                  name="invoice"
                                  placeholder="F00000123"
                                  maxLength={20}
                                  autoComplete="off"
                                  defaultValue={rowState?.values?.invoice}
                                  aria-invalid={invoiceErrors?.length ? true : undefined}
                                  aria-describedby={invoiceErrors?.length ? `${fieldId}-errors` : undefined}
                                  className="block w-32 rounded border-2 border-field bg-white px-2 py-1 text-slate-900 focus:border-brand focus:outline-none aria-invalid:border-accent"
                                />
                              </div>
                              <button type="submit" name="decision" value="assign" disabled={pending} className="rounded bg-brand px-3 py-1.5 font-medium text-white hover:bg-brand-dark disabled:opacity-60">
                                Affecter
                              </button>
                            </>
                          )}
                          <button type="submit" name="decision" value="dismiss" disabled={pending} className="rounded border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50 disabled:opacity-60">
                            Classer
                          </button>
                        </div>
                        <FieldErrors id={`${fieldId}-errors`} errors={invoiceErrors} />
                        {rowState?.message && !invoiceErrors?.length && (
                          <p role="alert" className="text-xs text-accent">
                            {rowState.message}
                          </p>
                        )}
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
