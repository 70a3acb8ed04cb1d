import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  beforeGates,
  gatesAfterFailure,
  identifierDelayMs,
  overLimit,
  shouldAlertUser,
  THROTTLE,
  type FailureCounts,
} from "@/lib/domain/login-throttle";

const MIN = 60_000;
const t0 = new Date("2026-05-15T08:00:00Z").getTime();
const at = (ms: number) => new Date(t0 + ms);
describe("THROTTLE (SPEC §2)", () => {
  it("has the SPEC's figures", () => {
    expect(THROTTLE).toEqual({
      windowMs: 15 * MIN,
      maxPerIdentifierAndIp: 5,
      maxPerIp: 20,
      lockMs: 15 * MIN,
      identifierWindowMs: 60 * MIN,
      alertAfter: 50,
    });
  });
});

/** Counts at an attempt made at `now` (this attempt included), with no other failure unless given. */
const counts = (c: Partial<FailureCounts>): FailureCounts => ({ pair: 1, ip: 1, identifier: 1, previousIdentifierFailureAt: null, ...c });
const SECOND = 1000;

describe("identifierDelayMs", () => {
  it("is 0 up to 5 failures in the hour, then 250 ms doubling with each failure, capped at 8 s", () => {
    expect([0, 1, 5].map(identifierDelayMs)).toEqual([0, 0, 0]);
    expect([6, 7, 8, 9, 10, 11, 12, 50, 1000].map(identifierDelayMs)).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
  });
});

describe("beforeGates: an attempt earlier than a not-before time is refused at once", () => {
  const now = at(0);
  it("refuses only before one of the times", () => {
    expect(beforeGates([], now)).toBe(false);
    expect(beforeGates([at(-1)], now)).toBe(false);
    expect(beforeGates([at(0)], now)).toBe(false); // at the not-before time itself: allowed
    expect(beforeGates([at(1)], now)).toBe(true);
    expect(beforeGates([at(-15 * MIN), at(15 * MIN), at(-1)], now)).toBe(true);
  });
});

describe("gatesAfterFailure (SPEC §2)", () => {
  const failure = at(0);
  it("locks the pair for 15 minutes from its 5th failure within 15 minutes", () => {
    expect(gatesAfterFailure(counts({ pair: 4 }), failure).pair).toBeNull();
    expect(gatesAfterFailure(counts({ pair: 5 }), failure).pair).toEqual(at(15 * MIN));
    expect(gatesAfterFailure(counts({ pair: 9 }), failure).pair).toEqual(at(15 * MIN));
  });

  it("locks the address for 15 minutes from its 20th failure within 15 minutes, on any identifiers", () => {
    expect(gatesAfterFailure(counts({ ip: 19 }), failure).ip).toBeNull();
    expect(gatesAfterFailure(counts({ ip: 20 }), failure).ip).toEqual(at(15 * MIN));
  });

  it("delays the identifier's next attempt from its 6th failure in the hour, never locking it", () => {
    expect(gatesAfterFailure(counts({ identifier: 5 }), failure).identifier).toBeNull();
    expect(gatesAfterFailure(counts({ identifier: 6 }), failure).identifier).toEqual(at(250));
    expect(gatesAfterFailure(counts({ identifier: 10 }), failure).identifier).toEqual(at(4 * SECOND));
    expect(gatesAfterFailure(counts({ identifier: 500 }), failure)).toEqual({ pair: null, ip: null, identifier: at(8 * SECOND) });
  });
});

describe("overLimit: what the counts refuse, this attempt and the running ones included", () => {
  const now = at(0);
  it("lets the 5th attempt of a pair be checked and refuses the 6th", () => {
    expect(overLimit(counts({ pair: 5 }), now)).toBe(false);
    expect(overLimit(counts({ pair: 6 }), now)).toBe(true);
  });

  it("lets the 20th attempt of an address be checked and refuses the 21st", () => {
    expect(overLimit(counts({ ip: 20 }), now)).toBe(false);
    expect(overLimit(counts({ ip: 21 }), now)).toBe(true);
  });

  it("refuses an attempt within the identifier's delay after its previous failure, and not after it", () => {
    // 6 earlier failures: 250 ms after the latest one.
    expect(overLimit(counts({ identifier: 7, previousIdentifierFailureAt: at(-249) }), now)).toBe(true);
    expect(overLimit(counts({ identifier: 7, previousIdentifierFailureAt: at(-250) }), now)).toBe(false);
    // A running attempt that started after this one is within the delay too.
    expect(overLimit(counts({ identifier: 7, previousIdentifierFailureAt: at(5) }), now)).toBe(true);
    // 5 earlier failures: no delay yet, even for attempts at the same instant.
    expect(overLimit(counts({ identifier: 6, previousIdentifierFailureAt: now }), now)).toBe(false);
    // Never a lockout: 8 s after the latest of many failures, the identifier may be tried again.
    expect(overLimit(counts({ identifier: 500, previousIdentifierFailureAt: at(-8 * SECOND) }), now)).toBe(false);
  });

  it("is the gate a failure set: the next attempt is refused by the counts exactly when it is before that gate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 0, max: 10 * SECOND }), (failures, waitedMs) => {
        const failure = at(0);
        const gate = gatesAfterFailure(counts({ identifier: failures }), failure).identifier;
        const next = at(waitedMs);
        expect(overLimit(counts({ identifier: failures + 1, previousIdentifierFailureAt: failure }), next)).toBe(beforeGates(gate ? [gate] : [], next));
      }),
    );
  });

  it("checks at most 5 parallel attempts of a pair, in whatever order they are recorded and counted", () => {
    // Each attempt is inserted, then counts every row inserted so far (its own included).
    const interleaving = fc.integer({ min: 1, max: 40 }).chain((n) =>
      fc.shuffledSubarray(
        Array.from({ length: 2 * n }, (_, i) => i),
        { minLength: 2 * n, maxLength: 2 * n },
      ),
    );
    fc.assert(
      fc.property(interleaving, fc.integer({ min: 0, max: 4 }), (order, earlierFailures) => {
        const inserted = new Set<number>();
        const counted = new Map<number, number>();
        for (const event of order) {
          const attempt = Math.floor(event / 2);
          if (!inserted.has(attempt)) inserted.add(attempt);
          else counted.set(attempt, earlierFailures + inserted.size);
        }
        const checked = [...counted.values()].filter((pair) => !overLimit(counts({ pair }), at(0)));
        expect(checked.length).toBeLessThanOrEqual(THROTTLE.maxPerIdentifierAndIp - earlierFailures);
      }),
    );
  });
});




describe("shouldAlertUser", () => {
  it("fires once, on the 51st failure in an hour", () => {
    expect([1, 49, 50, 51, 52, 100].map(shouldAlertUser)).toEqual([false, false, false, true, false, false]);
  });
});

