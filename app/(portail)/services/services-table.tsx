"use client";

import { DataTable, RowLink, type Column } from "@/components/data-table";
import { SERVICE_STATES, SERVICE_TYPES } from "@/lib/domain/labels";
import type { ServiceQuery, ServiceRow } from "@/lib/server/services";

const columns: Column<ServiceRow>[] = [
  { key: "ref", nowrap: true, label: "Réf. du service", sortable: true, filter: { type: "text" }, cell: (s) => s.ref },
  { key: "name", label: "Nom du service", sortable: true, filter: { type: "text" }, cell: (s) => s.name },
  { key: "client", label: "Client", sortable: true, filter: { type: "text" }, cell: (s) => `${s.company.id} ${s.company.name}` },
  { key: "billingAccount", nowrap: true, label: "Compte client", sortable: true, filter: { type: "text" }, cell: (s) => s.contractedOffer.billingAccount.ref },
  { key: "site", label: "Site", sortable: true, filter: { type: "text" }, cell: (s) => s.site?.name ?? "" },
  { key: "type", nowrap: true, label: "Type de service", sortable: true, filter: { type: "select", options: Object.entries(SERVICE_TYPES) }, cell: (s) => SERVICE_TYPES[s.type] },
  { key: "state", nowrap: true, label: "État du service", sortable: true, filter: { type: "select", options: Object.entries(SERVICE_STATES) }, cell: (s) => SERVICE_STATES[s.state] },
  {
    key: "action",
    label: "Action",
    cell: (s) => <RowLink href={`/services/${s.ref}`} label="Paramétrer" detail={s.ref} />,
  },
];

/** *Mes services → Paramétrage / Monitoring* (SPEC §4). */
export function ServicesTable({ rows, total, query }: { rows: ServiceRow[]; total: number; query: ServiceQuery }) {
  return <DataTable caption="Liste des services" path="/services" columns={columns} rows={rows} rowKey={(s) => s.id} total={total} query={query} />;
}
