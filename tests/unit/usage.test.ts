// Consumption of an OpenSIM line (SPEC §4 *Units*, *Monitoring tab*): Gio display, gauges, and the
// 80 % / 100 % warnings of the allowance and of the caps.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatGio, formatPlanAllowance, GIO, percentUsed, reachedThresholds, type MonthUsage } from "@/lib/domain/usage";

const MIB = BigInt(1) << BigInt(20);
const usage = (u: Partial<MonthUsage>): MonthUsage => ({
  franceBytes: BigInt(0),
  europeBytes: BigInt(0),
  franceAmountCents: 0,
  europeAmountCents: 0,
  allowanceBytes: BigInt(20) * GIO,
  capCents: null,
  roamingCapCents: 3000,
  ...u,
});

describe("formatGio", () => {
  it("shows Gio with two decimals: 12.5 × 2³⁰ bytes is 12,50 Gio", () => {
    expect(formatGio((BigInt(25) * GIO) / BigInt(2))).toBe("12,50 Gio");
    expect(formatGio(BigInt(0))).toBe("0,00 Gio");
    expect(formatGio(BigInt(20) * GIO)).toBe("20,00 Gio");
    expect(formatGio(BigInt(5) * MIB * BigInt(1024) + BigInt(52) * MIB)).toBe("5,05 Gio");
  });

  it("rounds down, so a gauge never shows more than was used", () => {
    expect(formatGio(GIO - BigInt(1))).toBe("0,99 Gio");
    expect(formatGio((BigInt(2) * GIO * BigInt(999)) / BigInt(1000))).toBe("1,99 Gio");
    expect(formatGio(BigInt(1))).toBe("0,00 Gio");
  });

  it("groups thousands", () => {
    expect(formatGio(BigInt(1234) * GIO)).toMatch(/^1\s234,00 Gio$/u);
  });

  it("never exceeds the exact value by a hundredth (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: BigInt(0), max: BigInt(1) << BigInt(45) }), (bytes) => {
        const [units, decimals] = formatGio(bytes).replace(/\s|Gio/gu, "").split(",");
        const hundredths = BigInt(units) * BigInt(100) + BigInt(decimals);
        expect(hundredths * GIO).toBeLessThanOrEqual(bytes * BigInt(100));
        expect((hundredths + BigInt(1)) * GIO).toBeGreaterThan(bytes * BigInt(100));
      }),
    );
  });
});

describe("formatPlanAllowance", () => {
  it("names the allowance as the plan does", () => {
    expect(formatPlanAllowance(BigInt(20) * GIO)).toBe("20 Go");
    expect(formatPlanAllowance((BigInt(25) * GIO) / BigInt(2))).toBe("12,5 Go");
  });
});

describe("percentUsed", () => {
  it("is the whole percent used, rounded down", () => {
    expect(percentUsed(80, 100)).toBe(80);
    expect(percentUsed(7999, 10000)).toBe(79);
    expect(percentUsed(BigInt(16) * GIO, BigInt(20) * GIO)).toBe(80);
    expect(percentUsed(BigInt(16) * GIO - BigInt(1), BigInt(20) * GIO)).toBe(79);
    expect(percentUsed(150, 100)).toBe(150);
    expect(percentUsed(0, 100)).toBe(0);
  });

  it("is 0 without a limit", () => {
    expect(percentUsed(5000, null)).toBe(0);
    expect(percentUsed(5000, 0)).toBe(0);
    expect(percentUsed(BigInt(5000), BigInt(0))).toBe(0);
  });
});

describe("reachedThresholds", () => {
  const allowance = BigInt(20) * GIO;

  it("warns at exactly 80 %, not at 79.99 %", () => {
    expect(reachedThresholds(usage({ franceBytes: (allowance * BigInt(80)) / BigInt(100) }))).toEqual([{ kind: "ALLOWANCE", percent: 80 }]);
    expect(reachedThresholds(usage({ franceBytes: (allowance * BigInt(7999)) / BigInt(10000) }))).toEqual([]);
    expect(reachedThresholds(usage({ franceBytes: (allowance * BigInt(80)) / BigInt(100) - BigInt(1) }))).toEqual([]);
  });

  it("at exactly 100 % (and beyond) has reached both thresholds", () => {
    const both = [
      { kind: "ALLOWANCE", percent: 80 },
      { kind: "ALLOWANCE", percent: 100 },
    ];
    expect(reachedThresholds(usage({ franceBytes: allowance }))).toEqual(both);
    expect(reachedThresholds(usage({ franceBytes: allowance - BigInt(1) }))).toEqual([both[0]]);
    expect(reachedThresholds(usage({ franceBytes: allowance * BigInt(3) }))).toEqual(both);
  });

  it("counts data used in Europe against the allowance", () => {
    expect(reachedThresholds(usage({ franceBytes: BigInt(10) * GIO, europeBytes: BigInt(6) * GIO }))).toEqual([{ kind: "ALLOWANCE", percent: 80 }]);
  });

  it("warns a metered plan (no allowance) on its out-of-bundle cap only", () => {
    const metered = { allowanceBytes: null, capCents: 3000, franceBytes: BigInt(500) * GIO };
    expect(reachedThresholds(usage({ ...metered, franceAmountCents: 2399 }))).toEqual([]);
    expect(reachedThresholds(usage({ ...metered, franceAmountCents: 2400 }))).toEqual([{ kind: "CAP", percent: 80 }]);
    expect(reachedThresholds(usage({ ...metered, franceAmountCents: 3000 }))).toEqual([
      { kind: "CAP", percent: 80 },
      { kind: "CAP", percent: 100 },
    ]);
    expect(reachedThresholds(usage({ allowanceBytes: null, capCents: null, franceAmountCents: 99999 }))).toEqual([]);
  });

  it("warns on the roaming cap from the amounts spent in Europe", () => {
    expect(reachedThresholds(usage({ europeAmountCents: 2399 }))).toEqual([]);
    expect(reachedThresholds(usage({ europeAmountCents: 2400 }))).toEqual([{ kind: "ROAMING_CAP", percent: 80 }]);
    expect(reachedThresholds(usage({ europeAmountCents: 3000, franceAmountCents: 3000 }))).toEqual([
      { kind: "ROAMING_CAP", percent: 80 },
      { kind: "ROAMING_CAP", percent: 100 },
    ]);
    expect(reachedThresholds(usage({ roamingCapCents: null, europeAmountCents: 5000 }))).toEqual([]);
  });

  it("with a zero allowance (a month before the line's first day) warns of nothing", () => {
    expect(reachedThresholds(usage({ allowanceBytes: BigInt(0), franceBytes: GIO }))).toEqual([]);
  });

  it("never loses a threshold when usage grows (property)", () => {
    const arb = fc.record({
      franceBytes: fc.bigInt({ min: BigInt(0), max: BigInt(100) * GIO }),
      europeBytes: fc.bigInt({ min: BigInt(0), max: BigInt(100) * GIO }),
      franceAmountCents: fc.integer({ min: 0, max: 10_000 }),
      europeAmountCents: fc.integer({ min: 0, max: 10_000 }),
      allowanceBytes: fc.option(fc.bigInt({ min: BigInt(1), max: BigInt(100) * GIO })),
      capCents: fc.option(fc.integer({ min: 1, max: 10_000 })),
      roamingCapCents: fc.option(fc.integer({ min: 1, max: 10_000 })),
    });
    fc.assert(
      fc.property(arb, fc.bigInt({ min: BigInt(0), max: BigInt(10) * GIO }), fc.nat(5000), (u, moreBytes, moreCents) => {
        const key = (t: { kind: string; percent: number }) => `${t.kind}/${t.percent}`;
        const before = reachedThresholds(u).map(key);
        const after = new Set(reachedThresholds({ ...u, europeBytes: u.europeBytes + moreBytes, franceAmountCents: u.franceAmountCents + moreCents }).map(key));
        for (const k of before) expect(after.has(k)).toBe(true);
        for (const t of reachedThresholds(u)) expect([80, 100]).toContain(t.percent);
      }),
    );
  });
});
