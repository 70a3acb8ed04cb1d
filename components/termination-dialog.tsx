"use client";

import { useActionState, useRef, useState } from "react";
import { FieldErrors, FormMessage, SubmitButton } from "@/components/form";
import { initialFormState, type FormState } from "@/lib/form-state";
import { quoteTermination, type TerminationInput } from "@/lib/domain/termination";
import { formatFrenchDate } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";

type Props = {
  /** The server action, bound to what is terminated. */
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  /** The red button (*Résilier l'offre contractée*) and the dialog's title (… *OC150943*). */
  buttonLabel: string;
  title: string;
  /** The rule's inputs but the requested date (fees are zero when the viewer may not see prices). */
  terms: Omit<TerminationInput, "requestedOn">;
  showPrices: boolean;
  /** The current commitment period's last day, offered as a one-click date. */
  periodEnd: { requestedOn: string; periodEnd: string } | null;
};

/**
 * The red bin and the *Résilier l'offre contractée* form of seed 001, computed live as the user types
 * (an OC, or one OpenSIM line with the mobile terms).
 */
export function TerminationDialog({ action: terminate, buttonLabel, title, terms, showPrices, periodEnd }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, action] = useActionState(terminate, initialFormState);
  const [requestedOn, setRequestedOn] = useState(state.values?.requestedOn ?? terms.today);
  const quote = quoteTermination({ ...terms, requestedOn });
  const months = (n: number) => `${n} mois`;
  return (
    <>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        className="inline-flex items-center gap-2 rounded bg-accent px-3 py-2 text-sm font-medium text-white hover:opacity-90"
      >
        <BinIcon /> {buttonLabel}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="termination-title"
        className="m-auto w-full max-w-lg rounded-lg border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/50"
      >
        <form action={action} className="space-y-4 p-6">
          <h2 id="termination-title" className="text-xl font-semibold text-slate-900">
            {title}
          </h2>
          <p className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            <span aria-hidden="true">⚠ </span>Pour les services facturés avec un abonnement mensuel : toute récurrence entamée est due.
            <br />
            La première facture est calculée au prorata temporis entre la date de mise en service et la fin du mois.
          </p>
          <FormMessage message={state.message} />
          <div className="space-y-1">
            <label htmlFor="requestedOn" className="block text-sm font-medium text-slate-800">
              Date de résiliation souhaitée
            </label>
            <input
              id="requestedOn"
              name="requestedOn"
              type="date"
              required
              min={terms.today}
              value={requestedOn}
              onChange={(event) => setRequestedOn(event.target.value)}
              aria-invalid={state.errors?.requestedOn ? true : undefined}
              aria-describedby={state.errors?.requestedOn ? "requestedOn-errors" : undefined}
              className="block rounded border-2 border-field bg-white px-3 py-2 aria-invalid:border-accent"
            />
            <FieldErrors id="requestedOn-errors" errors={state.errors?.requestedOn} />
            {periodEnd && (
              <button type="button" onClick={() => setRequestedOn(periodEnd.requestedOn)} className="text-sm text-brand underline">
                Résilier à la fin de la période d&apos;engagement en cours ({formatFrenchDate(periodEnd.periodEnd)})
              </button>
            )}
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="font-medium text-slate-800">Préavis de résiliation</dt>
            <dd>{months(terms.noticeMonths)}</dd>
            <dt className="font-medium text-slate-800">Date de résiliation souhaitée avec le préavis</dt>
            <dd aria-live="polite" data-testid="effective-on">
              {quote.ok ? formatFrenchDate(quote.effectiveOn) : "—"}
            </dd>
            {quote.ok && showPrices && (
              <>
                <dt className="font-medium text-slate-800">Montant dû au titre de l&apos;engagement</dt>
                <dd aria-live="polite" data-testid="amount">
                  {quote.amountCents > 0 ? `${formatEuros(quote.amountCents)} HT` : "Aucun"}
                </dd>
              </>
            )}
          </dl>
          {!quote.ok && (
            <p role="alert" className="text-sm text-accent">
              {quote.message}
            </p>
          )}
          {!showPrices && <p className="text-sm text-slate-700">Les frais de cette offre sont réglés avec votre revendeur.</p>}
          {quote.ok && (
            <p className="text-sm text-slate-700">
              Le service s&apos;arrête à la fin du {formatFrenchDate(quote.effectiveOn)}. Vous pourrez annuler cette résiliation jusqu&apos;au {formatFrenchDate(quote.lastDayToCancel)} inclus.
            </p>
          )}
          <div className="space-y-1">
            <label htmlFor="comment" className="block text-sm font-medium text-slate-800">
              Commentaires
            </label>
            <textarea id="comment" name="comment" rows={3} maxLength={2000} defaultValue={state.values?.comment} className="block w-full rounded border-2 border-field bg-white px-3 py-2" />
            <FieldErrors errors={state.errors?.comment} />
          </div>
          <div className="flex justify-end gap-3">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50">
              Fermer
            </button>
            <SubmitButton>Continuer</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

function BinIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6" />
    </svg>
  );
}
