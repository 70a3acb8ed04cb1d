/**
 * Dated prices of the catalogue (SPEC §11, §17; seed 003 art. 7.2 and 13). An offer's price on a day is its latest
 * version in force that day, or its own fees before the first; a decrease may take effect at once, an increase at
 * least one month after it is published, and then gives the account owners one month to terminate without fees.
 */
import { addDays, addMonthsClamped, compareDays, type CalendarDay } from "@/lib/domain/calendar-day";
import type { FeeSchedule } from "@/lib/domain/billing";

export type Price = { monthlyFeeCents: number; oneOffFeeCents: number };
export type PriceVersion = Price & { effectiveOn: CalendarDay };
/** An offer's fees before any version, and its versions (any order). */
export type PriceBook = { base: Price; versions: PriceVersion[] };

/** The price in force on `day`. */
export function priceOn(book: PriceBook, day: CalendarDay): Price {
  let found: PriceVersion | null = null;
  for (const v of book.versions) if (compareDays(v.effectiveOn, day) <= 0 && (!found || compareDays(v.effectiveOn, found.effectiveOn) > 0)) found = v;
  return found ?? book.base;
}

/** The days in [from, to) on which the price changes, in order (the change points a month's proration splits at). */
export function priceChangesWithin(book: PriceBook, from: CalendarDay, to: CalendarDay): CalendarDay[] {
  return [...new Set(book.versions.map((v) => v.effectiveOn))].filter((d) => compareDays(d, from) > 0 && compareDays(d, to) < 0).sort(compareDays);
}

/** Whether a new price raises either fee compared with the one in force the day before it. */
export function isIncrease(book: PriceBook, next: PriceVersion): boolean {
  const before = priceOn(book, addDays(next.effectiveOn, -1));
  return next.monthlyFeeCents > before.monthlyFeeCents || next.oneOffFeeCents > before.oneOffFeeCents;
}

/** The earliest day an increase published on `publishedOn` may take effect: one month later (art. 7.2, 13). */
export function earliestIncreaseDay(publishedOn: CalendarDay): CalendarDay {
  return addMonthsClamped(publishedOn, 1);
}

/** Why a new price cannot be published on `today`, in French, or null. */
export function priceVersionProblem(book: PriceBook, next: PriceVersion, today: CalendarDay): string | null {
  if (compareDays(next.effectiveOn, today) < 0) return "La date d'effet ne peut pas être passée.";
  if (book.versions.some((v) => v.effectiveOn === next.effectiveOn)) return "Un prix prend déjà effet à cette date : choisissez une autre date.";
  if (isIncrease(book, next) && compareDays(next.effectiveOn, earliestIncreaseDay(today)) < 0) {
    return `Une hausse de prix prend effet au plus tôt un mois après sa publication : le ${earliestIncreaseDay(today).split("-").reverse().join("/")} ou après.`;
  }
  // A price set before an already published one must not turn that one into an increase nobody was told of.
  const later = book.versions.filter((v) => compareDays(v.effectiveOn, next.effectiveOn) > 0).sort((a, b) => compareDays(a.effectiveOn, b.effectiveOn))[0];
  if (later && (later.monthlyFeeCents > next.monthlyFeeCents || later.oneOffFeeCents > next.oneOffFeeCents) && !isIncrease(book, later)) {
    return `Un prix plus élevé est déjà publié pour le ${later.effectiveOn.split("-").reverse().join("/")} : ce prix en ferait une hausse non annoncée.`;
  }
  return null;
}

/**
 * The right an increase gives (art. 13): until one month after its notice, the account owner may terminate any OC on
 * that offer with no notice and no early-termination amount, ending the day before the new price. Returns that end
 * day while the right lasts on `today`, else null.
 */
export function increaseTerminationEnd(increase: { effectiveOn: CalendarDay; noticeOn: CalendarDay }, today: CalendarDay): CalendarDay | null {
  return compareDays(today, increaseRightUntil(increase)) > 0 ? null : addDays(increase.effectiveOn, -1);
}

/** The last day the right lasts: one month after the notice, and never on or after the day the new price applies. */
export function increaseRightUntil(increase: { effectiveOn: CalendarDay; noticeOn: CalendarDay }): CalendarDay {
  const monthAfter = addMonthsClamped(increase.noticeOn, 1);
  const dayBefore = addDays(increase.effectiveOn, -1);
  return compareDays(monthAfter, dayBefore) < 0 ? monthAfter : dayBefore;
}

/** A product sheet's monthly fee over time: its offer's price × quantity, or its negotiated fee (SPEC §17). */
export function sheetFee(sheet: { monthlyFeeCents: number; followsCatalogue: boolean; quantity: number }, book: PriceBook | undefined): FeeSchedule {
  if (!sheet.followsCatalogue || !book) return { on: () => sheet.monthlyFeeCents * sheet.quantity, changesWithin: () => [] };
  return { on: (day) => priceOn(book, day).monthlyFeeCents * sheet.quantity, changesWithin: (from, to) => priceChangesWithin(book, from, to) };
}

/** The sum of fees (an OC's sheets). */
export function totalFee(fees: FeeSchedule[]): FeeSchedule {
  return {
    on: (day) => fees.reduce((sum, f) => sum + f.on(day), 0),
    changesWithin: (from, to) => [...new Set(fees.flatMap((f) => f.changesWithin(from, to)))].sort(compareDays),
  };
}

/** Splits plan segments `[startOn, endOn)` where their fee changes, each piece with the fee in force on its first day. */
export function splitAtChanges<T extends { startOn: CalendarDay; endOn: CalendarDay | null }>(segments: T[], feeOf: (segment: T) => FeeSchedule, until: CalendarDay): (T & { monthlyFeeCents: number })[] {
  return segments.flatMap((s) => {
    const fee = feeOf(s);
    const end = s.endOn ?? until;
    const cuts = compareDays(s.startOn, end) < 0 ? fee.changesWithin(s.startOn, end) : [];
    const starts = [s.startOn, ...cuts];
    return starts.map((startOn, i) => ({ ...s, startOn, endOn: i + 1 < starts.length ? starts[i + 1] : s.endOn, monthlyFeeCents: fee.on(startOn) }));
  });
}
