"use client";

import { StateBadge } from "@/components/ui";
import { DataTable, RowLink, type Column } from "@/components/data-table";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";
import { LEGAL_FORMS } from "@/lib/domain/labels";
import { listHref } from "@/lib/list-query";
import type { ClientQuery, ClientRow } from "@/lib/server/clients";

const columns: Column<ClientRow>[] = [
  { key: "id", label: "Identifiant", sortable: true, filter: { type: "text" }, cell: (c) => c.id },
  { key: "name", label: "Raison sociale", sortable: true, filter: { type: "text" }, cell: (c) => c.name },
  { key: "createdOn", label: "Date de création", sortable: true, filter: { type: "date" }, cell: (c) => formatFrenchDate(formatDay(c.createdOn)) },
  { key: "legalForm", label: "Statut", sortable: true, filter: { type: "select", options: Object.entries(LEGAL_FORMS) }, cell: (c) => LEGAL_FORMS[c.legalForm] },
  { key: "state", label: "État", sortable: true, filter: { type: "select", options: [["active", "Activé(e)"], ["inactive", "Désactivé(e)"]] }, cell: (c) => <StateBadge active={c.active} /> },
  {
    key: "action",
    label: "Action",
    cell: (c) => <RowLink href={`/clients/${c.id}`} label="Consulter" detail={c.name} />,
  },
];

/** *Mes clients* (SPEC §5). */
export function ClientsTable({ rows, total, query }: { rows: ClientRow[]; total: number; query: ClientQuery }) {
  return (
    <DataTable
      caption="Liste des clients"
      path="/clients"
      columns={columns}
      rows={rows}
      rowKey={(c) => c.id}
      total={total}
      query={query}
      exportHref={listHref("/api/clients/export", query, { page: undefined })}
    />
  );
}
