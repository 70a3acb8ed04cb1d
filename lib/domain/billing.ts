/**
 * The money rules of the monthly invoice (SPEC §7, §3 rule 6, §4 *Billing of a line*).
 *
 * A billing period is a calendar month `yyyy-MM`. The invoice of period P is issued at the start of P:
 * - subscriptions of P are billed **in advance**, for what is active before P starts, as known at issue;
 * - the month before, P−1, is settled **in arrears**: what P−1 really owed (prorated from activation,
 *   days per plan, the month containing the termination date due in full) minus what was billed for
 *   it, as a first-month *prorata temporis* line or as an adjustment, positive or negative; usage,
 *   one-off fees and early-termination amounts of P−1 are added;
 * - credit carried from earlier invoices and credit notes are deducted, and a negative balance is
 *   carried to the next invoice: an invoice total is never negative.
 * Pure functions: plain inputs, integer cents, no clock.
 */
import { addDays, compareDays, formatFrenchDate, formatFrenchMonth, type CalendarDay } from "@/lib/domain/calendar-day";
import { monthBounds, proratedFeeCents, type PlanSegment } from "@/lib/domain/plan-change";
import { vatCents } from "@/lib/domain/orders";
import { formatEuros } from "@/lib/domain/money";

export type BillingMonth = string; // yyyy-MM

export const VAT_RATE_BP = 2000;
/** SPEC §7, seed 003 art. 9.1: an invoice can be contested within 30 days of its issue date. */
export const CONTESTATION_DAYS = 30;

export function monthOf(day: CalendarDay): BillingMonth {
  return day.slice(0, 7);
}

export function previousMonth(month: BillingMonth): BillingMonth {
  return monthOf(addDays(monthBounds(month).first, -1));
}

export function nextMonth(month: BillingMonth): BillingMonth {
  return monthOf(monthBounds(month).next);
}

/** The last day of a month (inclusive), for display and the invoice period. */
export function lastDayOf(month: BillingMonth): CalendarDay {
  return addDays(monthBounds(month).next, -1);
}

const inMonth = (day: CalendarDay, month: BillingMonth) => monthOf(day) === month;

/** A monthly fee that may change on some days (price versions, SPEC §11): its value on a day, and the days it changes. */
export type FeeSchedule = { on: (day: CalendarDay) => number; changesWithin: (from: CalendarDay, to: CalendarDay) => CalendarDay[] };

/** A fee that never changes. */
export function constantFee(monthlyFeeCents: number): FeeSchedule {
  return { on: () => monthlyFeeCents, changesWithin: () => [] };
}

/** A recurring charge: an OC's monthly fee, or a SIM line billed by days on each plan. */
export type RecurringItem =
  | { kind: "oc"; fee: FeeSchedule; activationOn: CalendarDay | null; terminationOn: CalendarDay | null }
  | { kind: "line"; segments: (PlanSegment & { monthlyFeeCents: number })[]; terminationOn: CalendarDay | null };

/**
 * What a month really owes for an item, knowing everything about it: nothing before activation or
 * after the month of the termination date E; the month containing E in full, whatever else happened in
 * it (*toute récurrence entamée est due*, §3 rule 6); the first month *prorata temporis* from the
 * activation day; a line by days on each plan (§4).
 */
export function monthDueCents(item: RecurringItem, month: BillingMonth): number {
  const { first, next } = monthBounds(month);
  const end = item.terminationOn;
  if (end && compareDays(end, first) < 0) return 0;
  if (item.kind === "oc") {
    const start = item.activationOn;
    if (!start || compareDays(start, next) >= 0) return 0;
    // The month containing E at the price in force on E (SPEC §17); otherwise each day at the price in force that day.
    if (end && inMonth(end, month)) return item.fee.on(end);
    const from = compareDays(start, first) <= 0 ? first : start;
    const bounds = [from, ...item.fee.changesWithin(from, next), next];
    return proratedFeeCents(bounds.slice(0, -1).map((startOn, i) => ({ startOn, endOn: bounds[i + 1], monthlyFeeCents: item.fee.on(startOn) })), month);
  }
  const started = item.segments.filter((s) => compareDays(s.startOn, next) < 0);
  if (started.length === 0) return 0;
  if (end && inMonth(end, month)) {
    const onE = started.find((s) => compareDays(s.startOn, end) <= 0 && (!s.endOn || compareDays(s.endOn, end) > 0)) ?? started[started.length - 1];
    return onE.monthlyFeeCents;
  }
  return proratedFeeCents(started, month);
}

/** Whether an item is billed in advance for `month`: it was active before the month started. */
export function billedInAdvance(item: RecurringItem, month: BillingMonth): boolean {
  const { first } = monthBounds(month);
  const start = item.kind === "oc" ? item.activationOn : item.segments[0]?.startOn ?? null;
  return start !== null && compareDays(start, first) < 0;
}

export type ChargeKind = "ABONNEMENT" | "CONSOMMATION" | "REGULARISATION" | "FRAIS_UNIQUES" | "RESILIATION";

export type Charge = {
  kind: ChargeKind;
  label: string;
  detail: string | null;
  /** The month the amount is for (null for deductions of credit). */
  month: BillingMonth | null;
  amountHtCents: number;
};

const period = (from: CalendarDay, to: CalendarDay) => `du ${formatFrenchDate(from)} au ${formatFrenchDate(to)}`;

/**
 * The lines of one recurring item on the invoice of `month`: the month in advance, and the settling of
 * the month before (`billedBeforeCents`: what earlier invoices billed for it).
 */
export function recurringCharges(item: RecurringItem, label: string, month: BillingMonth, billedBeforeCents: number): Charge[] {
  const charges: Charge[] = [];
  const before = previousMonth(month);
  const dueBefore = monthDueCents(item, before);
  const difference = dueBefore - billedBeforeCents;
  // Active before the month before began yet billed nothing for it: that month had no invoice in the
  // portal (its first run), so there is nothing to settle.
  const settled = billedBeforeCents !== 0 || !billedInAdvance(item, before);
  if (difference !== 0 && settled) {
    if (billedBeforeCents === 0) {
      const start = item.kind === "oc" ? item.activationOn! : item.segments[0].startOn;
      charges.push({ kind: "ABONNEMENT", label: `${label} — prorata temporis`, detail: period(start, lastDayOf(before)), month: before, amountHtCents: difference });
    } else {
      charges.push({ kind: "REGULARISATION", label: `Régularisation ${label}`, detail: `${formatFrenchMonth(before)} : facturé ${formatEuros(billedBeforeCents)}, dû ${formatEuros(dueBefore)}`, month: before, amountHtCents: difference });
    }
  }
  if (billedInAdvance(item, month)) {
    const due = monthDueCents(item, month);
    if (due !== 0) charges.push({ kind: "ABONNEMENT", label, detail: period(monthBounds(month).first, lastDayOf(month)), month, amountHtCents: due });
  }
  return charges;
}

/** Out-of-bundle usage of a month, capped where the plan blocks at a cap (§4). */
export function usageChargeCents(amountCents: number, capCents: number | null): number {
  return capCents === null ? amountCents : Math.min(amountCents, capCents);
}

export type AvailableCredit = {
  /** Credit (HT) carried from the previous invoice. */
  carriedCents: number;
  carriedFrom: string | null;
  /** Credit notes not yet deducted, oldest first. */
  creditNotes: { id: number; number: string; amountHtCents: number }[];
};

export type Settlement = {
  /** Lines added to the charges: deductions (negative), or the balance carried (positive). */
  lines: Charge[];
  /** Credit notes deducted here, fully or in part (their remainder is carried). */
  appliedCreditNoteIds: number[];
  /** Credit (HT) carried to the next invoice. */
  carriedOutCents: number;
};

/**
 * Deducts the available credit from the charges without ever going below zero, and carries what is
 * left (SPEC §7). Charges that are negative on their own (adjustments larger than the month) make a
 * zero invoice: their balance is carried as a credit.
 */
export function settle(chargesCents: number, credit: AvailableCredit): Settlement {
  const lines: Charge[] = [];
  const applied: number[] = [];
  if (chargesCents <= 0) {
    if (chargesCents < 0) lines.push({ kind: "REGULARISATION", label: "Solde créditeur reporté sur la prochaine facture", detail: null, month: null, amountHtCents: -chargesCents });
    // Credit notes stay to be deducted from a later invoice; the carried balance grows.
    return { lines, appliedCreditNoteIds: [], carriedOutCents: credit.carriedCents - chargesCents };
  }
  let remaining = chargesCents;
  let carried = 0;
  if (credit.carriedCents > 0) {
    const used = Math.min(remaining, credit.carriedCents);
    lines.push({ kind: "REGULARISATION", label: `Crédit reporté${credit.carriedFrom ? ` de la facture ${credit.carriedFrom}` : ""}`, detail: null, month: null, amountHtCents: -used });
    remaining -= used;
    carried += credit.carriedCents - used;
  }
  for (const note of credit.creditNotes) {
    if (remaining === 0) break;
    const used = Math.min(remaining, note.amountHtCents);
    lines.push({ kind: "REGULARISATION", label: `Avoir ${note.number} déduit`, detail: used < note.amountHtCents ? `solde de ${formatEuros(note.amountHtCents - used)} reporté` : null, month: null, amountHtCents: -used });
    applied.push(note.id);
    remaining -= used;
    carried += note.amountHtCents - used;
  }
  return { lines, appliedCreditNoteIds: applied, carriedOutCents: carried };
}

export type InvoiceTotals = { htCents: number; vatCents: number; ttcCents: number };

/** VAT once per rate on the summed lines, rounded half up (EN 16931 BR-CO-17); one rate, 20 %. */
export function invoiceTotals(lines: { amountHtCents: number }[]): InvoiceTotals {
  const ht = lines.reduce((sum, l) => sum + l.amountHtCents, 0);
  const vat = vatCents(ht);
  return { htCents: ht, vatCents: vat, ttcCents: ht + vat };
}

/** Gapless numbers: `F00000042` for invoices, `A00000007` for credit notes. */
export function invoiceNumber(n: number): string {
  return `F${String(n).padStart(8, "0")}`;
}

export function creditNoteNumber(n: number): string {
  return `A${String(n).padStart(8, "0")}`;
}

/** The last day an invoice can be contested. */
export function contestationDeadline(issuedOn: CalendarDay): CalendarDay {
  return addDays(issuedOn, CONTESTATION_DAYS);
}

export function canContest(issuedOn: CalendarDay, today: CalendarDay): boolean {
  return compareDays(today, issuedOn) >= 0 && compareDays(today, contestationDeadline(issuedOn)) <= 0;
}

/**
 * How much a contestation may still credit: the invoice's total HT less what credit notes already
 * gave back for it. A partial acceptance credits between 1 cent and that.
 */
export function creditableCents(invoiceHtCents: number, alreadyCreditedCents: number): number {
  return Math.max(0, invoiceHtCents - alreadyCreditedCents);
}
