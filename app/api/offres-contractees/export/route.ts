import { getActor } from "@/lib/server/authz";
import { contractedOffersCsv, parseOcQuery } from "@/lib/server/contracted-offers";
import { csvResponse } from "@/lib/csv";

export const dynamic = "force-dynamic";

/** CSV export of the filtered OC list: the page's columns, filters and order, every page. */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor || actor.pendingTermsId !== null) return new Response("Introuvable", { status: 404 });
  const query = parseOcQuery(Object.fromEntries(new URL(request.url).searchParams));
  return csvResponse("offres-contractees.csv", contractedOffersCsv(actor, query));
}
