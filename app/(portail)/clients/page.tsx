import type { Metadata } from "next";
import { Link } from "@/components/link";
import { notFound } from "next/navigation";
import { actsAsReseller, requireActor } from "@/lib/server/authz";
import { listClients, parseClientQuery } from "@/lib/server/clients";
import { Card, PageTitle } from "@/components/ui";
import { ClientsTable } from "./clients-table";
import type { SearchParams } from "@/lib/list-query";

export const metadata: Metadata = { title: "Mes clients" };

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
        <ClientsTable rows={rows} total={total} query={query} />
      </Card>
    </>
  );
}
