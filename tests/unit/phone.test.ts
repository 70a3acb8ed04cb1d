import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalizeFrenchPhone } from "@/lib/domain/phone";

describe("normalizeFrenchPhone", () => {
  it.each([
    ["0123456789", "01 23 45 67 89"],
    ["01 23 45 67 89", "01 23 45 67 89"],
    ["01.23.45.67.89", "01 23 45 67 89"],
    ["01-23-45-67-89", "01 23 45 67 89"],
    [" 06 12 34 56 78 ", "06 12 34 56 78"],
    ["+33 6 12 34 56 78", "06 12 34 56 78"],
    ["+33612345678", "06 12 34 56 78"],
    ["+33 (0)1 23 45 67 89", "01 23 45 67 89"],
    ["0033 9 70 12 34 56", "09 70 12 34 56"],
    ["+262 692 12 34 56", "06 92 12 34 56"],
    ["+596 596 12 34 56", "05 96 12 34 56"],
    ["01\u00a023\u00a045\u00a067\u00a089", "01 23 45 67 89"],
  ])("accepts %j as %j", (input, expected) => {
    expect(normalizeFrenchPhone(input)).toBe(expected);
  });

  it.each(["", "12", "012345678", "01234567890", "0023456789", "+44 20 7946 0958", "+33 01 23 45 67 89", "06 12 34 56 7a", "(0)1 23 45 67 89", "+1 212 555 0100"])(
    "refuses %j",
    (input) => {
      expect(normalizeFrenchPhone(input)).toBeNull();
    },
  );

  it("is idempotent: a normalised number normalises to itself", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 8, maxLength: 8 }), (first, rest) => {
        const once = normalizeFrenchPhone(`0${first}${rest}`);
        expect(once).toMatch(/^0[1-9]( \d{2}){4}$/);
        expect(normalizeFrenchPhone(once!)).toBe(once);
      }),
    );
  });
});
