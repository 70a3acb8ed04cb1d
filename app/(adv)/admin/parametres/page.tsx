import type { Metadata } from "next";
import { requireStaffAdministrator } from "@/lib/server/authz";
import { paymentSettings } from "@/lib/server/operator-settings";
import { Card, PageTitle } from "@/components/ui";
import { formatFrenchDate, parisDay } from "@/lib/domain/calendar-day";
import { paymentSettingsValues } from "@/lib/domain/payment-settings";
import { PaymentSettingsForm } from "./payment-settings-form";

export const metadata: Metadata = { title: "Paramètres" };

/** Staff administrators (SPEC §17): the payment settings of SPEC §13, read by the next billing run and statement import. */
export default async function SettingsPage() {
  const actor = await requireStaffAdministrator();
  const settings = await paymentSettings(actor);
  return (
    <>
      <PageTitle subtitle="Les réglages de l'opérateur ; un changement vaut pour les factures émises et les rejets enregistrés ensuite.">Paramètres</PageTitle>
      <Card title="Paiement" className="max-w-2xl">
        {settings ? (
          <>
            <PaymentSettingsForm current={paymentSettingsValues(settings)} />
            <p className="mt-4 text-xs text-slate-600">Dernière modification le {formatFrenchDate(parisDay(settings.updatedAt))}.</p>
          </>
        ) : (
          <p>Les paramètres de l&apos;opérateur sont créés à la mise en service (npm run setup).</p>
        )}
      </Card>
    </>
  );
}
