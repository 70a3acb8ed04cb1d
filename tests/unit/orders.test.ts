import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { modificationAllowed, nextAnniversaryDay, nextOrderState, orderTotals, vatCents } from "@/lib/domain/orders";
import { addDays, compareDays, daysInMonth } from "@/lib/domain/calendar-day";

describe("the ADV workflow (SPEC §6)", () => {
  it("goes Soumise → Validée (with a pilot) → En cours de livraison → Livrée", () => {
    expect(nextOrderState("SOUMISE", "validate", true)).toMatchObject({ ok: true, to: "VALIDEE" });
    expect(nextOrderState("VALIDEE", "start-delivery", true)).toMatchObject({ ok: true, to: "EN_COURS_DE_LIVRAISON" });
    expect(nextOrderState("EN_COURS_DE_LIVRAISON", "deliver", true)).toMatchObject({ ok: true, to: "LIVREE" });
  });
  it("needs a pilot to validate; refuses before delivery only; never goes back", () => {
    expect(nextOrderState("SOUMISE", "validate", false)).toEqual({ ok: false, message: "Affectez un pilote ADV avant de valider la commande." });
    expect(nextOrderState("SOUMISE", "refuse", false)).toMatchObject({ ok: true, to: "REFUSEE" });
    expect(nextOrderState("VALIDEE", "refuse", true)).toMatchObject({ ok: true, to: "REFUSEE" });
    expect(nextOrderState("EN_COURS_DE_LIVRAISON", "refuse", true)).toMatchObject({ ok: false });
    expect(nextOrderState("LIVREE", "deliver", true)).toEqual({ ok: false, message: "Cette commande est « Livrée » : elle ne peut pas passer à « Livrée »." });
    expect(nextOrderState("SOUMISE", "deliver", true)).toMatchObject({ ok: false });
    expect(nextOrderState("REFUSEE", "validate", true)).toMatchObject({ ok: false });
  });
});

describe("totals (SPEC §7)", () => {
  it("VAT 20 % rounded half up, once on the sum", () => {
    expect(vatCents(1000)).toBe(200);
    expect(vatCents(1)).toBe(0);
    expect(vatCents(3)).toBe(1); // 0,6 cent → 1
    expect(vatCents(2)).toBe(0); // 0,4 cent → 0
    expect(vatCents(5)).toBe(1);
    // 3 lines of 0,03 €: 20 % of the sum (0,018 € → 0,02 €), not the sum of rounded line VATs (0,03 €).
    expect(orderTotals([{ monthlyFeeCents: 3, oneOffFeeCents: 0, quantity: 3 }]).monthly).toEqual({ ht: 9, vat: 2, ttc: 11 });
  });
  it("sums monthly and one-off separately, by quantity", () => {
    const totals = orderTotals([
      { monthlyFeeCents: 8900, oneOffFeeCents: 29900, quantity: 1 },
      { monthlyFeeCents: 2500, oneOffFeeCents: 0, quantity: 3 },
    ]);
    expect(totals.monthly).toEqual({ ht: 16400, vat: 3280, ttc: 19680 });
    expect(totals.oneOff).toEqual({ ht: 29900, vat: 5980, ttc: 35880 });
  });
  it("TTC = HT + VAT, and VAT is within half a cent of 20 %", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (ht) => {
        const vat = vatCents(ht);
        return Math.abs(vat - ht * 0.2) <= 0.5;
      }),
    );
  });
});

describe("Modification orders (SPEC §6: 2 per calendar year, 1 per month, on the next anniversary day)", () => {
  it("takes effect on the next day of month of the activation, after today", () => {
    expect(nextAnniversaryDay("2024-09-02", "2026-12-01")).toBe("2026-12-02");
    expect(nextAnniversaryDay("2024-09-02", "2026-12-02")).toBe("2027-01-02");
    expect(nextAnniversaryDay("2024-09-02", "2026-12-31")).toBe("2027-01-02");
  });

  it("clamps to a shorter month's last day", () => {
    expect(nextAnniversaryDay("2025-01-31", "2026-02-10")).toBe("2026-02-28");
    expect(nextAnniversaryDay("2025-01-31", "2028-02-10")).toBe("2028-02-29");
    expect(nextAnniversaryDay("2025-01-31", "2026-04-30")).toBe("2026-05-31");
    expect(nextAnniversaryDay("2025-01-30", "2026-04-29")).toBe("2026-04-30");
  });

  it("property: the result is after today, within a month and a day, and on the activation's day when the month has it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (a, t) => {
        const activationOn = addDays("2018-01-01", a);
        const today = addDays("2018-01-01", t);
        const next = nextAnniversaryDay(activationOn, today);
        expect(compareDays(next, today)).toBeGreaterThan(0);
        expect(compareDays(next, addDays(today, 31))).toBeLessThanOrEqual(0);
        const day = Number(activationOn.slice(8));
        const last = daysInMonth(Number(next.slice(0, 4)), Number(next.slice(5, 7)));
        expect(Number(next.slice(8))).toBe(Math.min(day, last));
      }),
    );
  });

  it("at most one per month and two per calendar year, counted on the effective days", () => {
    expect(modificationAllowed([], "2026-12-02")).toEqual({ ok: true });
    expect(modificationAllowed(["2026-12-02"], "2026-12-02")).toEqual({ ok: false, message: "Une modification de ce service prend déjà effet en 12/2026 : une seule modification par mois est possible." });
    expect(modificationAllowed(["2026-03-02"], "2026-12-02")).toEqual({ ok: true });
    expect(modificationAllowed(["2026-03-02", "2026-07-02"], "2026-12-02")).toEqual({ ok: false, message: "Ce service a déjà 2 modifications en 2026 : 2 modifications par année civile au plus." });
    expect(modificationAllowed(["2026-03-02", "2026-07-02"], "2027-01-02")).toEqual({ ok: true });
  });
});
