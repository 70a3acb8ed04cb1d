import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/server/authz";
import { getService } from "@/lib/server/services";
import { channelsOf } from "@/lib/server/voice-checks";
import { ServiceHeader } from "./service-header";

export const metadata: Metadata = { title: "Service" };

/** *Paramétrer*: an OpenSIM service opens on its *Ressources* tab, a trunk or Centrex on its *Monitoring* tab; the others show their details. */
export default async function ServicePage({ params }: { params: Promise<{ ref: string }> }) {
  const actor = await requireActor();
  const service = await getService(actor, (await params).ref);
  if (service.type === "OPENSIM") redirect(`/services/${service.ref}/ressources`);
  if (channelsOf(service) !== null) redirect(`/services/${service.ref}/monitoring`);
  return <ServiceHeader service={service} />;
}
