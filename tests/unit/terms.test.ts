import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mustAcceptTerms, parisMidnight, termsInForce } from "@/lib/domain/terms";
import { parisDay } from "@/lib/domain/calendar-day";

const v1 = { id: 1, effectiveAt: parisMidnight("2025-01-01") };
const v2 = { id: 2, effectiveAt: parisMidnight("2026-06-01") };

describe("termsInForce (SPEC §2)", () => {
  it("picks the latest version in effect", () => {
    expect(termsInForce([v1, v2], new Date("2026-07-01T00:00:00Z"))).toBe(v2);
    expect(termsInForce([v2, v1], new Date("2026-05-01T00:00:00Z"))).toBe(v1);
    expect(termsInForce([v1, v2], new Date("2024-12-31T00:00:00Z"))).toBeNull();
    expect(termsInForce([], new Date("2026-07-01T00:00:00Z"))).toBeNull();
  });

  it("takes effect at the effective instant exactly", () => {
    expect(termsInForce([v1, v2], v2.effectiveAt)).toBe(v2);
    expect(termsInForce([v1, v2], new Date(v2.effectiveAt.getTime() - 1))).toBe(v1);
  });

  it("breaks ties by the highest id", () => {
    const v3 = { id: 3, effectiveAt: v2.effectiveAt };
    expect(termsInForce([v3, v2, v1], new Date("2027-01-01T00:00:00Z"))).toBe(v3);
    expect(termsInForce([v2, v3, v1], new Date("2027-01-01T00:00:00Z"))).toBe(v3);
  });

  it("returns a version in effect, and none in effect is later", () => {
    const version = fc.record({ id: fc.integer({ min: 1, max: 50 }), effectiveAt: fc.date({ noInvalidDate: true }) });
    fc.assert(
      fc.property(fc.array(version, { maxLength: 10 }), fc.date({ noInvalidDate: true }), (versions, now) => {
        const inForce = termsInForce(versions, now);
        const eligible = versions.filter((v) => v.effectiveAt <= now);
        if (!inForce) {
          expect(eligible).toHaveLength(0);
          return;
        }
        expect(eligible).toContain(inForce);
        for (const v of eligible) {
          expect(v.effectiveAt.getTime() <= inForce.effectiveAt.getTime()).toBe(true);
          if (v.effectiveAt.getTime() === inForce.effectiveAt.getTime()) expect(v.id <= inForce.id).toBe(true);
        }
      }),
    );
  });
});

describe("mustAcceptTerms", () => {
  it("asks only for a version in force that was not accepted", () => {
    expect(mustAcceptTerms(v1, [])).toBe(true);
    expect(mustAcceptTerms(v1, [1])).toBe(false);
    expect(mustAcceptTerms(v2, new Set([1]))).toBe(true);
    expect(mustAcceptTerms(v2, new Set([1, 2]))).toBe(false);
    expect(mustAcceptTerms(null, [])).toBe(false);
  });

  it("does not force a version published with a future effective date before that date", () => {
    const accepted = [1];
    const publishedOn = new Date("2026-05-10T09:00:00Z"); // staff publish v2, effective 01/06/2026
    const dayBefore = new Date("2026-05-31T21:59:59.999Z"); // 23:59:59.999 in Paris
    const effectiveDay = new Date("2026-05-31T22:00:00Z"); // 00:00 in Paris on 01/06
    expect(mustAcceptTerms(termsInForce([v1, v2], publishedOn), accepted)).toBe(false);
    expect(mustAcceptTerms(termsInForce([v1, v2], dayBefore), accepted)).toBe(false);
    expect(mustAcceptTerms(termsInForce([v1, v2], effectiveDay), accepted)).toBe(true);
    expect(mustAcceptTerms(termsInForce([v1, v2], effectiveDay), [...accepted, 2])).toBe(false);
  });
});

describe("parisMidnight", () => {
  it("gives 00:00 Europe/Paris, across DST", () => {
    expect(parisMidnight("2026-03-29").toISOString()).toBe("2026-03-28T23:00:00.000Z"); // DST starts that night
    expect(parisMidnight("2026-03-30").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(parisMidnight("2026-07-01").toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(parisMidnight("2026-10-25").toISOString()).toBe("2026-10-24T22:00:00.000Z"); // DST ends that night
    expect(parisMidnight("2026-10-26").toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect(parisMidnight("2026-01-01").toISOString()).toBe("2025-12-31T23:00:00.000Z");
    expect(() => parisMidnight("2026-02-30")).toThrow(RangeError);
  });

  it("is the first instant of that Paris day", () => {
    const day = fc
      .integer({ min: Date.UTC(1990, 0, 1) / 86_400_000, max: Date.UTC(2100, 0, 1) / 86_400_000 })
      .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (d) => {
        const midnight = parisMidnight(d);
        expect(parisDay(midnight)).toBe(d);
        expect(parisDay(new Date(midnight.getTime() - 1))).not.toBe(d);
      }),
    );
  });
});
