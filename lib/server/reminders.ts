import "server-only";
import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { deliverQueued, portalUrl, queueMails, type Mail } from "@/lib/server/mail";
import { recipientsFor } from "@/lib/server/recipients";
import { payOwedFromWaitingCredit } from "@/lib/server/payments";
import { formatDay, formatFrenchDate, type CalendarDay } from "@/lib/domain/calendar-day";
import { suspensionDay } from "@/lib/domain/collections";
import { formatEuros } from "@/lib/domain/money";

type Cause = { invoiceId: number; billingAccountId: number; cause: string };

/**
 * The daily reminders (SPEC §13, art. 8.6.1): an invoice *En retard* (its due date passed, not paid in full, no
 * debit pending) or *Impayée* (a returned debit) gets a reminder the day it becomes so, naming the day its
 * account's lines are suspended if it is still unpaid. Each cause is reminded once (`Reminder.cause` unique,
 * claimed in the transaction that queues its emails: two runs never send it twice, a killed one loses none); a new
 * return is a new cause, so the reminders restart. An account on hold gets none until its hold ends.
 */
export async function sendReminders(asOf: CalendarDay): Promise<number> {
  await payOwedFromWaitingCredit();
  const suspendOn = suspensionDay(asOf);
  const causes = await db.$queryRaw<Cause[]>`
    WITH causes AS (
      SELECT i."id" AS "invoiceId", i."billingAccountId", 'retard:' || i."id" AS "cause"
      FROM "Invoice" i
      WHERE i."debit" = 'AUCUN' AND i."dueOn" < ${asOf}::date AND i."paidCents" < i."totalTtcCents"
      UNION ALL
      SELECT i."id", i."billingAccountId", 'rejet:' || p."id"
      FROM "Payment" p JOIN "Invoice" i ON i."id" = p."invoiceId"
      WHERE p."kind" = 'REJET' AND p."receivedOn" <= ${asOf}::date AND i."debit" = 'REJETE' AND i."paidCents" < i."totalTtcCents"
    )
    SELECT c."invoiceId", c."billingAccountId", c."cause" FROM causes c
    WHERE NOT EXISTS (SELECT 1 FROM "Reminder" r WHERE r."cause" = c."cause")
      AND NOT EXISTS (
        SELECT 1 FROM "AccountHold" h WHERE h."billingAccountId" = c."billingAccountId" AND h."liftedAt" IS NULL AND h."until" >= ${asOf}::date)
    ORDER BY c."invoiceId", c."cause"`;
  let sent = 0;
  for (const cause of causes) {
    const mails = await reminderEmails(cause, suspendOn);
    const queued = await db.$transaction(async (tx) => {
      // Still unpaid and not on hold: a payment or a hold recorded since the causes were read wins.
      const claimed = await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO "Reminder" ("billingAccountId", "invoiceId", "cause", "sentOn", "suspendOn", "createdAt")
        SELECT ${cause.billingAccountId}, ${cause.invoiceId}, ${cause.cause}, ${asOf}::date, ${suspendOn}::date, ${now()}::timestamptz
        WHERE EXISTS (SELECT 1 FROM "Invoice" i WHERE i."id" = ${cause.invoiceId} AND i."paidCents" < i."totalTtcCents")
          AND NOT EXISTS (
            SELECT 1 FROM "AccountHold" h WHERE h."billingAccountId" = ${cause.billingAccountId} AND h."liftedAt" IS NULL AND h."until" >= ${asOf}::date)
        ON CONFLICT ("cause") DO NOTHING RETURNING "id"`;
      return claimed.length === 1 ? { ids: await queueMails(tx, mails) } : null;
    });
    if (!queued) continue;
    sent++;
    await deliverQueued(queued.ids);
  }
  return sent;
}

async function reminderEmails(reminder: Cause, suspendOn: CalendarDay): Promise<Mail[]> {
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
  const suspendDay = formatFrenchDate(suspendOn);
  return (await recipientsFor("payment", invoice.billingAccount.ownerCompanyId)).map((to) => ({
    to: to.email,
    kind: "payment-reminder",
    subject: `MyOpenIP : relance — facture ${invoice.number} impayée`,
    text: [
      `Bonjour ${to.name},`,
      "",
      why,
      ...(to.withAmounts ? [`Montant restant dû : ${owed} TTC (compte ${invoice.billingAccount.ref} – ${invoice.billingAccount.name}).`] : []),
      `Sans règlement complet d'ici là, les lignes du compte seront suspendues le ${suspendDay} (conditions générales, art. 8.6.1 et 12.1) ;`,
      "les appels d'urgence restent possibles et les lignes suspendues restent facturées.",
      "",
      portalUrl(`/factures/${invoice.number}`),
    ].join("\n"),
  }));
}
