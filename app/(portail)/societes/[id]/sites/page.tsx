import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireActor } from "@/lib/server/authz";
import { listSites } from "@/lib/server/sites";
import { Card, TableHead } from "@/components/ui";
import { SiteForm } from "./site-form";
import { Pager } from "@/components/pager";

export const metadata: Metadata = { title: "Sites" };

/** *Sites* (SPEC §12): the company's sites, a new one, a link to each one's form. Its users and its reseller edit them. */
export default async function SitesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string | string[] }> }) {
  const actor = await requireActor();
  const { id } = await params;
  const pageParam = (await searchParams).page;
  const page = Math.min(100_000, Math.max(1, Number.parseInt(String(Array.isArray(pageParam) ? pageParam[0] : (pageParam ?? "1")), 10) || 1));
  const companyId = /^\d{1,9}$/.test(id) ? Number(id) : -1;
  const { rows, total, pages } = await listSites(actor, companyId, page);
  const base = `/societes/${companyId}/sites`;
  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
      <Card title="Sites">
        <p className="mb-3 text-sm text-slate-700" role="status">
          {total === 0 ? "Aucun site : créez-en un pour pouvoir commander." : `${total} site${total > 1 ? "s" : ""}`}
        </p>
        {rows.length > 0 && (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Sites de la société</caption>
              <TableHead headings={["Nom", "Adresse", "Code postal", "Ville", "Notes d'accès", "Actions"]} />
              <tbody>
                {rows.map((site) => (
                  <tr key={site.id} className="border-b border-slate-100 align-top">
                    <td className="px-2 py-2 font-medium">{site.name}</td>
                    <td className="px-2 py-2">{site.address ?? "—"}</td>
                    <td className="px-2 py-2 whitespace-nowrap">{site.postcode ?? "—"}</td>
                    <td className="px-2 py-2">{site.city ?? "—"}</td>
                    <td className="px-2 py-2 whitespace-pre-line">{site.accessNotes ?? "—"}</td>
                    <td className="px-2 py-2 whitespace-nowrap">
                      <Link href={`${base}/${site.id}`} className="text-brand underline">
                        Modifier<span className="sr-only"> le site {site.name}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager base={base} page={page} pages={pages} />
      </Card>
      <Card title="Nouveau site">
        <SiteForm companyId={companyId} />
      </Card>
    </div>
  );
}
