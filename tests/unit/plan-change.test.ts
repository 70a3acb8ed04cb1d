/**
 * The plan change rule of SPEC §4 (rules 1–6): the SPEC's example verbatim, the eligibility of
 * targets, several changes in one month, and properties of the proration.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addDays } from "@/lib/domain/calendar-day";
import {
  checkPlanChange,
  CROSS_CATEGORY_REFUSAL,
  daysInSegment,
  eligibleTargets,
  monthBounds,
  ORDER_FIRST,
  proratedAllowance,
  proratedFeeCents,
  type ResourceForChange,
} from "@/lib/domain/plan-change";

const GO = BigInt(2) ** BigInt(30);
const MIB = BigInt(2) ** BigInt(20);

describe("proratedAllowance (rule 4)", () => {
  it("SPEC's example: April, change on the 16th, 5 Go → 20 Go = 12,5 Go", () => {
    const allowance = proratedAllowance(
      [
        { startOn: "2026-03-02", endOn: "2026-04-16", allowanceBytes: BigInt(5) * GO },
        { startOn: "2026-04-16", endOn: null, allowanceBytes: BigInt(20) * GO },
      ],
      "2026-04",
    );
    expect(allowance).toBe((BigInt(25) * GO) / BigInt(2));
  });

  it("a whole month on one plan gives that plan's allowance; a change on the 1st gives the new one's", () => {
    expect(proratedAllowance([{ startOn: "2025-01-10", endOn: null, allowanceBytes: BigInt(20) * GO }], "2026-02")).toBe(BigInt(20) * GO);
    expect(
      proratedAllowance(
        [
          { startOn: "2025-01-10", endOn: "2026-02-01", allowanceBytes: BigInt(5) * GO },
          { startOn: "2026-02-01", endOn: null, allowanceBytes: BigInt(50) * GO },
        ],
        "2026-02",
      ),
    ).toBe(BigInt(50) * GO);
  });

  it("several changes in one month: the sum over each plan's days (31 days: 10 × 5 + 10 × 20 + 11 × 50)", () => {
    const allowance = proratedAllowance(
      [
        { startOn: "2025-12-01", endOn: "2026-01-11", allowanceBytes: BigInt(5) * GO },
        { startOn: "2026-01-11", endOn: "2026-01-21", allowanceBytes: BigInt(20) * GO },
        { startOn: "2026-01-21", endOn: null, allowanceBytes: BigInt(50) * GO },
      ],
      "2026-01",
    );
    const exact = (BigInt(10 * 5 + 10 * 20 + 11 * 50) * GO) / BigInt(31);
    expect(allowance).toBe((exact / MIB) * MIB);
    expect(allowance! % MIB).toBe(BigInt(0));
  });

  it("a line activated during the month counts only from its activation day", () => {
    expect(proratedAllowance([{ startOn: "2026-04-21", endOn: null, allowanceBytes: BigInt(30) * GO }], "2026-04")).toBe(BigInt(10) * GO);
  });

  it("metered plans have no allowance", () => {
    expect(proratedAllowance([{ startOn: "2026-01-01", endOn: null, allowanceBytes: null }], "2026-04")).toBeNull();
  });

  it("daysInSegment clamps to the month, with an exclusive end", () => {
    expect(daysInSegment({ startOn: "2026-04-16", endOn: null }, "2026-04")).toBe(15);
    expect(daysInSegment({ startOn: "2026-03-01", endOn: "2026-04-16" }, "2026-04")).toBe(15);
    expect(daysInSegment({ startOn: "2026-05-01", endOn: null }, "2026-04")).toBe(0);
    expect(daysInSegment({ startOn: "2024-01-01", endOn: "2024-03-01" }, "2024-02")).toBe(29);
    expect(monthBounds("2026-12")).toEqual({ first: "2026-12-01", next: "2027-01-01", days: 31 });
  });

  const plans = fc.constantFrom(5, 20, 50).map((n) => BigInt(n) * GO);
  const change = fc.record({
    month: fc.record({ y: fc.integer({ min: 2020, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, "0")}`),
    dayIndex: fc.integer({ min: 0, max: 30 }),
    from: plans,
    to: plans,
  });

  it("property: the result lies between the two plans' allowances; on the 1st it is the new plan's", () => {
    fc.assert(
      fc.property(change, ({ month, dayIndex, from, to }) => {
        const { first, days } = monthBounds(month);
        const changeOn = addDays(first, dayIndex % days);
        const allowance = proratedAllowance(
          [
            { startOn: "2019-01-01", endOn: changeOn, allowanceBytes: from },
            { startOn: changeOn, endOn: null, allowanceBytes: to },
          ],
          month,
        )!;
        const [low, high] = from < to ? [from, to] : [to, from];
        expect(allowance >= low && allowance <= high).toBe(true);
        if (dayIndex % days === 0) expect(allowance).toBe(to);
      }),
    );
  });
});

describe("proratedFeeCents (rule 6, billing of a line)", () => {
  it("April, change on the 16th, 25,00 € → 35,00 €: 15/30 of each = 30,00 €", () => {
    expect(
      proratedFeeCents(
        [
          { startOn: "2026-01-01", endOn: "2026-04-16", monthlyFeeCents: 2500 },
          { startOn: "2026-04-16", endOn: null, monthlyFeeCents: 3500 },
        ],
        "2026-04",
      ),
    ).toBe(3000);
  });

  it("a whole month is the monthly fee; rounding is half up", () => {
    expect(proratedFeeCents([{ startOn: "2026-01-01", endOn: null, monthlyFeeCents: 1800 }], "2026-02")).toBe(1800);
    // 1000 × 15 / 31 = 483,87… → 484
    expect(proratedFeeCents([{ startOn: "2026-01-17", endOn: null, monthlyFeeCents: 1000 }], "2026-01")).toBe(484);
  });
});

describe("checkPlanChange and eligibleTargets (rules 1–2)", () => {
  const line: ResourceForChange = { id: 1, companyId: 44660, state: "ACTIF", category: "DATA_DATA_AU_GO", hasLine: true };
  const target = (over: Partial<ResourceForChange>): ResourceForChange => ({ id: 2, companyId: 44660, state: "DISPONIBLE", category: "DATA_DATA_AU_GO", hasLine: false, ...over });

  it("a Disponible resource of the same client and category is accepted", () => {
    expect(checkPlanChange(line, target({}))).toEqual({ ok: true });
  });

  it("another category is refused with the guide's sentence", () => {
    expect(checkPlanChange(line, target({ category: "VOIX_DATA_COMPTEUR" }))).toEqual({ ok: false, message: CROSS_CATEGORY_REFUSAL });
    expect(checkPlanChange(line, target({ category: "DATA_ONLY" }))).toEqual({ ok: false, message: CROSS_CATEGORY_REFUSAL });
  });

  it("a resource that is not Disponible, or of another client, must be ordered first", () => {
    for (const state of ["ACTIF", "SUSPENDU", "RESILIATION_PROGRAMMEE", "RESILIE"]) {
      expect(checkPlanChange(line, target({ state }))).toEqual({ ok: false, message: ORDER_FIRST });
    }
    expect(checkPlanChange(line, target({ companyId: 44284 }))).toEqual({ ok: false, message: ORDER_FIRST });
    expect(checkPlanChange(line, target({ hasLine: true }))).toEqual({ ok: false, message: ORDER_FIRST });
  });

  it("only an active line changes: not a suspended one, not a resource without a line, not onto itself", () => {
    expect(checkPlanChange({ ...line, state: "SUSPENDU" }, target({})).ok).toBe(false);
    expect(checkPlanChange({ ...line, hasLine: false, state: "DISPONIBLE" }, target({})).ok).toBe(false);
    expect(checkPlanChange(line, { ...line }).ok).toBe(false);
  });

  it("the choice list offers exactly the accepted targets", () => {
    const candidates = [target({ id: 2 }), target({ id: 3, category: "DATA_ONLY" }), target({ id: 4, state: "ACTIF", hasLine: true }), target({ id: 5 }), line];
    expect(eligibleTargets(line, candidates).map((c) => c.id)).toEqual([2, 5]);
  });
});

