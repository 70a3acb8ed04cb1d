/**
 * Emailed single-use links (SPEC §2): password initialisation valid 15 days from sending, password
 * reset 1 hour, email change 24 hours. A link works once, and sending a new one supersedes the
 * previous ones. Durations are exact elapsed time (15 × 24 h), not Paris calendar days.
 */

export type TokenPurpose = "PASSWORD_INIT" | "PASSWORD_RESET" | "EMAIL_CHANGE";

export type TokenStatus = "valid" | "expired" | "used" | "superseded";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const TOKEN_VALIDITY_MS: Record<TokenPurpose, number> = {
  PASSWORD_INIT: 15 * DAY_MS,
  PASSWORD_RESET: HOUR_MS,
  EMAIL_CHANGE: 24 * HOUR_MS,
};

export function tokenExpiry(purpose: TokenPurpose, sentAt: Date): Date {
  return new Date(sentAt.getTime() + TOKEN_VALIDITY_MS[purpose]);
}

/** Used wins over superseded, which wins over expired; valid strictly before `expiresAt`. */
export function tokenStatus(
  token: { expiresAt: Date; usedAt: Date | null; supersededAt: Date | null },
  now: Date,
): TokenStatus {
  if (token.usedAt) return "used";
  if (token.supersededAt) return "superseded";
  return now.getTime() < token.expiresAt.getTime() ? "valid" : "expired";
}

/**
 * Tokens are 32 random bytes in unpadded base64url: 43 characters, the last of which carries only 4
 * bits (its 2 low bits are zero, so it is one of AEIMQUYcgkosw048). Anything else is rejected before
 * any database lookup.
 */
export function looksLikeToken(s: string): boolean {
  return /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/.test(s);
}
