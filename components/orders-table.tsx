"use client";

import { DataTable, RowLink, type Column } from "@/components/data-table";
import { listHref } from "@/lib/list-query";
import { ORDER_STATE_LABELS } from "@/lib/domain/orders";
import { formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import type { OrderQuery, OrderRow } from "@/lib/server/orders";
import { ORDER_AGES, ORDER_TYPES } from "@/lib/domain/labels";

/** The order list, for customers (`/commandes`) and for the ADV queue (`/admin/commandes`). */
export function OrdersTable({ path, rows, total, query, now }: { path: string; rows: OrderRow[]; total: number; query: OrderQuery; now: Date }) {
  const columns: Column<OrderRow>[] = [
    { key: "ref", label: "Réf.", nowrap: true, sortable: true, filter: { type: "text" }, cell: (o) => o.ref },
    { key: "submittedAt", label: "Soumise le", nowrap: true, sortable: true, filter: { type: "date" }, cell: (o) => formatFrenchDate(parisDay(o.submittedAt)) },
    { key: "age", label: "Âge", nowrap: true, filter: { type: "select", options: ORDER_AGES }, cell: (o) => `${Math.max(0, Math.floor((now.getTime() - o.submittedAt.getTime()) / 86_400_000))} j` },
    { key: "endClient", label: "Client final", filter: { type: "text" }, cell: (o) => `${o.endClient.id} ${o.endClient.name}` },
    { key: "type", label: "Type commande", nowrap: true, filter: { type: "select", options: Object.entries(ORDER_TYPES) }, cell: (o) => ORDER_TYPES[o.type] },
    { key: "state", label: "État", nowrap: true, sortable: true, filter: { type: "select", options: Object.entries(ORDER_STATE_LABELS) }, cell: (o) => ORDER_STATE_LABELS[o.state] },
    { key: "pilot", label: "Pilote ADV", nowrap: true, filter: { type: "text" }, cell: (o) => o.pilot?.name ?? "Aucun" },
    {
      key: "action",
      label: "Action",
      cell: (o) => <RowLink href={`${path}/${o.ref}`} label="Détail" detail={`de ${o.ref}`} />,
    },
  ];
  return (
    <DataTable caption="Liste des commandes" path={path} columns={columns} rows={rows} rowKey={(o) => o.id} total={total} query={query} exportHref={listHref("/api/commandes/export", query, { page: undefined })} />
  );
}
