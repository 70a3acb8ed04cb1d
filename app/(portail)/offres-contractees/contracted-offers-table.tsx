"use client";

import { DataTable, RowLink, type Column } from "@/components/data-table";
import { OcStateBadge } from "@/components/oc-state-badge";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";
import { OC_STATES, ORDER_TYPES } from "@/lib/domain/labels";
import { listHref } from "@/lib/list-query";
import type { OcQuery, OcRow } from "@/lib/server/contracted-offers";

const columns: Column<OcRow>[] = [
  { key: "pilot", nowrap: true, label: "Pilote ADV", sortable: true, filter: { type: "text" }, cell: (oc) => oc.pilot?.name ?? "Aucun" },
  { key: "ref", nowrap: true, label: "Réf.", sortable: true, filter: { type: "text" }, cell: (oc) => oc.ref },
  { key: "name", label: "Nom", sortable: true, filter: { type: "text" }, cell: (oc) => oc.name },
  { key: "orderRef", nowrap: true, label: "Réf. commande", sortable: true, filter: { type: "text" }, cell: (oc) => oc.order?.ref ?? "Aucune" },
  { key: "endClient", label: "Client final", sortable: true, filter: { type: "text" }, cell: (oc) => `${oc.endClient.id} ${oc.endClient.name}` },
  { key: "billingAccount", nowrap: true, label: "Compte client", sortable: true, filter: { type: "text" }, cell: (oc) => oc.billingAccount.ref },
  { key: "site", label: "Site", sortable: true, filter: { type: "text" }, cell: (oc) => oc.site?.name ?? "" },
  { key: "deliveredOn", nowrap: true, label: "Date de livraison", sortable: true, filter: { type: "date" }, cell: (oc) => (oc.deliveredOn ? formatFrenchDate(formatDay(oc.deliveredOn)) : "") },
  { key: "state", nowrap: true, label: "État", sortable: true, filter: { type: "select", options: Object.entries(OC_STATES) }, cell: (oc) => <OcStateBadge state={oc.state} /> },
  { key: "orderType", nowrap: true, label: "Type commande", sortable: true, filter: { type: "select", options: Object.entries(ORDER_TYPES) }, cell: (oc) => ORDER_TYPES[oc.orderType] },
  {
    key: "action",
    label: "Action",
    cell: (oc) => <RowLink href={`/offres-contractees/${oc.ref}`} label="Détail" detail={`de ${oc.ref}`} />,
  },
];

/** *Liste des offres contractées* (SPEC §3). */
export function ContractedOffersTable({ rows, total, query }: { rows: OcRow[]; total: number; query: OcQuery }) {
  return (
    <DataTable
      caption="Liste des offres contractées"
      path="/offres-contractees"
      columns={columns}
      rows={rows}
      rowKey={(oc) => oc.id}
      total={total}
      query={query}
      exportHref={listHref("/api/offres-contractees/export", query, { page: undefined })}
    />
  );
}
