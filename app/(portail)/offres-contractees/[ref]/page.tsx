import type { Metadata } from "next";
import { Link } from "@/components/link";
import { mayTerminate, requireActor } from "@/lib/server/authz";
import { getContractedOffer } from "@/lib/server/contracted-offers";
import { replacedByModification, scheduledTermination } from "@/lib/server/terminations";
import { today } from "@/lib/server/clock";
import { Card, Details, PageTitle } from "@/components/ui";
import { OcStateBadge } from "@/components/oc-state-badge";
import { TerminationDialog } from "@/components/termination-dialog";
import { CancelTerminationForm } from "@/components/cancel-termination-form";
import { cancelTerminationAction, terminateAction, terminateUnderPriceIncreaseAction } from "../actions";
import { PriceIncreaseTerminationForm } from "./price-increase-form";
import { ocFeeOn, priceIncreaseRight } from "@/lib/server/prices";
import { canCancelTermination, currentPeriodEnd, lastDayToCancel, requestedDateForPeriodEnd } from "@/lib/domain/termination";
import { formatDay, formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { ORDER_TYPES, RESOURCE_STATES, SERVICE_STATES } from "@/lib/domain/labels";

export const metadata: Metadata = { title: "Offre contractée" };

const TERMINATION_STATES = { PROGRAMMEE: "Programmée", ANNULEE: "Annulée", APPLIQUEE: "Appliquée" } as const;

const day = (date: Date | null) => (date ? formatFrenchDate(formatDay(date)) : "—");
const dayOf = (instant: Date) => formatFrenchDate(parisDay(instant));
const months = (n: number) => (n === 0 ? "Aucun" : `${n} mois`);

/** The OC page (SPEC §3): every field, the commitment, what it is made of, and its termination. */
export default async function ContractedOfferPage({ params, searchParams }: { params: Promise<{ ref: string }>; searchParams: Promise<{ resiliation?: string }> }) {
  const actor = await requireActor();
  const { ref } = await params;
  const { resiliation } = await searchParams;
  const { oc, showPrices } = await getContractedOffer(actor, ref);
  const todayDay = today();
  // The fee in force today (price versions, SPEC §11) and, while it lasts, the right to terminate an increase gives.
  const [feeToday, increaseRight] = await Promise.all([ocFeeOn(oc, todayDay), showPrices && oc.state === "LIVREE" && mayTerminate(actor) ? priceIncreaseRight(oc, todayDay) : null]);
  const activationOn = oc.activationOn ? formatDay(oc.activationOn) : null;
  const commitment = activationOn ? { activationOn, commitmentMonths: oc.commitmentMonths, renewalMonths: oc.renewalMonths } : null;
  const periodEnd = commitment ? currentPeriodEnd(commitment, todayDay) : null;
  const scheduled = scheduledTermination(oc);
  const canTerminate = mayTerminate(actor) && oc.state === "LIVREE";
  const fee = (cents: number) => (showPrices ? `${formatEuros(cents)} HT` : "Réglée avec votre revendeur");
  return (
    <>
      <PageTitle subtitle={<Link href="/offres-contractees" className="text-brand underline">← Liste des offres contractées</Link>}>
        {oc.ref} {oc.name}
      </PageTitle>
      {resiliation === "annulee" && !scheduled && (
        <p role="status" className="mb-6 rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900">
          La résiliation a été annulée : l&apos;offre contractée reste en service.
        </p>
      )}
      {scheduled && (
        <section aria-labelledby="scheduled-title" className="mb-6 rounded border border-orange-300 bg-orange-50 px-4 py-3 text-orange-950">
          <h2 id="scheduled-title" className="font-semibold">
            Résiliation programmée
          </h2>
          <p className="text-sm">
            Dernier jour de service : {day(scheduled.effectiveOn)} (demandée le {dayOf(scheduled.requestedAt)} par {scheduled.requestedBy.name}).
          </p>
          {replacedByModification(oc) ? (
            <p className="mt-1 text-sm">Cette offre est remplacée par une commande de modification : ses services sont passés sur la nouvelle offre contractée.</p>
          ) : mayTerminate(actor) &&
            (canCancelTermination(formatDay(scheduled.effectiveOn), todayDay) ? (
              <CancelTerminationForm action={cancelTerminationAction.bind(null, oc.ref)} until={formatFrenchDate(lastDayToCancel(formatDay(scheduled.effectiveOn)))} />
            ) : (
              <p className="mt-1 text-sm">Le délai d&apos;annulation est dépassé (jusqu&apos;au {formatFrenchDate(lastDayToCancel(formatDay(scheduled.effectiveOn)))}).</p>
            ))}
        </section>
      )}
      {canTerminate && increaseRight && (
        <section aria-labelledby="increase-title" className="mb-6 rounded border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950">
          <h2 id="increase-title" className="font-semibold">
            Hausse de prix : résiliation sans frais possible
          </h2>
          <p className="text-sm">
            Le prix de l&apos;offre {increaseRight.offerName} passe à {formatEuros(increaseRight.monthlyFeeCents)} HT par mois le {formatFrenchDate(increaseRight.newPriceOn)}. Jusqu&apos;au{" "}
            {formatFrenchDate(increaseRight.until)}, vous pouvez résilier cette offre sans frais ni préavis (CGV art. 13) : son dernier jour de service sera le {formatFrenchDate(increaseRight.endOn)}.
          </p>
          <PriceIncreaseTerminationForm action={terminateUnderPriceIncreaseAction.bind(null, oc.ref)} endOn={formatFrenchDate(increaseRight.endOn)} />
        </section>
      )}
      {canTerminate && commitment && (
        <div className="mb-6">
          <TerminationDialog
            action={terminateAction.bind(null, oc.ref)}
            buttonLabel="Résilier l'offre contractée"
            title={`Résilier l'offre contractée ${oc.ref}`}
            showPrices={showPrices}
            periodEnd={requestedDateForPeriodEnd(commitment, oc.noticeMonths, todayDay)}
            terms={{
              state: oc.state,
              activationOn,
              monthlyFeeCents: showPrices ? feeToday : 0,
              commitmentMonths: oc.commitmentMonths,
              renewalMonths: oc.renewalMonths,
              noticeMonths: oc.noticeMonths,
              today: todayDay,
              lineCount: oc.lineCount,
              flatFeePerLineCents: showPrices ? oc.terminationFeePerLineCents : null,
            }}
          />
        </div>
      )}
      {mayTerminate(actor) && oc.state === "EN_COURS_DE_LIVRAISON" && (
        <p className="mb-6 text-sm text-slate-700">Cette offre n&apos;est pas encore livrée : elle pourra être résiliée une fois activée.</p>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Offre contractée">
          <Details
            items={[
              ["Réf.", oc.ref],
              ["Nom", oc.name],
              ["Offre", oc.offer.name],
              ["Client final", `${oc.endClient.id} ${oc.endClient.name}`],
              ["Compte client", `${oc.billingAccount.ref} – ${oc.billingAccount.name}`],
              ["Site", oc.site ? [oc.site.name, oc.site.address, [oc.site.postcode, oc.site.city].filter(Boolean).join(" ")].filter(Boolean).join(", ") : "—"],
              ["Réf. commande", oc.order?.ref ?? "Aucune"],
              ["Type commande", ORDER_TYPES[oc.orderType]],
              ["Pilote ADV", oc.pilot?.name ?? "Aucun"],
              ["Date de livraison", day(oc.deliveredOn)],
              ["État", <OcStateBadge key="state" state={oc.state} />],
            ]}
          />
        </Card>
        <Card title="Engagement et tarif">
          <Details
            items={[
              ["Date d'activation", day(oc.activationOn)],
              ["Période initiale", months(oc.commitmentMonths)],
              ["Fin de la période en cours", periodEnd ? formatFrenchDate(periodEnd) : commitment ? "Engagement échu" : "—"],
              ["Reconduction tacite", oc.renewalMonths === 0 ? "Aucune" : `par période de ${oc.renewalMonths} mois`],
              ["Préavis de résiliation", months(oc.noticeMonths)],
              ["Redevance mensuelle", fee(feeToday)],
              ...(oc.terminationFeePerLineCents !== null && showPrices
                ? [["Frais de résiliation", `${formatEuros(oc.terminationFeePerLineCents)} HT par ligne`] as [string, string]]
                : []),
            ]}
          />
          {!showPrices && <p className="mt-3 text-sm text-slate-700">Les frais de cette offre sont réglés avec votre revendeur.</p>}
        </Card>
      </div>
      <Card title="Fiches produit contractées" className="mt-6">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-600 uppercase">
            <tr className="border-b border-slate-300">
              <th scope="col" className="px-2 py-2">Réf.</th>
              <th scope="col" className="px-2 py-2">Produit</th>
              <th scope="col" className="px-2 py-2">Quantité</th>
              {showPrices && <th scope="col" className="px-2 py-2">Redevance mensuelle unitaire</th>}
            </tr>
          </thead>
          <tbody>
            {oc.productSheets.map((sheet) => (
              <tr key={sheet.id} className="border-b border-slate-100">
                <td className="px-2 py-2">{sheet.ref}</td>
                <td className="px-2 py-2">{sheet.name}</td>
                <td className="px-2 py-2">{sheet.quantity}</td>
                {showPrices && <td className="px-2 py-2">{formatEuros(sheet.monthlyFeeCents)} HT</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title="Services et ressources" className="mt-6">
        {oc.services.length === 0 ? (
          <p className="text-sm text-slate-700">Les services seront créés à la livraison.</p>
        ) : (
          <ul className="space-y-4">
            {oc.services.map((service) => (
              <li key={service.id}>
                <p className="font-medium">
                  <Link href={`/services/${service.ref}`} className="text-brand underline">{service.ref} – {service.name}</Link> <span className="text-sm font-normal text-slate-700">({SERVICE_STATES[service.state]})</span>
                </p>
                {service.resources.length > 0 && (
                  <table className="mt-2 w-full text-left text-sm">
                    <caption className="sr-only">Ressources du service {service.ref}</caption>
                    <thead className="text-xs text-slate-600 uppercase">
                      <tr className="border-b border-slate-300">
                        <th scope="col" className="px-2 py-1">Ressource</th>
                        <th scope="col" className="px-2 py-1">Forfait</th>
                        <th scope="col" className="px-2 py-1">État</th>
                        <th scope="col" className="px-2 py-1">Ligne</th>
                      </tr>
                    </thead>
                    <tbody>
                      {service.resources.map((resource) => (
                        <tr key={resource.id} className="border-b border-slate-100">
                          <td className="px-2 py-1"><Link href={`/ressources/${resource.ref}`} className="text-brand underline">{resource.ref}</Link></td>
                          <td className="px-2 py-1">{resource.offer.name}</td>
                          <td className="px-2 py-1">{RESOURCE_STATES[resource.state]}</td>
                          <td className="px-2 py-1">{resource.line ? `${resource.line.msisdn}${resource.line.userName ? ` (${resource.line.userName})` : ""}` : "—"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {oc.terminations.length > 0 && (
        <Card title="Résiliations" className="mt-6">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-600 uppercase">
              <tr className="border-b border-slate-300">
                <th scope="col" className="px-2 py-2">Demandée le</th>
                <th scope="col" className="px-2 py-2">Par</th>
                <th scope="col" className="px-2 py-2">Date souhaitée</th>
                <th scope="col" className="px-2 py-2">Dernier jour de service</th>
                {showPrices && <th scope="col" className="px-2 py-2">Montant dû</th>}
                <th scope="col" className="px-2 py-2">État</th>
                <th scope="col" className="px-2 py-2">Commentaires</th>
              </tr>
            </thead>
            <tbody>
              {oc.terminations.map((t) => (
                <tr key={t.id} className="border-b border-slate-100">
                  <td className="px-2 py-2">{dayOf(t.requestedAt)}</td>
                  <td className="px-2 py-2">{t.requestedBy.name}</td>
                  <td className="px-2 py-2">{day(t.requestedOn)}</td>
                  <td className="px-2 py-2">{day(t.effectiveOn)}</td>
                  {showPrices && <td className="px-2 py-2">{formatEuros(t.earlyTerminationCents)} HT</td>}
                  <td className="px-2 py-2">
                    {TERMINATION_STATES[t.state]}
                    {t.cancelledBy && ` par ${t.cancelledBy.name}`}
                  </td>
                  <td className="px-2 py-2">{t.comment ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}
