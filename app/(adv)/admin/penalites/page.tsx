import type { Metadata } from "next";
import { requireStaff } from "@/lib/server/authz";
import { penaltiesOverview, type LateInvoiceRow as Row, type LateInvoiceStatus } from "@/lib/server/penalties";
import { Card, PageTitle, TableHead } from "@/components/ui";
import { formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { formatRateBp, halfYearLabel } from "@/lib/domain/penalties";
import { LateInvoiceTables, LegalRateForm, type LateInvoiceRow, type LateInvoiceTable } from "./penalty-forms";

export const metadata: Metadata = { title: "Pénalités de retard" };

const TABLES: { status: LateInvoiceStatus; table: Omit<LateInvoiceTable, "rows"> }[] = [
  {
    status: "A_FACTURER",
    table: { kind: "toBill", title: "À facturer", empty: "Aucune facture réglée en retard dont les pénalités restent à facturer.", note: "Facturées par l'exécution mensuelle du 1er du mois qui suit le règlement, sur une facture de pénalités (non soumise à TVA)." },
  },
  { status: "RENONCEE", table: { kind: "waived", title: "Renoncées", empty: "Aucune renonciation." } },
  { status: "FACTUREE", table: { kind: "billed", title: "Facturées", empty: "Aucune facture de pénalités." } },
];

function rowOf(r: Row, today: string): LateInvoiceRow {
  const rate = r.penalty ? `au taux de ${formatRateBp(r.penalty.rateBp)}` : `Taux du ${halfYearLabel(r.halfYear)} à saisir`;
  const when = r.status !== "A_FACTURER" ? null : r.billedBy > today ? `facturées le ${formatFrenchDate(r.billedBy)}` : "facturées à la prochaine exécution";
  return {
    number: r.number, accountRef: r.accountRef, accountLabel: `${r.accountName} · ${r.ownerName}`, accountHref: `/societes/${r.ownerId}/comptes/${r.accountRef}/encours`,
    dueOn: formatFrenchDate(r.dueOn), paidOn: formatFrenchDate(r.paidOn), days: r.days,
    penalty: r.penalty ? `${formatEuros(r.penalty.interestCents)} + ${formatEuros(r.penalty.indemnityCents)}` : "—",
    note: [rate, when].filter(Boolean).join(" ; "),
    penaltyInvoice: r.penaltyInvoice,
    waiver: r.waiver && { reason: r.waiver.reason, by: r.waiver.by, on: formatFrenchDate(r.waiver.on) },
  };
}

/** ADV (SPEC §13, art. 8.6.1): the legal interest rate of each half-year, and the invoices settled late since last month. */
export default async function PenaltiesPage() {
  const actor = await requireStaff("ADV");
  const { today, rates, missingHalfYears, invoices } = await penaltiesOverview(actor);
  const tables = TABLES.map(({ status, table }) => ({ ...table, rows: invoices.filter((i) => i.status === status).map((r) => rowOf(r, today)) }));
  return (
    <>
      <PageTitle subtitle="Taux : le plus élevé de 12 % et de 3 fois le taux d'intérêt légal du semestre de l'échéance, sur les jours de retard (base 365), plus 40,00 € d'indemnité forfaitaire par facture payée en retard (art. L441-10 du Code de commerce).">
        Pénalités de retard
      </PageTitle>
      <div className="space-y-6">
        {missingHalfYears.length > 0 && (
          <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            Taux d&apos;intérêt légal manquant pour le {missingHalfYears.map(halfYearLabel).join(", le ")} : les pénalités des comptes concernés ne seront pas facturées tant qu&apos;il
            n&apos;est pas saisi.
          </p>
        )}
        <Card title="Taux d'intérêt légal">
          <div className="space-y-4">
            {rates.length === 0 ? (
              <p className="text-sm text-slate-700">Aucun taux saisi.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Taux d&apos;intérêt légal par semestre</caption>
                  <TableHead headings={["Semestre", "Taux légal", "Taux des pénalités", "Saisi par"]} />
                  <tbody>
                    {rates.map((r) => (
                      <tr key={r.halfYearStart} className="border-b border-slate-200">
                        <td className="px-2 py-2">{r.label}</td>
                        <td className="px-2 py-2 tabular-nums">{formatRateBp(r.rateBp)}</td>
                        <td className="px-2 py-2 tabular-nums">{formatRateBp(r.penaltyRateBp)}</td>
                        <td className="px-2 py-2 text-slate-700">
                          {r.updatedBy}, le {formatFrenchDate(parisDay(r.updatedAt))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <LegalRateForm year={today.slice(0, 4)} />
          </div>
        </Card>
        <LateInvoiceTables tables={tables} />
      </div>
    </>
  );
}
