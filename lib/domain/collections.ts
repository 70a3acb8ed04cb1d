/**
 * Getting paid (SPEC §13, seed 003 art. 8, 12.1), as pure rules: the TARGET calendar of SEPA collections, the
 * collection and due dates, the day a reminder leads to suspension, the late-payment penalty, the balance
 * threshold. Amounts in integer cents, days as `yyyy-MM-dd`.
 */
import { addDays, compareDays, dayOfWeek, formatDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { easterSunday } from "@/lib/domain/working-days";

/** The days TARGET2 is closed besides weekends: 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December. */
export function isTargetBusinessDay(day: CalendarDay): boolean {
  const weekday = dayOfWeek(day);
  if (weekday === 0 || weekday === 6) return false;
  const monthDay = day.slice(5);
  if (["01-01", "05-01", "12-25", "12-26"].includes(monthDay)) return false;
  const easter = easterSunday(Number(day.slice(0, 4)));
  return day !== addDays(easter, -2) && day !== addDays(easter, 1);
}

/** `day` itself when TARGET is open, else the next day it is. */
export function nextTargetBusinessDay(day: CalendarDay): CalendarDay {
  let d = day;
  while (!isTargetBusinessDay(d)) d = addDays(d, 1);
  return d;
}

/** The TARGET business day `count` business days before `day` (count ≥ 1). */
export function targetBusinessDaysBefore(day: CalendarDay, count: number): CalendarDay {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Invalid count: ${count}`);
  let d = day;
  for (let left = count; left > 0; ) {
    d = addDays(d, -1);
    if (isTargetBusinessDay(d)) left--;
  }
  return d;
}

/** The pre-notification period P, in calendar days: 5 by default, a setting from 2 to 14. */
export const PRE_NOTIFICATION_DAYS = { default: 5, min: 2, max: 14 } as const;
/** Days to pay by transfer: 30 by default, at most 60 (Code de commerce L441-10). */
export const TRANSFER_PAYMENT_DAYS = { default: 30, max: 60 } as const;
/** A pain.008 file is written at least this many TARGET business days before its collection date (SEPA Core). */
export const FILE_LEAD_BUSINESS_DAYS = 2;

/** Collection date: issue + P calendar days, moved to the next TARGET business day (SPEC §13's example: 01/04/2026 → 07/04/2026). */
export function collectionDate(issuedOn: CalendarDay, preNotificationDays: number = PRE_NOTIFICATION_DAYS.default): CalendarDay {
  if (!Number.isInteger(preNotificationDays) || preNotificationDays < PRE_NOTIFICATION_DAYS.min || preNotificationDays > PRE_NOTIFICATION_DAYS.max) {
    throw new RangeError(`Invalid pre-notification period: ${preNotificationDays}`);
  }
  return nextTargetBusinessDay(addDays(issuedOn, preNotificationDays));
}

/** The last day a collection's file may be written: 2 TARGET business days before it. */
export function fileDeadline(collectedOn: CalendarDay): CalendarDay {
  return targetBusinessDaysBefore(collectedOn, FILE_LEAD_BUSINESS_DAYS);
}

/**
 * The first collection date a file written on `writtenOn` can still meet, from the planned one (SPEC §17: when the
 * file cannot be written 2 TARGET days ahead, the date moves to the first TARGET day that allows it).
 */
export function feasibleCollectionDate(planned: CalendarDay, writtenOn: CalendarDay): CalendarDay {
  let d = nextTargetBusinessDay(planned);
  while (compareDays(fileDeadline(d), writtenOn) < 0) d = nextTargetBusinessDay(addDays(d, 1));
  return d;
}

/** The due date printed on an invoice: the collection date for a SEPA account with an active mandate, else issue + N days. */
export function dueDate(
  issuedOn: CalendarDay,
  payment: { collected: true; preNotificationDays?: number } | { collected: false; transferDays?: number },
): CalendarDay {
  if (payment.collected) return collectionDate(issuedOn, payment.preNotificationDays);
  const days = payment.transferDays ?? TRANSFER_PAYMENT_DAYS.default;
  if (!Number.isInteger(days) || days < 0 || days > TRANSFER_PAYMENT_DAYS.max) throw new RangeError(`Invalid payment period: ${days}`);
  return addDays(issuedOn, days);
}

/** The reminder's suspension day: the day after the 8th day following it (SPEC §13: reminder 10/04 → suspended 19/04). */
export function suspensionDay(remindedOn: CalendarDay): CalendarDay {
  return addDays(remindedOn, 9);
}

/** Penalty rate in basis points: max(12 %, 3 × the legal interest rate of the half-year). */
export function penaltyRateBp(legalRateBp: number): number {
  return Math.max(1200, 3 * legalRateBp);
}

/** Whole days from the day after `dueOn` through `paidOn`; 0 when paid on time. */
export function daysLate(dueOn: CalendarDay, paidOn: CalendarDay): number {
  const days = Math.round((Date.parse(`${paidOn}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000);
  return Math.max(0, days);
}

/** The fixed recovery indemnity per invoice paid late (Code de commerce L441-10). */
export const RECOVERY_INDEMNITY_CENTS = 4000;

/**
 * Late-payment interest on one payment: amount × rate × days late / 365, rounded half up to the cent (SPEC §13:
 * 1 200,00 € due 07/04/2026 paid 22/04/2026 at 12 % → 5,92 €). Each partial payment is counted on its own.
 */
export function latePaymentInterestCents(amountCents: number, rateBp: number, dueOn: CalendarDay, paidOn: CalendarDay): number {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0 || !Number.isSafeInteger(rateBp) || rateBp < 0) {
    throw new RangeError(`Invalid amount or rate: ${amountCents}, ${rateBp}`);
  }
  const numerator = BigInt(amountCents) * BigInt(rateBp) * BigInt(daysLate(dueOn, paidOn));
  const denominator = 10_000n * 365n;
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** The balance (*encours*) in cents TTC: unpaid invoices plus this month's out-of-bundle usage HT × 1,20, half up. */
export function balanceCents(unpaidTtcCents: number, uninvoicedUsageHtCents: number): number {
  return unpaidTtcCents + Math.round((uninvoicedUsageHtCents * 120) / 100);
}

/** Over the threshold, the account's lines are suspended and orders refused (SPEC §13: 510 € over 500 € → suspended). */
export function overThreshold(balance: number, thresholdCents: number | null): boolean {
  return thresholdCents !== null && balance > thresholdCents;
}

/** An invoice's payment state (SPEC §13). */
export type PaymentState = "EMISE" | "PRELEVEMENT_PROGRAMME" | "PAYEE" | "PARTIELLEMENT_PAYEE" | "IMPAYEE" | "EN_RETARD";

/**
 * The payment state from the facts: what is due, what was received (confirmed collections and transfers, net of
 * returns), whether a debit is scheduled or was returned, and the day. A debit in a collection keeps the invoice
 * *Prélèvement programmé* past its due date until it is confirmed or comes back; a returned debit makes it *Impayée*;
 * past the due date, anything not paid in full is *En retard*. A contestation changes none of this.
 */
export function paymentState(facts: {
  amountDueCents: number;
  paidCents: number;
  dueOn: CalendarDay;
  today: CalendarDay;
  debit: "AUCUN" | "PROGRAMME" | "REJETE";
}): PaymentState {
  const { amountDueCents, paidCents, dueOn, today, debit } = facts;
  if (paidCents >= amountDueCents) return "PAYEE";
  if (debit === "REJETE") return "IMPAYEE";
  if (debit === "PROGRAMME") return "PRELEVEMENT_PROGRAMME";
  if (compareDays(today, dueOn) > 0) return "EN_RETARD";
  return paidCents > 0 ? "PARTIELLEMENT_PAYEE" : "EMISE";
}

/** `paymentState` of an invoice row (amounts in cents, days as the database returns them). */
export function invoicePaymentState(invoice: { totalTtcCents: bigint; paidCents: bigint; dueOn: Date; debit: "AUCUN" | "PROGRAMME" | "REJETE" }, today: CalendarDay): PaymentState {
  return paymentState({
    amountDueCents: Number(invoice.totalTtcCents), paidCents: Number(invoice.paidCents), dueOn: formatDay(invoice.dueOn), today, debit: invoice.debit,
  });
}

/**
 * The day an invoice was settled, from its payments (returns negative): the last day, in date order, its payments
 * went from short of the total to all of it; null while they fall short. Late-payment penalties count to it.
 */
export function settledOn(totalCents: bigint, payments: { amountCents: bigint; receivedOn: CalendarDay }[]): CalendarDay | null {
  const ordered = [...payments].sort((a, b) => compareDays(a.receivedOn, b.receivedOn));
  let paid = 0n;
  let settled: CalendarDay | null = null;
  for (const p of ordered) {
    const before = paid;
    paid += p.amountCents;
    if (before < totalCents && paid >= totalCents) settled = p.receivedOn;
    if (paid < totalCents) settled = null;
  }
  return paid >= totalCents ? settled : null;
}
