/**
 * Throttling of password-reset requests (SPEC §2, *Forgotten password*): limits nobody reaches by hand, which stop a
 * script walking identifiers from one address or replacing one user's link again and again. Counted over the last
 * hour, the current request included; a throttled request does nothing, is not kept, and gets the same answer as any other.
 */
export const RESET_THROTTLE = {
  windowMs: 60 * 60_000,
  maxPerIdentifier: 3,
  maxPerIp: 10,
} as const;

/** Requests within the hour, the current one included. */
export type ResetRequestCounts = { identifier: number; ip: number };

export function resetRequestAllowed(counts: ResetRequestCounts): boolean {
  return counts.identifier <= RESET_THROTTLE.maxPerIdentifier && counts.ip <= RESET_THROTTLE.maxPerIp;
}
