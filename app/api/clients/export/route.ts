import { getActor, actsAsReseller } from "@/lib/server/authz";
import { allClients, parseClientQuery } from "@/lib/server/clients";
import { LEGAL_FORMS } from "@/lib/server/companies";
import { CSV_BOM, csvLine } from "@/lib/csv";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";

export const dynamic = "force-dynamic";

/** CSV export of the filtered client list (same filters and order as the page, every page). */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor || actor.pendingTermsId !== null || !actsAsReseller(actor)) return new Response("Introuvable", { status: 404 });
  const query = parseClientQuery(Object.fromEntries(new URL(request.url).searchParams));
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvLine(["Identifiant", "Raison sociale", "Date de création", "Statut", "État"])));
      for await (const rows of allClients(actor, query)) {
        controller.enqueue(
          encoder.encode(rows.map((c) => csvLine([c.id, c.name, formatFrenchDate(formatDay(c.createdOn)), LEGAL_FORMS[c.legalForm], c.active ? "Activé(e)" : "Désactivé(e)"])).join("")),
        );
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="clients.csv"', "cache-control": "no-store" },
  });
}
