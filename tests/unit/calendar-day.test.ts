import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addDays,
  formatFrenchMonth,
  ofFrenchMonth,
  addMonthsClamped,
  compareDays,
  dayOfWeek,
  daysInMonth,
  formatDay,
  formatFrenchDate,
  isValidDay,
  parisDay,
  parseDay,
} from "@/lib/domain/calendar-day";

/** Any valid day between 1900 and 2199. */
const dayArb = fc
  .integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2199, 11, 31) / 86_400_000 })
  .map((n) => formatDay(new Date(n * 86_400_000)));

describe("isValidDay / parseDay / formatDay", () => {
  it("accepts existing days written yyyy-MM-dd only", () => {
    expect(isValidDay("2024-02-29")).toBe(true);
    expect(isValidDay("2023-02-29")).toBe(false);
    expect(isValidDay("2026-04-31")).toBe(false);
    expect(isValidDay("2026-13-01")).toBe(false);
    expect(isValidDay("2026-00-10")).toBe(false);
    expect(isValidDay("2026-1-01")).toBe(false);
    expect(isValidDay("2026-01-01T00:00")).toBe(false);
    expect(isValidDay(" 2026-01-01")).toBe(false);
    expect(isValidDay("")).toBe(false);
  });

  it("parses to the UTC midnight and formats back", () => {
    expect(parseDay("2026-05-15").toISOString()).toBe("2026-05-15T00:00:00.000Z");
    expect(formatDay(new Date("2026-05-15T23:59:59.999Z"))).toBe("2026-05-15");
    expect(() => parseDay("2026-02-30")).toThrow(RangeError);
  });

  it("round-trips", () => {
    fc.assert(fc.property(dayArb, (d) => formatDay(parseDay(d)) === d && isValidDay(d)));
  });
});

describe("daysInMonth", () => {
  it("knows leap years", () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
    expect(() => daysInMonth(2026, 13)).toThrow(RangeError);
  });
});

describe("addDays", () => {
  it("crosses months, years and DST changes", () => {
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(addDays("2026-10-25", 1)).toBe("2026-10-26");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2026-05-15", 0)).toBe("2026-05-15");
  });

  it("is invertible and additive", () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -400, max: 400 }), fc.integer({ min: -400, max: 400 }), (d, m, n) => {
        expect(addDays(addDays(d, n), -n)).toBe(d);
        expect(addDays(addDays(d, m), n)).toBe(addDays(d, m + n));
      }),
    );
  });
});

describe("addMonthsClamped (SPEC §3 rule 2)", () => {
  it("follows the guide's example and clamps to shorter months", () => {
    expect(addMonthsClamped("2019-04-29", 1)).toBe("2019-05-29");
    expect(addMonthsClamped("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonthsClamped("2023-01-31", 1)).toBe("2023-02-28");
    expect(addMonthsClamped("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonthsClamped("2025-11-30", 3)).toBe("2026-02-28");
    expect(addMonthsClamped("2021-01-01", 36)).toBe("2024-01-01");
    expect(addMonthsClamped("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonthsClamped("2026-01-15", -1)).toBe("2025-12-15");
    expect(addMonthsClamped("2026-05-15", 0)).toBe("2026-05-15");
  });

  it("never goes back, never skips a month, keeps the day when it exists", () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 60 }), (d, n) => {
        const e = addMonthsClamped(d, n);
        expect(compareDays(e, d)).toBeGreaterThanOrEqual(0);
        const [y, m, day] = d.split("-").map(Number);
        const [ey, em, eday] = e.split("-").map(Number);
        expect(ey * 12 + em - (y * 12 + m)).toBe(n);
        expect(eday).toBe(Math.min(day, daysInMonth(ey, em)));
      }),
    );
  });
});

describe("dayOfWeek / compareDays", () => {
  it("gives 0 for Sunday", () => {
    expect(dayOfWeek("2026-05-15")).toBe(5); // Friday
    expect(dayOfWeek("2026-05-17")).toBe(0); // Sunday
    expect(dayOfWeek("2026-05-16")).toBe(6);
    expect(dayOfWeek("1970-01-01")).toBe(4);
  });

  it("compares like dates", () => {
    expect(compareDays("2026-05-15", "2026-05-16")).toBeLessThan(0);
    expect(compareDays("2026-12-01", "2026-02-28")).toBeGreaterThan(0);
    expect(compareDays("2026-05-15", "2026-05-15")).toBe(0);
    fc.assert(
      fc.property(dayArb, dayArb, (a, b) =>
        Math.sign(compareDays(a, b)) === Math.sign(parseDay(a).getTime() - parseDay(b).getTime()),
      ),
    );
  });
});

describe("parisDay", () => {
  it("gives the calendar day in Europe/Paris", () => {
    expect(parisDay(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01"); // UTC+2
    expect(parisDay(new Date("2026-06-30T21:59:59.999Z"))).toBe("2026-06-30");
    expect(parisDay(new Date("2026-06-30T22:00:00Z"))).toBe("2026-07-01");
    expect(parisDay(new Date("2026-01-15T22:59:59Z"))).toBe("2026-01-15"); // UTC+1
    expect(parisDay(new Date("2026-01-15T23:00:00Z"))).toBe("2026-01-16");
    expect(parisDay(new Date("2025-12-31T23:00:00Z"))).toBe("2026-01-01");
    // DST change nights
    expect(parisDay(new Date("2026-03-28T23:00:00Z"))).toBe("2026-03-29");
    expect(parisDay(new Date("2026-10-24T22:00:00Z"))).toBe("2026-10-25");
    expect(parisDay(new Date("2026-10-24T21:59:00Z"))).toBe("2026-10-24");
  });
});

describe("formatFrenchDate", () => {
  it("shows dd/MM/yyyy", () => {
    expect(formatFrenchDate("2019-05-29")).toBe("29/05/2019");
    expect(formatFrenchDate("2026-01-01")).toBe("01/01/2026");
    expect(() => formatFrenchDate("29/05/2019")).toThrow(RangeError);
  });
});

describe("formatFrenchMonth / ofFrenchMonth", () => {
  it("names the month and elides « de » before a vowel", () => {
    expect(formatFrenchMonth("2026-04")).toBe("avril 2026");
    expect(ofFrenchMonth("2026-04")).toBe("d'avril 2026");
    expect(ofFrenchMonth("2026-08")).toBe("d'août 2026");
    expect(ofFrenchMonth("2026-10")).toBe("d'octobre 2026");
    expect(ofFrenchMonth("2026-11")).toBe("de novembre 2026");
    expect(ofFrenchMonth("2026-02")).toBe("de février 2026");
  });
});
