/**
 * Terminating a contracted offer (SPEC §3, seeds 001, 003 §12, 004): one pure rule, with "today" as
 * an input. Days are `yyyy-MM-dd` calendar days; amounts are integer cents HT.
 */
import { addDays, addMonthsClamped, compareDays, isValidDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { previousWorkingDays } from "@/lib/domain/working-days";

export type OcStateForTermination = "EN_COURS_DE_LIVRAISON" | "LIVREE" | "RESILIATION_PROGRAMMEE" | "RESILIEE";
export type Commitment = { activationOn: CalendarDay; commitmentMonths: number; renewalMonths: number };

export type TerminationInput = {
  state: OcStateForTermination;
  /** A; null while the OC is not activated. */
  activationOn: CalendarDay | null;
  /** M */
  monthlyFeeCents: number;
  /** I (0 = no commitment) */
  commitmentMonths: number;
  /** R */
  renewalMonths: number;
  /** N */
  noticeMonths: number;
  /** D */
  requestedOn: CalendarDay;
  /** T */
  today: CalendarDay;
  lineCount: number;
  /** Rule 5: IP telephony without initial commitment owes this per line instead; null otherwise. */
  flatFeePerLineCents: number | null;
};

export type TerminationQuote =
  | { ok: true; effectiveOn: CalendarDay; periodEnd: CalendarDay | null; early: boolean; amountCents: number; lastDayToCancel: CalendarDay }
  | { ok: false; message: string; field?: "requestedOn" };

/** How far ahead a termination may be requested (a guard against typing mistakes). */
const MAX_YEARS_AHEAD = 10;

/** Terms, counts and amounts come from the database, never from the user: a bad one is a bug. */
function checkCount(name: string, value: number) {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0: ${value}`);
}

function checkCommitment(c: Commitment) {
  checkCount("commitmentMonths", c.commitmentMonths);
  checkCount("renewalMonths", c.renewalMonths);
}

/** Rule 2: E = D + N calendar months, clamped to a shorter month's last day. E is the last day of service. */
export function terminationDate(requestedOn: CalendarDay, noticeMonths: number): CalendarDay {
  checkCount("noticeMonths", noticeMonths);
  return addMonthsClamped(requestedOn, noticeMonths);
}

/** Rule 3: the last day of commitment period k, counted from A and never chained: A + (I + k·R) months − 1 day. */
export function commitmentPeriodEnd(c: Commitment, k: number): CalendarDay {
  checkCommitment(c);
  checkCount("k", k);
  return addDays(addMonthsClamped(c.activationOn, c.commitmentMonths + k * c.renewalMonths), -1);
}

const monthIndex = (day: CalendarDay) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

/** Rule 3: the end of the first period with B(k) ≥ day; null without commitment or once it is over (R = 0). */
export function currentPeriodEnd(c: Commitment, day: CalendarDay): CalendarDay | null {
  checkCommitment(c);
  if (c.commitmentMonths === 0) return null;
  if (compareDays(commitmentPeriodEnd(c, 0), day) >= 0) return commitmentPeriodEnd(c, 0);
  if (c.renewalMonths === 0) return null;
  // B(k) lies in month A + I + kR or the one before, so B(k) ≥ day needs I + kR ≥ the months elapsed:
  // start just below that bound and step (two or three iterations at most).
  const elapsed = monthIndex(day) - monthIndex(c.activationOn);
  let k = Math.max(1, Math.floor((elapsed - c.commitmentMonths) / c.renewalMonths) - 1);
  while (compareDays(commitmentPeriodEnd(c, k), day) < 0) k++;
  return commitmentPeriodEnd(c, k);
}

/**
 * Rule 4 (with rule 6: E's month is billed in full anyway): M × the calendar months after E's month
 * that start on or before B. Nothing when there is no current period or E is its last day.
 */
export function earlyTerminationAmount(monthlyFeeCents: number, effectiveOn: CalendarDay, periodEnd: CalendarDay | null): number {
  if (periodEnd === null || compareDays(effectiveOn, periodEnd) >= 0) return 0;
  return monthlyFeeCents * Math.max(0, monthIndex(periodEnd) - monthIndex(effectiveOn));
}

/** Rule 7: the 3rd working day before E; cancelling is possible until the end of that day (Paris). */
export function lastDayToCancel(effectiveOn: CalendarDay): CalendarDay {
  return previousWorkingDays(effectiveOn, 3)[2];
}

export function canCancelTermination(effectiveOn: CalendarDay, today: CalendarDay): boolean {
  return compareDays(today, lastDayToCancel(effectiveOn)) <= 0;
}

/**
 * The form's one-click date: the latest requested date D such that D + N months still ends within
 * the current commitment period (the one containing today + N months). Null when nothing is left.
 */
export function requestedDateForPeriodEnd(c: Commitment, noticeMonths: number, today: CalendarDay): { requestedOn: CalendarDay; periodEnd: CalendarDay } | null {
  const periodEnd = currentPeriodEnd(c, terminationDate(today, noticeMonths));
  if (periodEnd === null) return null;
  let requestedOn = addMonthsClamped(periodEnd, -noticeMonths);
  // Clamping makes several D land on one E (31/01, 30/01 and 29/01 + 1 month = 28/02): take the last.
  while (compareDays(terminationDate(addDays(requestedOn, 1), noticeMonths), periodEnd) <= 0) requestedOn = addDays(requestedOn, 1);
  while (compareDays(terminationDate(requestedOn, noticeMonths), periodEnd) > 0) requestedOn = addDays(requestedOn, -1);
  return compareDays(requestedOn, today) >= 0 ? { requestedOn, periodEnd } : null;
}

/** The whole rule (SPEC §3 rules 1–7): what terminating on `requestedOn` means, or why it is refused. */
export function quoteTermination(input: TerminationInput): TerminationQuote {
  if (input.state === "RESILIEE") return { ok: false, message: "Cette offre contractée est déjà résiliée." };
  if (input.state === "RESILIATION_PROGRAMMEE") return { ok: false, message: "Une résiliation est déjà programmée pour cette offre contractée." };
  if (input.state === "EN_COURS_DE_LIVRAISON" || input.activationOn === null) {
    return { ok: false, message: "L'offre contractée n'est pas encore activée : elle ne peut pas être résiliée avant sa livraison." };
  }
  checkCount("monthlyFeeCents", input.monthlyFeeCents);
  checkCount("lineCount", input.lineCount);
  if (input.flatFeePerLineCents !== null) checkCount("flatFeePerLineCents", input.flatFeePerLineCents);
  const refuse = (message: string): TerminationQuote => ({ ok: false, message, field: "requestedOn" });
  if (!isValidDay(input.requestedOn)) return refuse("La date de résiliation souhaitée n'est pas une date valide.");
  if (compareDays(input.requestedOn, input.today) < 0) return refuse("La date de résiliation souhaitée ne peut pas être antérieure à aujourd'hui.");
  if (compareDays(input.requestedOn, addMonthsClamped(input.today, 12 * MAX_YEARS_AHEAD)) > 0) {
    return refuse(`La date de résiliation souhaitée ne peut pas dépasser ${MAX_YEARS_AHEAD} ans à compter d'aujourd'hui.`);
  }
  const effectiveOn = terminationDate(input.requestedOn, input.noticeMonths);
  const periodEnd = currentPeriodEnd({ activationOn: input.activationOn, commitmentMonths: input.commitmentMonths, renewalMonths: input.renewalMonths }, effectiveOn);
  const amountCents =
    input.commitmentMonths === 0 && input.flatFeePerLineCents !== null
      ? input.flatFeePerLineCents * input.lineCount // rule 5
      : earlyTerminationAmount(input.monthlyFeeCents, effectiveOn, periodEnd);
  return {
    ok: true,
    effectiveOn,
    periodEnd,
    early: periodEnd !== null && compareDays(effectiveOn, periodEnd) < 0,
    amountCents,
    lastDayToCancel: lastDayToCancel(effectiveOn),
  };
}
