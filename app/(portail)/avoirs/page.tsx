import type { Metadata } from "next";
import { requireActor } from "@/lib/server/authz";
import { filterErrors, listCreditNotes, parseCreditNoteQuery } from "@/lib/server/invoices";
import { Card, PageTitle } from "@/components/ui";
import { CreditNotesTable, FilterErrors } from "@/components/invoices-table";
import type { SearchParams } from "@/lib/list-query";

export const metadata: Metadata = { title: "Consultation des avoirs" };

/** Credit notes, each deducted from the next invoice of its billing account (SPEC §7). */
export default async function CreditNotesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  const query = parseCreditNoteQuery(await searchParams);
  const { rows, total } = await listCreditNotes(actor, query);
  return (
    <>
      <PageTitle subtitle="Les avoirs accordés sur vos factures, déduits de la facture suivante.">Consultation des avoirs</PageTitle>
      <Card>
        <FilterErrors errors={filterErrors(query)} />
        <CreditNotesTable rows={rows} total={total} query={query} />
      </Card>
    </>
  );
}
