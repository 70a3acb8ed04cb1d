import "server-only";
import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { portalUrl, sendMail } from "@/lib/server/mail";
import { recipientsFor } from "@/lib/server/recipients";
import { formatDay, formatFrenchDate, type CalendarDay } from "@/lib/domain/calendar-day";
import { suspensionDay } from "@/lib/domain/collections";
import { formatEuros } from "@/lib/domain/money";

type Sent = { id: number; invoiceId: number; billingAccountId: number; cause: string; suspendOn: Date };

/**
 * The daily reminders (SPEC §13, art. 8.6.1): an invoice *En retard* (its due date passed, not paid in full, no
 * debit pending) or *Impayée* (a returned debit) gets a reminder the day it becomes so, naming the day its
 * account's lines are suspended if it is still unpaid. Each cause is reminded once (`Reminder.cause` unique,
 * claimed before the email is sent: two runs never send it twice); a new return is a new cause, so the reminders
 * restart. An account on hold gets none until its hold ends.
 */
export async function sendReminders(asOf: CalendarDay): Promise<number> {
  const suspendOn = suspensionDay(asOf);
  const sent = await db.$queryRaw<Sent[]>`
    WITH causes AS (
      SELECT i."id" AS "invoiceId", i."billingAccountId", 'retard:' || i."id" AS "cause"
      FROM "Invoice" i
      WHERE i."debit" = 'AUCUN' AND i."dueOn" < ${asOf}::date AND i."paidCents" < i."totalTtcCents"
      UNION ALL
      SELECT i."id", i."billingAccountId", 'rejet:' || p."id"
      FROM "Payment" p JOIN "Invoice" i ON i."id" = p."invoiceId"
      WHERE p."kind" = 'REJET' AND p."receivedOn" <= ${asOf}::date AND i."debit" = 'REJETE' AND i."paidCents" < i."totalTtcCents"
    )
    INSERT INTO "Reminder" ("billingAccountId", "invoiceId", "cause", "sentOn", "suspendOn", "createdAt")
    SELECT c."billingAccountId", c."invoiceId", c."cause", ${asOf}::date, ${suspendOn}::date, ${now()}::timestamptz
    FROM causes c
    WHERE NOT EXISTS (
      SELECT 1 FROM "AccountHold" h WHERE h."billingAccountId" = c."billingAccountId" AND h."liftedAt" IS NULL AND h."until" >= ${asOf}::date)
    ORDER BY c."invoiceId", c."cause"
    ON CONFLICT ("cause") DO NOTHING
    RETURNING "id", "invoiceId", "billingAccountId", "cause", "suspendOn"`;
  for (const reminder of sent) await sendReminderEmail(reminder);
  return sent.length;
}

async function sendReminderEmail(reminder: Sent) {
  const invoice = await db.invoice.findUniqueOrThrow({
    where: { id: reminder.invoiceId },
    select: {
      number: true, dueOn: true, totalTtcCents: true, paidCents: true,
      billingAccount: { select: { ref: true, name: true, ownerCompanyId: true } },
      payments: { where: { kind: "REJET" }, orderBy: { id: "desc" }, take: 1, select: { reason: true, receivedOn: true } },
    },
  });
  const owed = formatEuros(invoice.totalTtcCents - invoice.paidCents);
  const returned = reminder.cause.startsWith("rejet:") ? invoice.payments[0] : undefined;
  const why = returned
    ? `Le prélèvement de la facture ${invoice.number} a été rejeté le ${formatFrenchDate(formatDay(returned.receivedOn))} (${returned.reason ?? "motif non communiqué"}).`
    : `La facture ${invoice.number}, échue le ${formatFrenchDate(formatDay(invoice.dueOn))}, n'est pas réglée.`;
  const suspendOn = formatFrenchDate(formatDay(reminder.suspendOn));
  for (const to of await recipientsFor("payment", invoice.billingAccount.ownerCompanyId)) {
    await sendMail({
      to: to.email,
      kind: "payment-reminder",
      subject: `MyOpenIP : relance — facture ${invoice.number} impayée`,
      text: [
        `Bonjour ${to.name},`,
        "",
        why,
        ...(to.withAmounts ? [`Montant restant dû : ${owed} TTC (compte ${invoice.billingAccount.ref} – ${invoice.billingAccount.name}).`] : []),
        `Sans règlement complet d'ici là, les lignes du compte seront suspendues le ${suspendOn} (conditions générales, art. 8.6.1 et 12.1) ;`,
        "les appels d'urgence restent possibles et les lignes suspendues restent facturées.",
        "",
        portalUrl(`/factures/${invoice.number}`),
      ].join("\n"),
    });
  }
}
