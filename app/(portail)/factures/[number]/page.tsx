import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireActor } from "@/lib/server/authz";
import { getInvoice } from "@/lib/server/invoices";
import { CONTESTATION_STATE_LABELS, mayContest, PENALTIES_NOT_CONTESTABLE } from "@/lib/server/contestations";
import { today } from "@/lib/server/clock";
import { Card, Details, PageTitle } from "@/components/ui";
import { ContestationForm } from "@/components/contestation-form";
import { canContest, contestationDeadline } from "@/lib/domain/billing";
import { formatDay, formatFrenchDate, formatFrenchMonth, parisDay } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { contestInvoiceAction } from "./actions";
import { invoiceStateLabel } from "@/lib/domain/labels";
import type { InvoiceDetail } from "@/lib/server/invoices";

export const metadata: Metadata = { title: "Facture" };

const day = (d: Date) => formatFrenchDate(formatDay(d));

/** How it is being paid (SPEC §13): the debit announced, presented, returned; what was received. */
function paymentFacts(invoice: InvoiceDetail["invoice"]): [string, string][] {
  const facts: [string, string][] = [];
  const debit = invoice.directDebit;
  if (debit) facts.push(["Prélèvement", `${formatEuros(debit.amountCents)} présenté à la banque pour le ${day(debit.collectionOn)}`]);
  else if (invoice.collectionOn && invoice.debit === "PROGRAMME") facts.push(["Prélèvement", `programmé le ${day(invoice.collectionOn)}`]);
  for (const p of invoice.payments) {
    if (p.kind === "REJET") facts.push(["Prélèvement rejeté", `le ${day(p.receivedOn)} : ${p.reason ?? p.reasonCode ?? "motif non communiqué"} (${formatEuros(-p.amountCents)})`]);
    else if (p.kind === "PRELEVEMENT") facts.push(["Paiement", `${formatEuros(p.amountCents)} prélevés le ${day(p.receivedOn)}`]);
    else facts.push(["Paiement", `${formatEuros(p.amountCents)} reçus le ${day(p.receivedOn)} (${p.kind === "CHEQUE" ? "chèque" : "virement"})`]);
  }
  if (invoice.paidCents > BigInt(0) && invoice.paidCents < invoice.totalTtcCents) facts.push(["Reste à payer", formatEuros(invoice.totalTtcCents - invoice.paidCents)]);
  return facts;
}

/** One invoice (SPEC §7): lines by end client and site, VAT on the sum, the stored PDF, contestations. */
export default async function InvoicePage({ params, searchParams }: { params: Promise<{ number: string }>; searchParams: Promise<{ contestee?: string }> }) {
  const actor = await requireActor();
  const { number } = await params;
  const { contestee } = await searchParams;
  const { invoice, groups, buyer, creditorId } = await getInvoice(actor, number);
  const issuedOn = formatDay(invoice.issuedOn);
  const open = invoice.contestations.some((c) => c.state === "OUVERTE");
  const penalties = invoice.kind === "PENALITES";
  const contestable = mayContest(actor) && !open && !penalties && canContest(issuedOn, today());
  return (
    <>
      <PageTitle subtitle={<Link href="/factures" className="text-brand underline">← Consultation des factures</Link>}>Facture {invoice.number}</PageTitle>
      {contestee && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          Votre contestation est enregistrée ; vous recevrez la décision par email.
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card title="Facture">
          <Details
            items={[
              ...(penalties ? [["Nature", "Pénalités de retard et indemnités forfaitaires de recouvrement (art. 8.6.1, L441-10)"] as [string, string]] : []),
              ["Compte client", `${invoice.billingAccount.ref} – ${invoice.billingAccount.name}`],
              ["Titulaire", `${invoice.billingAccount.owner.id} ${invoice.billingAccount.owner.name}`],
              ["Adresse", [buyer.address, [buyer.postcode, buyer.city].filter(Boolean).join(" ")].filter(Boolean).join(", ") || "—"],
              // Outside VAT, as its PDF: no VAT number (EN 16931 BR-O-02) and no billing period.
              ...(penalties
                ? []
                : ([
                    ["N° de TVA intracommunautaire", buyer.vatNumber ?? "—"],
                    ["Période", `${formatFrenchMonth(formatDay(invoice.periodStart).slice(0, 7))} (du ${day(invoice.periodStart)} au ${day(invoice.periodEnd)})`],
                  ] as [string, string][])),
              ["Date d'émission", day(invoice.issuedOn)],
              ["Date d'échéance", `${day(invoice.dueOn)} (${invoice.collectionOn ? "prélèvement SEPA" : "virement"})`],
              ["Mandat SEPA (RUM)", invoice.mandateRef && invoice.collectionOn ? `${invoice.mandateRef} — créancier ${creditorId} (ICS)` : "Aucun (paiement par virement)"],
              ["État", invoiceStateLabel(invoice.paymentState, invoice.state)],
              ...paymentFacts(invoice),
            ]}
          />
        </Card>
        <Card title="Montants">
          <dl className="space-y-1 text-sm">
            <Amount label={penalties ? "Total" : "Total HT"} cents={invoice.totalHtCents} />
            {penalties ? (
              <div className="flex justify-between gap-4"><dt>TVA</dt><dd>non applicable (non soumis à TVA)</dd></div>
            ) : (
              <Amount label="TVA 20 %" cents={invoice.vatCents} />
            )}
            <Amount label={penalties ? "Net à payer" : "Total TTC"} cents={invoice.totalTtcCents} strong />
          </dl>
          {invoice.creditAppliedCents > BigInt(0) && <p className="mt-2 text-sm text-slate-700">Crédits et avoirs déduits : {formatEuros(invoice.creditAppliedCents)} HT.</p>}
          {invoice.creditCarriedCents > BigInt(0) && <p className="mt-2 text-sm text-slate-700">Crédit reporté sur la prochaine facture : {formatEuros(invoice.creditCarriedCents)} HT.</p>}
          <a href={`/api/factures/${invoice.number}/pdf`} className="mt-4 inline-block rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
            Télécharger le PDF (Factur-X)
          </a>
        </Card>
      </div>
      <Card title="Détail de la facture" className="mt-6">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Lignes de la facture {invoice.number}</caption>
            <thead className="text-xs uppercase text-slate-600">
              <tr className="border-b border-slate-300">
                <th scope="col" className="px-2 py-2">Désignation</th>
                <th scope="col" className="px-2 py-2">Offre contractée</th>
                <th scope="col" className="px-2 py-2 text-right">Qté</th>
                <th scope="col" className="px-2 py-2 text-right">{penalties ? "Montant" : "Montant HT"}</th>
              </tr>
            </thead>
            {groups.map((group) => (
              <tbody key={group.title}>
                <tr className="bg-slate-100">
                  <th scope="rowgroup" colSpan={4} className="px-2 py-1.5 font-semibold text-slate-900">{group.title}</th>
                </tr>
                {group.lines.map((line) => (
                  <tr key={line.id} className="border-b border-slate-100">
                    <td className="px-2 py-2">
                      {line.label}
                      {line.detail && <span className="block text-xs text-slate-600">{line.detail}</span>}
                    </td>
                    <td className="px-2 py-2 whitespace-nowrap">{line.contractedOffer?.ref ?? ""}</td>
                    <td className="px-2 py-2 text-right tabular-nums">{line.quantity}</td>
                    <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums">{formatEuros(line.amountHtCents)}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      </Card>
      {(invoice.creditNotes.length > 0 || invoice.creditNotesApplied.length > 0) && (
        <Card title="Avoirs" className="mt-6">
          <ul className="list-inside list-disc space-y-1 text-sm">
            {invoice.creditNotes.map((c) => (
              <li key={c.number}>
                Avoir <a href={`/api/avoirs/${c.number}/pdf`} className="text-brand underline">{c.number}</a> du {day(c.issuedOn)} sur cette facture : {formatEuros(c.totalTtcCents)} TTC
              </li>
            ))}
            {invoice.creditNotesApplied.map((c) => (
              <li key={`applied-${c.number}`}>Avoir {c.number} déduit sur cette facture</li>
            ))}
          </ul>
        </Card>
      )}
      <Card title="Contestation" className="mt-6">
        {invoice.contestations.length > 0 && (
          <ul className="mb-4 space-y-3 text-sm">
            {invoice.contestations.map((c) => (
              <li key={c.id} className="rounded border border-slate-200 p-3">
                <p className="font-medium">
                  Contestation du {formatFrenchDate(parisDay(c.requestedAt))} : {CONTESTATION_STATE_LABELS[c.state]}
                </p>
                <p className="text-slate-700">Motif : {c.reason}</p>
                {c.decidedAt && (
                  <p className="text-slate-700">
                    Décision du {formatFrenchDate(parisDay(c.decidedAt))} : {c.decisionReason}
                    {c.creditNote && ` — avoir ${c.creditNote.number}`}
                    {c.acceptedAmountCents !== null && ` de ${formatEuros(c.acceptedAmountCents)} HT`}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
        {contestable ? (
          <ContestationForm action={contestInvoiceAction.bind(null, invoice.number)} deadline={formatFrenchDate(contestationDeadline(issuedOn))} />
        ) : (
          <p className="text-sm text-slate-700">
            {open
              ? "Une contestation est en cours d'examen par l'administration des ventes."
              : penalties && mayContest(actor)
                ? PENALTIES_NOT_CONTESTABLE
                : mayContest(actor)
                ? `Le délai de contestation (30 jours à compter de l'émission, jusqu'au ${formatFrenchDate(contestationDeadline(issuedOn))}) est dépassé.`
                : "Les contestations se traitent dans la file des contestations."}
          </p>
        )}
      </Card>
    </>
  );
}

function Amount({ label, cents, strong = false }: { label: string; cents: bigint; strong?: boolean }) {
  return (
    <div className={`flex justify-between gap-4 ${strong ? "border-t border-slate-300 pt-1 text-base font-semibold" : ""}`}>
      <dt>{label}</dt>
      <dd className="tabular-nums">{formatEuros(cents)}</dd>
    </div>
  );
}
