import "server-only";
import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { portalUrl, sendMail } from "@/lib/server/mail";
import { formatDay, formatFrenchDate, formatFrenchMonth } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { groupedIban } from "@/lib/domain/mandates";

const BATCH = 200;

/**
 * Emails each issued invoice, once, to its account's invoice addresses (SPEC §13, §17): for a collected invoice it
 * is the debit's pre-notification (amount, collection date, RUM, ICS). An invoice is claimed (`emailedAt` set,
 * `SKIP LOCKED`) before it is sent: two runs never send it twice, and a run killed between the two loses that mail
 * rather than repeat it. Only invoices whose PDF is stored are sent (the email points to it).
 */
export async function emailIssuedInvoices(): Promise<number> {
  const settings = await db.operatorSettings.findFirst({ select: { creditorId: true, iban: true, bic: true } });
  if (!settings) return 0;
  let sent = 0;
  for (;;) {
    const claimed = await db.$queryRaw<{ id: number }[]>`
      UPDATE "Invoice" SET "emailedAt" = ${now()}
      WHERE "id" IN (SELECT "id" FROM "Invoice" WHERE "emailedAt" IS NULL AND "pdf" IS NOT NULL ORDER BY "id" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING "id"`;
    if (claimed.length === 0) return sent;
    const invoices = await db.invoice.findMany({
      where: { id: { in: claimed.map((c) => c.id) } },
      orderBy: { id: "asc" },
      select: {
        kind: true, number: true, issuedOn: true, dueOn: true, periodStart: true, totalTtcCents: true, paidCents: true, collectionOn: true, mandateRef: true,
        billingAccount: { select: { ref: true, name: true, invoiceEmails: true } },
      },
    });
    for (const invoice of invoices) {
      for (const to of invoice.billingAccount.invoiceEmails) {
        const what = invoice.kind === "PENALITES" ? "pénalités de retard" : formatFrenchMonth(formatDay(invoice.periodStart).slice(0, 7));
        await sendMail({ to, kind: "invoice-issued", subject: `MyOpenIP : facture ${invoice.number} (${what})`, text: invoiceText(invoice, settings) });
        sent++;
      }
    }
  }
}

type Issued = {
  kind: "FACTURE" | "PENALITES"; number: string; issuedOn: Date; dueOn: Date; totalTtcCents: bigint; paidCents: bigint; collectionOn: Date | null; mandateRef: string | null;
  billingAccount: { ref: string; name: string };
};

function invoiceText(invoice: Issued, operator: { creditorId: string; iban: string; bic: string | null }): string {
  const day = (d: Date) => formatFrenchDate(formatDay(d));
  const amount = formatEuros(invoice.totalTtcCents);
  const owed = invoice.totalTtcCents - invoice.paidCents;
  const due = formatEuros(owed);
  const credited = invoice.paidCents > 0n ? [`Le crédit de votre compte en règle ${formatEuros(invoice.paidCents)}.`] : [];
  const payment = owed <= 0n
    ? [...credited, "Aucun montant à régler."]
    : invoice.collectionOn && invoice.mandateRef
      ? [
          ...credited,
          `Pré-notification de prélèvement SEPA : ${due} seront prélevés le ${day(invoice.collectionOn)}`,
          `au titre du mandat ${invoice.mandateRef}, par le créancier ${operator.creditorId} (ICS).`,
        ]
      : [
          ...credited,
          `${due} à régler par virement au plus tard le ${day(invoice.dueOn)} sur le compte ${groupedIban(operator.iban)}${operator.bic ? ` (BIC ${operator.bic})` : ""},`,
          `en indiquant la référence ${invoice.number}.`,
        ];
  return [
    "Bonjour,",
    "",
    invoice.kind === "PENALITES"
      ? `La facture ${invoice.number} du ${day(invoice.issuedOn)} (compte ${invoice.billingAccount.ref} – ${invoice.billingAccount.name}) porte les pénalités de retard et indemnités de recouvrement des factures payées en retard (art. 8.6.1) : ${amount}, non soumis à TVA.`
      : `La facture ${invoice.number} du ${day(invoice.issuedOn)} (compte ${invoice.billingAccount.ref} – ${invoice.billingAccount.name}) est disponible : ${amount} TTC.`,
    ...payment,
    "",
    "La facture (PDF Factur-X) sur le portail :",
    portalUrl(`/factures/${invoice.number}`),
  ].join("\n");
}
