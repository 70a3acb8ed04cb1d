"use client";

import { useActionState } from "react";
import { holdAction, type HoldState } from "./actions";
import { FieldErrors, FormMessage } from "@/components/form";
import { TableHead, TableSection } from "@/components/ui";
import { Link } from "@/components/link";

/** One account as the page shows it: already formatted on the server. */
export type DunningRow = {
  ref: string; name: string; ownerName: string; href: string;
  overdue: string; oldestDueOn: string; lastReminderOn: string; suspendOn: string;
  hold: { id: number; reason: string; until: string } | null;
};

export type DunningStageTable = { title: string; empty: string; note?: string; rows: DunningRow[]; withHold?: boolean };

const initialState: HoldState = {};

/**
 * *Recouvrement* (SPEC §13): a table per stage, a hold form on every row (a new hold replaces the active one) and
 * *Lever* for an active hold. One action for every row: its message stays above the tables when the row moves on.
 */
export function DunningTables({ stages, tomorrow, latest }: { stages: DunningStageTable[]; tomorrow: string; latest: string }) {
  const [state, action, pending] = useActionState(holdAction, initialState);
  const shown = stages.some((s) => s.rows.some((r) => r.ref === state.account));
  return (
    <div className="space-y-6">
      <FormMessage message={state.ok || !shown ? state.message : undefined} ok={state.ok} />
      {stages.map((stage) => (
        <TableSection key={stage.title} title={stage.title} count={stage.rows.length} note={stage.note} empty={stage.empty}>
          <TableHead headings={["Compte", "Montant en retard", "Plus ancienne échéance", "Dernière relance", "Suspension", ...(stage.withHold ? ["Mise en attente"] : []), "Action"]} />
          <tbody>
            {stage.rows.map((row) => (
              <tr key={row.ref} className="border-b border-slate-200 align-top">
                <td className="px-2 py-2">
                  <Link href={row.href} className="font-medium text-brand underline">
                    {row.ref}
                  </Link>
                  <span className="block text-xs text-slate-600">
                    {row.name} · {row.ownerName}
                  </span>
                </td>
                <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums">{row.overdue}</td>
                <td className="px-2 py-2 whitespace-nowrap">{row.oldestDueOn}</td>
                <td className="px-2 py-2 whitespace-nowrap">{row.lastReminderOn}</td>
                <td className="px-2 py-2 whitespace-nowrap">{row.suspendOn}</td>
                {stage.withHold && (
                  <td className="min-w-48 px-2 py-2 break-words">
                    {row.hold ? (
                      <>
                        Jusqu&apos;au {row.hold.until}
                        <span className="block text-xs text-slate-600">{row.hold.reason}</span>
                      </>
                    ) : null}
                  </td>
                )}
                <td className="px-2 py-2">
                  <HoldForm row={row} state={state.account === row.ref && !state.ok ? state : null} action={action} pending={pending} tomorrow={tomorrow} latest={latest} />
                </td>
              </tr>
            ))}
          </tbody>
        </TableSection>
      ))}
    </div>
  );
}

function HoldForm({ row, state, action, pending, tomorrow, latest }: {
  row: DunningRow; state: HoldState | null; action: (formData: FormData) => void; pending: boolean; tomorrow: string; latest: string;
}) {
  const id = (name: string) => `hold-${row.ref}-${name}`;
  const field = (name: "reason" | "until") => {
    const errors = state?.errors?.[name];
    return { id: id(name), name, "aria-invalid": errors?.length ? true : undefined, "aria-describedby": errors?.length ? `${id(name)}-errors` : undefined };
  };
  const input = "block rounded border-2 border-field bg-white px-2 py-1 text-slate-900 focus:border-brand focus:outline-none aria-invalid:border-accent";
  const fieldErrors = Object.values(state?.errors ?? {}).some((e) => e?.length);
  return (
    <form action={action} className="space-y-1" aria-label={`Mise en attente du compte ${row.ref}`} noValidate>
      <input type="hidden" name="account" value={row.ref} />
      {row.hold && <input type="hidden" name="holdId" value={row.hold.id} />}
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor={id("reason")} className="block text-xs font-medium text-slate-800">
            Motif
          </label>
          <input {...field("reason")} defaultValue={state?.values?.reason} maxLength={300} autoComplete="off" className={`${input} w-44`} />
        </div>
        <div className="space-y-1">
          <label htmlFor={id("until")} className="block text-xs font-medium text-slate-800">
            Jusqu&apos;au
          </label>
          <input {...field("until")} type="date" min={tomorrow} max={latest} defaultValue={state?.values?.until} className={input} />
        </div>
        <button type="submit" name="decision" value="hold" disabled={pending} className="rounded bg-brand px-3 py-1.5 font-medium text-white hover:bg-brand-dark disabled:opacity-60">
          Mettre en attente
        </button>
        {row.hold && (
          <button type="submit" name="decision" value="lift" disabled={pending} className="rounded border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50 disabled:opacity-60">
            Lever
          </button>
        )}
      </div>
      <FieldErrors id={`${id("reason")}-errors`} errors={state?.errors?.reason} />
      <FieldErrors id={`${id("until")}-errors`} errors={state?.errors?.until} />
      <FieldErrors errors={state?.errors?.account} />
      {state?.message && !fieldErrors && (
        <p role="alert" className="text-xs text-accent">
          {state.message}
        </p>
      )}
    </form>
  );
}
