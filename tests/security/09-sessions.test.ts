// Issue 32, item 9 (SPEC §17): sessions are rows. The cookie names its row and every request's actor query checks
// it: logout revokes that session only, 12 h after login a session ends whatever its cookie says (Auth.js'
// /api/auth/session cannot extend it), another user's session id is refused, and over HTTPS only the __Secure-
// cookie is read. Logins go through Auth.js itself (@auth/core with the portal's configuration); the actions are
// the portal's own, run with a crafted request cookie jar.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Auth } from "@auth/core";
import { encode } from "next-auth/jwt";
import { db } from "@/lib/server/db";
import { setClock } from "@/lib/server/clock";
import { authConfig } from "@/lib/server/auth-config";
import { actorFromCookies, type Actor } from "@/lib/server/authz";
import { sessionFromCookies } from "@/lib/server/session-token";
import { setPasswordWithToken } from "@/lib/server/users";
import { setUserActive } from "@/lib/server/company-users";
import { setCompanyActive } from "@/lib/server/companies";
import { issueToken } from "@/lib/server/user-tokens";
import { logout } from "@/app/session-actions";
import { changePasswordAction } from "@/app/(portail)/mon-profil/actions";
import { createStaffActor, insertCompany, insertUser } from "../integration/support/fixtures";

type Jar = { name: string; value: string }[];

// What next/headers gives the actions: the request's cookies (set per test) and headers.
const request = vi.hoisted(() => ({ cookies: [] as { name: string; value: string }[] }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => request.cookies, get: (name: string) => request.cookies.find((c) => c.name === name) }),
  headers: async () => new Headers({ "user-agent": "Navigateur de test" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// next-auth's server functions import `next`, which loads only inside Next: the actions' call to signOut is recorded.
const auth = vi.hoisted(() => ({ signOut: vi.fn(), unstable_update: vi.fn() }));
vi.mock("@/lib/server/auth", () => auth);

const SECRET = "security-test-auth-secret-0123456789abcdef";
const PASSWORD = "Soleil#2026";
const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const COMPANY_ID = 30900;
const config = { ...authConfig, secret: SECRET, basePath: "/api/auth" };

let userCount = 0;
let staff: Actor;

beforeAll(async () => {
  vi.stubEnv("AUTH_SECRET", SECRET);
  vi.stubEnv("APP_URL", "http://localhost:3000");
  await insertCompany({ id: COMPANY_ID, name: "Sessions SAS" });
  staff = await createStaffActor();
});

afterEach(() => {
  setClock(null);
  request.cookies = [];
  vi.stubEnv("APP_URL", "http://localhost:3000");
});

/** A user of its own per test (each with a password), in `companyId`. */
async function newUser(companyId = COMPANY_ID) {
  userCount += 1;
  return insertUser({ identifier: `E-00000${String(30900 + userCount).padStart(5, "0")}`, companyId, password: PASSWORD });
}

const cookiesOf = (response: Response): Jar =>
  response.headers.getSetCookie().map((line) => {
    const pair = line.slice(0, line.indexOf(";"));
    return { name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1) };
  });
const cookieHeader = (jar: Jar) => jar.map((c) => `${c.name}=${c.value}`).join("; ");
const sessionCookies = (jar: Jar) => jar.filter((c) => c.name.includes("authjs.session-token"));

/** Auth.js' CSRF token with its cookie, as a browser gets them before posting a form. */
async function csrf(origin: string, authConfigUsed = config) {
  const response = await Auth(new Request(`${origin}/api/auth/csrf`), authConfigUsed);
  return { csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken, jar: cookiesOf(response) };
}

/** Auth.js' answer to the login form (its credentials callback). */
async function loginResponse(identifier: string, password: string, origin: string, authConfigUsed: typeof config): Promise<Response> {
  const form = await csrf(origin, authConfigUsed);
  return Auth(
    new Request(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { cookie: cookieHeader(form.jar), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: form.csrfToken, identifier, password, callbackUrl: "/ma-societe" }),
    }),
    authConfigUsed,
  );
}

/** Logs in as the login form does; the session cookie Auth.js sets. */
async function login(identifier: string, password = PASSWORD, origin = "http://localhost:3000", authConfigUsed = config): Promise<Jar> {
  const jar = sessionCookies(cookiesOf(await loginResponse(identifier, password, origin, authConfigUsed)));
  expect(jar.length, `login of ${identifier}`).toBeGreaterThan(0);
  return jar;
}

/** The session row a cookie names. */
async function sessionIdOf(jar: Jar, name = PLAIN): Promise<string> {
  return (await sessionFromCookies(jar, SECRET, name))!.sid;
}

/** A cookie made with the portal's secret, naming any user and session, valid for `maxAge` seconds. */
async function craftedJar(uid: number, sid: string, name = PLAIN, maxAge = 8 * 3600): Promise<Jar> {
  return [{ name, value: await encode({ token: { uid, sid, universe: null }, secret: SECRET, salt: name, maxAge }) }];
}

const isRedirect = (error: unknown) => String((error as { digest?: string })?.digest ?? "").startsWith("NEXT_REDIRECT");

describe("a login", () => {
  it("opens a session row ending 12 h later, which the cookie names", async () => {
    const user = await newUser();
    const jar = await login(user.identifier);
    expect((await actorFromCookies(jar))?.userId).toBe(user.id);
    const sid = await sessionIdOf(jar);
    expect(sid).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 random bits
    const row = await db.session.findUniqueOrThrow({ where: { id: sid } });
    expect(row).toMatchObject({ userId: user.id, revokedAt: null, userAgent: "Navigateur de test" });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(12 * HOUR_MS);
  });
});

describe("logout", () => {
  it("revokes that session only, before signing out: a copy of its cookie is refused, the user's other session goes on", async () => {
    const user = await newUser();
    const here = await login(user.identifier);
    const elsewhere = await login(user.identifier);
    const sid = await sessionIdOf(here);
    let revokedWhenSigningOut: Date | null = null;
    auth.signOut.mockImplementationOnce(async () => {
      revokedWhenSigningOut = (await db.session.findUniqueOrThrow({ where: { id: sid } })).revokedAt;
    });

    request.cookies = here;
    await logout();
    expect(auth.signOut).toHaveBeenCalledWith({ redirectTo: "/connexion" });
    expect(revokedWhenSigningOut).toBeInstanceOf(Date);
    // The cookie as it was, kept by whoever copied it.
    expect(await sessionFromCookies(here, SECRET, PLAIN)).not.toBeNull();
    expect(await actorFromCookies(here)).toBeNull();
    expect((await actorFromCookies(elsewhere))?.userId).toBe(user.id);
  });

  it("through Auth.js' own sign-out endpoint revokes it too", async () => {
    const user = await newUser();
    const jar = await login(user.identifier);
    const form = await csrf("http://localhost:3000");
    const response = await Auth(
      new Request("http://localhost:3000/api/auth/signout", {
        method: "POST",
        headers: { cookie: cookieHeader([...form.jar, ...jar]), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken: form.csrfToken }),
      }),
      config,
    );
    expect(response.status).toBe(302);
    expect(await db.session.findUniqueOrThrow({ where: { id: await sessionIdOf(jar) } })).toMatchObject({ revokedAt: expect.any(Date) });
    expect(await actorFromCookies(jar)).toBeNull();
  });
});

describe("the absolute limit, 12 h after login", () => {
  /** A login made `ago` ms before now (the portal's clock; the cookie's JWT is signed at the real time, so runs 8 h from now). */
  async function loginAgo(identifier: string, ago: number): Promise<Jar> {
    setClock(new Date(Date.now() - ago));
    try {
      return await login(identifier);
    } finally {
      setClock(null);
    }
  }

  it("refuses a session opened 12 h 1 min ago though its cookie runs for hours more; 11 h 59 min ago is still fine", async () => {
    const user = await newUser();
    const old = await loginAgo(user.identifier, 12 * HOUR_MS + MINUTE_MS);
    const recent = await loginAgo(user.identifier, 12 * HOUR_MS - MINUTE_MS);
    const token = await sessionFromCookies(old, SECRET, PLAIN);
    expect(token).not.toBeNull(); // the JWT alone would still be accepted
    expect(await actorFromCookies(old)).toBeNull();
    expect((await actorFromCookies(recent))?.userId).toBe(user.id);
    // Any cookie naming that row, however long its JWT runs.
    expect(await actorFromCookies(await craftedJar(user.id, token!.sid, PLAIN, 7 * 24 * 3600))).toBeNull();
  });

  it("is not extended by /api/auth/session: a session past it gets its cookie cleared, not re-signed", async () => {
    const user = await newUser();
    const old = await loginAgo(user.identifier, 12 * HOUR_MS + MINUTE_MS);
    const recent = await loginAgo(user.identifier, 2 * HOUR_MS);
    const refresh = (jar: Jar) => Auth(new Request("http://localhost:3000/api/auth/session", { headers: { cookie: cookieHeader(jar) } }), config);

    const refused = sessionCookies(cookiesOf(await refresh(old)));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((c) => c.value === "")).toBe(true);

    // Within its 12 h, the cookie slides (a new token for the same row).
    const renewed = sessionCookies(cookiesOf(await refresh(recent)));
    expect(renewed[0].value).not.toBe("");
    expect(await sessionIdOf(renewed)).toBe(await sessionIdOf(recent));
    expect((await actorFromCookies(renewed))?.userId).toBe(user.id);
  });
});

describe("a cookie naming a session that is not its own", () => {
  it("refuses another user's session id, an unknown one and a revoked one", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const sid = await sessionIdOf(await login(alice.identifier));
    expect((await actorFromCookies(await craftedJar(alice.id, sid)))?.userId).toBe(alice.id);
    expect(await actorFromCookies(await craftedJar(bob.id, sid))).toBeNull();
    expect(await actorFromCookies(await craftedJar(alice.id, "AAAAAAAAAAAAAAAAAAAAAA"))).toBeNull();
    await db.session.update({ where: { id: sid }, data: { revokedAt: new Date() } });
    expect(await actorFromCookies(await craftedJar(alice.id, sid))).toBeNull();
  });
});

describe("the cookie's name over HTTPS", () => {
  it("refuses the plain name when APP_URL is https, even with a valid token of a live session", async () => {
    const user = await newUser();
    const jar = await login(user.identifier);
    const sid = await sessionIdOf(jar);
    vi.stubEnv("APP_URL", "https://portail.openip.example");
    expect(await actorFromCookies(jar)).toBeNull();
    expect(await actorFromCookies(await craftedJar(user.id, sid, PLAIN))).toBeNull();
    expect((await actorFromCookies(await craftedJar(user.id, sid, SECURE)))?.userId).toBe(user.id);
    // Over HTTP, the other way round.
    vi.stubEnv("APP_URL", "http://localhost:3000");
    expect(await actorFromCookies(await craftedJar(user.id, sid, SECURE))).toBeNull();
    expect((await actorFromCookies(jar))?.userId).toBe(user.id);
  });

  it("Auth.js sets the __Secure- cookie, Secure, when APP_URL is https, whatever the request's own scheme", async () => {
    vi.stubEnv("APP_URL", "https://portail.openip.example");
    vi.resetModules();
    const { authConfig: httpsConfig } = await import("@/lib/server/auth-config");
    const user = await newUser();
    // Behind a proxy that ends TLS, the request Next sees may be plain HTTP.
    const response = await loginResponse(user.identifier, PASSWORD, "http://127.0.0.1:3000", { ...httpsConfig, secret: SECRET, basePath: "/api/auth" });
    const line = response.headers.getSetCookie().find((c) => c.includes("session-token="));
    expect(line).toMatch(/^__Secure-authjs\.session-token=[^;]+;.*; Secure/);
    const jar = sessionCookies(cookiesOf(response));
    expect((await actorFromCookies(jar))?.userId).toBe(user.id);
  });
});

describe("what ends every session of a user", () => {
  it("a password change from Mon profil keeps the session that made it and ends the others", async () => {
    const user = await newUser();
    const here = await login(user.identifier);
    const elsewhere = await login(user.identifier);
    request.cookies = here;
    const form = new FormData();
    form.set("current", PASSWORD);
    form.set("password", "Nouveau#Mot2passe");
    form.set("confirmation", "Nouveau#Mot2passe");
    expect(isRedirect(await changePasswordAction({}, form).catch((error: unknown) => error))).toBe(true);
    expect((await actorFromCookies(here))?.userId).toBe(user.id);
    expect(await actorFromCookies(elsewhere)).toBeNull();
  });

  it("a password reset through a link ends them all", async () => {
    const user = await newUser();
    const jars = [await login(user.identifier), await login(user.identifier)];
    const token = await db.$transaction((tx) => issueToken(tx, user.id, "PASSWORD_RESET"));
    await setPasswordWithToken(token, "Nouveau#Mot2passe", "Nouveau#Mot2passe");
    for (const jar of jars) expect(await actorFromCookies(jar)).toBeNull();
  });

  it("deactivating the user ends them, for good: reactivated, the user logs in again", async () => {
    const user = await newUser();
    const jar = await login(user.identifier);
    await setUserActive(staff, user.id, false);
    await setUserActive(staff, user.id, true);
    expect(await actorFromCookies(jar)).toBeNull();
    expect((await actorFromCookies(await login(user.identifier)))?.userId).toBe(user.id);
  });

  it("deactivating the company ends its users' sessions, which its reactivation does not revive", async () => {
    await insertCompany({ id: COMPANY_ID + 1, name: "Désactivée SARL" });
    const users = [await newUser(COMPANY_ID + 1), await newUser(COMPANY_ID + 1)];
    const jars = [await login(users[0].identifier), await login(users[1].identifier)];
    const outsider = await login((await newUser()).identifier);
    await setCompanyActive(staff, COMPANY_ID + 1, false);
    await setCompanyActive(staff, COMPANY_ID + 1, true);
    for (const jar of jars) expect(await actorFromCookies(jar)).toBeNull();
    expect(await actorFromCookies(outsider)).not.toBeNull();
  });
});
