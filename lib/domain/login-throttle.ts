/**
 * Login throttling as a pure decision (SPEC §2, *Login*). The caller keeps the failures in the
 * database and passes their timestamps; a refusal must look like any failed login.
 * - identifier + IP: a failure that is the 5th (or later) within the 15 minutes ending at it locks
 *   that pair for 15 minutes from it;
 * - IP: same with 20 failures on any identifiers;
 * - identifier from any address: a growing delay (never a lockout, so nobody can lock out every
 *   customer by trying sequential identifiers), and one alert email past 50 in an hour.
 * Windows are half-open, (t − length, t]: a failure exactly 15 minutes old no longer counts.
 * If the caller records refused attempts as failures, an ongoing attack keeps its lock running.
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

/** True when some failure at or before `now` started a lockout that still runs at `now`. */
function lockedOut(failures: Date[], threshold: number, now: number): boolean {
  const times = failures
    .map((d) => d.getTime())
    .filter((t) => t <= now)
    .sort((a, b) => a - b);
  for (let i = threshold - 1; i < times.length; i++) {
    const inWindow = times[i - threshold + 1] > times[i] - THROTTLE.windowMs;
    if (inWindow && now < times[i] + THROTTLE.lockMs) return true;
  }
  return false;
}

/** 0 up to 5 failures in the last hour, then 250 ms × 2^(n−6), capped at 8 s. */
function delayFor(failuresForIdentifier: Date[], now: number): number {
  const n = failuresForIdentifier.filter((d) => {
    const t = d.getTime();
    return t <= now && t > now - THROTTLE.identifierWindowMs;
  }).length;
  if (n <= FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (n - FREE_FAILURES - 1));
}

export function loginThrottle(input: {
  now: Date;
  failuresForIdentifierAndIp: Date[];
  failuresForIp: Date[];
  failuresForIdentifier: Date[];
}): { refused: boolean; delayMs: number } {
  const now = input.now.getTime();
  const refused =
    lockedOut(input.failuresForIdentifierAndIp, THROTTLE.maxPerIdentifierAndIp, now) ||
    lockedOut(input.failuresForIp, THROTTLE.maxPerIp, now);
  return { refused, delayMs: delayFor(input.failuresForIdentifier, now) };
}

/** True exactly when this failure is the 51st on the identifier in the last hour, so the email goes once. */
export function shouldAlertUser(failuresForIdentifierInLastHourIncludingThisOne: number): boolean {
  return failuresForIdentifierInLastHourIncludingThisOne === THROTTLE.alertAfter + 1;
}
