import { getActor } from "@/lib/server/authz";
import { allContractedOffers, OC_STATES, ORDER_TYPES, parseOcQuery } from "@/lib/server/contracted-offers";
import { CSV_BOM, csvLine } from "@/lib/csv";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";

export const dynamic = "force-dynamic";

/** CSV export of the filtered OC list: the page's columns, filters and order, every page. */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor || actor.pendingTermsId !== null) return new Response("Introuvable", { status: 404 });
  const query = parseOcQuery(Object.fromEntries(new URL(request.url).searchParams));
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(
        encoder.encode(CSV_BOM + csvLine(["Pilote ADV", "Réf.", "Nom", "Réf. commande", "Client final", "Raison sociale", "Compte client", "Site", "Date de livraison", "État", "Type commande"])),
      );
      for await (const rows of allContractedOffers(actor, query)) {
        const lines = rows.map((oc) =>
          csvLine([
            oc.pilot?.name ?? "Aucun", oc.ref, oc.name, oc.order?.ref ?? "Aucune", oc.endClient.id, oc.endClient.name, oc.billingAccount.ref, oc.site?.name ?? "",
            oc.deliveredOn ? formatFrenchDate(formatDay(oc.deliveredOn)) : "", OC_STATES[oc.state], ORDER_TYPES[oc.orderType],
          ]),
        );
        controller.enqueue(encoder.encode(lines.join("")));
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="offres-contractees.csv"', "cache-control": "no-store" },
  });
}
