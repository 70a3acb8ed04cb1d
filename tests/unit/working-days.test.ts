import { describe, expect, it } from "vitest";
import fc from "fast-check";
// @ts-expect-error -- the package ships no type declarations; used only as an independent oracle
import getJoursFeries from "@socialgouv/jours-feries";
import { addDays, compareDays, dayOfWeek, formatDay } from "@/lib/domain/calendar-day";
import {
  easterSunday,
  frenchPublicHolidays,
  isFrenchPublicHoliday,
  isWorkingDay,
  previousWorkingDays,
} from "@/lib/domain/working-days";

const dayArb = fc
  .integer({ min: Date.UTC(1990, 0, 1) / 86_400_000, max: Date.UTC(2100, 11, 31) / 86_400_000 })
  .map((n) => formatDay(new Date(n * 86_400_000)));

/**
 * The package builds local-time dates and adds 24-hour steps to Easter, so its Ascension can land at
 * 23:00 the day before when a DST change falls in between (that is why lib/domain computes its own):
 * read its dates back with local getters at the nearest noon.
 */
function localDay(date: Date): string {
  const d = new Date(date.getTime() + 12 * 3_600_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

describe("Easter and public holidays", () => {
  it("knows Easter Sundays", () => {
    expect(easterSunday(2024)).toBe("2024-03-31");
    expect(easterSunday(2025)).toBe("2025-04-20");
    expect(easterSunday(2026)).toBe("2026-04-05");
    expect(easterSunday(2019)).toBe("2019-04-21");
    expect(easterSunday(2038)).toBe("2038-04-25"); // latest possible
    expect(easterSunday(2285)).toBe("2285-03-22"); // earliest possible
  });

  it("lists the eleven holidays of 2026", () => {
    expect([...frenchPublicHolidays(2026)].sort()).toEqual([
      "2026-01-01",
      "2026-04-06", // lundi de Pâques
      "2026-05-01",
      "2026-05-08",
      "2026-05-14", // Ascension
      "2026-05-25", // lundi de Pentecôte
      "2026-07-14",
      "2026-08-15",
      "2026-11-01",
      "2026-11-11",
      "2026-12-25",
    ]);
  });

  it("matches @socialgouv/jours-feries (metropolitan France) from 1990 to 2100", () => {
    for (let year = 1990; year <= 2100; year++) {
      const theirs = [...new Set(Object.values(getJoursFeries(year) as Record<string, Date>).map(localDay))].sort();
      expect([...frenchPublicHolidays(year)].sort(), String(year)).toEqual(theirs);
    }
  });

  it("excludes the Alsace-Moselle extras", () => {
    expect(isFrenchPublicHoliday("2026-04-03")).toBe(false); // Vendredi saint
    expect(isFrenchPublicHoliday("2026-12-26")).toBe(false); // Saint Étienne
  });
});

describe("isWorkingDay", () => {
  it("is Monday to Friday without public holidays", () => {
    expect(isWorkingDay("2026-05-15")).toBe(true); // Friday
    expect(isWorkingDay("2026-05-14")).toBe(false); // Ascension Thursday
    expect(isWorkingDay("2026-05-16")).toBe(false); // Saturday
    expect(isWorkingDay("2026-05-17")).toBe(false); // Sunday
    expect(isWorkingDay("2026-05-25")).toBe(false); // Whit Monday
    expect(isWorkingDay("2026-05-26")).toBe(true);
  });

  it("rejects malformed days", () => {
    expect(() => isWorkingDay("15/05/2026")).toThrow(RangeError);
  });
});

describe("previousWorkingDays (SPEC §3 rule 7)", () => {
  it("skips Ascension before Friday 15/05/2026", () => {
    expect(previousWorkingDays("2026-05-15", 3)).toEqual(["2026-05-13", "2026-05-12", "2026-05-11"]);
  });

  it("skips weekends and Easter Monday", () => {
    expect(previousWorkingDays("2026-04-07", 3)).toEqual(["2026-04-03", "2026-04-02", "2026-04-01"]);
    expect(previousWorkingDays("2026-05-18", 1)).toEqual(["2026-05-15"]);
    expect(previousWorkingDays("2026-01-02", 2)).toEqual(["2025-12-31", "2025-12-30"]);
  });

  it("returns [] for 0 and refuses negative counts", () => {
    expect(previousWorkingDays("2026-05-15", 0)).toEqual([]);
    expect(() => previousWorkingDays("2026-05-15", -1)).toThrow(RangeError);
  });

  it("gives working days strictly before, nearest first, with none skipped", () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 10 }), (day, count) => {
        const days = previousWorkingDays(day, count);
        expect(days).toHaveLength(count);
        let cursor = day;
        for (const d of days) {
          expect(compareDays(d, cursor)).toBeLessThan(0);
          expect(isWorkingDay(d)).toBe(true);
          for (let between = addDays(cursor, -1); between !== d; between = addDays(between, -1)) {
            expect(isWorkingDay(between)).toBe(false);
          }
          cursor = d;
        }
        expect(days.every((d) => dayOfWeek(d) >= 1 && dayOfWeek(d) <= 5)).toBe(true);
      }),
    );
  });
});
