import { getActor } from "@/lib/server/authz";
import { creditNotesCsv, parseCreditNoteQuery } from "@/lib/server/invoices";
import { csvResponse } from "@/lib/csv";

export const dynamic = "force-dynamic";

/** CSV export of the filtered credit-note list: every page. */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor || actor.pendingTermsId !== null) return new Response("Introuvable", { status: 404 });
  const query = parseCreditNoteQuery(Object.fromEntries(new URL(request.url).searchParams));
  return csvResponse("avoirs.csv", creditNotesCsv(actor, query));
}
