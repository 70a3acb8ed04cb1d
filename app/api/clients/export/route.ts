import { getActor, actsAsReseller } from "@/lib/server/authz";
import { clientsCsv, parseClientQuery } from "@/lib/server/clients";
import { csvResponse } from "@/lib/csv";

export const dynamic = "force-dynamic";

/** CSV export of the filtered client list (same filters and order as the page, every page). */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor || actor.pendingTermsId !== null || !actsAsReseller(actor)) return new Response("Introuvable", { status: 404 });
  const query = parseClientQuery(Object.fromEntries(new URL(request.url).searchParams));
  return csvResponse("clients.csv", clientsCsv(actor, query));
}
