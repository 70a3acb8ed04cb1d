import type { Metadata } from "next";
import { requireStaff } from "@/lib/server/authz";
import { listOrders, parseOrderQuery } from "@/lib/server/orders";
import { now } from "@/lib/server/clock";
import { Card, PageTitle } from "@/components/ui";
import { OrdersTable } from "@/components/orders-table";
import type { SearchParams } from "@/lib/list-query";

export const metadata: Metadata = { title: "File ADV" };

/** The ADV queue (SPEC §6): every order, oldest first by default, filtered by state, pilot, client, day. */
export default async function AdvQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireStaff("ADV");
  const params = await searchParams;
  const query = parseOrderQuery({ sort: "submittedAt", dir: "asc", ...params });
  const { rows, total } = await listOrders(actor, query);
  return (
    <>
      <PageTitle subtitle="Affectez un pilote, validez ou refusez, suivez la livraison.">File des commandes (ADV)</PageTitle>
      <Card>
        <OrdersTable path="/admin/commandes" rows={rows} total={total} query={query} now={now()} />
      </Card>
    </>
  );
}
