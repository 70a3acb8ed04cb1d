import type { Metadata } from "next";
import { Link } from "@/components/link";
import { notFound } from "next/navigation";
import { actsAsReseller, requireActor } from "@/lib/server/authz";
import { listClients, parseClientQuery, type ClientRow } from "@/lib/server/clients";
import { LEGAL_FORMS } from "@/lib/server/companies";
import { Card, PageTitle, StateBadge } from "@/components/ui";
import { DataTable, RowLink, type Column } from "@/components/data-table";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";
import { listHref, type SearchParams } from "@/lib/list-query";

export const metadata: Metadata = { title: "Mes clients" };

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

/** The reseller's direct clients (SPEC §5), in a reseller or operator universe only. */
export default async function ClientsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  if (!actsAsReseller(actor)) notFound();
  const query = parseClientQuery(await searchParams);
  const { rows, total } = await listClients(actor, query);
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageTitle subtitle="Recherchez un client à l'aide des filtres, puis consultez-le.">Mes clients</PageTitle>
        <Link href="/clients/nouveau" className="rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
          Créer un client
        </Link>
      </div>
      <Card>
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
      </Card>
    </>
  );
}
