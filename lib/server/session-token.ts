import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";

/** A session cookie's content: the user, the `Session` row it names (lib/server/sessions.ts) and the universe hint. */
export type PortalSession = { uid: number; sid: string; universe: string | null };

const PLAIN_COOKIE = "authjs.session-token";
const SECURE_COOKIE = "__Secure-authjs.session-token";

/** Secure cookies exactly when the portal is served over HTTPS (SPEC §17); Auth.js is configured with the same answer. */
export function usesSecureCookies(appUrl = process.env.APP_URL): boolean {
  return /^https:\/\//i.test(appUrl ?? "");
}

/** The one session cookie name accepted: over HTTPS only the `__Secure-` one, which no plain-HTTP page can set. */
export function sessionCookieName(appUrl = process.env.APP_URL): string {
  return usesSecureCookies(appUrl) ? SECURE_COOKIE : PLAIN_COOKIE;
}

/** The secret next-auth itself takes. */
export function authSecret(): string | undefined {
  return process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
}

const decoded = new Map<string, PortalSession & { expiresAt: number }>();
const DECODED_MAX = 10_000;

/**
 * The session a request's cookies carry, read as Auth.js' `auth()` reads it (the token decrypted with the
 * secret, refused once expired) without its session endpoint: `auth()` builds a request, runs the callbacks
 * and encrypts a new token that a page cannot set, 3 ms of CPU on every page (issue 10). A token is
 * decrypted once per process and kept until it expires: the same token always holds the same session, and
 * `loadActor` checks the user and the session row on every request. Auth.js splits a long token in chunks
 * (name.0, name.1…).
 */
export async function sessionFromCookies(jar: { name: string; value: string }[], secret: string | undefined, cookieName = sessionCookieName()): Promise<PortalSession | null> {
  if (!secret) return null;
  const token = jar
    .filter((c) => c.name === cookieName || c.name.startsWith(`${cookieName}.`))
    .sort((a, b) => chunkIndex(a.name) - chunkIndex(b.name))
    .map((c) => c.value)
    .join("");
  if (!token) return null;
  const known = decoded.get(`${cookieName}=${token}`);
  if (known) return known.expiresAt > Date.now() ? session(known) : null;
  const payload = await decode({ token, secret, salt: cookieName }).catch(() => null);
  if (!payload || typeof payload.uid !== "number" || typeof payload.sid !== "string" || typeof payload.exp !== "number") return null;
  const entry = { uid: payload.uid, sid: payload.sid, universe: typeof payload.universe === "string" ? payload.universe : null, expiresAt: payload.exp * 1000 };
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  decoded.set(`${cookieName}=${token}`, entry);
  return session(entry);
}

/** The session of this request (pages, actions and routes). */
export async function readSession(): Promise<PortalSession | null> {
  // cookies() first: it is what makes every signed-in page dynamic, also where AUTH_SECRET is unset (next build).
  const jar = (await cookies()).getAll();
  return sessionFromCookies(jar, authSecret());
}

function chunkIndex(name: string): number {
  const n = Number(name.slice(name.lastIndexOf(".") + 1));
  return Number.isInteger(n) ? n : -1;
}

function session({ uid, sid, universe }: PortalSession): PortalSession {
  return { uid, sid, universe };
}
