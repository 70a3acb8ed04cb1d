import type { Metadata } from "next";
import { Link } from "@/components/link";
import { mayManageLines, requireActor } from "@/lib/server/authz";
import { getService } from "@/lib/server/services";
import { allowanceOptions, listResources, parseResourceQuery } from "@/lib/server/resources";
import { Card } from "@/components/ui";
import type { FilterField } from "@/components/data-table";
import { PLAN_CATEGORY_LABELS } from "@/lib/domain/plan-change";
import type { SearchParams } from "@/lib/list-query";
import { notFound } from "next/navigation";
import { ServiceHeader } from "../service-header";
import { ResourcesTable } from "./resources-table";
import { RESOURCE_STATES } from "@/lib/domain/labels";

export const metadata: Metadata = { title: "Ressources du service" };

/** The *Ressources* tab of an OpenSIM service (SPEC §4, seed 002). */
export default async function ServiceResourcesPage({ params, searchParams }: { params: Promise<{ ref: string }>; searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  const service = await getService(actor, (await params).ref);
  if (service.type !== "OPENSIM") notFound();
  const query = parseResourceQuery(await searchParams);
  const [{ rows, total }, allowances] = await Promise.all([listResources(service.id, query), allowanceOptions()]);
  const filterFields: FilterField[] = [
    { key: "number", label: "Numéro", filter: { type: "text", placeholder: "06…" } },
    { key: "type", label: "Type", filter: { type: "select", options: Object.entries(PLAN_CATEGORY_LABELS) } },
    { key: "allowance", label: "Enveloppe Data", filter: { type: "select", options: allowances } },
    { key: "contractedOffer", label: "Offre contractée", filter: { type: "text", placeholder: "OC…" } },
    { key: "productSheet", label: "Réf. fiche produit contractée", filter: { type: "text", placeholder: "FPC…" } },
    { key: "user", label: "Utilisateur", filter: { type: "text" } },
    { key: "activatedOn", label: "Date d'activation", filter: { type: "date" } },
    { key: "state", label: "État", filter: { type: "select", options: Object.entries(RESOURCE_STATES) } },
  ];
  return (
    <>
      <ServiceHeader service={service} tab="ressources" />
      <Card>
        {mayManageLines(actor) && (
          <div className="mb-4 flex justify-end">
            <Link href={`/services/${service.ref}/activer`} className="rounded bg-brand px-3 py-2 text-sm font-medium text-white hover:bg-brand-dark">
              Activer une ressource mobile
            </Link>
          </div>
        )}
        <ResourcesTable serviceRef={service.ref} rows={rows} total={total} query={query} filterFields={filterFields} />
      </Card>
    </>
  );
}
