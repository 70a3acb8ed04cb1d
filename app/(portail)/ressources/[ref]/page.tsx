import type { Metadata } from "next";
import { Link } from "@/components/link";
import { mayManageLines, requireActor } from "@/lib/server/authz";
import { getResource, resourceHistory } from "@/lib/server/resources";
import { lineMonthUsage } from "@/lib/server/usage";
import { lineAlerts } from "@/lib/server/usage-alerts";
import { lineTerminationTerms, scheduledLineTermination } from "@/lib/server/line-terminations";
import { NETWORK_ACTION_LABELS, type NetworkAction } from "@/lib/server/provisioning";
import { SUSPENSION_REASON_LABELS } from "@/lib/server/suspensions";
import { today } from "@/lib/server/clock";
import { Card, Details, PageTitle } from "@/components/ui";
import { Gauge } from "@/components/gauge";
import { ResourceStateBadge } from "@/components/resource-state-badge";
import { TerminationDialog } from "@/components/termination-dialog";
import { CancelTerminationForm } from "@/components/cancel-termination-form";
import { LineActionButton, SmsForm } from "./line-action-forms";
import { cancelLineTerminationAction, resumeAction, smsAction, suspendAction, terminateLineAction, voicemailAction } from "../actions";
import { PLAN_CATEGORY_LABELS } from "@/lib/domain/plan-change";
import { ALERT_KIND_LABELS, formatGio, percentUsed, type AlertKind } from "@/lib/domain/usage";
import { canCancelTermination, lastDayToCancel, requestedDateForPeriodEnd } from "@/lib/domain/termination";
import { formatDay, formatFrenchDate, formatParisDateTime, parisDay } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { formatMsisdn } from "@/lib/domain/identifiers";
import { ofFrenchMonth } from "@/lib/domain/calendar-day";

export const metadata: Metadata = { title: "Ressource" };

const CONFIRMATIONS: Record<string, string> = {
  suspendue: "La ligne est suspendue.",
  reactivee: "La ligne est réactivée.",
  "demande-levee": "La suspension à votre demande est levée ; la ligne reste suspendue pour le motif indiqué.",
  changee: "La ligne a été transférée sur cette ressource : le changement est immédiat.",
  resiliation: "La résiliation de la ligne est programmée. Un email de confirmation vous a été envoyé.",
  annulee: "La résiliation a été annulée : la ligne reste en service.",
  activee: "La ligne est activée sur cette ressource.",
};

const day = (date: Date | null) => (date ? formatFrenchDate(formatDay(date)) : "—");
const atParis = formatParisDateTime;

/** *Consultation et administration d'une ressource* (SPEC §4, seed 002). */
export default async function ResourcePage({ params, searchParams }: { params: Promise<{ ref: string }>; searchParams: Promise<{ ok?: string }> }) {
  const actor = await requireActor();
  const { resource, showPrices } = await getResource(actor, (await params).ref);
  const { ok } = await searchParams;
  const todayDay = today();
  const month = todayDay.slice(0, 7);
  const line = resource.line;
  const [usage, alerts, { events, segments }] = await Promise.all([
    line ? lineMonthUsage(line.id, month, resource.offer) : null,
    line ? lineAlerts(line.id, month) : [],
    resourceHistory(resource),
  ]);
  const manage = mayManageLines(actor) && line !== null;
  // The client suspends and reactivates for its own reason only; the others are lifted where they were set.
  const byClient = resource.suspensions.some((s) => s.reason === "DEMANDE_CLIENT");
  const scheduled = scheduledLineTermination(resource);
  const terms = lineTerminationTerms(resource, todayDay);
  const commitment = terms.activationOn ? { activationOn: terms.activationOn, commitmentMonths: terms.commitmentMonths, renewalMonths: terms.renewalMonths } : null;
  return (
    <>
      <PageTitle subtitle={<Link href={`/services/${resource.service.ref}/ressources`} className="text-brand underline">← Ressources du service {resource.service.ref}</Link>}>
        Consultation et administration d&apos;une ressource
      </PageTitle>
      {ok && CONFIRMATIONS[ok] && (
        <p role="status" className="mb-6 rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900">
          {CONFIRMATIONS[ok]}
        </p>
      )}
      {scheduled && (
        <section aria-labelledby="scheduled-title" className="mb-6 rounded border border-orange-300 bg-orange-50 px-4 py-3 text-orange-950">
          <h2 id="scheduled-title" className="font-semibold">Résiliation programmée</h2>
          <p className="text-sm">
            Dernier jour de service : {day(scheduled.effectiveOn)} (demandée le {formatFrenchDate(parisDay(scheduled.requestedAt))} par {scheduled.requestedBy.name}).
            {showPrices && scheduled.earlyTerminationCents > 0 && ` Montant dû : ${formatEuros(scheduled.earlyTerminationCents)} HT.`}
          </p>
          {mayManageLines(actor) &&
            (canCancelTermination(formatDay(scheduled.effectiveOn), todayDay) ? (
              <CancelTerminationForm action={cancelLineTerminationAction.bind(null, resource.ref)} until={formatFrenchDate(lastDayToCancel(formatDay(scheduled.effectiveOn)))} />
            ) : (
              <p className="mt-1 text-sm">Le délai d&apos;annulation est dépassé.</p>
            ))}
        </section>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={`${resource.offer.name} – ${resource.ref}`}>
          <Details
            items={[
              ["Numéro", line ? formatMsisdn(line.msisdn) : "Aucune ligne"],
              ["Utilisateur", line?.userName ?? "—"],
              ["Carte SIM (ICCID)", line?.iccid ?? "—"],
              ["RIO", line?.rio ?? "—"],
              ["Profil mobile", line?.mobileProfile ?? "—"],
              ["Réseau", line?.network ?? "—"],
              ["Date d'activation", day(line?.activatedOn ?? null)],
              ["État", <ResourceStateBadge key="state" state={resource.state} />],
              ...(resource.suspensions.length > 0
                ? [["Suspendue pour", resource.suspensions.map((s) => `${SUSPENSION_REASON_LABELS[s.reason]} (depuis le ${formatFrenchDate(parisDay(s.startedAt))})`).join(", ")] as [string, string]]
                : []),
              ["Forfait", `${resource.offer.name}${resource.offer.planCategory ? ` (${PLAN_CATEGORY_LABELS[resource.offer.planCategory]})` : ""}`],
              ["Offre contractée", <Link key="oc" href={`/offres-contractees/${resource.productSheet.contractedOffer.ref}`} className="text-brand underline">{resource.productSheet.contractedOffer.ref}</Link>],
              ["Réf. fiche produit contractée", resource.productSheet.ref],
              ["Client", `${resource.service.company.id} ${resource.service.company.name}`],
            ]}
          />
          {!line && resource.state === "DISPONIBLE" && mayManageLines(actor) && (
            <p className="mt-4">
              <Link href={`/services/${resource.service.ref}/activer?ressource=${resource.ref}`} className="rounded bg-brand px-3 py-2 text-sm font-medium text-white hover:bg-brand-dark">
                Activer une ressource mobile
              </Link>
            </p>
          )}
        </Card>
        {usage && (
          <Card title={`Consommation data ${ofFrenchMonth(month)}`}>
            <div className="space-y-5">
              {alerts.length > 0 && (
                <ul className="space-y-1" aria-label="Alertes de consommation">
                  {alerts.map((a) => (
                    <li key={`${a.kind}-${a.percent}`} role="alert" className={`rounded border px-3 py-1.5 text-sm ${a.percent >= 100 ? "border-red-300 bg-red-50 text-red-900" : "border-orange-300 bg-orange-50 text-orange-950"}`}>
                      {a.percent} % de l&apos;{ALERT_KIND_LABELS[a.kind as AlertKind]} atteint (alerte du {formatFrenchDate(parisDay(a.sentAt))}).
                    </li>
                  ))}
                </ul>
              )}
              <p className="text-sm text-slate-700">
                {usage.allowanceBytes === null
                  ? "Forfait au compteur : la data est facturée à l'usage jusqu'au plafond."
                  : `Enveloppe du mois : ${formatGio(usage.allowanceBytes)}${segments.length > 1 ? " (au prorata des jours passés sur chaque forfait)" : ""}. La consommation en France et en Europe est décomptée de l'enveloppe.`}
              </p>
              <div className="space-y-3">
                <h3 className="font-semibold text-slate-900">France</h3>
                <Gauge label="Data en France" used={formatGio(usage.franceBytes)} limit={usage.allowanceBytes === null ? null : formatGio(usage.allowanceBytes)} percent={percentUsed(usage.franceBytes + usage.europeBytes, usage.allowanceBytes)} />
                {usage.capCents === null ? (
                  <p className="text-sm text-slate-700">{resource.offer.overageMode === "BLOCKED" ? "Au-delà de l'enveloppe, la data est bloquée jusqu'au mois suivant." : "Au-delà de l'enveloppe, le débit est réduit jusqu'au mois suivant."}</p>
                ) : (
                  <Gauge label="Hors forfait en France" used={formatEuros(usage.franceAmountCents)} limit={formatEuros(usage.capCents)} percent={percentUsed(usage.franceAmountCents, usage.capCents)} />
                )}
              </div>
              <div className="space-y-3">
                <h3 className="font-semibold text-slate-900">Europe</h3>
                <Gauge label="Data en Europe" used={formatGio(usage.europeBytes)} limit={usage.allowanceBytes === null ? null : formatGio(usage.allowanceBytes)} percent={percentUsed(usage.europeBytes, usage.allowanceBytes)} />
                <Gauge label="Hors forfait en Europe" used={formatEuros(usage.europeAmountCents)} limit={usage.roamingCapCents === null ? null : formatEuros(usage.roamingCapCents)} percent={percentUsed(usage.europeAmountCents, usage.roamingCapCents)} />
              </div>
              <p className="text-sm">
                <Link href={`/services/${resource.service.ref}/monitoring?ligne=${resource.ref}`} className="text-brand underline">
                  Consommation jour par jour (Monitoring)
                </Link>
              </p>
            </div>
          </Card>
        )}
      </div>
      {manage && (
        <Card title="Action" className="mt-6">
          <div className="grid gap-6 lg:grid-cols-2">
            <div className="space-y-3">
              {(resource.state === "ACTIF" || resource.state === "SUSPENDU") && !byClient && <LineActionButton action={suspendAction.bind(null, resource.ref)} label="Suspendre" />}
              {resource.state === "SUSPENDU" && byClient && <LineActionButton action={resumeAction.bind(null, resource.ref)} label="Réactiver" />}
              {(resource.state === "ACTIF" || resource.state === "SUSPENDU") && <LineActionButton action={voicemailAction.bind(null, resource.ref)} label="Réinitialiser le mot de passe de messagerie" />}
              {resource.state === "ACTIF" && (
                <Link href={`/ressources/${resource.ref}/changer`} className="flex w-full items-center justify-center rounded border-2 border-brand px-4 py-2 font-medium text-brand hover:bg-slate-50">
                  Changer la ressource
                </Link>
              )}
              {(resource.state === "ACTIF" || resource.state === "SUSPENDU") && commitment && (
                <TerminationDialog
                  action={terminateLineAction.bind(null, resource.ref)}
                  buttonLabel="Résilier"
                  title={`Résilier la ligne ${formatMsisdn(line.msisdn)}`}
                  showPrices={showPrices}
                  periodEnd={requestedDateForPeriodEnd(commitment, terms.noticeMonths, todayDay)}
                  terms={{ ...terms, monthlyFeeCents: showPrices ? terms.monthlyFeeCents : 0 }}
                />
              )}
            </div>
            {resource.state === "ACTIF" && (
              <section aria-labelledby="sms-title">
                <h3 id="sms-title" className="mb-2 font-semibold text-slate-900">Envoyer un SMS</h3>
                <SmsForm action={smsAction.bind(null, resource.ref)} />
              </section>
            )}
          </div>
        </Card>
      )}
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        {segments.length > 0 && (
          <Card title="Forfaits de la ligne">
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-600 uppercase">
                <tr className="border-b border-slate-300">
                  <th scope="col" className="px-2 py-2">Forfait</th>
                  <th scope="col" className="px-2 py-2">Ressource</th>
                  <th scope="col" className="px-2 py-2">Du</th>
                  <th scope="col" className="px-2 py-2">Au</th>
                </tr>
              </thead>
              <tbody>
                {segments.map((s) => (
                  <tr key={s.id} className="border-b border-slate-100">
                    <td className="px-2 py-2">{s.offer.name}</td>
                    <td className="px-2 py-2">{s.resource.ref}</td>
                    <td className="px-2 py-2">{day(s.startOn)}</td>
                    <td className="px-2 py-2">{s.endOn ? formatFrenchDate(formatDay(new Date(s.endOn.getTime() - 86_400_000))) : "en cours"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        )}
        <Card title="Historique de la ressource">
          {events.length === 0 ? (
            <p className="text-sm text-slate-700">Aucune opération sur cette ressource.</p>
          ) : (
            <ol className="space-y-2 text-sm">
              {events.map((e) => {
                const details = (e.details ?? {}) as { summary?: string; by?: string };
                return (
                  <li key={e.id} className="border-b border-slate-100 pb-2">
                    <span className="font-medium">{atParis(e.at)}</span> – {NETWORK_ACTION_LABELS[e.action as NetworkAction] ?? e.action} : {details.summary}
                    {details.by && <span className="text-slate-600"> ({details.by})</span>}
                  </li>
                );
              })}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}
