/**
 * The termination rule of SPEC §3 (rules 1–7): worked examples of the SPEC verbatim, each service
 * family's terms (seed 004), boundaries, and properties checked against brute-force oracles.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addDays, compareDays, dayOfWeek, formatDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { isWorkingDay } from "@/lib/domain/working-days";
import {
  canCancelTermination,
  commitmentPeriodEnd,
  currentPeriodEnd,
  earlyTerminationAmount,
  lastDayToCancel,
  quoteTermination,
  requestedDateForPeriodEnd,
  terminationDate,
  type Commitment,
  type TerminationInput,
} from "@/lib/domain/termination";

const NOT_ACTIVATED = "L'offre contractée n'est pas encore activée : elle ne peut pas être résiliée avant sa livraison.";
const ALREADY_TERMINATED = "Cette offre contractée est déjà résiliée.";
const ALREADY_SCHEDULED = "Une résiliation est déjà programmée pour cette offre contractée.";
const INVALID_DATE = "La date de résiliation souhaitée n'est pas une date valide.";
const IN_THE_PAST = "La date de résiliation souhaitée ne peut pas être antérieure à aujourd'hui.";

/** An IP access on fibre activated on 01/01/2021 (36 months, then 12), quoted on 01/11/2023. */
const fibre: TerminationInput = {
  state: "LIVREE",
  activationOn: "2021-01-01",
  monthlyFeeCents: 4900,
  commitmentMonths: 36,
  renewalMonths: 12,
  noticeMonths: 1,
  requestedOn: "2023-11-30",
  today: "2023-11-01",
  lineCount: 1,
  flatFeePerLineCents: null,
};
const quote = (change: Partial<TerminationInput>) => quoteTermination({ ...fibre, ...change });

/** Seed 004's terms per service family. */
const FAMILY_TERMS = {
  fibre: { commitmentMonths: 36, renewalMonths: 12 },
  cellular: { commitmentMonths: 3, renewalMonths: 1 },
  ipTelephony: { commitmentMonths: 24, renewalMonths: 12 },
  openSim: { commitmentMonths: 3, renewalMonths: 1 },
};

describe("rule 2: E = D + N calendar months, clamped", () => {
  it("gives the guide's example: D = 29/04/2019, N = 1 → E = 29/05/2019", () => {
    expect(terminationDate("2019-04-29", 1)).toBe("2019-05-29");
  });

  it("clamps to the last day of a shorter month: 31/01 + 1 month = 28/02, or 29/02 in a leap year", () => {
    expect(terminationDate("2025-01-31", 1)).toBe("2025-02-28");
    expect(terminationDate("2024-01-31", 1)).toBe("2024-02-29");
    expect(terminationDate("2026-03-31", 1)).toBe("2026-04-30");
    expect(terminationDate("2024-02-29", 12)).toBe("2025-02-28");
  });

  it("crosses years and accepts no notice", () => {
    expect(terminationDate("2025-11-15", 3)).toBe("2026-02-15");
    expect(terminationDate("2026-05-10", 0)).toBe("2026-05-10");
  });

  it("rejects a notice that is not a whole number of months ≥ 0 (a bug, not a user error)", () => {
    expect(() => terminationDate("2026-05-10", -1)).toThrow(RangeError);
    expect(() => terminationDate("2026-05-10", 1.5)).toThrow(RangeError);
  });
});

describe("rule 3: commitment periods counted from A, never chained", () => {
  it("gives the SPEC example: A = 01/01/2021, I = 36 → B(0) = 31/12/2023", () => {
    expect(commitmentPeriodEnd({ activationOn: "2021-01-01", commitmentMonths: 36, renewalMonths: 12 }, 0)).toBe("2023-12-31");
  });

  it("fibre/copper (36/12): renewal years end on A's anniversary − 1 day", () => {
    const c = { activationOn: "2020-03-15", ...FAMILY_TERMS.fibre };
    expect([0, 1, 2, 3].map((k) => commitmentPeriodEnd(c, k))).toEqual(["2023-03-14", "2024-03-14", "2025-03-14", "2026-03-14"]);
    expect(currentPeriodEnd(c, "2022-01-01")).toBe("2023-03-14");
    expect(currentPeriodEnd(c, "2024-07-10")).toBe("2025-03-14");
  });

  it("cellular (3/1): each period counts from A, not from the previous period's end", () => {
    const c = { activationOn: "2026-01-31", ...FAMILY_TERMS.cellular };
    expect(commitmentPeriodEnd(c, 0)).toBe("2026-04-29"); // 31/01 + 3 months = 30/04, − 1 day
    expect(commitmentPeriodEnd(c, 1)).toBe("2026-05-30"); // 31/01 + 4 months = 31/05, − 1 day (not 29/05)
    expect(currentPeriodEnd(c, "2026-04-30")).toBe("2026-05-30");
  });

  it("IP telephony (24/12) and OpenSIM (3/1)", () => {
    const telephony = { activationOn: "2024-09-02", ...FAMILY_TERMS.ipTelephony };
    expect(commitmentPeriodEnd(telephony, 0)).toBe("2026-09-01");
    expect(currentPeriodEnd(telephony, "2026-11-23")).toBe("2027-09-01");
    const sim = { activationOn: "2026-01-01", ...FAMILY_TERMS.openSim };
    expect([0, 1, 2].map((k) => commitmentPeriodEnd(sim, k))).toEqual(["2026-03-31", "2026-04-30", "2026-05-31"]);
  });

  it("E = B(k) stays in period k; B(k) + 1 day is in period k + 1", () => {
    const c = { activationOn: "2021-01-01", ...FAMILY_TERMS.fibre };
    expect(currentPeriodEnd(c, "2023-12-31")).toBe("2023-12-31");
    expect(currentPeriodEnd(c, "2024-01-01")).toBe("2024-12-31");
    expect(currentPeriodEnd(c, "2024-12-31")).toBe("2024-12-31");
    expect(currentPeriodEnd(c, "2025-01-01")).toBe("2025-12-31");
  });

  it("with R = 0 only B(0) exists; with I = 0 there is no commitment", () => {
    const once = { activationOn: "2024-01-01", commitmentMonths: 12, renewalMonths: 0 };
    expect(currentPeriodEnd(once, "2024-12-31")).toBe("2024-12-31");
    expect(currentPeriodEnd(once, "2025-01-01")).toBeNull();
    expect(currentPeriodEnd({ activationOn: "2024-01-01", commitmentMonths: 0, renewalMonths: 12 }, "2024-02-01")).toBeNull();
    expect(currentPeriodEnd({ activationOn: "2024-01-01", commitmentMonths: 0, renewalMonths: 0 }, "2024-02-01")).toBeNull();
  });

  it("finds the period at once decades after activation (no day-by-day loop)", () => {
    expect(currentPeriodEnd({ activationOn: "2000-02-29", commitmentMonths: 36, renewalMonths: 12 }, "2040-03-01")).toBe("2041-02-27");
    expect(currentPeriodEnd({ activationOn: "2000-01-01", commitmentMonths: 1, renewalMonths: 1 }, "2999-12-15")).toBe("2999-12-31");
  });
});

describe("rule 4: the amount owed for an early termination", () => {
  it("gives the SPEC example: A = 01/01/2021, I = 36, E = 31/12/2023 owes nothing and is not early", () => {
    expect(quote({ requestedOn: "2023-12-31", noticeMonths: 0 })).toEqual({
      ok: true,
      effectiveOn: "2023-12-31",
      periodEnd: "2023-12-31",
      early: false,
      amountCents: 0,
      lastDayToCancel: "2023-12-27",
    });
    // With N = 1, 31/12 cannot be reached (30/11 + 1 month = 30/12): early, but only December, billed anyway.
    expect(quote({ requestedOn: "2023-11-30", noticeMonths: 1 })).toMatchObject({ effectiveOn: "2023-12-30", early: true, amountCents: 0 });
  });

  it("gives the SPEC mobile example: A = 01/01, I = 3, R = 1, B(0) = 31/03", () => {
    const mobile = { activationOn: "2026-01-01", ...FAMILY_TERMS.openSim, monthlyFeeCents: 1999, today: "2026-02-10" };
    // D = 10/02, N = 1 → E = 10/03: March is billed in full, no later month starts before 31/03.
    expect(quote({ ...mobile, requestedOn: "2026-02-10", noticeMonths: 1 })).toMatchObject({
      ok: true,
      effectiveOn: "2026-03-10",
      periodEnd: "2026-03-31",
      early: true,
      amountCents: 0,
    });
    // E = 10/02: March is owed.
    expect(quote({ ...mobile, requestedOn: "2026-02-10", noticeMonths: 0 })).toMatchObject({
      effectiveOn: "2026-02-10",
      periodEnd: "2026-03-31",
      early: true,
      amountCents: 1 * 1999,
    });
  });

  it("fibre in its 2nd renewal year: B(2) = 14/03/2025, August 2024 to March 2025 owed", () => {
    const q = quote({ activationOn: "2020-03-15", today: "2024-06-10", requestedOn: "2024-06-10", noticeMonths: 1 });
    expect(q).toMatchObject({ ok: true, effectiveOn: "2024-07-10", periodEnd: "2025-03-14", early: true, amountCents: 8 * 4900 });
  });

  it("cellular, IP telephony and OpenSIM in a renewal period", () => {
    const cellular = { activationOn: "2026-01-31", ...FAMILY_TERMS.cellular, monthlyFeeCents: 3000, today: "2026-04-01" };
    expect(quote({ ...cellular, requestedOn: "2026-04-29", noticeMonths: 0 })).toMatchObject({ periodEnd: "2026-04-29", early: false, amountCents: 0 });
    expect(quote({ ...cellular, requestedOn: "2026-04-30", noticeMonths: 0 })).toMatchObject({ periodEnd: "2026-05-30", early: true, amountCents: 3000 });
    expect(quote({ ...cellular, requestedOn: "2026-04-20", noticeMonths: 1 })).toMatchObject({ effectiveOn: "2026-05-20", periodEnd: "2026-05-30", amountCents: 0 });

    const telephony = { activationOn: "2024-09-02", ...FAMILY_TERMS.ipTelephony, monthlyFeeCents: 8900, today: "2026-10-23" };
    // E = 23/11/2026 in the 1st renewal year (B(1) = 01/09/2027): December 2026 to September 2027.
    expect(quote({ ...telephony, requestedOn: "2026-10-23", noticeMonths: 1 })).toMatchObject({ effectiveOn: "2026-11-23", periodEnd: "2027-09-01", amountCents: 10 * 8900 });

    const sim = { activationOn: "2026-01-01", ...FAMILY_TERMS.openSim, monthlyFeeCents: 1500, today: "2026-04-10" };
    expect(quote({ ...sim, requestedOn: "2026-04-10", noticeMonths: 1 })).toMatchObject({ effectiveOn: "2026-05-10", periodEnd: "2026-05-31", early: true, amountCents: 0 });
    expect(quote({ ...sim, requestedOn: "2026-04-30", noticeMonths: 0 })).toMatchObject({ periodEnd: "2026-04-30", early: false, amountCents: 0 });
  });

  it("one day after B(k), E falls in the next period", () => {
    expect(quote({ requestedOn: "2023-12-01", noticeMonths: 1 })).toMatchObject({ effectiveOn: "2024-01-01", periodEnd: "2024-12-31", early: true, amountCents: 11 * 4900 });
  });

  it("with R = 0, nothing is owed after B(0)", () => {
    expect(quote({ renewalMonths: 0, requestedOn: "2023-12-01", noticeMonths: 1 })).toMatchObject({ ok: true, effectiveOn: "2024-01-01", periodEnd: null, early: false, amountCents: 0 });
    expect(quote({ renewalMonths: 0, requestedOn: "2023-11-01", noticeMonths: 0 })).toMatchObject({ periodEnd: "2023-12-31", early: true, amountCents: 4900 });
  });

  it("counts the calendar months after E's month that start on or before B", () => {
    expect(earlyTerminationAmount(8900, "2026-12-23", "2027-04-28")).toBe(4 * 8900);
    expect(earlyTerminationAmount(8900, "2027-03-31", "2027-04-01")).toBe(8900);
    expect(earlyTerminationAmount(8900, "2027-04-01", "2027-04-30")).toBe(0);
    expect(earlyTerminationAmount(8900, "2027-04-30", "2027-04-30")).toBe(0);
    expect(earlyTerminationAmount(8900, "2027-05-01", "2027-04-30")).toBe(0);
    expect(earlyTerminationAmount(8900, "2026-01-01", null)).toBe(0);
  });
});

describe("rule 5: IP telephony without initial commitment", () => {
  const trunk = { commitmentMonths: 0, renewalMonths: 0, flatFeePerLineCents: 15_000, monthlyFeeCents: 4500 };

  it("owes a flat 150 € HT per line instead: 3 lines → 450 €", () => {
    expect(quote({ ...trunk, lineCount: 3 })).toMatchObject({ ok: true, periodEnd: null, early: false, amountCents: 45_000 });
    expect(quote({ ...trunk, lineCount: 1 })).toMatchObject({ amountCents: 15_000 });
  });

  it("does not apply once there is an initial commitment", () => {
    expect(quote({ flatFeePerLineCents: 15_000, lineCount: 3, requestedOn: "2023-12-31", noticeMonths: 0 })).toMatchObject({ amountCents: 0 });
  });

  it("without commitment and without flat fee, nothing is owed", () => {
    expect(quote({ commitmentMonths: 0, renewalMonths: 0 })).toMatchObject({ ok: true, periodEnd: null, early: false, amountCents: 0 });
    expect(quote({ commitmentMonths: 0, renewalMonths: 12 })).toMatchObject({ ok: true, periodEnd: null, amountCents: 0 });
  });
});

describe("rule 1: refusals", () => {
  it("refuses an OC not yet activated", () => {
    expect(quote({ state: "EN_COURS_DE_LIVRAISON", activationOn: null })).toEqual({ ok: false, message: NOT_ACTIVATED });
    expect(quote({ state: "EN_COURS_DE_LIVRAISON" })).toEqual({ ok: false, message: NOT_ACTIVATED });
    expect(quote({ activationOn: null })).toEqual({ ok: false, message: NOT_ACTIVATED });
  });

  it("refuses an OC already terminated or with a termination scheduled", () => {
    expect(quote({ state: "RESILIEE" })).toEqual({ ok: false, message: ALREADY_TERMINATED });
    expect(quote({ state: "RESILIATION_PROGRAMMEE" })).toEqual({ ok: false, message: ALREADY_SCHEDULED });
  });

  it("refuses a requested date that is not a real day", () => {
    for (const requestedOn of ["", "2023-02-30", "30/11/2023", "2023-11-31", "2023-1-05"]) {
      expect(quote({ requestedOn })).toEqual({ ok: false, field: "requestedOn", message: INVALID_DATE });
    }
  });

  it("accepts D = today and refuses D = yesterday", () => {
    expect(quote({ requestedOn: "2023-11-01" })).toMatchObject({ ok: true, effectiveOn: "2023-12-01" });
    expect(quote({ requestedOn: "2023-10-31" })).toEqual({ ok: false, field: "requestedOn", message: IN_THE_PAST });
  });

  it("refuses an absurd date more than 10 years ahead", () => {
    expect(quote({ requestedOn: "2033-11-01" })).toMatchObject({ ok: true });
    const refused = quote({ requestedOn: "2033-11-02" });
    expect(refused).toMatchObject({ ok: false, field: "requestedOn" });
    expect(!refused.ok && refused.message).toMatch(/^La date de résiliation souhaitée .*10 ans/);
  });

  it("treats bad terms from the database as bugs", () => {
    expect(() => quote({ lineCount: -1 })).toThrow(RangeError);
    expect(() => quote({ monthlyFeeCents: 12.5 })).toThrow(RangeError);
    expect(() => quote({ renewalMonths: -12 })).toThrow(RangeError);
  });
});

describe("rule 7: cancelling until the end of the 3rd working day before E", () => {
  it("gives the SPEC example: E = Friday 15/05/2026, Ascension on Thursday 14/05 → Monday 11/05/2026", () => {
    expect(dayOfWeek("2026-05-15")).toBe(5);
    expect(lastDayToCancel("2026-05-15")).toBe("2026-05-11");
  });

  it("allows cancelling on the last day, not the day after", () => {
    expect(canCancelTermination("2026-05-15", "2026-05-01")).toBe(true);
    expect(canCancelTermination("2026-05-15", "2026-05-11")).toBe(true);
    expect(canCancelTermination("2026-05-15", "2026-05-12")).toBe(false);
    expect(canCancelTermination("2026-05-15", "2026-05-15")).toBe(false);
  });

  it("skips weekends, Christmas and New Year", () => {
    expect(lastDayToCancel("2026-12-28")).toBe("2026-12-22"); // Friday 25/12/2026
    expect(lastDayToCancel("2027-01-04")).toBe("2026-12-29"); // Friday 01/01/2027
    expect(lastDayToCancel("2026-12-25")).toBe("2026-12-22"); // E may itself be a holiday
  });

  it("skips Easter Monday", () => {
    expect(lastDayToCancel("2026-04-08")).toBe("2026-04-02"); // Monday 06/04/2026
    expect(lastDayToCancel("2025-04-23")).toBe("2025-04-17"); // Monday 21/04/2025
  });

  it("comes with the quote", () => {
    expect(quote({ activationOn: "2026-01-01", today: "2026-04-01", requestedOn: "2026-04-15", noticeMonths: 1 })).toMatchObject({
      effectiveOn: "2026-05-15",
      lastDayToCancel: "2026-05-11",
    });
  });
});

describe("the form's one-click date (the current period's last day)", () => {
  const fibre2021: Commitment = { activationOn: "2021-01-01", ...FAMILY_TERMS.fibre };

  it("ends exactly on B when D + N can reach it", () => {
    expect(requestedDateForPeriodEnd(fibre2021, 0, "2023-11-01")).toEqual({ requestedOn: "2023-12-31", periodEnd: "2023-12-31" });
    expect(requestedDateForPeriodEnd({ activationOn: "2018-05-29", ...FAMILY_TERMS.ipTelephony }, 1, "2019-04-29")).toEqual({
      requestedOn: "2020-04-28",
      periodEnd: "2020-05-28",
    });
  });

  it("may be today itself", () => {
    expect(requestedDateForPeriodEnd(fibre2021, 1, "2023-11-30")).toEqual({ requestedOn: "2023-11-30", periodEnd: "2023-12-31" });
  });

  it("moves to the next period once today + N is past B", () => {
    expect(requestedDateForPeriodEnd(fibre2021, 1, "2023-12-01")).toEqual({ requestedOn: "2024-11-30", periodEnd: "2024-12-31" });
  });

  it("takes the latest D with D + N ≤ B when D + N cannot equal B (month ends)", () => {
    // B = 31/12/2023: 30/11 + 1 month = 30/12; 01/12 + 1 month = 01/01 is past B.
    expect(requestedDateForPeriodEnd(fibre2021, 1, "2023-11-01")).toEqual({ requestedOn: "2023-11-30", periodEnd: "2023-12-31" });
    // B = 31/05/2025: 30/04 + 1 month = 30/05, while 01/05 + 1 month = 01/06 is past B.
    expect(requestedDateForPeriodEnd({ activationOn: "2024-06-01", commitmentMonths: 12, renewalMonths: 12 }, 1, "2025-03-01")).toEqual({
      requestedOn: "2025-04-30",
      periodEnd: "2025-05-31",
    });
    // B = 31/05/2026, N = 3: 28/02 + 3 months = 28/05; 01/03 + 3 months = 01/06.
    expect(requestedDateForPeriodEnd({ activationOn: "2025-06-01", commitmentMonths: 12, renewalMonths: 12 }, 3, "2026-01-15")).toEqual({
      requestedOn: "2026-02-28",
      periodEnd: "2026-05-31",
    });
    // B = 28/02/2027: 29/01, 30/01 and 31/01 + 1 month all give 28/02; the latest is 31/01.
    expect(requestedDateForPeriodEnd({ activationOn: "2026-03-01", commitmentMonths: 12, renewalMonths: 12 }, 1, "2026-12-01")).toEqual({
      requestedOn: "2027-01-31",
      periodEnd: "2027-02-28",
    });
  });

  it("is null when no commitment is left", () => {
    expect(requestedDateForPeriodEnd({ activationOn: "2024-01-01", commitmentMonths: 0, renewalMonths: 0 }, 1, "2025-03-01")).toBeNull();
    expect(requestedDateForPeriodEnd({ ...fibre2021, renewalMonths: 0 }, 1, "2023-12-01")).toBeNull();
  });
});

describe("properties", () => {
  const DAY_MS = 86_400_000;
  const day = fc
    .integer({ min: Date.UTC(2000, 0, 1) / DAY_MS, max: Date.UTC(2040, 11, 31) / DAY_MS })
    .map((n): CalendarDay => formatDay(new Date(n * DAY_MS)));
  const commitment = fc.record({
    activationOn: day,
    commitmentMonths: fc.oneof(fc.constantFrom(0, 3, 12, 24, 36), fc.integer({ min: 0, max: 48 })),
    renewalMonths: fc.oneof(fc.constantFrom(0, 1, 12), fc.integer({ min: 0, max: 24 })),
  });
  const scenario = fc.record({
    c: commitment,
    noticeMonths: fc.integer({ min: 0, max: 6 }),
    monthlyFeeCents: fc.integer({ min: 0, max: 100_000 }),
    sinceActivation: fc.integer({ min: 0, max: 5000 }),
    ahead: fc.integer({ min: 0, max: 4000 }),
  });

  /** Oracle: B(k) for k = 0, 1, 2… until one reaches `d` (rule 3, literally). */
  function firstPeriodEndFrom(c: Commitment, d: CalendarDay): CalendarDay | null {
    if (c.commitmentMonths === 0) return null;
    for (let k = 0; k === 0 || c.renewalMonths > 0; k++) {
      const b = commitmentPeriodEnd(c, k);
      if (compareDays(b, d) >= 0) return b;
    }
    return null;
  }

  /** Oracle: walk the days after E and count the 1sts of the month up to B (rule 4, literally). */
  function monthsStartingAfterUpTo(e: CalendarDay, b: CalendarDay): number {
    let count = 0;
    for (let d = addDays(e, 1); compareDays(d, b) <= 0; d = addDays(d, 1)) if (d.endsWith("-01")) count++;
    return count;
  }

  it("E ≥ D", () => {
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 120 }), (d, n) => compareDays(terminationDate(d, n), d) >= 0));
  });

  it("the quote: amount ≥ 0, 0 when not early, ≤ M × max(I, R); periodEnd is the first B(k) ≥ E", () => {
    fc.assert(
      fc.property(scenario, ({ c, noticeMonths, monthlyFeeCents, sinceActivation, ahead }) => {
        const today = addDays(c.activationOn, sinceActivation);
        const requestedOn = addDays(today, ahead);
        const q = quoteTermination({ ...fibre, ...c, noticeMonths, monthlyFeeCents, today, requestedOn, lineCount: 1, flatFeePerLineCents: null });
        if (!q.ok) {
          expect(q.field).toBe("requestedOn");
          expect(ahead).toBeGreaterThan(3600); // only the "more than 10 years ahead" refusal applies here
          return;
        }
        expect(compareDays(q.effectiveOn, requestedOn)).toBeGreaterThanOrEqual(0);
        expect(q.amountCents).toBeGreaterThanOrEqual(0);
        if (!q.early) expect(q.amountCents).toBe(0);
        expect(q.amountCents).toBeLessThanOrEqual(monthlyFeeCents * Math.max(c.commitmentMonths, c.renewalMonths));
        expect(q.periodEnd).toBe(firstPeriodEndFrom(c, q.effectiveOn));
        if (q.periodEnd !== null) expect(compareDays(q.periodEnd, q.effectiveOn)).toBeGreaterThanOrEqual(0);
        expect(q.early).toBe(q.periodEnd !== null && q.periodEnd !== q.effectiveOn);
      }),
      { numRuns: 500 },
    );
  });

  it("the amount is M × the months after E's month starting on or before B", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 100_000 }), (e, gap, m) => {
        const b = addDays(e, gap);
        expect(earlyTerminationAmount(m, e, b)).toBe(m * monthsStartingAfterUpTo(e, b));
      }),
      { numRuns: 300 },
    );
  });

  it("the last day to cancel is a working day before E, with exactly 3 working days in [it, E)", () => {
    fc.assert(
      fc.property(day, (e) => {
        const last = lastDayToCancel(e);
        expect(isWorkingDay(last)).toBe(true);
        expect(compareDays(last, e)).toBeLessThan(0);
        let workingDays = 0;
        for (let d = last; compareDays(d, e) < 0; d = addDays(d, 1)) if (isWorkingDay(d)) workingDays++;
        expect(workingDays).toBe(3);
        expect(canCancelTermination(e, last)).toBe(true);
        expect(canCancelTermination(e, addDays(last, 1))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("the one-click date: D ≥ today, D + N ≤ B and (D + 1 day) + N > B, B the period of today + N", () => {
    fc.assert(
      fc.property(scenario, ({ c, noticeMonths, sinceActivation }) => {
        const today = addDays(c.activationOn, sinceActivation);
        const expectedEnd = firstPeriodEndFrom(c, terminationDate(today, noticeMonths));
        const click = requestedDateForPeriodEnd(c, noticeMonths, today);
        if (expectedEnd === null) {
          expect(click).toBeNull();
          return;
        }
        expect(click).not.toBeNull();
        const { requestedOn, periodEnd } = click!;
        expect(periodEnd).toBe(expectedEnd);
        expect(compareDays(requestedOn, today)).toBeGreaterThanOrEqual(0);
        expect(compareDays(terminationDate(requestedOn, noticeMonths), periodEnd)).toBeLessThanOrEqual(0);
        expect(compareDays(terminationDate(addDays(requestedOn, 1), noticeMonths), periodEnd)).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
