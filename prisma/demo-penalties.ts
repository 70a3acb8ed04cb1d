/**
 * SPEC §16: "one invoice of CC44000-R paid late whose penalties are on this month's penalty invoice". The invoice of
 * two months ago is paid by transfer 15 days after its due date (last month), the legal rates of the demo's
 * half-years are set, and this month's run of the penalties issues its penalty invoice. Loaded by demo-invoices.ts.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays, formatDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { monthOf, previousMonth } from "@/lib/domain/billing";
import { monthBounds } from "@/lib/domain/plan-change";
import { halfYearStart } from "@/lib/domain/penalties";
import { parisMidnight } from "@/lib/domain/terms";
import { recordPayment } from "@/lib/server/payments";
import { issuePenaltyInvoices } from "@/lib/server/penalties";
import { storeMissingInvoicePdfs } from "@/lib/server/invoice-documents";
import { now, restoreClock, saveClock, setClock } from "@/lib/server/clock";

const LATE_ACCOUNT = "CC44000-R";
const LATE_DAYS = 15;

/**
 * Legal interest rates "autres cas" by half of the year: demo values only — staff type the ones the published arrêté
 * gives for each half-year on /admin/penalites.
 */
const DEMO_LEGAL_RATES_BP = { S1: 721, S2: 665 };

/** The invoice the demo pays late: CC44000-R's of two months ago (its payment is left to `seedDemoPenalties`). */
export async function lateDemoInvoice(client: PrismaClient, today: CalendarDay) {
  const month = previousMonth(previousMonth(monthOf(today)));
  return client.invoice.findFirst({
    where: { billingAccount: { ref: LATE_ACCOUNT }, periodStart: parseDay(monthBounds(month).first), kind: "FACTURE", totalTtcCents: { gt: 0 } },
    select: { id: true, number: true, dueOn: true, totalTtcCents: true },
  });
}

export async function seedDemoPenalties(client: PrismaClient, today: CalendarDay) {
  const late = await lateDemoInvoice(client, today);
  const adv = await client.user.findUniqueOrThrow({ where: { identifier: "E-0000000001" } });
  const halfYears = new Set<CalendarDay>();
  for (let day = monthBounds(previousMonth(monthOf(addDays(today, -366)))).first; day <= today; day = addDays(day, 28)) halfYears.add(halfYearStart(day));
  await client.legalInterestRate.createMany({
    data: [...halfYears].map((start) => ({ halfYearStart: parseDay(start), rateBp: DEMO_LEGAL_RATES_BP[start.endsWith("-01-01") ? "S1" : "S2"], updatedById: adv.id, updatedAt: now() })),
  });
  if (!late) return;
  await client.$transaction((tx) =>
    recordPayment(tx, { invoiceId: late.id, kind: "VIREMENT", amountCents: late.totalTtcCents, receivedOn: addDays(formatDay(late.dueOn), LATE_DAYS), reference: late.number }),
  );
  const first = monthBounds(monthOf(today)).first;
  const saved = saveClock();
  try {
    // This month's run, on the 1st, after the monthly invoices.
    setClock(new Date(parisMidnight(first).getTime() + 6 * 3_600_000));
    await issuePenaltyInvoices(first);
    await storeMissingInvoicePdfs();
  } finally {
    restoreClock(saved);
  }
  await client.invoice.updateMany({ where: { emailedAt: null }, data: { emailedAt: new Date() } });
}
