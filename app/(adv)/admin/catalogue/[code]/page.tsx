import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Link } from "@/components/link";
import { requireStaffAdministrator } from "@/lib/server/authz";
import { findOfferForAdmin } from "@/lib/server/offers";
import { today } from "@/lib/server/clock";
import { Card, Details, PageTitle, StateBadge, TableHead } from "@/components/ui";
import { compareDays, formatDay, formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { earliestIncreaseDay, priceOn } from "@/lib/domain/prices";
import { centiCentsInput, eurosInput, FAMILY_LABELS, goInput, OFFER_CODE, OVERAGE_MODE_LABELS, offerFormValues, PLAN_CATEGORY_LABELS } from "@/lib/domain/offer-form";
import { EditOfferForm, OfferSaleForm, PublishPriceForm } from "../offer-forms";

export const metadata: Metadata = { title: "Offre du catalogue" };

const months = (n: number) => (n === 0 ? "Sans engagement" : `${n} mois`);
const orDash = (value: string | null) => value ?? "—";

/** One offer of the catalogue (SPEC §11): its fields, its sale state, its dated prices. */
export default async function CatalogueOfferPage({ params }: { params: Promise<{ code: string }> }) {
  const actor = await requireStaffAdministrator();
  const code = (await params).code.toUpperCase();
  if (!OFFER_CODE.test(code)) notFound();
  const offer = await findOfferForAdmin(actor, code);
  const day = today();
  const versions = offer.prices.map((p) => ({ ...p, effectiveOn: formatDay(p.effectiveOn) }));
  const book = { base: { monthlyFeeCents: offer.monthlyFeeCents, oneOffFeeCents: offer.oneOffFeeCents }, versions };
  const inForce = priceOn(book, day);
  const inForceVersion = versions.filter((v) => compareDays(v.effectiveOn, day) <= 0).at(-1) ?? null;
  const stateOf = (version: (typeof versions)[number]) => (version === inForceVersion ? "En vigueur" : compareDays(version.effectiveOn, day) < 0 ? "Remplacé" : "À venir");
  return (
    <>
      <PageTitle subtitle={<Link href="/admin/catalogue" className="text-brand underline">← Tout le catalogue</Link>}>
        {offer.code} {offer.name}
      </PageTitle>
      <div className="grid gap-6 xl:grid-cols-[1fr_28rem]">
        <div className="space-y-6">
          <Card title="L'offre">
            <Details
              items={[
                ["Code", offer.code],
                ["Famille", FAMILY_LABELS[offer.family]],
                ...(offer.family === "OPENSIM"
                  ? ([
                      ["Catégorie", offer.planCategory ? PLAN_CATEGORY_LABELS[offer.planCategory] : "—"],
                      ["Volume inclus", offer.dataAllowanceBytes === null ? "—" : `${goInput(offer.dataAllowanceBytes)} Go`],
                      ["Au-delà du forfait", offer.overageMode ? OVERAGE_MODE_LABELS[offer.overageMode] : "—"],
                      ["Prix au Mio HT", offer.meteredPricePerMibCentiCents === null ? "—" : `${centiCentsInput(offer.meteredPricePerMibCentiCents)} €`],
                      ["Plafond hors forfait HT", offer.capCents === null ? "—" : formatEuros(offer.capCents)],
                      ["Plafond hors de France HT", offer.roamingCapCents === null ? "—" : formatEuros(offer.roamingCapCents)],
                    ] as [string, React.ReactNode][])
                  : []),
                ...(offer.optionOfFamily ? ([["Option des offres", FAMILY_LABELS[offer.optionOfFamily]]] as [string, React.ReactNode][]) : []),
                ["Prix en vigueur", `${formatEuros(inForce.monthlyFeeCents)} HT par mois, ${formatEuros(inForce.oneOffFeeCents)} HT de frais uniques`],
                ["Engagement", months(offer.commitmentMonths)],
                ["Reconduction", offer.renewalMonths === 0 ? "—" : `${offer.renewalMonths} mois`],
                ["Préavis", `${offer.noticeMonths} mois`],
                ["Frais de résiliation par ligne HT", offer.terminationFeePerLineCents === null ? "—" : formatEuros(offer.terminationFeePerLineCents)],
                ...(offer.family === "IP_TELEPHONY" ? ([["Canaux voix par unité", orDash(offer.voiceChannelsPerUnit?.toString() ?? null)]] as [string, React.ReactNode][]) : []),
                ["Appels illimités", offer.unlimitedCalls ? "Oui" : "Non"],
                ["GTR", offer.gtr ? "Oui" : "Non"],
                ["État", <StateBadge key="state" active={offer.active} on="En vente" off="Retirée de la vente" />],
              ]}
            />
            <div className="mt-4">
              <OfferSaleForm code={offer.code} active={offer.active} />
            </div>
          </Card>
          <Card title="Historique des prix">
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Historique des prix de l&apos;offre {offer.code}</caption>
                <TableHead headings={["Date d'effet", "Mensuel HT", "Frais uniques HT", "Publié le", "Notice envoyée le", "État"]} />
                <tbody>
                  <tr className="border-b border-slate-100">
                    <td className="px-2 py-2">Prix initial</td>
                    <td className="px-2 py-2 whitespace-nowrap">{formatEuros(offer.monthlyFeeCents)}</td>
                    <td className="px-2 py-2 whitespace-nowrap">{formatEuros(offer.oneOffFeeCents)}</td>
                    <td className="px-2 py-2">—</td>
                    <td className="px-2 py-2">—</td>
                    <td className="px-2 py-2">{inForceVersion === null ? "En vigueur" : "Remplacé"}</td>
                  </tr>
                  {versions.map((v) => (
                    <tr key={v.id} className="border-b border-slate-100">
                      <td className="px-2 py-2 whitespace-nowrap">{formatFrenchDate(v.effectiveOn)}</td>
                      <td className="px-2 py-2 whitespace-nowrap">{formatEuros(v.monthlyFeeCents)}</td>
                      <td className="px-2 py-2 whitespace-nowrap">{formatEuros(v.oneOffFeeCents)}</td>
                      <td className="px-2 py-2 whitespace-nowrap">{formatFrenchDate(parisDay(v.publishedAt))}</td>
                      <td className="px-2 py-2 whitespace-nowrap">{v.noticeSentAt ? formatFrenchDate(parisDay(v.noticeSentAt)) : "—"}</td>
                      <td className="px-2 py-2">{stateOf(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          <Card title="Modifier l'offre">
            <p className="mb-3 text-sm text-slate-700">Le code ne change pas ; les prix changent par un nouveau prix daté.</p>
            <EditOfferForm code={offer.code} current={offerFormValues(offer)} />
          </Card>
        </div>
        <Card title="Publier un nouveau prix">
          <PublishPriceForm
            code={offer.code}
            today={day}
            current={{ monthlyFee: eurosInput(inForce.monthlyFeeCents), oneOffFee: eurosInput(inForce.oneOffFeeCents) }}
            hint={`Une baisse peut prendre effet dès aujourd'hui. Une hausse prend effet au plus tôt un mois après sa publication (le ${formatFrenchDate(earliestIncreaseDay(day))} ou après) et est annoncée par email aux titulaires des comptes de facturation concernés, avec leur droit de résilier sans frais avant cette date.`}
          />
        </Card>
      </div>
    </>
  );
}
