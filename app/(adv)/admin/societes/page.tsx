import { searchKey } from "@/lib/domain/search-key";
import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireStaff } from "@/lib/server/authz";
import { db } from "@/lib/server/db";
import { Card, PageTitle, StateBadge } from "@/components/ui";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";
import { CompanyForm } from "./company-form";
import { LEGAL_FORMS } from "@/lib/domain/labels";

export const metadata: Metadata = { title: "Sociétés" };

const PAGE_SIZE = 50;

export default async function CompaniesPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  await requireStaff("SUPPORT");
  const { q = "", page = "1" } = await searchParams;
  const pageNumber = Math.max(1, Number.parseInt(page, 10) || 1);
  const query = q.trim().slice(0, 100);
  const where = query
    ? { OR: [{ nameKey: { contains: searchKey(query) } }, ...(/^\d{1,9}$/.test(query) ? [{ id: Number(query) }] : []), { siret: query }] }
    : {};
  const [companies, total] = await Promise.all([
    db.company.findMany({ where, orderBy: { id: "asc" }, skip: (pageNumber - 1) * PAGE_SIZE, take: PAGE_SIZE, include: { parent: { select: { id: true, name: true } } } }),
    db.company.count({ where }),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <PageTitle subtitle="Toutes les sociétés du portail.">Sociétés</PageTitle>
      <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
        <Card>
          <form className="mb-4 flex gap-2" role="search">
            <label htmlFor="q" className="sr-only">
              Rechercher une société
            </label>
            <input id="q" name="q" defaultValue={query} placeholder="Raison sociale, identifiant ou SIRET" className="flex-1 rounded border border-slate-300 px-3 py-2" />
            <button type="submit" className="rounded bg-brand px-4 py-2 text-white">
              Rechercher
            </button>
          </form>
          <p className="mb-2 text-sm text-slate-600">{total} société(s)</p>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-300 text-slate-600">
                <tr>
                  <th className="py-2 pr-3">Identifiant</th>
                  <th className="py-2 pr-3">Raison sociale</th>
                  <th className="py-2 pr-3">Statut</th>
                  <th className="py-2 pr-3">Société parente</th>
                  <th className="py-2 pr-3">Date de création</th>
                  <th className="py-2 pr-3">État</th>
                  <th className="py-2">Action</th>
                </tr>
              </thead>
              <tbody>
                {companies.map((company) => (
                  <tr key={company.id} className="border-b border-slate-100">
                    <td className="py-2 pr-3">{company.id}</td>
                    <td className="py-2 pr-3">{company.name}</td>
                    <td className="py-2 pr-3">{LEGAL_FORMS[company.legalForm]}</td>
                    <td className="py-2 pr-3">{company.parent ? `${company.parent.id} ${company.parent.name}` : "—"}</td>
                    <td className="py-2 pr-3">{formatFrenchDate(formatDay(company.createdOn))}</td>
                    <td className="py-2 pr-3">
                      <StateBadge active={company.active} />
                    </td>
                    <td className="py-2">
                      <Link href={`/admin/societes/${company.id}`} className="text-brand underline">
                        Consulter<span className="sr-only"> {company.name}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 && (
            <nav aria-label="Pagination" className="mt-3 flex items-center gap-3 text-sm">
              {pageNumber > 1 && <Link href={`?q=${encodeURIComponent(query)}&page=${pageNumber - 1}`} className="text-brand underline">Page précédente</Link>}
              <span>
                Page {pageNumber} / {pages}
              </span>
              {pageNumber < pages && <Link href={`?q=${encodeURIComponent(query)}&page=${pageNumber + 1}`} className="text-brand underline">Page suivante</Link>}
            </nav>
          )}
        </Card>
        <Card title="Créer une société">
          <CompanyForm legalForms={Object.entries(LEGAL_FORMS)} />
        </Card>
      </div>
    </>
  );
}
