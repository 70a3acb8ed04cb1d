/**
 * Orders (SPEC §6): the ADV workflow *Soumise → Validée (pilot assigned) → En cours de livraison →
 * Livrée*, or *Refusée* with a reason; and the totals shown before submitting (SPEC §7: VAT 20 %
 * computed once on the sum of the lines, rounded half up).
 */

import { compareDays, daysInMonth, formatFrenchDate, type CalendarDay } from "@/lib/domain/calendar-day";
export type OrderState = "A_VALIDER_REVENDEUR" | "SOUMISE" | "VALIDEE" | "EN_COURS_DE_LIVRAISON" | "LIVREE" | "REFUSEE";
export type OrderStep = "validate" | "refuse" | "start-delivery" | "deliver";

export const ORDER_STATE_LABELS: Record<OrderState, string> = {
  A_VALIDER_REVENDEUR: "À valider par votre revendeur",
  SOUMISE: "Soumise",
  VALIDEE: "Validée",
  EN_COURS_DE_LIVRAISON: "En cours de livraison",
  LIVREE: "Livrée",
  REFUSEE: "Refusée",
};

const STEPS: Record<OrderStep, { from: OrderState[]; to: OrderState }> = {
  validate: { from: ["SOUMISE"], to: "VALIDEE" },
  refuse: { from: ["SOUMISE", "VALIDEE"], to: "REFUSEE" },
  "start-delivery": { from: ["VALIDEE"], to: "EN_COURS_DE_LIVRAISON" },
  deliver: { from: ["EN_COURS_DE_LIVRAISON"], to: "LIVREE" },
};

/** The state a step leads to from `state`, or the French reason it cannot be taken. */
export function nextOrderState(state: OrderState, step: OrderStep, hasPilot: boolean): { ok: true; to: OrderState; from: OrderState[] } | { ok: false; message: string } {
  const { from, to } = STEPS[step];
  if (!from.includes(state)) return { ok: false, message: `Cette commande est « ${ORDER_STATE_LABELS[state]} » : elle ne peut pas passer à « ${ORDER_STATE_LABELS[to]} ».` };
  if (step === "validate" && !hasPilot) return { ok: false, message: "Affectez un pilote ADV avant de valider la commande." };
  return { ok: true, to, from };
}

export const VAT_RATE_PERCENT = 20;

/** VAT on an amount HT in cents, rounded half up (EN 16931 BR-CO-17: once per rate on the sum). */
export function vatCents(htCents: number, ratePercent = VAT_RATE_PERCENT): number {
  return Math.floor((htCents * ratePercent + 50) / 100);
}

export type PricedLine = { monthlyFeeCents: number; oneOffFeeCents: number; quantity: number };
export type Totals = { ht: number; vat: number; ttc: number };

function totals(ht: number): Totals {
  const vat = vatCents(ht);
  return { ht, vat, ttc: ht + vat };
}

/** The order summary: monthly and one-off totals HT, VAT and TTC. */
export function orderTotals(lines: PricedLine[]): { monthly: Totals; oneOff: Totals } {
  return {
    monthly: totals(lines.reduce((sum, l) => sum + l.monthlyFeeCents * l.quantity, 0)),
    oneOff: totals(lines.reduce((sum, l) => sum + l.oneOffFeeCents * l.quantity, 0)),
  };
}

export const MAX_QUANTITY = 100;

// *Modification* orders of a fixed telephony service (SPEC §6, seed 003 CP fixed telephony art. 5).

/**
 * The service's next anniversary day after `today`: the day of month of its activation, clamped to
 * a shorter month's last day (activated on the 31st: 28/02, 31/03, 30/04…).
 */
export function nextAnniversaryDay(activationOn: CalendarDay, today: CalendarDay): CalendarDay {
  const day = Number(activationOn.slice(8, 10));
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  for (;;) {
    const candidate = `${year}-${String(month).padStart(2, "0")}-${String(Math.min(day, daysInMonth(year, month))).padStart(2, "0")}`;
    if (compareDays(candidate, today) > 0) return candidate;
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
  }
}

export const MODIFICATIONS_PER_YEAR = 2;

/**
 * At most 2 modifications per calendar year and 1 per month, counted on the days they take effect:
 * `scheduled` are the effective days of the service's earlier modification orders (refused ones excluded).
 */
export function modificationAllowed(scheduled: CalendarDay[], effectiveOn: CalendarDay): { ok: true } | { ok: false; message: string } {
  if (scheduled.some((d) => d.slice(0, 7) === effectiveOn.slice(0, 7))) {
    return { ok: false, message: `Une modification de ce service prend déjà effet en ${formatFrenchDate(effectiveOn).slice(3)} : une seule modification par mois est possible.` };
  }
  if (scheduled.filter((d) => d.slice(0, 4) === effectiveOn.slice(0, 4)).length >= MODIFICATIONS_PER_YEAR) {
    return { ok: false, message: `Ce service a déjà ${MODIFICATIONS_PER_YEAR} modifications en ${effectiveOn.slice(0, 4)} : ${MODIFICATIONS_PER_YEAR} modifications par année civile au plus.` };
  }
  return { ok: true };
}
