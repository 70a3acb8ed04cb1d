import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { actsAsReseller, requireActor } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { LEGAL_FORMS } from "@/lib/server/companies";
import { Card, PageTitle, StateBadge } from "@/components/ui";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";

export const metadata: Metadata = { title: "Mes clients" };

const PAGE_SIZE = 50;

/** The reseller's direct clients (SPEC §5), in a reseller or operator universe only. */
export default async function ClientsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const actor = await requireActor();
  if (!actsAsReseller(actor)) notFound();
  const { page = "1" } = await searchParams;
  const pageNumber = Math.max(1, Number.parseInt(page, 10) || 1);
  const where = { parentId: actor.company.id };
  const [clients, total] = await Promise.all([
    db.company.findMany({ where, orderBy: { id: "asc" }, skip: (pageNumber - 1) * PAGE_SIZE, take: PAGE_SIZE }),
    db.company.count({ where }),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <PageTitle subtitle={`${total} client(s)`}>Mes clients</PageTitle>
      <Card>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-300 text-slate-600">
              <tr>
                <th className="py-2 pr-3">Identifiant</th>
                <th className="py-2 pr-3">Raison sociale</th>
                <th className="py-2 pr-3">Date de création</th>
                <th className="py-2 pr-3">Statut</th>
                <th className="py-2">État</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <tr key={client.id} className="border-b border-slate-100">
                  <td className="py-2 pr-3">{client.id}</td>
                  <td className="py-2 pr-3">{client.name}</td>
                  <td className="py-2 pr-3">{formatFrenchDate(formatDay(client.createdOn))}</td>
                  <td className="py-2 pr-3">{LEGAL_FORMS[client.legalForm]}</td>
                  <td className="py-2">
                    <StateBadge active={client.active} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {pages > 1 && (
          <nav aria-label="Pagination" className="mt-3 flex items-center gap-3 text-sm">
            {pageNumber > 1 && <Link href={`?page=${pageNumber - 1}`} className="text-brand underline">Page précédente</Link>}
            <span>
              Page {pageNumber} / {pages}
            </span>
            {pageNumber < pages && <Link href={`?page=${pageNumber + 1}`} className="text-brand underline">Page suivante</Link>}
          </nav>
        )}
      </Card>
    </>
  );
}
