import { Link } from "@/components/link";
import { Card, Details, PageTitle } from "@/components/ui";
import { ServiceTabs } from "@/components/service-tabs";
import { type ServiceDetail } from "@/lib/server/services";
import { SUSPENSION_REASON_LABELS } from "@/lib/server/suspensions";
import { SERVICE_STATES, SERVICE_TYPES } from "@/lib/domain/labels";
import { formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";

export type ServiceTabKey = "ressources" | "monitoring";

/** The title, the service's details and its tabs (OpenSIM: *Ressources* and *Monitoring*; trunks and Centrex: *Monitoring*). */
export function ServiceHeader({ service, tab }: { service: ServiceDetail; tab?: ServiceTabKey }) {
  const base = `/services/${service.ref}`;
  return (
    <>
      <PageTitle subtitle={<Link href="/services" className="text-brand underline">← Mes services</Link>}>
        {service.ref} {service.name}
      </PageTitle>
      <Card className="mb-6">
        <Details
          items={[
            ["Client", `${service.company.id} ${service.company.name}`],
            ["Type de service", SERVICE_TYPES[service.type]],
            ["État du service", SERVICE_STATES[service.state]],
            ...(service.suspensions.length > 0
              ? [["Suspendu pour", service.suspensions.map((s) => `${SUSPENSION_REASON_LABELS[s.reason]} (depuis le ${formatFrenchDate(parisDay(s.startedAt))})`).join(", ")] as [string, string]]
              : []),
            ["Site", service.site?.name ?? "—"],
            ["Compte client", service.contractedOffer.billingAccount.ref],
            ["Offre contractée", <Link key="oc" href={`/offres-contractees/${service.contractedOffer.ref}`} className="text-brand underline">{service.contractedOffer.ref} {service.contractedOffer.name}</Link>],
          ]}
        />
      </Card>
      {tab && (
        <ServiceTabs
          label={`Onglets du service ${service.ref}`}
          tabs={[
            ...(service.type === "OPENSIM" ? [{ href: `${base}/ressources`, label: "Ressources", current: tab === "ressources" }] : []),
            { href: `${base}/monitoring`, label: "Monitoring", current: tab === "monitoring" },
          ]}
        />
      )}
    </>
  );
}
