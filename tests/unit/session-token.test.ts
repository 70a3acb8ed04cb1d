import { afterEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { sessionFromCookies } from "@/lib/server/session-token";

// The tokens are made by Auth.js itself, as its login and `unstable_update` make them (salt = cookie name).
const secret = "unit-test-auth-secret-0123456789abcdef";
const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";
const token = (claims: Record<string, unknown>, salt = PLAIN, maxAge = 3600, key = secret) =>
  encode({ token: { sub: "7", ...claims }, secret: key, salt, maxAge });

afterEach(() => vi.useRealTimers());

describe("reading the session cookie (issue 10)", () => {
  it("gives the user, the session version and the universe of an Auth.js token", async () => {
    const value = await token({ uid: 7, sv: 3, universe: "REVENDEUR" });
    expect(await sessionFromCookies([{ name: PLAIN, value }], secret)).toEqual({ uid: 7, sv: 3, universe: "REVENDEUR" });
    expect(await sessionFromCookies([{ name: "other", value: "x" }, { name: PLAIN, value: await token({ uid: 8, sv: 0, universe: null }) }], secret)).toEqual({ uid: 8, sv: 0, universe: null });
  });

  it("reads the __Secure- cookie of HTTPS and a token split in chunks", async () => {
    const value = await token({ uid: 9, sv: 1, universe: "CLIENT" }, SECURE);
    expect(await sessionFromCookies([{ name: SECURE, value }], secret)).toEqual({ uid: 9, sv: 1, universe: "CLIENT" });
    const long = await token({ uid: 10, sv: 0, universe: null });
    const chunks = [{ name: `${PLAIN}.1`, value: long.slice(100) }, { name: `${PLAIN}.0`, value: long.slice(0, 100) }];
    expect(await sessionFromCookies(chunks, secret)).toEqual({ uid: 10, sv: 0, universe: null });
  });

  it("refuses a token of another secret, a tampered one, one under the other cookie's name, an expired one", async () => {
    expect(await sessionFromCookies([{ name: PLAIN, value: await token({ uid: 7, sv: 0 }, PLAIN, 3600, "another-secret-0123456789abcdefghij") }], secret)).toBeNull();
    const value = await token({ uid: 11, sv: 0 });
    const tampered = value.slice(0, -6) + (value.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
    expect(await sessionFromCookies([{ name: PLAIN, value: tampered }], secret)).toBeNull();
    expect(await sessionFromCookies([{ name: SECURE, value: await token({ uid: 12, sv: 0 }, PLAIN) }], secret)).toBeNull();
    expect(await sessionFromCookies([{ name: PLAIN, value: await token({ uid: 13, sv: 0 }, PLAIN, -3600) }], secret)).toBeNull();
    expect(await sessionFromCookies([{ name: PLAIN, value: await token({ sv: 0 }) }], secret)).toBeNull();
    expect(await sessionFromCookies([], secret)).toBeNull();
    expect(await sessionFromCookies([{ name: PLAIN, value }], undefined)).toBeNull();
  });

  it("stops accepting a token already read once it expires", async () => {
    const value = await token({ uid: 14, sv: 2, universe: null }, PLAIN, 60);
    expect(await sessionFromCookies([{ name: PLAIN, value }], secret)).toEqual({ uid: 14, sv: 2, universe: null });
    vi.useFakeTimers({ now: Date.now() + 61_000 });
    expect(await sessionFromCookies([{ name: PLAIN, value }], secret)).toBeNull();
  });
});
