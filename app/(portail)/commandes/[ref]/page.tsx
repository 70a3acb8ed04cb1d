import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireActor } from "@/lib/server/authz";
import { getOrder } from "@/lib/server/orders";
import { PageTitle } from "@/components/ui";
import { OrderDetail } from "@/components/order-detail";

export const metadata: Metadata = { title: "Commande" };

export default async function OrderPage({ params, searchParams }: { params: Promise<{ ref: string }>; searchParams: Promise<{ creee?: string }> }) {
  const actor = await requireActor();
  const { ref } = await params;
  const { creee } = await searchParams;
  const order = await getOrder(actor, ref);
  return (
    <>
      <PageTitle subtitle={<Link href="/commandes" className="text-brand underline">← Mes commandes</Link>}>Commande {order.ref}</PageTitle>
      {creee && (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900">
          Votre commande {order.ref} a été enregistrée ; un email de confirmation vous a été envoyé.
        </p>
      )}
      <OrderDetail order={order} />
    </>
  );
}
