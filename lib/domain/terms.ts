/**
 * Terms of use versions (SPEC §2, *Terms of use*): each version has an effective date; from that
 * date every user must accept it before anything else. Staff enter the effective date as a Paris
 * calendar day; `parisMidnight` turns it into the instant it takes effect.
 */
import { TZDate } from "@date-fns/tz";
import { isValidDay, PARIS_TIME_ZONE, type CalendarDay } from "@/lib/domain/calendar-day";

/** The version with the latest `effectiveAt` ≤ `now` (ties: the highest id), or null. */
export function termsInForce<T extends { id: number; effectiveAt: Date }>(versions: T[], now: Date): T | null {
  let best: T | null = null;
  for (const v of versions) {
    const at = v.effectiveAt.getTime();
    if (at > now.getTime()) continue;
    if (!best || at > best.effectiveAt.getTime() || (at === best.effectiveAt.getTime() && v.id > best.id)) best = v;
  }
  return best;
}

/** True when a version is in force and the user has not accepted it. */
export function mustAcceptTerms(inForce: { id: number } | null, acceptedVersionIds: Iterable<number>): boolean {
  if (!inForce) return false;
  for (const id of acceptedVersionIds) if (id === inForce.id) return false;
  return true;
}

/** 00:00 Europe/Paris on `day` (2026-03-29 → 2026-03-28T23:00:00Z, 2026-07-01 → 2026-06-30T22:00:00Z). */
export function parisMidnight(day: CalendarDay): Date {
  if (!isValidDay(day)) throw new RangeError(`Invalid calendar day: ${JSON.stringify(day)}`);
  const [year, month, d] = day.split("-").map(Number);
  return new Date(new TZDate(year, month - 1, d, PARIS_TIME_ZONE).getTime());
}
