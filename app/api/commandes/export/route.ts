import { getActor } from "@/lib/server/authz";
import { ordersCsv, parseOrderQuery } from "@/lib/server/orders";
import { csvResponse } from "@/lib/csv";

export const dynamic = "force-dynamic";

/** CSV export of the filtered order list (customers' orders, or the ADV queue for staff): every page. */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor || actor.pendingTermsId !== null) return new Response("Introuvable", { status: 404 });
  const query = parseOrderQuery(Object.fromEntries(new URL(request.url).searchParams));
  return csvResponse("commandes.csv", ordersCsv(actor, query));
}
