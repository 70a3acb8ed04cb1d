import type { Metadata } from "next";
import { Link } from "@/components/link";
import { requireStaff } from "@/lib/server/authz";
import { advPilots, getOrder } from "@/lib/server/orders";
import { today } from "@/lib/server/clock";
import { Card, PageTitle } from "@/components/ui";
import { OrderDetail } from "@/components/order-detail";
import { OrderSteps } from "./order-steps";

export const metadata: Metadata = { title: "Commande (ADV)" };

export default async function AdvOrderPage({ params }: { params: Promise<{ ref: string }> }) {
  const actor = await requireStaff("ADV");
  const { ref } = await params;
  const [order, pilots] = await Promise.all([getOrder(actor, ref), advPilots()]);
  return (
    <>
      <PageTitle subtitle={<Link href="/admin/commandes" className="text-brand underline">← File des commandes</Link>}>Commande {order.ref}</PageTitle>
      <Card title="Traitement ADV" className="mb-6">
        <OrderSteps orderRef={order.ref} state={order.state} pilotId={order.pilot?.id ?? null} pilots={pilots} today={today()} />
      </Card>
      <OrderDetail order={order} />
    </>
  );
}
