import type { Metadata } from "next";
import { Link } from "@/components/link";
import { notFound } from "next/navigation";
import { actsAsReseller, requireActor } from "@/lib/server/authz";
import { Card, PageTitle } from "@/components/ui";
import { NewClientForm } from "./new-client-form";
import { LEGAL_FORMS } from "@/lib/domain/labels";

export const metadata: Metadata = { title: "Créer un client" };

export default async function NewClientPage() {
  const actor = await requireActor();
  if (!actsAsReseller(actor)) notFound();
  return (
    <>
      <PageTitle subtitle={<Link href="/clients" className="text-brand underline">← Mes clients</Link>}>Créer un client</PageTitle>
      <Card className="max-w-2xl">
        <NewClientForm legalForms={Object.entries(LEGAL_FORMS)} />
      </Card>
    </>
  );
}
