import { afterEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { sessionCookieName, sessionFromCookies, usesSecureCookies } from "@/lib/server/session-token";

// The tokens are made by Auth.js itself, as its login and `unstable_update` make them (salt = cookie name).
const secret = "unit-test-auth-secret-0123456789abcdef";
const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";
const token = (claims: Record<string, unknown>, salt = PLAIN, maxAge = 3600, key = secret) =>
  encode({ token: { sub: "7", ...claims }, secret: key, salt, maxAge });

afterEach(() => vi.useRealTimers());

describe("reading the session cookie (issue 10)", () => {
  it("gives the user, the session row and the universe of an Auth.js token", async () => {
    const value = await token({ uid: 7, sid: "s7", universe: "REVENDEUR" });
    expect(await sessionFromCookies([{ name: PLAIN, value }], secret, PLAIN)).toEqual({ uid: 7, sid: "s7", universe: "REVENDEUR" });
    const other = await token({ uid: 8, sid: "s8", universe: null });
    expect(await sessionFromCookies([{ name: "other", value: "x" }, { name: PLAIN, value: other }], secret, PLAIN)).toEqual({ uid: 8, sid: "s8", universe: null });
  });

  it("reads the __Secure- cookie of HTTPS and a token split in chunks", async () => {
    const value = await token({ uid: 9, sid: "s9", universe: "CLIENT" }, SECURE);
    expect(await sessionFromCookies([{ name: SECURE, value }], secret, SECURE)).toEqual({ uid: 9, sid: "s9", universe: "CLIENT" });
    const long = await token({ uid: 10, sid: "s10", universe: null });
    const chunks = [{ name: `${PLAIN}.1`, value: long.slice(100) }, { name: `${PLAIN}.0`, value: long.slice(0, 100) }];
    expect(await sessionFromCookies(chunks, secret, PLAIN)).toEqual({ uid: 10, sid: "s10", universe: null });
  });

  it("refuses a token of another secret, a tampered one, one under the other cookie's name, an expired one, one naming no session", async () => {
    expect(await sessionFromCookies([{ name: PLAIN, value: await token({ uid: 7, sid: "s" }, PLAIN, 3600, "another-secret-0123456789abcdefghij") }], secret, PLAIN)).toBeNull();
    const value = await token({ uid: 11, sid: "s11" });
    const tampered = value.slice(0, -6) + (value.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
    expect(await sessionFromCookies([{ name: PLAIN, value: tampered }], secret, PLAIN)).toBeNull();
    expect(await sessionFromCookies([{ name: SECURE, value: await token({ uid: 12, sid: "s12" }, PLAIN) }], secret, SECURE)).toBeNull();
    expect(await sessionFromCookies([{ name: PLAIN, value: await token({ uid: 13, sid: "s13" }, PLAIN, -3600) }], secret, PLAIN)).toBeNull();
    expect(await sessionFromCookies([{ name: PLAIN, value: await token({ sid: "s" }) }], secret, PLAIN)).toBeNull();
    // A token from before sessions were rows (issue 32): no row to check, so no session.
    expect(await sessionFromCookies([{ name: PLAIN, value: await token({ uid: 15, sv: 0 }) }], secret, PLAIN)).toBeNull();
    expect(await sessionFromCookies([], secret, PLAIN)).toBeNull();
    expect(await sessionFromCookies([{ name: PLAIN, value }], undefined, PLAIN)).toBeNull();
  });

  it("stops accepting a token already read once it expires", async () => {
    const value = await token({ uid: 14, sid: "s14", universe: null }, PLAIN, 60);
    expect(await sessionFromCookies([{ name: PLAIN, value }], secret, PLAIN)).toEqual({ uid: 14, sid: "s14", universe: null });
    vi.useFakeTimers({ now: Date.now() + 61_000 });
    expect(await sessionFromCookies([{ name: PLAIN, value }], secret, PLAIN)).toBeNull();
  });
});

describe("the cookie name follows APP_URL (issue 32, SPEC §17)", () => {
  it("is the __Secure- one exactly when APP_URL is https", () => {
    expect(usesSecureCookies("https://portail.openip.example")).toBe(true);
    expect(sessionCookieName("https://portail.openip.example")).toBe(SECURE);
    for (const appUrl of ["http://127.0.0.1:3000", undefined, "", "HTTPS-not-a-url"]) {
      expect(usesSecureCookies(appUrl)).toBe(false);
      expect(sessionCookieName(appUrl)).toBe(PLAIN);
    }
  });

  it("refuses the plain cookie over HTTPS, even with a valid token, and the __Secure- one over HTTP", async () => {
    const plain = await token({ uid: 16, sid: "s16" }, PLAIN);
    const secure = await token({ uid: 16, sid: "s16" }, SECURE);
    const https = sessionCookieName("https://portail.openip.example");
    const http = sessionCookieName("http://127.0.0.1:3000");
    expect(await sessionFromCookies([{ name: PLAIN, value: plain }], secret, https)).toBeNull();
    expect(await sessionFromCookies([{ name: SECURE, value: secure }], secret, https)).toEqual({ uid: 16, sid: "s16", universe: null });
    expect(await sessionFromCookies([{ name: SECURE, value: secure }], secret, http)).toBeNull();
    expect(await sessionFromCookies([{ name: PLAIN, value: plain }], secret, http)).toEqual({ uid: 16, sid: "s16", universe: null });
  });
});
