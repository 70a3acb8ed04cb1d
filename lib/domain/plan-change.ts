/**
 * Changing the plan of an OpenSIM line (SPEC §4 rules 1–6, seed 002): which resources a line may move
 * to, and the prorated allowance and fee of a month with several plans. Days are `yyyy-MM-dd`,
 * volumes bytes (bigint), fees integer cents HT.
 */
import { addDays, compareDays, daysInMonth, type CalendarDay } from "@/lib/domain/calendar-day";

export type PlanCategory = "DATA_ONLY" | "VOIX_DATA_COMPTEUR" | "DATA_DATA_AU_GO";

export const PLAN_CATEGORY_LABELS: Record<PlanCategory, string> = {
  DATA_ONLY: "Data Only",
  VOIX_DATA_COMPTEUR: "Voix + Data au compteur",
  DATA_DATA_AU_GO: "Data + Data au Go",
};

export const CROSS_CATEGORY_REFUSAL = "Il n'est pas possible de passer d'un forfait d'une catégorie à une autre.";
export const ORDER_FIRST = "La ressource choisie n'est pas disponible : vous devez au préalable passer une commande du forfait souhaité.";

export type ResourceForChange = { id: number; companyId: number; state: string; category: PlanCategory | null; hasLine: boolean };

export type PlanChangeCheck = { ok: true } | { ok: false; message: string };

/** Rules 1–2: a line on `from` may move to `to` only within one client, one category, onto a *Disponible* resource. */
export function checkPlanChange(from: ResourceForChange, to: ResourceForChange): PlanChangeCheck {
  if (!from.hasLine || (from.state !== "ACTIF" && from.state !== "SUSPENDU")) {
    return { ok: false, message: "Seule une ligne active peut changer de ressource." };
  }
  if (from.state === "SUSPENDU") return { ok: false, message: "La ligne est suspendue : réactivez-la avant de changer de ressource." };
  if (to.id === from.id) return { ok: false, message: "Choisissez une autre ressource que celle de la ligne." };
  if (to.companyId !== from.companyId || to.state !== "DISPONIBLE" || to.hasLine) return { ok: false, message: ORDER_FIRST };
  if (to.category === null || to.category !== from.category) return { ok: false, message: CROSS_CATEGORY_REFUSAL };
  return { ok: true };
}

/** Of the client's resources, those the line may move to (the choice list offers only these). */
export function eligibleTargets<T extends ResourceForChange>(from: ResourceForChange, candidates: T[]): T[] {
  return candidates.filter((c) => checkPlanChange(from, c).ok);
}

/** A plan a line was on from `startOn` (inclusive) to `endOn` (exclusive; null while current). */
export type PlanSegment = { startOn: CalendarDay; endOn: CalendarDay | null };

/** `yyyy-MM` → its first day and the first day of the next month. */
export function monthBounds(month: string): { first: CalendarDay; next: CalendarDay; days: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new RangeError(`Invalid month: ${month}`);
  const year = Number(m[1]);
  const mm = Number(m[2]);
  const days = daysInMonth(year, mm);
  const first = `${month}-01`;
  return { first, next: addDays(first, days), days };
}

const maxDay = (a: CalendarDay, b: CalendarDay) => (compareDays(a, b) >= 0 ? a : b);
const minDay = (a: CalendarDay, b: CalendarDay) => (compareDays(a, b) <= 0 ? a : b);
const daysBetween = (from: CalendarDay, to: CalendarDay) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** How many days of `month` a segment covers. */
export function daysInSegment(segment: PlanSegment, month: string): number {
  const { first, next } = monthBounds(month);
  const start = maxDay(segment.startOn, first);
  const end = minDay(segment.endOn ?? next, next);
  return Math.max(0, daysBetween(start, end));
}

const MIB = BigInt(1) << BigInt(20);

/**
 * Rule 4: the month's allowance, each plan counting for the days the line was on it:
 * Σ allowance × days / days in month, rounded down to the whole MiB (SPEC §4 *Units*). Days the line
 * was on no plan (before activation) count for nothing. Null when no segment has an allowance
 * (metered plans).
 */
export function proratedAllowance(segments: (PlanSegment & { allowanceBytes: bigint | null })[], month: string): bigint | null {
  const { days } = monthBounds(month);
  if (segments.every((s) => s.allowanceBytes === null)) return null;
  let sum = BigInt(0);
  for (const s of segments) sum += (s.allowanceBytes ?? BigInt(0)) * BigInt(daysInSegment(s, month));
  const bytes = sum / BigInt(days);
  return (bytes / MIB) * MIB;
}

/** Rule 6 and *Billing of a line*: Σ fee × days on the plan / days in month, rounded half up to the cent. */
export function proratedFeeCents(segments: (PlanSegment & { monthlyFeeCents: number })[], month: string): number {
  const { days } = monthBounds(month);
  const numerator = segments.reduce((sum, s) => sum + s.monthlyFeeCents * daysInSegment(s, month), 0);
  return Math.floor((2 * numerator + days) / (2 * days));
}
