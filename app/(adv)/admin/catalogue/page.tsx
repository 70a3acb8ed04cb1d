import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireStaffAdministrator } from "@/lib/server/authz";
import { listOffersForAdmin } from "@/lib/server/offers";
import { Card, PageTitle, StateBadge, TableHead } from "@/components/ui";
import { formatEuros } from "@/lib/domain/money";
import { FAMILY_LABELS, PLAN_CATEGORY_LABELS } from "@/lib/domain/offer-form";
import { SERVICE_FAMILIES } from "@/lib/domain/catalogue-csv";
import { NewOfferForm } from "./offer-forms";

export const metadata: Metadata = { title: "Catalogue (gestion)" };

const months = (n: number) => (n === 0 ? "Sans engagement" : `${n} mois`);

/** The catalogue as its administrators manage it (SPEC §11): every offer, on sale or withdrawn, by family. */
export default async function CatalogueAdminPage() {
  const actor = await requireStaffAdministrator();
  const offers = await listOffersForAdmin(actor);
  return (
    <>
      <PageTitle subtitle="Prix hors taxes en vigueur aujourd'hui. Une offre retirée de la vente n'est plus proposée à la commande ; les offres contractées existantes la gardent.">
        Catalogue (gestion)
      </PageTitle>
      <div className="space-y-6">
        {SERVICE_FAMILIES.filter((family) => offers.some((o) => o.family === family)).map((family) => (
          <Card key={family} title={FAMILY_LABELS[family]}>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Offres de la famille {FAMILY_LABELS[family]}</caption>
                <TableHead headings={["Code", "Offre", "Mensuel HT", "Frais uniques HT", "Engagement", "Reconduction", "Préavis", "GTR", "État"]} />
                <tbody>
                  {offers
                    .filter((o) => o.family === family)
                    .map((o) => (
                      <tr key={o.id} className="border-b border-slate-100 align-top">
                        <td className="px-2 py-2 font-mono text-xs whitespace-nowrap">{o.code}</td>
                        <td className="px-2 py-2">
                          <Link href={`/admin/catalogue/${o.code}`} className="text-brand underline">
                            {o.name}
                          </Link>
                          {o.planCategory && <span className="block text-xs text-slate-600">{PLAN_CATEGORY_LABELS[o.planCategory]}</span>}
                        </td>
                        <td className="px-2 py-2 whitespace-nowrap">{formatEuros(o.priceToday.monthlyFeeCents)}</td>
                        <td className="px-2 py-2 whitespace-nowrap">{formatEuros(o.priceToday.oneOffFeeCents)}</td>
                        <td className="px-2 py-2">{months(o.commitmentMonths)}</td>
                        <td className="px-2 py-2">{o.renewalMonths === 0 ? "—" : `${o.renewalMonths} mois`}</td>
                        <td className="px-2 py-2">{o.noticeMonths} mois</td>
                        <td className="px-2 py-2">{o.gtr ? "Oui" : "Non"}</td>
                        <td className="px-2 py-2 whitespace-nowrap">
                          <StateBadge active={o.active} on="En vente" off="Retirée de la vente" />
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </Card>
        ))}
        <Card title="Créer une offre">
          <NewOfferForm />
        </Card>
      </div>
    </>
  );
}
