"use client";

import { Link } from "@/components/link";
import { DataTable, type Column, type FilterField } from "@/components/data-table";
import { listHref } from "@/lib/list-query";
import { formatDay, formatFrenchDate, formatFrenchMonth } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import type { CreditNoteQuery, CreditNoteRow, InvoiceQuery, InvoiceRow } from "@/lib/server/invoices";
import { INVOICE_STATE_FILTER, invoiceStateLabel } from "@/lib/domain/labels";

const day = (d: Date) => formatFrenchDate(formatDay(d));
const money = (cents: bigint) => <span className="whitespace-nowrap tabular-nums">{formatEuros(cents)}</span>;

const commonFilters: FilterField[] = [
  { key: "from", label: "Émise à partir du", filter: { type: "date" } },
  { key: "to", label: "Émise jusqu'au", filter: { type: "date" } },
  { key: "account", label: "Compte client", filter: { type: "text", placeholder: "CC44660 ou nom" } },
  { key: "endClient", label: "Client final", filter: { type: "text", placeholder: "Identifiant ou raison sociale" } },
  { key: "min", label: "Montant TTC minimum (€)", filter: { type: "text", placeholder: "0,00" } },
  { key: "max", label: "Montant TTC maximum (€)", filter: { type: "text", placeholder: "0,00" } },
];

/** *Consultation des factures* (SPEC §7): filters above the table, sort, pages, CSV of every page. */
export function InvoicesTable({ rows, total, query }: { rows: InvoiceRow[]; total: number; query: InvoiceQuery }) {
  const columns: Column<InvoiceRow>[] = [
    { key: "number", label: "N° facture", nowrap: true, sortable: true, cell: (i) => i.number },
    { key: "issuedOn", label: "Date d'émission", nowrap: true, sortable: true, cell: (i) => day(i.issuedOn) },
    { key: "period", label: "Période", nowrap: true, cell: (i) => (i.kind === "PENALITES" ? "Pénalités de retard" : formatFrenchMonth(formatDay(i.periodStart).slice(0, 7))) },
    { key: "account", label: "Compte client", sortable: true, cell: (i) => `${i.billingAccount.ref} – ${i.billingAccount.owner.name}` },
    { key: "totalHtCents", label: "Montant HT", nowrap: true, cell: (i) => money(i.totalHtCents) },
    { key: "totalTtcCents", label: "Montant TTC", nowrap: true, sortable: true, cell: (i) => money(i.totalTtcCents) },
    { key: "dueOn", label: "Échéance", nowrap: true, sortable: true, cell: (i) => day(i.dueOn) },
    { key: "state", label: "État", nowrap: true, cell: (i) => invoiceStateLabel(i.paymentState, i.state) },
    {
      key: "action",
      label: "Action",
      cell: (i) => (
        <span className="flex gap-3 whitespace-nowrap">
          <Link href={`/factures/${i.number}`} className="font-medium text-brand underline">
            Détail<span className="sr-only"> de la facture {i.number}</span> ›
          </Link>
          <a href={`/api/factures/${i.number}/pdf`} className="font-medium text-brand underline">
            PDF<span className="sr-only"> de la facture {i.number}</span>
          </a>
        </span>
      ),
    },
  ];
  const filterFields: FilterField[] = [...commonFilters, { key: "state", label: "État", filter: { type: "select", options: Object.entries(INVOICE_STATE_FILTER) } }];
  return (
    <DataTable caption="Liste des factures" path="/factures" columns={columns} rows={rows} rowKey={(i) => i.id} total={total} query={query} filterFields={filterFields} exportHref={listHref("/api/factures/export", query, { page: undefined })} />
  );
}

/** *Consultation des avoirs* (SPEC §7). */
export function CreditNotesTable({ rows, total, query }: { rows: CreditNoteRow[]; total: number; query: CreditNoteQuery }) {
  const columns: Column<CreditNoteRow>[] = [
    { key: "number", label: "N° avoir", nowrap: true, sortable: true, cell: (c) => c.number },
    { key: "issuedOn", label: "Date d'émission", nowrap: true, sortable: true, cell: (c) => day(c.issuedOn) },
    { key: "invoice", label: "Facture", nowrap: true, cell: (c) => <Link href={`/factures/${c.invoice.number}`} className="text-brand underline">{c.invoice.number}</Link> },
    { key: "account", label: "Compte client", sortable: true, cell: (c) => `${c.billingAccount.ref} – ${c.billingAccount.owner.name}` },
    { key: "amountHtCents", label: "Montant HT", nowrap: true, cell: (c) => money(c.amountHtCents) },
    { key: "totalTtcCents", label: "Montant TTC", nowrap: true, sortable: true, cell: (c) => money(c.totalTtcCents) },
    { key: "applied", label: "Déduit sur", nowrap: true, cell: (c) => (c.appliedToInvoice ? <Link href={`/factures/${c.appliedToInvoice.number}`} className="text-brand underline">{c.appliedToInvoice.number}</Link> : "Prochaine facture") },
    { key: "reason", label: "Motif", cell: (c) => c.reason },
    {
      key: "action",
      label: "Action",
      cell: (c) => (
        <a href={`/api/avoirs/${c.number}/pdf`} className="font-medium whitespace-nowrap text-brand underline">
          PDF<span className="sr-only"> de l&apos;avoir {c.number}</span>
        </a>
      ),
    },
  ];
  return (
    <DataTable caption="Liste des avoirs" path="/avoirs" columns={columns} rows={rows} rowKey={(c) => c.id} total={total} query={query} filterFields={commonFilters} exportHref={listHref("/api/avoirs/export", query, { page: undefined })} />
  );
}

/** Filters that could not be read: said on the form rather than silently giving no result. */
export function FilterErrors({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul role="alert" className="mb-4 space-y-1 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}
