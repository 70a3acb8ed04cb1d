import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { looksLikeToken, TOKEN_VALIDITY_MS, tokenExpiry, tokenStatus, type TokenPurpose } from "@/lib/domain/tokens";

const sentAt = new Date("2026-03-20T10:00:00Z"); // the 15 days cross the DST change of 29/03
const DAY = 86_400_000;

describe("token validity (SPEC §2)", () => {
  it("lasts 15 days, 1 hour and 24 hours", () => {
    expect(TOKEN_VALIDITY_MS).toEqual({ PASSWORD_INIT: 15 * DAY, PASSWORD_RESET: 3_600_000, EMAIL_CHANGE: DAY });
    expect(tokenExpiry("PASSWORD_INIT", sentAt).toISOString()).toBe("2026-04-04T10:00:00.000Z");
  });

  it("keeps an initialisation link valid until 15 days after sending, exclusive", () => {
    const expiresAt = tokenExpiry("PASSWORD_INIT", sentAt);
    const token = { expiresAt, usedAt: null, supersededAt: null };
    expect(tokenStatus(token, sentAt)).toBe("valid");
    expect(tokenStatus(token, new Date(sentAt.getTime() + 15 * DAY - 1))).toBe("valid");
    expect(tokenStatus(token, new Date(sentAt.getTime() + 15 * DAY))).toBe("expired");
    expect(tokenStatus(token, new Date(sentAt.getTime() + 16 * DAY))).toBe("expired");
  });

  it("keeps a reset link valid for 1 hour", () => {
    const token = { expiresAt: tokenExpiry("PASSWORD_RESET", sentAt), usedAt: null, supersededAt: null };
    expect(tokenStatus(token, new Date(sentAt.getTime() + 3_600_000 - 1))).toBe("valid");
    expect(tokenStatus(token, new Date(sentAt.getTime() + 3_600_000))).toBe("expired");
  });

  it("says used over superseded over expired", () => {
    const expiresAt = tokenExpiry("PASSWORD_INIT", sentAt);
    const later = new Date(sentAt.getTime() + DAY);
    const afterExpiry = new Date(sentAt.getTime() + 20 * DAY);
    expect(tokenStatus({ expiresAt, usedAt: later, supersededAt: later }, afterExpiry)).toBe("used");
    expect(tokenStatus({ expiresAt, usedAt: later, supersededAt: null }, later)).toBe("used");
    expect(tokenStatus({ expiresAt, usedAt: null, supersededAt: later }, afterExpiry)).toBe("superseded");
    expect(tokenStatus({ expiresAt, usedAt: null, supersededAt: later }, later)).toBe("superseded");
    expect(tokenStatus({ expiresAt, usedAt: null, supersededAt: null }, afterExpiry)).toBe("expired");
  });

  it("is valid exactly before the expiry when neither used nor superseded", () => {
    fc.assert(
      fc.property(fc.constantFrom<TokenPurpose>("PASSWORD_INIT", "PASSWORD_RESET", "EMAIL_CHANGE"), fc.integer({ min: -DAY, max: 20 * DAY }), (purpose, offset) => {
        const expiresAt = tokenExpiry(purpose, sentAt);
        const now = new Date(sentAt.getTime() + offset);
        const status = tokenStatus({ expiresAt, usedAt: null, supersededAt: null }, now);
        expect(status).toBe(offset < TOKEN_VALIDITY_MS[purpose] ? "valid" : "expired");
      }),
    );
  });
});

describe("looksLikeToken", () => {
  it("accepts 32 random bytes in base64url", () => {
    for (let i = 0; i < 200; i++) expect(looksLikeToken(randomBytes(32).toString("base64url"))).toBe(true);
  });

  it("accepts every 32-byte value", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => looksLikeToken(Buffer.from(bytes).toString("base64url"))),
    );
  });

  it("refuses truncated, padded, standard-base64 or forged strings", () => {
    const token = randomBytes(32).toString("base64url");
    expect(looksLikeToken(token.slice(0, 42))).toBe(false);
    expect(looksLikeToken(token + "A")).toBe(false);
    expect(looksLikeToken(randomBytes(32).toString("base64"))).toBe(false); // 44 chars with "="
    expect(looksLikeToken("A".repeat(42) + "+")).toBe(false);
    expect(looksLikeToken("A".repeat(42) + "B")).toBe(false); // non-canonical last character
    expect(looksLikeToken(" " + token.slice(1))).toBe(false);
    expect(looksLikeToken("")).toBe(false);
    expect(looksLikeToken("../../etc/passwd")).toBe(false);
  });
});
