import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireStaff } from "@/lib/server/authz";
import { CONTESTATION_STATE_LABELS, listContestations } from "@/lib/server/contestations";
import { Card, PageTitle } from "@/components/ui";
import { ContestationDecisionForm } from "@/components/contestation-decision-form";
import { formatDay, formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { PAGE_SIZE } from "@/lib/list-query";
import type { ContestationState } from "@/lib/generated/prisma/client";
import { decideContestationAction } from "./actions";

export const metadata: Metadata = { title: "Contestations de factures" };

/** ADV handles invoice contestations (SPEC §1, §7): open ones first, each with its decision form. */
export default async function ContestationsPage({ searchParams }: { searchParams: Promise<{ etat?: string; page?: string; avoir?: string; rejetee?: string }> }) {
  await requireStaff("ADV", "SUPPORT");
  const params = await searchParams;
  const state = params.etat && params.etat in CONTESTATION_STATE_LABELS ? (params.etat as ContestationState) : null;
  const page = Math.max(1, Number.parseInt(params.page ?? "1", 10) || 1);
  const { rows, total } = await listContestations(state, page);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const decided = params.avoir && /^A\d{8}$/.test(params.avoir) ? `Décision enregistrée : avoir ${params.avoir} émis ; le client est prévenu par email.` : params.rejetee ? "Décision enregistrée : contestation rejetée ; le client est prévenu par email." : null;
  const href = (p: number) => `/admin/contestations?${new URLSearchParams({ ...(state ? { etat: state } : {}), page: String(p) })}`;
  return (
    <>
      <PageTitle subtitle="Acceptez totalement ou partiellement (un avoir est émis et déduit de la prochaine facture), ou rejetez avec un motif.">Contestations de factures</PageTitle>
      {decided && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {decided}
        </p>
      )}
      <nav aria-label="Filtrer par état" className="mb-4 flex flex-wrap gap-2 text-sm">
        <Link href="/admin/contestations" aria-current={state === null ? "page" : undefined} className="rounded border border-slate-300 bg-white px-3 py-1 aria-[current=page]:bg-brand aria-[current=page]:text-white">Toutes</Link>
        {Object.entries(CONTESTATION_STATE_LABELS).map(([value, label]) => (
          <Link key={value} href={`/admin/contestations?etat=${value}`} aria-current={state === value ? "page" : undefined} className="rounded border border-slate-300 bg-white px-3 py-1 aria-[current=page]:bg-brand aria-[current=page]:text-white">
            {label}
          </Link>
        ))}
      </nav>
      <p role="status" className="mb-3 text-sm text-slate-700">{total === 0 ? "Aucune contestation" : `${total} contestation${total > 1 ? "s" : ""}`}</p>
      <div className="space-y-4">
        {rows.map((c) => (
          <Card key={c.id} title={`Facture ${c.invoice.number} — ${c.invoice.billingAccount.ref} ${c.invoice.billingAccount.owner.name}`}>
            <p className="text-sm text-slate-700">
              Émise le {formatFrenchDate(formatDay(c.invoice.issuedOn))}, {formatEuros(c.invoice.totalHtCents)} HT ({formatEuros(c.invoice.totalTtcCents)} TTC). Contestée le {formatFrenchDate(parisDay(c.requestedAt))} par {c.company.id} {c.company.name}.{" "}
              <Link href={`/factures/${c.invoice.number}`} className="text-brand underline">Voir la facture</Link>
            </p>
            <p className="mt-2 text-sm"><span className="font-medium">Motif :</span> {c.reason}</p>
            <p className="mt-2 text-sm"><span className="font-medium">État :</span> {CONTESTATION_STATE_LABELS[c.state]}{c.creditNote ? ` — avoir ${c.creditNote.number}` : ""}{c.decisionReason ? ` — ${c.decisionReason}` : ""}</p>
            {c.state === "OUVERTE" && <ContestationDecisionForm action={decideContestationAction.bind(null, c.id)} invoiceNumber={c.invoice.number} />}
          </Card>
        ))}
      </div>
      {pages > 1 && (
        <nav aria-label="Pagination" className="mt-4 flex gap-3 text-sm">
          {page > 1 && <Link href={href(page - 1)} className="text-brand underline">Page précédente</Link>}
          <span>Page {page} / {pages}</span>
          {page < pages && <Link href={href(page + 1)} className="text-brand underline">Page suivante</Link>}
        </nav>
      )}
    </>
  );
}
