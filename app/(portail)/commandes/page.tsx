import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireActor } from "@/lib/server/authz";
import { listOrders, parseOrderQuery } from "@/lib/server/orders";
import { now } from "@/lib/server/clock";
import { Card, PageTitle } from "@/components/ui";
import { OrdersTable } from "@/components/orders-table";
import type { SearchParams } from "@/lib/list-query";

export const metadata: Metadata = { title: "Mes commandes" };

/** Customers follow their orders (and, in a reseller universe, their clients'). */
export default async function OrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  const query = parseOrderQuery(await searchParams);
  const { rows, total } = await listOrders(actor, query);
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageTitle subtitle="Suivez la livraison de vos commandes.">Mes commandes</PageTitle>
        {!actor.staffRole && (
          <Link href="/commandes/nouvelle" className="rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
            Nouvelle commande
          </Link>
        )}
      </div>
      <Card>
        <OrdersTable path="/commandes" rows={rows} total={total} query={query} now={now()} />
      </Card>
    </>
  );
}
