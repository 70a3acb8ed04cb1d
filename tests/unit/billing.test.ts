/**
 * The invoice's money rules (SPEC §7, §3 rule 6, §4 *Billing of a line*): worked examples and the
 * invariants of the issue (totals are the sum of the lines, no negative invoice, a whole month of
 * prorata is the monthly fee).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addDays } from "@/lib/domain/calendar-day";
import {
  billedInAdvance,
  canContest,
  constantFee,
  contestationDeadline,
  creditableCents,
  creditNoteNumber,
  invoiceNumber,
  invoiceTotals,
  monthDueCents,
  nextMonth,
  previousMonth,
  recurringCharges,
  settle,
  usageChargeCents,
  type RecurringItem,
} from "@/lib/domain/billing";

const oc = (monthlyFeeCents: number, activationOn: string | null, terminationOn: string | null = null): RecurringItem => ({ kind: "oc", fee: constantFee(monthlyFeeCents), activationOn, terminationOn });
const line = (segments: { startOn: string; endOn: string | null; monthlyFeeCents: number }[], terminationOn: string | null = null): RecurringItem => ({ kind: "line", segments, terminationOn });

describe("monthDueCents", () => {
  it("the first month is prorated from the activation day to the end of the month (seed 001)", () => {
    // November has 30 days; activated on the 15th: 16 days of 25,00 € = 13,33 €.
    expect(monthDueCents(oc(2500, "2026-11-15"), "2026-11")).toBe(1333);
    expect(monthDueCents(oc(2500, "2026-11-01"), "2026-11")).toBe(2500);
    expect(monthDueCents(oc(2500, "2026-11-30"), "2026-11")).toBe(83); // 1/30 of 25 € = 0,8333 → 0,83 €
    expect(monthDueCents(oc(2500, "2026-12-01"), "2026-11")).toBe(0);
    expect(monthDueCents(oc(2500, null), "2026-11")).toBe(0);
  });

  it("the month containing the termination date E is due in full, and nothing after it (§3 rule 6)", () => {
    expect(monthDueCents(oc(4000, "2024-01-01", "2026-03-10"), "2026-03")).toBe(4000);
    expect(monthDueCents(oc(4000, "2024-01-01", "2026-03-10"), "2026-04")).toBe(0);
    // E in the activation month wins over the prorata.
    expect(monthDueCents(oc(4000, "2026-03-20", "2026-03-25"), "2026-03")).toBe(4000);
  });

  it("a line is billed by days on each plan (SPEC §4: April, change on the 16th, 15 € → 25 €)", () => {
    const changed = line([
      { startOn: "2026-01-10", endOn: "2026-04-16", monthlyFeeCents: 1500 },
      { startOn: "2026-04-16", endOn: null, monthlyFeeCents: 2500 },
    ]);
    expect(monthDueCents(changed, "2026-04")).toBe(2000); // 15 days × 15 € + 15 days × 25 € over 30
    expect(monthDueCents(changed, "2026-05")).toBe(2500);
    expect(monthDueCents(changed, "2026-01")).toBe(1065); // 22 days of 31 at 15 € = 10,645 €, half up: 10,65 €
  });

  it("a line's termination month is due in full at the plan it is on at E", () => {
    const ended = line(
      [
        { startOn: "2026-01-10", endOn: "2026-04-16", monthlyFeeCents: 1500 },
        { startOn: "2026-04-16", endOn: "2026-04-21", monthlyFeeCents: 2500 },
      ],
      "2026-04-20",
    );
    expect(monthDueCents(ended, "2026-04")).toBe(2500);
    expect(monthDueCents(ended, "2026-05")).toBe(0);
  });
});

describe("recurringCharges on the invoice of a month", () => {
  it("bills the month in advance and the first month's prorata in arrears", () => {
    // Activated 15/11: nothing on the 1/11 invoice; the 1/12 invoice has November's prorata and December.
    const item = oc(2500, "2026-11-15");
    expect(recurringCharges(item, "Forfait", "2026-11", 0)).toEqual([]);
    const december = recurringCharges(item, "Forfait", "2026-12", 0);
    expect(december.map((c) => [c.kind, c.month, c.amountHtCents, c.label, c.detail])).toEqual([
      ["ABONNEMENT", "2026-11", 1333, "Forfait — prorata temporis", "du 15/11/2026 au 30/11/2026"],
      ["ABONNEMENT", "2026-12", 2500, "Forfait", "du 01/12/2026 au 31/12/2026"],
    ]);
  });

  it("adds the plan change's difference as an adjustment on the next invoice (§4 rule 6)", () => {
    const changed = line([
      { startOn: "2026-01-10", endOn: "2026-04-16", monthlyFeeCents: 1500 },
      { startOn: "2026-04-16", endOn: null, monthlyFeeCents: 2500 },
    ]);
    // April was billed in advance at 15 €; it owed 20 €: +5 € on May's invoice, and May at 25 €.
    const may = recurringCharges(changed, "Forfait", "2026-05", 1500);
    expect(may.map((c) => [c.kind, c.month, c.amountHtCents])).toEqual([
      ["REGULARISATION", "2026-04", 500],
      ["ABONNEMENT", "2026-05", 2500],
    ]);
    // A move to a cheaper plan gives a negative adjustment.
    const down = line([
      { startOn: "2026-01-10", endOn: "2026-04-16", monthlyFeeCents: 2500 },
      { startOn: "2026-04-16", endOn: null, monthlyFeeCents: 1500 },
    ]);
    expect(recurringCharges(down, "Forfait", "2026-05", 2500)[0]).toMatchObject({ kind: "REGULARISATION", amountHtCents: -500 });
  });

  it("refunds a month billed in advance after a termination ending before it", () => {
    // Terminated with E = 10/02 after March had been billed in advance: April's invoice gives March back.
    const item = oc(4000, "2024-01-01", "2026-02-10");
    expect(recurringCharges(item, "Trunk", "2026-04", 4000)).toEqual([
      expect.objectContaining({ kind: "REGULARISATION", month: "2026-03", amountHtCents: -4000 }),
    ]);
  });

  it("settles nothing for a month before the account's first invoice", () => {
    // Active since 2024 but nothing billed for November: November had no invoice in the portal.
    expect(recurringCharges(oc(4000, "2024-01-01"), "Trunk", "2026-12", 0)).toEqual([expect.objectContaining({ month: "2026-12", amountHtCents: 4000 })]);
  });

  it("changes nothing when what was billed is what was due", () => {
    const item = oc(4000, "2024-01-01", "2026-03-10");
    expect(recurringCharges(item, "Trunk", "2026-04", 4000)).toEqual([]);
    expect(billedInAdvance(item, "2026-04")).toBe(true);
  });
});

describe("settle", () => {
  const none = { carriedCents: 0, carriedFrom: null, creditNotes: [] };

  it("deducts carried credit then credit notes, oldest first, and carries the rest", () => {
    const s = settle(5000, { carriedCents: 1000, carriedFrom: "F00000012", creditNotes: [{ id: 1, number: "A00000001", amountHtCents: 3000 }, { id: 2, number: "A00000002", amountHtCents: 4000 }] });
    expect(s.lines.map((l) => [l.label, l.amountHtCents])).toEqual([
      ["Crédit reporté de la facture F00000012", -1000],
      ["Avoir A00000001 déduit", -3000],
      ["Avoir A00000002 déduit", -1000],
    ]);
    expect(s.appliedCreditNoteIds).toEqual([1, 2]);
    expect(s.carriedOutCents).toBe(3000);
  });

  it("makes a negative month a zero invoice and carries its balance (an invoice is never negative)", () => {
    const s = settle(-2500, { ...none, carriedCents: 500 });
    expect(s.lines).toEqual([expect.objectContaining({ amountHtCents: 2500, label: "Solde créditeur reporté sur la prochaine facture" })]);
    expect(s.carriedOutCents).toBe(3000);
    expect(s.appliedCreditNoteIds).toEqual([]);
  });

  it("property: the total is never negative and no credit is lost or created", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.array(fc.integer({ min: 1, max: 50_000 }), { maxLength: 4 }),
        (charges, carried, notes) => {
          const creditNotes = notes.map((amountHtCents, i) => ({ id: i + 1, number: creditNoteNumber(i + 1), amountHtCents }));
          const s = settle(charges, { carriedCents: carried, carriedFrom: null, creditNotes });
          const total = charges + s.lines.reduce((sum, l) => sum + l.amountHtCents, 0);
          expect(total).toBeGreaterThanOrEqual(0);
          const applied = creditNotes.filter((n) => s.appliedCreditNoteIds.includes(n.id)).reduce((sum, n) => sum + n.amountHtCents, 0);
          // Credit in = credit used + credit carried out (a negative month adds its balance to the credit).
          const used = charges > 0 ? charges - total : 0;
          expect(carried + applied + Math.max(0, -charges)).toBe(used + s.carriedOutCents);
        },
      ),
    );
  });
});

describe("invoiceTotals", () => {
  it("computes VAT once on the summed lines, half up (BR-CO-17)", () => {
    // Three lines of 0,05 € each: per line VAT would be 3 × 0,01 €; on the sum (0,15 €) it is 0,03 €.
    expect(invoiceTotals([{ amountHtCents: 5 }, { amountHtCents: 5 }, { amountHtCents: 5 }])).toEqual({ htCents: 15, vatCents: 3, ttcCents: 18 });
    expect(invoiceTotals([{ amountHtCents: 1333 }, { amountHtCents: 2500 }])).toEqual({ htCents: 3833, vatCents: 767, ttcCents: 4600 });
  });

  it("property: totals equal the sum of the lines", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 })), (amounts) => {
        const t = invoiceTotals(amounts.map((amountHtCents) => ({ amountHtCents })));
        expect(t.htCents).toBe(amounts.reduce((a, b) => a + b, 0));
        expect(t.ttcCents).toBe(t.htCents + t.vatCents);
      }),
    );
  });
});

describe("prorata temporis", () => {
  it("property: a whole month is the monthly fee; a month begun on any day lies between 0 and the fee", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom("2026-02", "2028-02", "2026-04", "2026-01"), fc.integer({ min: 1, max: 28 }), (fee, month, d) => {
        expect(monthDueCents(oc(fee, "2020-01-01"), month)).toBe(fee);
        const part = monthDueCents(oc(fee, `${month}-${String(d).padStart(2, "0")}`), month);
        expect(part).toBeGreaterThanOrEqual(0);
        expect(part).toBeLessThanOrEqual(fee);
      }),
    );
  });

  it("property: an item's month never owes more than its highest fee", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 100_000 }), fc.option(fc.integer({ min: 0, max: 500 })), (offset, fee, end) => {
        const activationOn = addDays("2025-01-01", offset);
        const item = oc(fee, activationOn, end === null ? null : addDays(activationOn, end));
        for (const month of ["2025-01", "2025-06", "2026-02"]) {
          const due = monthDueCents(item, month);
          expect(due).toBeGreaterThanOrEqual(0);
          expect(due).toBeLessThanOrEqual(fee);
        }
      }),
    );
  });
});

describe("numbers, months, contestations", () => {
  it("formats gapless numbers", () => {
    expect(invoiceNumber(42)).toBe("F00000042");
    expect(creditNoteNumber(7)).toBe("A00000007");
  });

  it("walks months across years", () => {
    expect(previousMonth("2026-01")).toBe("2025-12");
    expect(nextMonth("2026-12")).toBe("2027-01");
  });

  it("allows a contestation within 30 days of the issue date (seed 003 art. 9.1)", () => {
    expect(contestationDeadline("2026-11-01")).toBe("2026-12-01");
    expect(canContest("2026-11-01", "2026-12-01")).toBe(true);
    expect(canContest("2026-11-01", "2026-12-02")).toBe(false);
    expect(creditableCents(5000, 2000)).toBe(3000);
    expect(creditableCents(5000, 6000)).toBe(0);
  });

  it("caps out-of-bundle usage where the plan blocks", () => {
    expect(usageChargeCents(4200, 3000)).toBe(3000);
    expect(usageChargeCents(4200, null)).toBe(4200);
  });
});
