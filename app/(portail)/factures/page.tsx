import type { Metadata } from "next";
import { requireActor } from "@/lib/server/authz";
import { listInvoices, parseInvoiceQuery, filterErrors } from "@/lib/server/invoices";
import { Card, PageTitle } from "@/components/ui";
import { FilterErrors, InvoicesTable } from "@/components/invoices-table";
import type { SearchParams } from "@/lib/list-query";

export const metadata: Metadata = { title: "Consultation des factures" };

/** The invoices of the company's billing accounts and, in a reseller universe, of its clients' (SPEC §7). */
export default async function InvoicesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  const query = parseInvoiceQuery(await searchParams);
  const { rows, total } = await listInvoices(actor, query);
  return (
    <>
      <PageTitle subtitle="Vos factures mensuelles : abonnements du mois à échoir, consommations du mois écoulé.">Consultation des factures</PageTitle>
      <Card>
        <FilterErrors errors={filterErrors(query)} />
        <InvoicesTable rows={rows} total={total} query={query} />
      </Card>
    </>
  );
}
