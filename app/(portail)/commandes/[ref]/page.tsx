import type { Metadata } from "next";
import { Link } from "@/components/link";
import { actsAsReseller, requireActor, viewerOf } from "@/lib/server/authz";
import { getOrder, resellerAccounts } from "@/lib/server/orders";
import { Card, PageTitle } from "@/components/ui";
import { OrderDetail } from "@/components/order-detail";
import { canSeePrices } from "@/lib/domain/tenancy";
import { ApprovalForm } from "./approval-form";

export const metadata: Metadata = { title: "Commande" };

export default async function OrderPage({ params, searchParams }: { params: Promise<{ ref: string }>; searchParams: Promise<{ creee?: string; validee?: string; refusee?: string }> }) {
  const actor = await requireActor();
  const { ref } = await params;
  const { creee, validee, refusee } = await searchParams;
  const order = await getOrder(actor, ref);
  const approves = order.state === "A_VALIDER_REVENDEUR" && actsAsReseller(actor) && order.endClient.parentId === actor.company.id;
  return (
    <>
      <PageTitle subtitle={<Link href="/commandes" className="text-brand underline">← Mes commandes</Link>}>Commande {order.ref}</PageTitle>
      {creee && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900">
          Votre commande {order.ref} a été enregistrée ; un email de confirmation vous a été envoyé.
          {order.state === "A_VALIDER_REVENDEUR" && " Elle attend la validation de votre revendeur."}
        </p>
      )}
      {(validee || refusee) && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900">
          {validee ? "Commande validée : elle est transmise à l'ADV d'OpenIP." : "Commande refusée ; votre client en est informé."}
        </p>
      )}
      {approves && (
        <Card title="Commande à valider" className="mb-6">
          <p className="mb-3 text-sm text-slate-700">
            Votre client {order.endClient.name} est facturé par vous : validez sa commande sur l&apos;un de vos comptes pour la transmettre à l&apos;ADV d&apos;OpenIP, ou refusez-la.
          </p>
          <ApprovalForm orderRef={order.ref} accounts={(await resellerAccounts(actor)).map((a) => ({ id: a.id, label: `${a.ref} – ${a.name}` }))} />
        </Card>
      )}
      <OrderDetail order={order} showPrices={canSeePrices(viewerOf(actor), order.billingAccount.owner)} />
    </>
  );
}
