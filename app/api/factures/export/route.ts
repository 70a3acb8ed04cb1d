import { getActor } from "@/lib/server/authz";
import { invoicesCsv, parseInvoiceQuery } from "@/lib/server/invoices";
import { csvResponse } from "@/lib/csv";

export const dynamic = "force-dynamic";

/** CSV export of the filtered invoice list: every page. */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor || actor.pendingTermsId !== null) return new Response("Introuvable", { status: 404 });
  const query = parseInvoiceQuery(Object.fromEntries(new URL(request.url).searchParams));
  return csvResponse("factures.csv", invoicesCsv(actor, query));
}
