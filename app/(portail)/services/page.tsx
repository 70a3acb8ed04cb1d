import type { Metadata } from "next";
import { requireActor } from "@/lib/server/authz";
import { listServices, parseServiceQuery } from "@/lib/server/services";
import { Card, PageTitle } from "@/components/ui";
import type { SearchParams } from "@/lib/list-query";
import { ServicesTable } from "./services-table";

export const metadata: Metadata = { title: "Mes services" };

/** *Mes services → Paramétrage / Monitoring* (SPEC §4): own services and, in a reseller universe, those of its clients. */
export default async function ServicesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  const query = parseServiceQuery(await searchParams);
  const { rows, total } = await listServices(actor, query);
  return (
    <>
      <PageTitle subtitle="Paramétrez un service ou suivez sa consommation.">Mes services – Paramétrage / Monitoring</PageTitle>
      <Card>
        <ServicesTable rows={rows} total={total} query={query} />
      </Card>
    </>
  );
}
