import { getActor } from "@/lib/server/authz";
import { findService } from "@/lib/server/services";
import { channelsOf } from "@/lib/server/voice-checks";
import { monitoringMonth, voiceMonthCsv } from "@/lib/server/voice-monitoring";
import { csvResponse } from "@/lib/csv";

export const dynamic = "force-dynamic";

/** CSV export of a trunk's or Centrex's month of calls, per day (the *Monitoring* tab, issue 9); 404 out of scope. */
export async function GET(request: Request, { params }: { params: Promise<{ ref: string }> }) {
  const actor = await getActor();
  if (!actor || actor.pendingTermsId !== null) return new Response("Introuvable", { status: 404 });
  const service = await findService(actor, (await params).ref);
  const channels = service ? channelsOf(service) : null;
  if (!service || channels === null) return new Response("Introuvable", { status: 404 });
  const month = await monitoringMonth(service.id, new URL(request.url).searchParams.get("mois") ?? undefined);
  return csvResponse(`appels-${service.ref}-${month}.csv`, voiceMonthCsv({ ...service, channels }, month));
}
