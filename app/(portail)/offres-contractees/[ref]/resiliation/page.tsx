import type { Metadata } from "next";
import { Link } from "@/components/link";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/server/authz";
import { getContractedOffer } from "@/lib/server/contracted-offers";
import { scheduledTermination } from "@/lib/server/terminations";
import { Card, Details, PageTitle } from "@/components/ui";
import { lastDayToCancel } from "@/lib/domain/termination";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";

export const metadata: Metadata = { title: "Résiliation programmée" };

/** The confirmation page after *Continuer* (SPEC §3). */
export default async function TerminationConfirmationPage({ params }: { params: Promise<{ ref: string }> }) {
  const actor = await requireActor();
  const { ref } = await params;
  const { oc, showPrices } = await getContractedOffer(actor, ref);
  const scheduled = scheduledTermination(oc);
  if (!scheduled) redirect(`/offres-contractees/${oc.ref}`);
  const effectiveOn = formatDay(scheduled.effectiveOn);
  return (
    <>
      <PageTitle>Résiliation programmée</PageTitle>
      <p role="status" className="mb-6 rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900">
        La résiliation de l&apos;offre contractée {oc.ref} est programmée. Un email de confirmation a été envoyé à {scheduled.requestedBy.name}.
      </p>
      <Card title={`${oc.ref} ${oc.name}`}>
        <Details
          items={[
            ["Date de résiliation souhaitée", formatFrenchDate(formatDay(scheduled.requestedOn))],
            ["Préavis de résiliation", `${scheduled.noticeMonths} mois`],
            ["Date de résiliation souhaitée avec le préavis", formatFrenchDate(effectiveOn)],
            ...(showPrices
              ? [["Montant dû au titre de l'engagement", scheduled.earlyTerminationCents > 0 ? `${formatEuros(scheduled.earlyTerminationCents)} HT` : "Aucun"] as [string, string]]
              : []),
            ["Annulation possible jusqu'au", `${formatFrenchDate(lastDayToCancel(effectiveOn))} inclus`],
            ["Commentaires", scheduled.comment ?? "—"],
          ]}
        />
        <p className="mt-4 text-sm text-slate-700">
          Le service s&apos;arrête à la fin du {formatFrenchDate(effectiveOn)} ; le mois en cours à cette date est dû en totalité.
          {!showPrices && " Les frais de cette offre sont réglés avec votre revendeur."}
        </p>
      </Card>
      <p className="mt-6">
        <Link href={`/offres-contractees/${oc.ref}`} className="font-medium text-brand underline">
          Retour à l&apos;offre contractée
        </Link>
      </p>
    </>
  );
}
