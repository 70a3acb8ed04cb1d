import type { Metadata } from "next";
import { Link } from "@/components/link";
import { hidesPrices, requireActor } from "@/lib/server/authz";
import { withPricesOn } from "@/lib/server/prices";
import { today } from "@/lib/server/clock";
import { db } from "@/lib/server/db";
import { Card, PageTitle, TableHead } from "@/components/ui";
import { formatEuros } from "@/lib/domain/money";
import type { ServiceFamily } from "@/lib/generated/prisma/enums";

export const metadata: Metadata = { title: "Catalogue" };

const FAMILIES: [ServiceFamily, string][] = [
  ["IP_ACCESS_FIBRE", "Accès IP fibre"],
  ["IP_ACCESS_COPPER", "Accès IP cuivre"],
  ["IP_ACCESS_CELLULAR", "Accès IP cellulaire"],
  ["IP_TELEPHONY", "Téléphonie IP"],
  ["OPENSIM", "Flotte mobile OpenSIM"],
  ["OPTION", "Options"],
];

const months = (n: number) => (n === 0 ? "Sans engagement" : `${n} mois`);

/** The catalogue (SPEC §9): offers by family with their prices HT and terms (SPEC §3). */
export default async function CataloguePage() {
  const actor = await requireActor();
  const offers = await withPricesOn(await db.offer.findMany({ where: { active: true }, orderBy: [{ planCategory: "asc" }, { monthlyFeeCents: "asc" }] }), today());
  const withPrices = !hidesPrices(actor);
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageTitle subtitle={withPrices ? "Prix hors taxes. Engagement, reconduction tacite et préavis de résiliation par offre." : "Engagement, reconduction tacite et préavis de résiliation par offre. Vos prix sont convenus avec votre revendeur."}>
          Catalogue
        </PageTitle>
        {!actor.staffRole && (
          <Link href="/commandes/nouvelle" className="rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
            Commander
          </Link>
        )}
      </div>
      <div className="space-y-6">
        {FAMILIES.filter(([family]) => offers.some((o) => o.family === family)).map(([family, label]) => (
          <Card key={family} title={label}>
            <table className="w-full text-left text-sm">
              <TableHead headings={["Offre", ...(family === "OPENSIM" ? ["Catégorie"] : []), ...(withPrices ? ["Mensuel HT", "Frais uniques HT"] : []), "Engagement", "Reconduction", "Préavis"]} />
              <tbody>
                {offers.filter((o) => o.family === family).map((o) => (
                  <tr key={o.id} className="border-b border-slate-100">
                    <td className="px-2 py-2">
                      {o.name}
                      {withPrices && o.terminationFeePerLineCents !== null && <span className="block text-xs text-slate-600">Résiliation : {formatEuros(o.terminationFeePerLineCents)} HT par ligne</span>}
                    </td>
                    {family === "OPENSIM" && <td className="px-2 py-2">{{ DATA_ONLY: "Data Only", VOIX_DATA_COMPTEUR: "Voix + Data au compteur", DATA_DATA_AU_GO: "Data + Data au Go" }[o.planCategory ?? "DATA_ONLY"]}</td>}
                    {withPrices && <td className="px-2 py-2 whitespace-nowrap">{formatEuros(o.monthlyFeeCents)}</td>}
                    {withPrices && <td className="px-2 py-2 whitespace-nowrap">{formatEuros(o.oneOffFeeCents)}</td>}
                    <td className="px-2 py-2">{months(o.commitmentMonths)}</td>
                    <td className="px-2 py-2">{o.renewalMonths === 0 ? "—" : `${o.renewalMonths} mois`}</td>
                    <td className="px-2 py-2">{o.noticeMonths} mois</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        ))}
      </div>
    </>
  );
}
