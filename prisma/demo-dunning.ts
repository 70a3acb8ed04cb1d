import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { suspensionDay } from "@/lib/domain/collections";
import { monthBounds } from "@/lib/domain/plan-change";
import { monthOf, previousMonth } from "@/lib/domain/billing";
import { recordPayment } from "@/lib/server/payments";

/**
 * SPEC §16: one invoice of `CC44660` (last month's) returned unpaid (AM04) three days ago, its reminder sent that
 * day, so its lines are suspended in six days unless it is paid; as the statement import and the reminders job
 * record it (the return, the *Frais de rejet* to bill next month, the reminder), without their emails.
 */
export async function seedDemoReturnedDebit(client: PrismaClient, today: CalendarDay) {
  const account = await client.billingAccount.findUniqueOrThrow({ where: { ref: "CC44660" }, select: { id: true } });
  const invoice = await client.invoice.findFirst({
    where: { billingAccountId: account.id, kind: "FACTURE", periodStart: parseDay(monthBounds(previousMonth(monthOf(today))).first), directDebit: { isNot: null } },
    select: { id: true, number: true, totalTtcCents: true, paidCents: true },
  });
  if (!invoice || invoice.paidCents < invoice.totalTtcCents) return;
  const returnedOn = addDays(today, -3);
  const reason = "Provision insuffisante";
  await client.$transaction(async (tx) => {
    await recordPayment(tx, { invoiceId: invoice.id, kind: "REJET", amountCents: -invoice.totalTtcCents, receivedOn: returnedOn, reasonCode: "AM04", reason, reference: invoice.number });
    await tx.invoice.update({ where: { id: invoice.id }, data: { debit: "REJETE" } });
    const returned = await tx.payment.findFirstOrThrow({ where: { invoiceId: invoice.id, kind: "REJET" }, select: { id: true } });
    const { debitReturnFeeCents } = await tx.operatorSettings.findFirstOrThrow({ select: { debitReturnFeeCents: true } });
    await tx.pendingCharge.create({
      data: { billingAccountId: account.id, label: `Frais de rejet de prélèvement — facture ${invoice.number} (${reason})`, amountHtCents: debitReturnFeeCents, sourceKey: `demo-rejet:${invoice.number}`, createdAt: new Date() },
    });
    await tx.reminder.create({
      data: { billingAccountId: account.id, invoiceId: invoice.id, cause: `rejet:${returned.id}`, sentOn: parseDay(returnedOn), suspendOn: parseDay(suspensionDay(returnedOn)), createdAt: new Date() },
    });
  });
}
