/**
 * Login throttling as pure decisions (SPEC §2, *Login*, and §17). lib/server/login.ts records each attempt before
 * checking it, counts the failures in SQL and keeps *not before* times (ThrottleGate); this module says what they mean.
 * - identifier + IP: the 5th failure within 15 minutes locks that pair for 15 minutes from it;
 * - IP: the same with 20 failures on any identifiers;
 * - identifier from any address: a growing delay, as a not-before time (never a lockout, so nobody can lock out
 *   every customer by trying sequential identifiers), and one alert email past 50 failures in an hour.
 * Windows are half-open, (t − length, t]: a failure exactly 15 minutes old no longer counts. A refusal must look like
 * any failed login.
 */

const MINUTE_MS = 60_000;

export const THROTTLE = {
  windowMs: 15 * MINUTE_MS,
  maxPerIdentifierAndIp: 5,
  maxPerIp: 20,
  lockMs: 15 * MINUTE_MS,
  identifierWindowMs: 60 * MINUTE_MS,
  alertAfter: 50,
} as const;

const FREE_FAILURES = 5;
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 8000;

/** The wait after the identifier's latest failure: 0 up to 5 failures in the last hour, then 250 ms × 2^(n−6), capped at 8 s. */
export function identifierDelayMs(failuresInLastHour: number): number {
  if (failuresInLastHour <= FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failuresInLastHour - FREE_FAILURES - 1));
}

/** True when one of the attempt's not-before times is still ahead: it is refused without being checked. */
export function beforeGates(notBefore: Date[], at: Date): boolean {
  return notBefore.some((gate) => at.getTime() < gate.getTime());
}

/**
 * The failures counted when an attempt is made, this attempt included (it is recorded as a failure before its
 * password is checked), and so are the attempts running at the same time.
 */
export type FailureCounts = {
  /** this identifier from this address, within 15 minutes */
  pair: number;
  /** this address, on any identifiers, within 15 minutes */
  ip: number;
  /** this identifier, from any address, within the hour */
  identifier: number;
  /** the latest of the identifier's other failures within the hour (null when none) */
  previousIdentifierFailureAt: Date | null;
};

/**
 * True when the attempt must be refused without checking its password: its pair or its address is over its limit,
 * or it comes before the identifier's delay after its previous failure. This is what holds against parallel
 * attempts, which all pass the gates before any of them has failed.
 */
export function overLimit(counts: FailureCounts, at: Date): boolean {
  if (counts.pair > THROTTLE.maxPerIdentifierAndIp || counts.ip > THROTTLE.maxPerIp) return true;
  const previous = counts.previousIdentifierFailureAt;
  return previous !== null && at.getTime() < previous.getTime() + identifierDelayMs(counts.identifier - 1);
}

export type Gates = { pair: Date | null; ip: Date | null; identifier: Date | null };

/** The not-before times a failure at `at` sets (null: that gate does not move). */
export function gatesAfterFailure(counts: FailureCounts, at: Date): Gates {
  const lockedUntil = new Date(at.getTime() + THROTTLE.lockMs);
  const delay = identifierDelayMs(counts.identifier);
  return {
    pair: counts.pair >= THROTTLE.maxPerIdentifierAndIp ? lockedUntil : null,
    ip: counts.ip >= THROTTLE.maxPerIp ? lockedUntil : null,
    identifier: delay > 0 ? new Date(at.getTime() + delay) : null,
  };
}

/** True exactly when this failure is the 51st on the identifier in the last hour, so the email goes once. */
export function shouldAlertUser(failuresForIdentifierInLastHourIncludingThisOne: number): boolean {
  return failuresForIdentifierInLastHourIncludingThisOne === THROTTLE.alertAfter + 1;
}
