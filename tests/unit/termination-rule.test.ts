import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  canCancelTermination, commitmentPeriodEnd, currentPeriodEnd, earlyTerminationAmount, lastDayToCancel, quoteTermination,
  requestedDateForPeriodEnd, terminationDate, type TerminationInput,
} from "@/lib/domain/termination";
import { addDays, compareDays, formatDay } from "@/lib/domain/calendar-day";
import { isWorkingDay } from "@/lib/domain/working-days";

const base: TerminationInput = {
  state: "LIVREE", activationOn: "2021-01-01", monthlyFeeCents: 1000, commitmentMonths: 36, renewalMonths: 12, noticeMonths: 1,
  requestedOn: "2023-11-30", today: "2023-11-01", lineCount: 1, flatFeePerLineCents: null,
};
const quote = (change: Partial<TerminationInput>) => quoteTermination({ ...base, ...change });

describe("rule 2: E = D + N months, clamped", () => {
  it("gives the guide's example: 29/04/2019 + 1 month = 29/05/2019 (seed 001)", () => {
    expect(terminationDate("2019-04-29", 1)).toBe("2019-05-29");
  });
  it("clamps to the end of a shorter month, leap years included", () => {
    expect(terminationDate("2025-01-31", 1)).toBe("2025-02-28");
    expect(terminationDate("2024-01-31", 1)).toBe("2024-02-29");
    expect(terminationDate("2024-03-31", 1)).toBe("2024-04-30");
    expect(terminationDate("2023-12-15", 3)).toBe("2024-03-15");
    expect(terminationDate("2026-05-10", 0)).toBe("2026-05-10");
  });
});

describe("rule 3: commitment periods counted from A, never chained", () => {
  it("B(0) = A + I months − 1 day (SPEC: A = 01/01/2021, I = 36 → 31/12/2023)", () => {
    expect(commitmentPeriodEnd({ activationOn: "2021-01-01", commitmentMonths: 36, renewalMonths: 12 }, 0)).toBe("2023-12-31");
  });
  it("renewal periods of each family (seed 004)", () => {
    const fibre = { activationOn: "2020-03-15", commitmentMonths: 36, renewalMonths: 12 };
    expect([0, 1, 2].map((k) => commitmentPeriodEnd(fibre, k))).toEqual(["2023-03-14", "2024-03-14", "2025-03-14"]);
    expect(currentPeriodEnd(fibre, "2024-06-01")).toBe("2025-03-14");
    const cellular = { activationOn: "2026-01-31", commitmentMonths: 3, renewalMonths: 1 };
    expect(currentPeriodEnd(cellular, "2026-04-29")).toBe("2026-04-29"); // 31/01 + 3 months = 30/04 − 1 day
    expect(currentPeriodEnd(cellular, "2026-04-30")).toBe("2026-05-30"); // 31/01 + 4 months = 31/05 − 1, never chained from 29/04
    const telephony = { activationOn: "2024-09-02", commitmentMonths: 24, renewalMonths: 12 };
    expect(currentPeriodEnd(telephony, "2026-11-23")).toBe("2027-09-01");
    const sim = { activationOn: "2026-01-01", commitmentMonths: 3, renewalMonths: 1 };
    expect(currentPeriodEnd(sim, "2026-03-31")).toBe("2026-03-31");
    expect(currentPeriodEnd(sim, "2026-04-01")).toBe("2026-04-30");
  });
  it("with R = 0 only B(0) exists; with I = 0 there is no commitment", () => {
    expect(currentPeriodEnd({ activationOn: "2024-01-01", commitmentMonths: 12, renewalMonths: 0 }, "2024-12-31")).toBe("2024-12-31");
    expect(currentPeriodEnd({ activationOn: "2024-01-01", commitmentMonths: 12, renewalMonths: 0 }, "2025-01-01")).toBeNull();
    expect(currentPeriodEnd({ activationOn: "2024-01-01", commitmentMonths: 0, renewalMonths: 0 }, "2024-02-01")).toBeNull();
  });
  it("finds the period quickly decades after activation", () => {
    expect(currentPeriodEnd({ activationOn: "2000-02-29", commitmentMonths: 36, renewalMonths: 12 }, "2040-03-01")).toBe("2041-02-27");
  });
});

describe("rule 4: the amount owed for an early termination", () => {
  it("is nothing when E is the period's last day (SPEC: E = 31/12/2023)", () => {
    expect(quote({ requestedOn: "2023-12-31", noticeMonths: 0 })).toMatchObject({ ok: true, effectiveOn: "2023-12-31", periodEnd: "2023-12-31", early: false, amountCents: 0 });
    expect(quote({ requestedOn: "2023-11-30" })).toMatchObject({ ok: true, effectiveOn: "2023-12-30", early: true, amountCents: 0 });
  });
  it("is nothing when only E's own month remains (SPEC mobile example: E = 10/03, B = 31/03)", () => {
    const mobile = { activationOn: "2026-01-01", commitmentMonths: 3, renewalMonths: 1, monthlyFeeCents: 2500, today: "2026-02-10" };
    expect(quote({ ...mobile, requestedOn: "2026-02-10", noticeMonths: 1 })).toMatchObject({ effectiveOn: "2026-03-10", periodEnd: "2026-03-31", early: true, amountCents: 0 });
    expect(quote({ ...mobile, requestedOn: "2026-02-10", noticeMonths: 0 })).toMatchObject({ effectiveOn: "2026-02-10", amountCents: 2500 });
  });
  it("counts the months after E's month that start on or before B", () => {
    expect(earlyTerminationAmount(8900, "2026-12-23", "2027-04-28")).toBe(4 * 8900);
    expect(earlyTerminationAmount(8900, "2027-04-27", "2027-04-28")).toBe(0);
    expect(earlyTerminationAmount(8900, "2027-03-31", "2027-04-01")).toBe(8900);
    expect(earlyTerminationAmount(8900, "2027-04-28", "2027-04-28")).toBe(0);
    expect(earlyTerminationAmount(8900, "2026-01-01", null)).toBe(0);
  });
  it("one day after B(k), E falls in the next period", () => {
    expect(quote({ requestedOn: "2023-12-01" })).toMatchObject({ effectiveOn: "2024-01-01", periodEnd: "2024-12-31", early: true, amountCents: 11 * 1000 });
  });
});

describe("rule 5: IP telephony without initial commitment", () => {
  it("owes 150 € HT per line instead", () => {
    const trunk = { commitmentMonths: 0, renewalMonths: 0, flatFeePerLineCents: 15000, monthlyFeeCents: 4500 };
    expect(quote({ ...trunk, lineCount: 3 })).toMatchObject({ ok: true, amountCents: 45000, periodEnd: null, early: false });
    expect(quote({ ...trunk, lineCount: 1 })).toMatchObject({ amountCents: 15000 });
  });
  it("an offer without commitment and without flat fee owes nothing", () => {
    expect(quote({ commitmentMonths: 0, renewalMonths: 0 })).toMatchObject({ ok: true, amountCents: 0 });
  });
});

describe("rule 1: refusals", () => {
  it("not activated, already terminated, already scheduled", () => {
    expect(quote({ state: "EN_COURS_DE_LIVRAISON", activationOn: null })).toEqual({ ok: false, message: "L'offre contractée n'est pas encore activée : elle ne peut pas être résiliée avant sa livraison." });
    expect(quote({ activationOn: null })).toMatchObject({ ok: false });
    expect(quote({ state: "RESILIEE" })).toEqual({ ok: false, message: "Cette offre contractée est déjà résiliée." });
    expect(quote({ state: "RESILIATION_PROGRAMMEE" })).toEqual({ ok: false, message: "Une résiliation est déjà programmée pour cette offre contractée." });
  });
  it("D must be a real day, today or later, and not absurdly far", () => {
    expect(quote({ requestedOn: "2023-11-01" })).toMatchObject({ ok: true });
    expect(quote({ requestedOn: "2023-10-31" })).toEqual({ ok: false, field: "requestedOn", message: "La date de résiliation souhaitée ne peut pas être antérieure à aujourd'hui." });
    expect(quote({ requestedOn: "2023-02-30" })).toMatchObject({ ok: false, field: "requestedOn" });
    expect(quote({ requestedOn: "" })).toMatchObject({ ok: false, field: "requestedOn" });
    expect(quote({ requestedOn: "2040-01-01" })).toMatchObject({ ok: false, field: "requestedOn" });
  });
});

describe("rule 7: cancelling until the 3rd working day before E", () => {
  it("gives the SPEC example: E = Friday 15/05/2026, Ascension on the 14th → Monday 11/05/2026", () => {
    expect(lastDayToCancel("2026-05-15")).toBe("2026-05-11");
    expect(canCancelTermination("2026-05-15", "2026-05-11")).toBe(true);
    expect(canCancelTermination("2026-05-15", "2026-05-12")).toBe(false);
  });
  it("skips weekends, Christmas, New Year and Easter Monday", () => {
    expect(lastDayToCancel("2026-12-28")).toBe("2026-12-22"); // 25/12 is a Friday
    expect(lastDayToCancel("2027-01-04")).toBe("2026-12-29"); // 01/01/2027 is a Friday
    expect(lastDayToCancel("2026-04-08")).toBe("2026-04-02"); // Easter Monday 06/04/2026
  });
  it("is given with the quote", () => {
    expect(quote({ requestedOn: "2026-04-15", today: "2026-04-01", activationOn: "2026-01-01" })).toMatchObject({ effectiveOn: "2026-05-15", lastDayToCancel: "2026-05-11" });
  });
});

describe("the form's one-click date", () => {
  it("ends exactly on the current period's last day when possible", () => {
    expect(requestedDateForPeriodEnd({ activationOn: "2021-01-01", commitmentMonths: 36, renewalMonths: 12 }, 1, "2023-11-01")).toEqual({ requestedOn: "2023-11-30", periodEnd: "2023-12-31" });
    expect(requestedDateForPeriodEnd({ activationOn: "2018-05-29", commitmentMonths: 24, renewalMonths: 12 }, 1, "2019-04-29")).toEqual({ requestedOn: "2020-04-28", periodEnd: "2020-05-28" });
  });
  it("takes the latest date whose notice still ends in the period (month ends)", () => {
    // B = 31/05: 30/04 + 1 month = 30/05; 01/05 + 1 month = 01/06 is past B.
    expect(requestedDateForPeriodEnd({ activationOn: "2024-06-01", commitmentMonths: 12, renewalMonths: 12 }, 1, "2025-03-01")).toEqual({ requestedOn: "2025-04-30", periodEnd: "2025-05-31" });
    // B = 28/02/2027: 31/01 + 1 month = 28/02.
    expect(requestedDateForPeriodEnd({ activationOn: "2026-03-01", commitmentMonths: 12, renewalMonths: 12 }, 1, "2026-12-01")).toEqual({ requestedOn: "2027-01-31", periodEnd: "2027-02-28" });
  });
  it("is null when no commitment is left", () => {
    expect(requestedDateForPeriodEnd({ activationOn: "2024-01-01", commitmentMonths: 0, renewalMonths: 0 }, 1, "2025-03-01")).toBeNull();
  });
});

describe("invariants", () => {
  const day = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => formatDay(new Date(ms - (ms % 86_400_000))));
  const terms = fc.record({
    activationOn: day,
    commitmentMonths: fc.constantFrom(0, 1, 3, 12, 24, 36),
    renewalMonths: fc.constantFrom(0, 1, 12),
    noticeMonths: fc.integer({ min: 0, max: 3 }),
    monthlyFeeCents: fc.integer({ min: 0, max: 100_000 }),
    offset: fc.integer({ min: 0, max: 4000 }),
    wait: fc.integer({ min: 0, max: 800 }),
  });

  it("E ≥ D; the amount is never negative, nothing when not early, at most M × max(I, R); periodEnd is some B(k) ≥ E", () => {
    fc.assert(
      fc.property(terms, (t) => {
        const today = addDays(t.activationOn, t.offset);
        const requestedOn = addDays(today, t.wait);
        const q = quoteTermination({ ...base, ...t, today, requestedOn });
        if (!q.ok) return compareDays(requestedOn, addDays(today, 3650)) > 0;
        expect(compareDays(q.effectiveOn, requestedOn)).toBeGreaterThanOrEqual(0);
        expect(q.amountCents).toBeGreaterThanOrEqual(0);
        if (!q.early) expect(q.amountCents).toBe(0);
        expect(q.amountCents).toBeLessThanOrEqual(t.monthlyFeeCents * Math.max(t.commitmentMonths, t.renewalMonths));
        if (q.periodEnd !== null) {
          expect(compareDays(q.periodEnd, q.effectiveOn)).toBeGreaterThanOrEqual(0);
          const ks = Array.from({ length: 600 }, (_, k) => k).filter((k) => k === 0 || t.renewalMonths > 0);
          expect(ks.some((k) => commitmentPeriodEnd(t, k) === q.periodEnd)).toBe(true);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it("the last day to cancel is a working day with exactly 3 working days from it to E (E excluded)", () => {
    fc.assert(
      fc.property(day, (e) => {
        const last = lastDayToCancel(e);
        expect(isWorkingDay(last)).toBe(true);
        expect(compareDays(last, e)).toBeLessThan(0);
        let count = 0;
        for (let d = last; compareDays(d, e) < 0; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
        expect(count).toBe(3);
      }),
      { numRuns: 300 },
    );
  });

  it("the one-click date is today or later, ends within the period, and the next day would not", () => {
    fc.assert(
      fc.property(terms, (t) => {
        const today = addDays(t.activationOn, t.offset);
        const click = requestedDateForPeriodEnd(t, t.noticeMonths, today);
        if (click === null) return true;
        expect(compareDays(click.requestedOn, today)).toBeGreaterThanOrEqual(0);
        expect(compareDays(terminationDate(click.requestedOn, t.noticeMonths), click.periodEnd)).toBeLessThanOrEqual(0);
        expect(compareDays(terminationDate(addDays(click.requestedOn, 1), t.noticeMonths), click.periodEnd)).toBeGreaterThan(0);
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
