import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loginThrottle, shouldAlertUser, THROTTLE } from "@/lib/domain/login-throttle";

const MIN = 60_000;
const t0 = new Date("2026-05-15T08:00:00Z").getTime();
const at = (ms: number) => new Date(t0 + ms);
/** `count` failures one minute apart, the first at `start` ms after t0. */
const series = (count: number, start = 0, stepMs = MIN) => Array.from({ length: count }, (_, i) => at(start + i * stepMs));

function decide(now: Date, pair: Date[], ip: Date[] = pair, identifier: Date[] = pair) {
  return loginThrottle({ now, failuresForIdentifierAndIp: pair, failuresForIp: ip, failuresForIdentifier: identifier });
}

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

describe("identifier + IP lockout", () => {
  it("does not refuse after 4 failures", () => {
    const failures = series(4);
    expect(decide(at(4 * MIN), failures).refused).toBe(false);
  });

  it("refuses for 15 minutes from the 5th failure, and not after", () => {
    const failures = series(5); // the 5th at t0 + 4 min
    const fifth = 4 * MIN;
    expect(decide(at(fifth), failures).refused).toBe(true);
    expect(decide(at(fifth + 15 * MIN - 1), failures).refused).toBe(true);
    expect(decide(at(fifth + 15 * MIN), failures).refused).toBe(false);
    expect(decide(at(fifth + 60 * MIN), failures).refused).toBe(false);
  });

  it("does not count failures in the future of now", () => {
    expect(decide(at(3 * MIN), series(5)).refused).toBe(false);
  });

  it("does not lock when the failures are spread over more than 15 minutes", () => {
    const spread = series(10, 0, 4 * MIN); // at most 4 in any 15-minute window
    for (let now = 0; now <= 60 * MIN; now += MIN) expect(decide(at(now), spread).refused).toBe(false);
    // 5 failures spanning exactly 15 minutes: the first is out of the window ending at the 5th
    expect(decide(at(15 * MIN), series(5, 0, (15 * MIN) / 4)).refused).toBe(false);
    expect(decide(at(15 * MIN - 4), series(5, 0, (15 * MIN - 4) / 4)).refused).toBe(true);
  });

  it("keeps a lock running while failures keep coming", () => {
    const failures = [...series(5), at(14 * MIN)];
    expect(decide(at(14 * MIN + 10 * MIN), failures).refused).toBe(true);
  });

  it("does not depend on the order of the timestamps", () => {
    const failures = series(5).reverse();
    expect(decide(at(5 * MIN), failures).refused).toBe(true);
  });
});

describe("IP lockout", () => {
  it("refuses an address after 20 failures on different identifiers within 15 minutes", () => {
    const ipFailures = series(20, 0, 30_000); // 20 identifiers, once each, one every 30 s
    const last = 19 * 30_000;
    const forOne = (now: Date) => loginThrottle({ now, failuresForIdentifierAndIp: [], failuresForIp: ipFailures, failuresForIdentifier: [] });
    expect(forOne(at(last)).refused).toBe(true);
    expect(forOne(at(last + 15 * MIN - 1)).refused).toBe(true);
    expect(forOne(at(last + 15 * MIN)).refused).toBe(false);
    const nineteen = ipFailures.slice(1);
    expect(loginThrottle({ now: at(last), failuresForIdentifierAndIp: [], failuresForIp: nineteen, failuresForIdentifier: [] }).refused).toBe(false);
  });
});

describe("growing delay for one identifier from any address", () => {
  const delayAfter = (n: number) =>
    loginThrottle({ now: at(60 * MIN), failuresForIdentifierAndIp: [], failuresForIp: [], failuresForIdentifier: series(n, 1) }).delayMs;

  it("starts after 5 failures, doubles, and is capped at 8 s", () => {
    expect([0, 1, 5].map(delayAfter)).toEqual([0, 0, 0]);
    expect([6, 7, 8, 9, 10, 11, 12, 50].map(delayAfter)).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("only counts the last hour", () => {
    const old = series(10, 0); // at t0 … t0 + 9 min
    expect(loginThrottle({ now: at(60 * MIN), failuresForIdentifierAndIp: [], failuresForIp: [], failuresForIdentifier: old }).delayMs).toBe(2000); // 9 within (t0, t0 + 60 min]: the one at t0 is an hour old
    expect(loginThrottle({ now: at(70 * MIN), failuresForIdentifierAndIp: [], failuresForIp: [], failuresForIdentifier: old }).delayMs).toBe(0);
  });

  it("never locks an identifier attacked from many addresses", () => {
    const many = series(200, 0, 10_000);
    expect(decide(at(200 * 10_000), [], [], many)).toEqual({ refused: false, delayMs: 8000 });
  });
});

describe("shouldAlertUser", () => {
  it("fires once, on the 51st failure in an hour", () => {
    expect([1, 49, 50, 51, 52, 100].map(shouldAlertUser)).toEqual([false, false, false, true, false, false]);
  });
});

describe("properties", () => {
  const offset = fc.integer({ min: -90 * MIN, max: 0 });
  const times = fc.array(offset, { maxLength: 30 }).map((xs) => xs.map((x) => at(60 * MIN + x)));
  const now = at(60 * MIN);

  it("refused is monotonic: adding failures never lifts a refusal", () => {
    fc.assert(
      fc.property(times, times, times, times, times, times, (pair, ip, id, morePair, moreIp, moreId) => {
        const before = loginThrottle({ now, failuresForIdentifierAndIp: pair, failuresForIp: ip, failuresForIdentifier: id });
        const after = loginThrottle({
          now,
          failuresForIdentifierAndIp: [...pair, ...morePair],
          failuresForIp: [...ip, ...moreIp],
          failuresForIdentifier: [...id, ...moreId],
        });
        if (before.refused) expect(after.refused).toBe(true);
        expect(after.delayMs).toBeGreaterThanOrEqual(before.delayMs);
      }),
    );
  });

  it("adding failures at the same times as existing ones never lifts a refusal", () => {
    fc.assert(
      fc.property(times, fc.array(fc.nat()), (pair, picks) => {
        const duplicates = pair.length ? picks.map((i) => pair[i % pair.length]) : [];
        const before = decide(now, pair, [], []);
        const after = decide(now, [...pair, ...duplicates], [], []);
        if (before.refused) expect(after.refused).toBe(true);
      }),
    );
  });

  it("is never refused with fewer than 5 recent failures, and the delay stays within 0–8000 ms", () => {
    fc.assert(
      fc.property(times, (pair) => {
        const d = decide(now, pair, pair, pair);
        const recent = pair.filter((t) => t.getTime() > now.getTime() - 30 * MIN).length;
        if (recent < 5) expect(d.refused).toBe(false);
        expect(d.delayMs).toBeGreaterThanOrEqual(0);
        expect(d.delayMs).toBeLessThanOrEqual(8000);
      }),
    );
  });
});
