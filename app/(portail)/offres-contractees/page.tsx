import type { Metadata } from "next";
import { requireActor } from "@/lib/server/authz";
import { listContractedOffers, parseOcQuery } from "@/lib/server/contracted-offers";
import { Card, PageTitle } from "@/components/ui";
import type { SearchParams } from "@/lib/list-query";
import { ContractedOffersTable } from "./contracted-offers-table";

export const metadata: Metadata = { title: "Offres contractées" };

/** *Liste des offres contractées* (SPEC §3): own OCs, and in a reseller universe those of its clients. */
export default async function ContractedOffersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  const query = parseOcQuery(await searchParams);
  const { rows, total } = await listContractedOffers(actor, query);
  return (
    <>
      <PageTitle subtitle="Consultez le détail d'une offre contractée pour la résilier.">Liste des offres contractées</PageTitle>
      <Card>
        <ContractedOffersTable rows={rows} total={total} query={query} />
      </Card>
    </>
  );
}
