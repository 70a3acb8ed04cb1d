import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { requireStaff } from "@/lib/server/authz";
import { listEntriesToAssign } from "@/lib/server/payments";
import { openSummary } from "@/lib/server/upload-route";
import { today } from "@/lib/server/clock";
import { Card, PageTitle } from "@/components/ui";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import type { StatementImportState } from "./statement-upload";
import { StatementUploadForm } from "./statement-upload-form";
import { ManualPaymentForm } from "./payment-form";
import { EntriesToAssign, type EntryRow } from "./entries-to-assign";

export const metadata: Metadata = { title: "Paiements et relevés bancaires" };

/** The list's size (lib/server/payments.ts `listEntriesToAssign`): the oldest first. */
const LISTED = 200;

/** ADV (SPEC §13): bank statements in, the entries no invoice took, and the cheques and transfers recorded by hand. */
export default async function PaymentsPage({ searchParams }: { searchParams: Promise<{ resultat?: string | string[] }> }) {
  const actor = await requireStaff("ADV");
  // The outcome of an upload sent without JavaScript (the route redirects here).
  const outcome = openSummary<StatementImportState>("/admin/paiements", (await searchParams).resultat);
  const entries: EntryRow[] = (await listEntriesToAssign(actor)).map((e) => ({
    id: e.id,
    bookedOn: formatFrenchDate(formatDay(e.bookedOn)),
    amount: e.unassignedCents === e.amountCents ? formatEuros(e.unassignedCents) : `${formatEuros(e.unassignedCents)} sur ${formatEuros(e.amountCents)}`,
    credit: e.direction === "CREDIT",
    label: e.label,
    statement: `Relevé ${e.messageId}, écriture n° ${e.position}`,
  }));
  return (
    <>
      <PageTitle subtitle="Les relevés de la banque rapprochent prélèvements, rejets et virements des factures ; ce qu'aucune facture ne reconnaît attend ici d'être affecté.">
        Paiements et relevés bancaires
      </PageTitle>
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title="Importer un relevé bancaire">
          <StatementUploadForm initialState={outcome} />
        </Card>
        <Card title="Enregistrer un paiement reçu">
          {/* A key per render: a double click sends it twice and records the payment once. */}
          <ManualPaymentForm requestKey={randomUUID().replaceAll("-", "")} today={today()} />
        </Card>
      </div>
      <Card title="Écritures à affecter" className="mt-6">
        <p role="status" className="mb-3 text-sm text-slate-700">
          {entries.length === 0
            ? "Aucune écriture à affecter."
            : `${entries.length} écriture${entries.length > 1 ? "s" : ""} à affecter${entries.length >= LISTED ? ` (les ${LISTED} plus anciennes)` : ""}.`}
        </p>
        <EntriesToAssign entries={entries} />
      </Card>
    </>
  );
}
