import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatEuros } from "@/lib/domain/money";

const NBSP = "\u00A0";
/** Writes the expectation with plain spaces for readability; the output uses U+00A0. */
const euros = (s: string) => s.replaceAll(" ", NBSP);

describe("formatEuros (SPEC: money shows as 1 234,56 €)", () => {
  it("formats cents the French way", () => {
    expect(formatEuros(123456)).toBe(euros("1 234,56 €"));
    expect(formatEuros(0)).toBe(euros("0,00 €"));
    expect(formatEuros(5)).toBe(euros("0,05 €"));
    expect(formatEuros(1000)).toBe(euros("10,00 €"));
    expect(formatEuros(15000)).toBe(euros("150,00 €"));
    expect(formatEuros(100000000)).toBe(euros("1 000 000,00 €"));
  });

  it("formats negative amounts (credit notes)", () => {
    expect(formatEuros(-123456)).toBe(euros("-1 234,56 €"));
    expect(formatEuros(-5)).toBe(euros("-0,05 €"));
  });

  it("uses only U+00A0 as a space", () => {
    const s = formatEuros(123456789);
    expect(s).not.toMatch(/[ \u202F]/);
    expect(s).toBe(euros("1 234 567,89 €"));
  });

  it("keeps bigint totals exact beyond 2^53", () => {
    expect(formatEuros(123456n)).toBe(euros("1 234,56 €"));
    expect(formatEuros(1234567890123456789n)).toBe(euros("12 345 678 901 234 567,89 €"));
    expect(formatEuros(-1n)).toBe(euros("-0,01 €"));
  });

  it("refuses non-integer or unsafe numbers", () => {
    expect(() => formatEuros(12.5)).toThrow(RangeError);
    expect(() => formatEuros(Number.NaN)).toThrow(RangeError);
    expect(() => formatEuros(2 ** 53)).toThrow(RangeError);
  });

  it("round-trips: the digits read back give the cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        const s = formatEuros(cents);
        expect(s.endsWith(`${NBSP}€`)).toBe(true);
        const back = Number(s.replace(/[^\d,-]/g, "").replace(",", "."));
        expect(Math.round(back * 100)).toBe(cents);
        expect(formatEuros(BigInt(cents))).toBe(s);
      }),
    );
  });
});
