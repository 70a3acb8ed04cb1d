/**
 * Calendar days as `yyyy-MM-dd` strings (SPEC header: dates show as dd/MM/yyyy, every date rule is
 * computed in Europe/Paris; SPEC §3 rule 2 for month arithmetic).
 *
 * A calendar day has no time zone. The arithmetic below runs on UTC midnights so the result never
 * depends on the machine's time zone; only `parisDay` looks at an instant, through Europe/Paris.
 */
import { TZDate } from "@date-fns/tz";

export type CalendarDay = string;

export const PARIS_TIME_ZONE = "Europe/Paris";

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Number of days in `month` (1 = January … 12 = December) of `year` (proleptic Gregorian). */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid month: ${year}-${month}`);
  }
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for an existing day written exactly `yyyy-MM-dd` (2024-02-29 yes, 2023-02-29 no). */
export function isValidDay(s: string): boolean {
  const m = DAY_PATTERN.exec(s);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

function parts(day: CalendarDay): { year: number; month: number; day: number } {
  if (!isValidDay(day)) throw new RangeError(`Invalid calendar day: ${JSON.stringify(day)}`);
  const [year, month, d] = day.split("-").map(Number);
  return { year, month, day: d };
}

/** The UTC midnight of `day` (a carrier for arithmetic, not the Paris instant: see `parisMidnight`). */
export function parseDay(day: CalendarDay): Date {
  const p = parts(day);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day));
  date.setUTCFullYear(p.year); // Date.UTC maps years 0–99 to 1900–1999
  return date;
}

/** The calendar day of a date's UTC fields (inverse of `parseDay`). */
export function formatDay(date: Date): CalendarDay {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid date");
  return ymd(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function ymd(year: number, month: number, day: number): CalendarDay {
  if (year < 0 || year > 9999) throw new RangeError(`Year out of range: ${year}`);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function addDays(day: CalendarDay, n: number): CalendarDay {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
  return formatDay(new Date(parseDay(day).getTime() + n * MS_PER_DAY));
}

/** Calendar months, clamped to the last day of a shorter month: 31/01 + 1 month = 28/02 or 29/02. */
export function addMonthsClamped(day: CalendarDay, n: number): CalendarDay {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of months: ${n}`);
  const p = parts(day);
  const monthIndex = p.year * 12 + (p.month - 1) + n;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return ymd(year, month, Math.min(p.day, daysInMonth(year, month)));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: CalendarDay): number {
  return parseDay(day).getUTCDay();
}

/** Negative, zero or positive like a sort comparator (`yyyy-MM-dd` sorts as text). */
export function compareDays(a: CalendarDay, b: CalendarDay): number {
  parts(a);
  parts(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calendar day in Europe/Paris at `instant` (2026-06-30T23:30Z → 2026-07-01). */
export function parisDay(instant: Date): CalendarDay {
  if (Number.isNaN(instant.getTime())) throw new RangeError("Invalid date");
  const paris = new TZDate(instant.getTime(), PARIS_TIME_ZONE);
  return ymd(paris.getFullYear(), paris.getMonth() + 1, paris.getDate());
}

/** `dd/MM/yyyy à HH:mm`, Europe/Paris: an instant as the UI and the emails show it. */
export function formatParisDateTime(at: Date): string {
  const time = at.toLocaleTimeString("fr-FR", { timeZone: PARIS_TIME_ZONE, hour: "2-digit", minute: "2-digit" });
  return `${formatFrenchDate(parisDay(at))} à ${time}`;
}

/** `dd/MM/yyyy`, the display format of the UI. */
export function formatFrenchDate(day: CalendarDay): string {
  const p = parts(day);
  return `${String(p.day).padStart(2, "0")}/${String(p.month).padStart(2, "0")}/${String(p.year).padStart(4, "0")}`;
}

const MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/** `2026-04` → `avril 2026`. */
export function formatFrenchMonth(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** `2026-04` → `d'avril 2026`, `2026-11` → `de novembre 2026` (elision before a vowel). */
export function ofFrenchMonth(month: string): string {
  const label = formatFrenchMonth(month);
  return /^[aeiouéû]/.test(label) ? `d'${label}` : `de ${label}`;
}
