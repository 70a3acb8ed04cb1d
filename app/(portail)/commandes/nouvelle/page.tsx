import type { Metadata } from "next";
import { Link } from "@/components/link";
import { actsAsReseller, requireActor } from "@/lib/server/authz";
import { orderFormData } from "@/lib/server/orders";
import { today } from "@/lib/server/clock";
import { Card, PageTitle } from "@/components/ui";
import { OrderForm } from "./order-form";
import { nextAnniversaryDay } from "@/lib/domain/orders";
import { formatDay } from "@/lib/domain/calendar-day";

export const metadata: Metadata = { title: "Nouvelle commande" };

/** Ordering for oneself, or for a client (*Commander pour mon client*: `?client=44660`). */
export default async function NewOrderPage({ searchParams }: { searchParams: Promise<{ client?: string }> }) {
  const actor = await requireActor();
  const { client } = await searchParams;
  const endClientId = client && /^\d{1,9}$/.test(client) ? Number(client) : actor.company.id;
  const { endClient, sites, billingAccounts, offers, services, needsApproval } = await orderFormData(actor, endClientId);
  const todayDay = today();
  return (
    <>
      <PageTitle subtitle={<Link href="/commandes" className="text-brand underline">← Mes commandes</Link>}>
        Nouvelle commande pour {endClient.id} {endClient.name}
      </PageTitle>
      {actsAsReseller(actor) && endClient.id === actor.company.id && (
        <p className="mb-4 text-sm text-slate-700">
          Pour commander pour un client, ouvrez sa fiche depuis <Link href="/clients" className="text-brand underline">Mes clients</Link> puis « Commander pour mon client ».
        </p>
      )}
      <Card>
        {sites.length === 0 ? (
          <p>
            Ce client n&apos;a pas encore de site :{" "}
            <Link href={`/societes/${endClient.id}/sites`} className="text-brand underline">
              créez-en un
            </Link>{" "}
            pour commander.
          </p>
        ) : (
          <OrderForm
            endClientId={endClient.id}
            today={todayDay}
            services={services.map((s) => ({
              id: s.id,
              label: `${s.ref} – ${s.name} (${s.contractedOffer.offer.name})`,
              offerId: s.contractedOffer.offerId,
              effectiveOn: nextAnniversaryDay(formatDay(s.contractedOffer.activationOn!), todayDay),
            }))}
            sites={sites.map((s) => ({ id: s.id, name: s.name }))}
            billingAccounts={billingAccounts.map((b) => ({ id: b.id, label: `${b.ref} – ${b.name}` }))}
            throughReseller={needsApproval}
            // An end client billed through its reseller gets no price, not even in the page's data (SPEC §12).
            offers={offers.map((o) => ({ id: o.id, name: o.name, family: o.family, monthlyFeeCents: needsApproval ? 0 : o.monthlyFeeCents, oneOffFeeCents: needsApproval ? 0 : o.oneOffFeeCents, commitmentMonths: o.commitmentMonths }))}
          />
        )}
      </Card>
    </>
  );
}
