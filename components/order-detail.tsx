import { Link } from "@/components/link";
import { Card, Details, TableHead } from "@/components/ui";
import { ORDER_STATE_LABELS, orderTotals } from "@/lib/domain/orders";
import { formatDay, formatFrenchDate, formatParisDateTime } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { ORDER_TYPES } from "@/lib/domain/labels";
import type { getOrder } from "@/lib/server/orders";

type Order = Awaited<ReturnType<typeof getOrder>>;

const when = (instant: Date | null) => (instant ? formatParisDateTime(instant) : null);

/**
 * An order's details, lines with totals and the timeline of its steps (SPEC §6). `showPrices` false: an end client
 * billed through its reseller, who sees neither the prices nor the reseller's account (SPEC §12).
 */
export function OrderDetail({ order, ocLinks = true, showPrices = true }: { order: Order; ocLinks?: boolean; showPrices?: boolean }) {
  const totals = orderTotals(order.lines);
  const throughReseller = order.state === "A_VALIDER_REVENDEUR" || order.approvedAt !== null;
  const steps: [string, string | null][] = [
    ...(throughReseller ? ([["Validée par le revendeur", when(order.approvedAt)]] as [string, string | null][]) : []),
    ["Soumise", order.state === "A_VALIDER_REVENDEUR" ? null : when(order.submittedAt)],
    ["Validée", when(order.validatedAt)],
    ["En cours de livraison", when(order.inDeliveryAt)],
    ["Livrée", order.deliveredOn ? formatFrenchDate(formatDay(order.deliveredOn)) : null],
  ];
  // A refusal ends the timeline: by the reseller before anything else, or by ADV after the submission.
  if (order.refusedAt && throughReseller && !order.approvedAt) steps.splice(0, steps.length, ["Refusée par le revendeur", when(order.refusedAt)]);
  else if (order.refusedAt) steps.splice(steps.length - 3, 3, ["Refusée", when(order.refusedAt)]);
  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Commande">
          <Details
            items={[
              ["Réf.", order.ref],
              ["Type commande", ORDER_TYPES[order.type]],
              ["État", ORDER_STATE_LABELS[order.state]],
              ["Client final", `${order.endClient.id} ${order.endClient.name}`],
              ["Site", order.site?.name ?? "—"],
              ["Compte client", showPrices ? `${order.billingAccount.ref} – ${order.billingAccount.name}` : "Facturé par votre revendeur"],
              ["Date souhaitée", order.wishedOn ? formatFrenchDate(formatDay(order.wishedOn)) : "—"],
              ["Passée par", `${order.placedBy.name} (${order.placedBy.identifier})`],
              ["Pilote ADV", order.pilot?.name ?? "Aucun"],
              ["Commentaire", order.comment ?? "—"],
              ...(order.service ? [["Service modifié", `${order.service.ref} ${order.service.name}`] as [string, string]] : []),
              ...(order.effectiveOn ? [["Date d'effet de la modification", formatFrenchDate(formatDay(order.effectiveOn))] as [string, string]] : []),
              ...(order.refusalReason ? [["Motif du refus", order.refusalReason] as [string, string]] : []),
            ]}
          />
        </Card>
        <Card title="Suivi">
          <ol className="space-y-2" aria-label="Étapes de la commande">
            {steps.map(([label, at]) => (
              <li key={label} className={`flex items-center gap-3 ${at ? "" : "text-slate-500"}`}>
                <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-full ${at ? (label.startsWith("Refusée") ? "bg-accent" : "bg-brand") : "border border-slate-400"}`} />
                <span className="font-medium">{label}</span>
                <span className="text-sm">{at ?? "à venir"}</span>
              </li>
            ))}
          </ol>
          {order.contractedOffers.length > 0 && (
            <p className="mt-4 text-sm">
              Offre contractée :{" "}
              {order.contractedOffers.map((oc) =>
                ocLinks ? (
                  <Link key={oc.ref} href={`/offres-contractees/${oc.ref}`} className="font-medium text-brand underline">
                    {oc.ref} {oc.name}
                  </Link>
                ) : (
                  <span key={oc.ref}>{oc.ref} {oc.name}</span>
                ),
              )}
            </p>
          )}
        </Card>
      </div>
      <Card title="Offres commandées">
        <table className="w-full text-left text-sm">
          <TableHead headings={["Offre", "Quantité", ...(showPrices ? ["Mensuel HT", "Frais uniques HT"] : []), "Portabilité"]} />
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.id} className="border-b border-slate-100">
                <td className="px-2 py-2">{line.offer.name}</td>
                <td className="px-2 py-2">{line.quantity}</td>
                {showPrices && <td className="px-2 py-2">{formatEuros(line.monthlyFeeCents * line.quantity)}</td>}
                {showPrices && <td className="px-2 py-2">{formatEuros(line.oneOffFeeCents * line.quantity)}</td>}
                <td className="px-2 py-2">{line.portingNumber ? `${line.portingNumber} (RIO ${line.portingRio})` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {showPrices ? (
          <p className="mt-3 text-sm">
            Mensuel : {formatEuros(totals.monthly.ht)} HT, TVA {formatEuros(totals.monthly.vat)}, {formatEuros(totals.monthly.ttc)} TTC · Frais uniques : {formatEuros(totals.oneOff.ht)} HT,
            TVA {formatEuros(totals.oneOff.vat)}, {formatEuros(totals.oneOff.ttc)} TTC
          </p>
        ) : (
          <p className="mt-3 text-sm">Les prix et la facturation de cette commande sont convenus avec votre revendeur.</p>
        )}
      </Card>
    </div>
  );
}
