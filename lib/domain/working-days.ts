/**
 * Working days (SPEC §3 rule 7, §10): Monday to Friday, without the French public holidays of
 * metropolitan France (the fixed ones plus Easter Monday, Ascension Thursday and Whit Monday; no
 * Alsace-Moselle extras). Easter is computed here rather than taken from @socialgouv/jours-feries,
 * which builds local-time `Date`s (machine-time-zone dependent); the unit tests cross-check the two.
 */
import { addDays, dayOfWeek, isValidDay, type CalendarDay } from "@/lib/domain/calendar-day";

const FIXED_HOLIDAYS = ["01-01", "05-01", "05-08", "07-14", "08-15", "11-01", "11-11", "12-25"];

/** Easter Sunday of `year` (Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): CalendarDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const holidayCache = new Map<number, ReadonlySet<CalendarDay>>();

/** The eleven public holidays of metropolitan France in `year`. */
export function frenchPublicHolidays(year: number): ReadonlySet<CalendarDay> {
  let holidays = holidayCache.get(year);
  if (!holidays) {
    const easter = easterSunday(year);
    const prefix = String(year).padStart(4, "0");
    holidays = new Set([
      ...FIXED_HOLIDAYS.map((md) => `${prefix}-${md}`),
      addDays(easter, 1), // lundi de Pâques
      addDays(easter, 39), // Ascension
      addDays(easter, 50), // lundi de Pentecôte
    ]);
    holidayCache.set(year, holidays);
  }
  return holidays;
}

function checkDay(day: CalendarDay) {
  if (!isValidDay(day)) throw new RangeError(`Invalid calendar day: ${JSON.stringify(day)}`);
}

export function isFrenchPublicHoliday(day: CalendarDay): boolean {
  checkDay(day);
  return frenchPublicHolidays(Number(day.slice(0, 4))).has(day);
}

export function isWorkingDay(day: CalendarDay): boolean {
  const weekday = dayOfWeek(day);
  return weekday !== 0 && weekday !== 6 && !isFrenchPublicHoliday(day);
}

/** The `count` working days strictly before `day`, nearest first. */
export function previousWorkingDays(day: CalendarDay, count: number): CalendarDay[] {
  checkDay(day);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Invalid count: ${count}`);
  const result: CalendarDay[] = [];
  for (let d = addDays(day, -1); result.length < count; d = addDays(d, -1)) {
    if (isWorkingDay(d)) result.push(d);
  }
  return result;
}
