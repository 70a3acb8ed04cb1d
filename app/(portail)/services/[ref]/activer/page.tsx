import type { Metadata } from "next";
import { Link } from "@/components/link";
import { notFound } from "next/navigation";
import { mayManageLines, requireActor } from "@/lib/server/authz";
import { getService } from "@/lib/server/services";
import { availableResources } from "@/lib/server/resources";
import { today } from "@/lib/server/clock";
import { Card, PageTitle } from "@/components/ui";
import { ActivationForm } from "./activation-form";
import { addDays } from "@/lib/domain/calendar-day";
import { PORTING_DEFAULT_MAX_DAYS, PORTING_EXTENDED_MAX_DAYS } from "@/lib/domain/mobile-line";

export const metadata: Metadata = { title: "Activer une ressource mobile" };

/** *Activer une ressource mobile* (SPEC §4): a SIM card and a new or ported number on a *Disponible* resource. */
export default async function ActivateResourcePage({ params, searchParams }: { params: Promise<{ ref: string }>; searchParams: Promise<{ ressource?: string }> }) {
  const actor = await requireActor();
  const service = await getService(actor, (await params).ref);
  if (service.type !== "OPENSIM" || !mayManageLines(actor)) notFound();
  const { ressource } = await searchParams;
  const resources = await availableResources(service.company.id, { serviceId: service.id });
  const todayDay = today();
  return (
    <>
      <PageTitle subtitle={<Link href={`/services/${service.ref}/ressources`} className="text-brand underline">← Ressources du service {service.ref}</Link>}>
        Activer une ressource mobile
      </PageTitle>
      <Card>
        {resources.length === 0 ? (
          <div role="status" className="text-sm text-slate-800">
            <p>Aucune ressource disponible dans ce service : vous devez au préalable passer une commande du forfait souhaité.</p>
            <p className="mt-2">
              <Link href={`/commandes/nouvelle?client=${service.company.id}`} className="font-medium text-brand underline">Commander un forfait</Link>
            </p>
          </div>
        ) : (
          <ActivationForm
            resources={resources.map((r) => ({ ref: r.ref, offer: r.offer.name }))}
            selected={ressource?.toUpperCase()}
            porting={{ min: addDays(todayDay, 1), max: addDays(todayDay, PORTING_DEFAULT_MAX_DAYS), extendedMax: addDays(todayDay, PORTING_EXTENDED_MAX_DAYS) }}
          />
        )}
      </Card>
    </>
  );
}
