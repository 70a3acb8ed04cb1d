import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/server/authz";
import { getService } from "@/lib/server/services";
import { ServiceHeader } from "./service-header";

export const metadata: Metadata = { title: "Service" };

/** *Paramétrer*: an OpenSIM service opens on its *Ressources* tab; the others show their details. */
export default async function ServicePage({ params }: { params: Promise<{ ref: string }> }) {
  const actor = await requireActor();
  const service = await getService(actor, (await params).ref);
  if (service.type === "OPENSIM") redirect(`/services/${service.ref}/ressources`);
  return <ServiceHeader service={service} />;
}
