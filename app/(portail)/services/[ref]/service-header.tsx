import { Link } from "@/components/link";
import { Card, Details, PageTitle } from "@/components/ui";
import { ServiceTabs } from "@/components/service-tabs";
import { type ServiceDetail } from "@/lib/server/services";
import { SERVICE_STATES, SERVICE_TYPES } from "@/lib/domain/labels";

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
