// Voice monitoring (issue 9): ASR and average duration, the daily rules (50 % ASR, 40 s average, 20
// placed calls, 120-minute calls) at their exact boundaries, the fair-use rule of unlimited offers and
// its reference, the destination type of a number (French numbering plan), traffic sums, French
// formatting and the severity order of staff's list.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  asr,
  averageSeconds,
  compareSeverity,
  dayBreaches,
  destinationOf,
  emptyTraffic,
  fairUseBreach,
  formatBreachValue,
  formatCallDuration,
  formatRatio,
  serviceChannels,
  sumTraffic,
  unlimitedSeconds,
  usageReference,
  type CallAggregate,
  type CallTraffic,
} from "@/lib/domain/voice";

const NBSP = "\u00A0";
/** A day's traffic: the empty day with the given counts. */
const day = (t: Partial<CallTraffic>): CallTraffic => ({ ...emptyTraffic(), ...t });
const rules = (t: Partial<CallTraffic>) => dayBreaches(day(t)).map((b) => b.rule);
const row = (r: Partial<CallAggregate> & Pick<CallAggregate, "category">): CallAggregate => ({ calls: 0, answered: 0, durationSeconds: 0, longestSeconds: 0, longCalls: 0, ...r });

describe("asr and averageSeconds", () => {
  it("divides answered by placed, and seconds by answered", () => {
    expect(asr(20, 10)).toBe(0.5);
    expect(asr(20, 9)).toBe(0.45);
    expect(asr(4, 0)).toBe(0);
    expect(averageSeconds(4, 160)).toBe(40);
    expect(averageSeconds(10, 399)).toBeCloseTo(39.9);
  });

  it("has no ASR and no average on a day with no call", () => {
    const t = emptyTraffic();
    expect(asr(t.placed, t.placedAnswered)).toBeNull();
    expect(averageSeconds(t.placedAnswered, t.placedSeconds)).toBeNull();
    expect(dayBreaches(t)).toEqual([]);
  });

  it("has no average when no call was answered", () => {
    expect(averageSeconds(0, 0)).toBeNull();
  });
});

describe("dayBreaches: the daily rules at their boundaries", () => {
  it("keeps exactly 50 % ASR within the rule: 10 answered of 20 placed", () => {
    expect(dayBreaches(day({ placed: 20, placedAnswered: 10, placedSeconds: 600 }))).toEqual([]);
  });

  it("warns below 50 %: 9 answered of 20 placed is ASR_BAS at 450 per mille", () => {
    expect(dayBreaches(day({ placed: 20, placedAnswered: 9, placedSeconds: 540 }))).toEqual([{ rule: "ASR_BAS", value: 450 }]);
  });

  it("gives the ASR in per mille rounded down", () => {
    // 33 / 67 = 0.4925… → 492 per mille.
    expect(dayBreaches(day({ placed: 67, placedAnswered: 33, placedSeconds: 33 * 60 }))).toEqual([{ rule: "ASR_BAS", value: 492 }]);
  });

  it("keeps exactly 40 s average within the rule", () => {
    expect(dayBreaches(day({ placed: 20, placedAnswered: 10, placedSeconds: 400 }))).toEqual([]);
  });

  it("warns below 40 s: 39.9 s average is DUREE_MOYENNE_COURTE at 39 s (rounded down)", () => {
    expect(dayBreaches(day({ placed: 20, placedAnswered: 10, placedSeconds: 399 }))).toEqual([{ rule: "DUREE_MOYENNE_COURTE", value: 39 }]);
    expect(dayBreaches(day({ placed: 30, placedAnswered: 20, placedSeconds: 799 }))).toEqual([{ rule: "DUREE_MOYENNE_COURTE", value: 39 }]);
  });

  it("applies the ASR and duration checks from exactly 20 placed calls", () => {
    expect(dayBreaches(day({ placed: 20, placedAnswered: 0 }))).toEqual([{ rule: "ASR_BAS", value: 0 }]);
    expect(dayBreaches(day({ placed: 20, placedAnswered: 10, placedSeconds: 300 }))).toEqual([{ rule: "DUREE_MOYENNE_COURTE", value: 30 }]);
  });

  it("does not check ASR nor duration below 20 placed calls", () => {
    expect(dayBreaches(day({ placed: 19, placedAnswered: 0 }))).toEqual([]);
    expect(dayBreaches(day({ placed: 19, placedAnswered: 1, placedSeconds: 5 }))).toEqual([]);
    // Received calls do not count towards the 20.
    expect(dayBreaches(day({ placed: 19, placedAnswered: 0, received: 100, receivedAnswered: 0 }))).toEqual([]);
  });

  it("warns ASR_BAS only for 0 answered of 25 placed: no average without an answered call", () => {
    expect(dayBreaches(day({ placed: 25, placedAnswered: 0, placedSeconds: 0 }))).toEqual([{ rule: "ASR_BAS", value: 0 }]);
  });

  it("warns a call longer than 120 minutes with the longest call's duration", () => {
    expect(dayBreaches(day({ longCalls: 1, longestSeconds: 7201 }))).toEqual([{ rule: "APPEL_TROP_LONG", value: 7201 }]);
    expect(dayBreaches(day({ placed: 3, placedAnswered: 3, placedSeconds: 7500, longCalls: 1, longestSeconds: 7201 }))).toEqual([{ rule: "APPEL_TROP_LONG", value: 7201 }]);
  });

  it("keeps a call of exactly 120 minutes within the rule", () => {
    expect(dayBreaches(day({ longCalls: 0, longestSeconds: 7200 }))).toEqual([]);
    expect(dayBreaches(day({ placed: 1, placedAnswered: 1, placedSeconds: 7200, longCalls: 0, longestSeconds: 7200 }))).toEqual([]);
  });

  it("reports every rule broken, in order: ASR, average, long call (worked example)", () => {
    // 25 placed, 10 answered (400 ‰), 350 s in all (35 s average), one call of 2 h 01 min 40 s.
    expect(dayBreaches(day({ placed: 25, placedAnswered: 10, placedSeconds: 350, longCalls: 1, longestSeconds: 7300 }))).toEqual([
      { rule: "ASR_BAS", value: 400 },
      { rule: "DUREE_MOYENNE_COURTE", value: 35 },
      { rule: "APPEL_TROP_LONG", value: 7300 },
    ]);
  });

  it("warns a received long call through sumTraffic", () => {
    const t = sumTraffic([row({ category: "ENTRANT", calls: 1, answered: 1, durationSeconds: 9000, longestSeconds: 9000, longCalls: 1 })]);
    expect(rules(t)).toEqual(["APPEL_TROP_LONG"]);
  });
});

describe("sumTraffic", () => {
  it("sums placed calls by destination and received calls apart, with the longest call and the long calls", () => {
    const t = sumTraffic([
      row({ category: "FIXE_FRANCE", calls: 10, answered: 8, durationSeconds: 800, longestSeconds: 300 }),
      row({ category: "MOBILE_FRANCE", calls: 5, answered: 4, durationSeconds: 7600, longestSeconds: 7300, longCalls: 1 }),
      row({ category: "INTERNATIONAL", calls: 2, answered: 1, durationSeconds: 60, longestSeconds: 60 }),
      row({ category: "ENTRANT", calls: 7, answered: 6, durationSeconds: 900, longestSeconds: 8000, longCalls: 2 }),
      row({ category: "FIXE_FRANCE", calls: 3, answered: 3, durationSeconds: 120, longestSeconds: 50 }),
    ]);
    expect(t).toEqual<CallTraffic>({
      placed: 20,
      placedAnswered: 16,
      placedSeconds: 8580,
      received: 7,
      receivedAnswered: 6,
      receivedSeconds: 900,
      longestSeconds: 8000,
      longCalls: 3,
      byDestination: {
        FIXE_FRANCE: { calls: 13, answered: 11, seconds: 920 },
        MOBILE_FRANCE: { calls: 5, answered: 4, seconds: 7600 },
        INTERNATIONAL: { calls: 2, answered: 1, seconds: 60 },
        SPECIAL: { calls: 0, answered: 0, seconds: 0 },
      },
    });
    expect(unlimitedSeconds(t)).toBe(920 + 7600);
  });

  it("is the empty traffic for no rows", () => {
    expect(sumTraffic([])).toEqual(emptyTraffic());
  });

  it("returns a fresh traffic each time", () => {
    const a = emptyTraffic();
    a.byDestination.FIXE_FRANCE.calls = 5;
    expect(emptyTraffic().byDestination.FIXE_FRANCE.calls).toBe(0);
  });
});

describe("unlimitedSeconds", () => {
  it("counts only fixed and mobile France", () => {
    const t = sumTraffic([
      row({ category: "FIXE_FRANCE", calls: 1, answered: 1, durationSeconds: 100 }),
      row({ category: "MOBILE_FRANCE", calls: 1, answered: 1, durationSeconds: 200 }),
      row({ category: "INTERNATIONAL", calls: 1, answered: 1, durationSeconds: 400 }),
      row({ category: "SPECIAL", calls: 1, answered: 1, durationSeconds: 800 }),
      row({ category: "ENTRANT", calls: 1, answered: 1, durationSeconds: 1600 }),
    ]);
    expect(unlimitedSeconds(t)).toBe(300);
    expect(unlimitedSeconds(emptyTraffic())).toBe(0);
  });
});

describe("fairUseBreach", () => {
  const reference = { secondsPerChannel: 1000, sample: 3 };

  it("keeps exactly 3 times the reference within the rule", () => {
    expect(fairUseBreach(3000, 1, reference)).toBeNull();
    expect(fairUseBreach(0, 1, reference)).toBeNull();
  });

  it("warns one second more, with the percent of the reference rounded down", () => {
    expect(fairUseBreach(3001, 1, reference)).toEqual({ rule: "USAGE_EXCESSIF", value: 300 });
    expect(fairUseBreach(4559, 1, reference)).toEqual({ rule: "USAGE_EXCESSIF", value: 455 });
    // 22 / 7 = 3.142… → 314 %.
    expect(fairUseBreach(22, 1, { secondsPerChannel: 7, sample: 5 })).toEqual({ rule: "USAGE_EXCESSIF", value: 314 });
  });

  it("scales the threshold with the channels: a 4-channel trunk may use 4 times a 1-channel one", () => {
    expect(fairUseBreach(12_000, 4, reference)).toBeNull();
    expect(fairUseBreach(12_001, 4, reference)).toEqual({ rule: "USAGE_EXCESSIF", value: 300 });
    expect(fairUseBreach(12_000, 1, reference)).toEqual({ rule: "USAGE_EXCESSIF", value: 1200 });
  });

  it("does not check without a reference, with fewer than 3 service-months, a zero reference or no channel", () => {
    expect(fairUseBreach(1_000_000, 1, null)).toBeNull();
    expect(fairUseBreach(1_000_000, 1, { secondsPerChannel: 1000, sample: 2 })).toBeNull();
    expect(fairUseBreach(1_000_000, 1, { secondsPerChannel: 0, sample: 10 })).toBeNull();
    expect(fairUseBreach(1_000_000, 0, reference)).toBeNull();
  });
});

describe("usageReference", () => {
  it("is the mean of the service-months' seconds per channel, with their count", () => {
    // 6000 / 2 = 3000, 1000 / 1 = 1000, 8000 / 4 = 2000 → 2000; the 0-channel month is not counted.
    expect(
      usageReference([
        { seconds: 6000, channels: 2 },
        { seconds: 1000, channels: 1 },
        { seconds: 8000, channels: 4 },
        { seconds: 999, channels: 0 },
      ]),
    ).toEqual({ secondsPerChannel: 2000, sample: 3 });
  });

  it("rounds the mean to the second", () => {
    expect(usageReference([{ seconds: 1000, channels: 3 }])).toEqual({ secondsPerChannel: 333, sample: 1 });
    expect(usageReference([{ seconds: 1001, channels: 2 }])).toEqual({ secondsPerChannel: 501, sample: 1 });
  });

  it("is {0, 0} with no service-month with channels", () => {
    expect(usageReference([])).toEqual({ secondsPerChannel: 0, sample: 0 });
    expect(usageReference([{ seconds: 5000, channels: 0 }])).toEqual({ secondsPerChannel: 0, sample: 0 });
  });

  it("gives a reference that fairUseBreach takes from 3 service-months", () => {
    const ref = usageReference([
      { seconds: 1000, channels: 1 },
      { seconds: 2000, channels: 2 },
      { seconds: 4000, channels: 4 },
    ]);
    expect(ref).toEqual({ secondsPerChannel: 1000, sample: 3 });
    expect(fairUseBreach(6000, 2, ref)).toBeNull();
    expect(fairUseBreach(6001, 2, ref)).toEqual({ rule: "USAGE_EXCESSIF", value: 300 });
  });
});

describe("serviceChannels", () => {
  it("multiplies the offer's channels by the units (at least 1); null when the offer has none", () => {
    expect(serviceChannels(2, 3)).toBe(6);
    expect(serviceChannels(2, 0)).toBe(2);
    expect(serviceChannels(null, 3)).toBeNull();
  });
});

describe("destinationOf: the French numbering plan", () => {
  it("reads fixed France numbers in national, +33 and 0033 forms", () => {
    for (const n of ["0491234567", "04 91 23 45 67", "04.91.23.45.67", "04-91-23-45-67", "+33 4 91 23 45 67", "0033491234567", "01 23 45 67 89", "05 56 12 34 56", "09 72 10 10 10"]) {
      expect(destinationOf(n), n).toBe("FIXE_FRANCE");
    }
  });

  it("reads 06 and 07 as mobile France", () => {
    for (const n of ["0612345678", "07 12 34 56 78", "+33 6 12 34 56 78", "0033712345678"]) expect(destinationOf(n), n).toBe("MOBILE_FRANCE");
  });

  it("reads other countries as international", () => {
    for (const n of ["+44 20 7946 0958", "00442079460958", "+1 212 555 0100"]) expect(destinationOf(n), n).toBe("INTERNATIONAL");
  });

  it("reads 08 numbers and short numbers as special", () => {
    for (const n of ["0892 68 01 22", "0800 12 34 56", "15", "17", "112", "1014", "3949", "118712"]) expect(destinationOf(n), n).toBe("SPECIAL");
  });

  it("is null for what is not a number", () => {
    for (const n of ["abc", "", " ", "0612", "06123456789", "4", "2000", "0012", "+", "06 12 34 56 7x"]) expect(destinationOf(n), n).toBeNull();
  });
});

describe("formatting", () => {
  it("formats call durations in French with no-break spaces", () => {
    expect(formatCallDuration(38)).toBe(`38${NBSP}s`);
    expect(formatCallDuration(0)).toBe(`0${NBSP}s`);
    expect(formatCallDuration(60)).toBe(`1${NBSP}min${NBSP}00${NBSP}s`);
    expect(formatCallDuration(125)).toBe(`2${NBSP}min${NBSP}05${NBSP}s`);
    expect(formatCallDuration(3599)).toBe(`59${NBSP}min${NBSP}59${NBSP}s`);
    expect(formatCallDuration(3600)).toBe(`1${NBSP}h${NBSP}00${NBSP}min`);
    expect(formatCallDuration(3720)).toBe(`1${NBSP}h${NBSP}02${NBSP}min`);
    expect(formatCallDuration(7201)).toBe(`2${NBSP}h${NBSP}00${NBSP}min`);
  });

  it("rounds fractional seconds before formatting", () => {
    expect(formatCallDuration(39.4)).toBe(`39${NBSP}s`);
    expect(formatCallDuration(59.6)).toBe(`1${NBSP}min${NBSP}00${NBSP}s`);
  });

  it("formats ratios as French percentages with one decimal, rounded down, or a dash", () => {
    expect(formatRatio(0.5)).toBe(`50,0${NBSP}%`);
    expect(formatRatio(0.485)).toBe(`48,5${NBSP}%`);
    expect(formatRatio(0.4999)).toBe(`49,9${NBSP}%`);
    expect(formatRatio(0)).toBe(`0,0${NBSP}%`);
    expect(formatRatio(1)).toBe(`100,0${NBSP}%`);
    expect(formatRatio(null)).toBe("—");
  });

  it("formats a breach's value in its rule's unit", () => {
    expect(formatBreachValue("ASR_BAS", 450)).toBe(`ASR 45,0${NBSP}%`);
    expect(formatBreachValue("ASR_BAS", 9)).toBe(`ASR 0,9${NBSP}%`);
    expect(formatBreachValue("DUREE_MOYENNE_COURTE", 35)).toBe(`durée moyenne 35${NBSP}s`);
    expect(formatBreachValue("APPEL_TROP_LONG", 7300)).toBe(`appel le plus long 2${NBSP}h${NBSP}01${NBSP}min`);
    expect(formatBreachValue("USAGE_EXCESSIF", 455)).toBe(`455${NBSP}% de la moyenne de l'offre`);
    expect(formatBreachValue("USAGE_EXCESSIF", 1250)).toBe(`${(1250).toLocaleString("fr-FR")}${NBSP}% de la moyenne de l'offre`);
  });

  it("shows every per mille value of an ASR breach exactly", () => {
    for (let v = 0; v < 500; v++) {
      expect(formatBreachValue("ASR_BAS", v), String(v)).toBe(`ASR ${Math.floor(v / 10)},${v % 10}${NBSP}%`);
    }
  });
});

describe("compareSeverity", () => {
  it("puts more rules first, then more days, then the latest day, then the reference", () => {
    const a = { rules: 2, days: 1, lastDay: "2026-11-01", ref: "SRV3" };
    const b = { rules: 1, days: 5, lastDay: "2026-11-02", ref: "SRV1" };
    const c = { rules: 1, days: 3, lastDay: "2026-11-30", ref: "SRV2" };
    const d = { rules: 1, days: 3, lastDay: "2026-11-15", ref: "SRV0" };
    const e = { rules: 1, days: 3, lastDay: "2026-11-30", ref: "SRV0" };
    expect([d, c, e, b, a].sort(compareSeverity)).toEqual([a, b, e, c, d]);
    expect([a, b, c, d, e].sort(compareSeverity)).toEqual([a, b, e, c, d]);
    expect(compareSeverity(a, { ...a })).toBe(0);
  });
});

describe("properties", () => {
  it("warns ASR_BAS exactly when answered ÷ placed < 50 %, from 20 placed calls", () => {
    const day20 = fc.integer({ min: 20, max: 100_000 }).chain((placed) => fc.record({ placed: fc.constant(placed), answered: fc.integer({ min: 0, max: placed }) }));
    fc.assert(
      fc.property(day20, fc.integer({ min: 0, max: 600 }), ({ placed, answered }, averageSeconds) => {
        const breaches = dayBreaches(day({ placed, placedAnswered: answered, placedSeconds: answered * averageSeconds }));
        const asrBreach = breaches.find((b) => b.rule === "ASR_BAS");
        // Integer math, independently: answered / placed < 1 / 2 ⇔ 2 × answered < placed.
        expect(asrBreach !== undefined).toBe(2 * answered < placed);
        if (asrBreach) expect(asrBreach.value).toBe(Number((BigInt(answered) * BigInt(1000)) / BigInt(placed)));
      }),
    );
  });
});
