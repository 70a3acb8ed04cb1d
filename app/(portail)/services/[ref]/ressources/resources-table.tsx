"use client";

import { DataTable, RowLink, type Column, type FilterField } from "@/components/data-table";
import { ResourceStateBadge } from "@/components/resource-state-badge";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";
import { formatMsisdn } from "@/lib/domain/identifiers";
import type { ResourceQuery, ResourceRow } from "@/lib/server/resources";

const columns: Column<ResourceRow>[] = [
  { key: "ref", label: "Ressource", sortable: true, cell: (r) => (<><span className="block">{r.offer.name}</span><span className="text-xs text-slate-600">{r.ref}</span></>) },
  { key: "number", nowrap: true, label: "Numéro", sortable: true, cell: (r) => (r.lineMsisdn ? formatMsisdn(r.lineMsisdn) : "—") },
  { key: "user", label: "Utilisateur", sortable: true, cell: (r) => r.lineUserName ?? "" },
  { key: "activatedOn", nowrap: true, label: "Date d'activation", sortable: true, cell: (r) => (r.lineActivatedOn ? formatFrenchDate(formatDay(r.lineActivatedOn)) : "") },
  { key: "state", nowrap: true, label: "État", sortable: true, cell: (r) => <ResourceStateBadge state={r.state} /> },
  {
    key: "action",
    label: "Action",
    cell: (r) => <RowLink href={`/ressources/${r.ref}`} label="Détails" detail={`de ${r.ref}`} />,
  },
];

/** The *Ressources* tab's list of an OpenSIM service, its filters above it (seed 002). */
export function ResourcesTable({ serviceRef, rows, total, query, filterFields }: { serviceRef: string; rows: ResourceRow[]; total: number; query: ResourceQuery; filterFields: FilterField[] }) {
  return (
    <DataTable caption={`Ressources du service ${serviceRef}`} path={`/services/${serviceRef}/ressources`} columns={columns} rows={rows} rowKey={(r) => r.id} total={total} query={query} filterFields={filterFields} />
  );
}
