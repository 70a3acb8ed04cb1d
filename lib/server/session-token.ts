import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";

export type PortalSession = { uid: number; sv: number; universe: string | null };

/** The session cookie: Auth.js prefixes its name with __Secure- over HTTPS and splits a long token in chunks (name.0, name.1…). */
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

const decoded = new Map<string, PortalSession & { expiresAt: number }>();
const DECODED_MAX = 10_000;

/**
 * The session a request's cookies carry, read as Auth.js' `auth()` reads it (the token decrypted with the
 * secret, refused once expired) without its session endpoint: `auth()` builds a request, runs the callbacks
 * and encrypts a new token that a page cannot set, 3 ms of CPU on every page (issue 10). A token is
 * decrypted once per process and kept until it expires: the same token always holds the same session, and
 * `loadActor` still checks the user and the session version on every request.
 */
export async function sessionFromCookies(jar: { name: string; value: string }[], secret: string | undefined): Promise<PortalSession | null> {
  if (!secret) return null;
  for (const salt of SESSION_COOKIES) {
    const token = jar
      .filter((c) => c.name === salt || c.name.startsWith(`${salt}.`))
      .sort((a, b) => chunkIndex(a.name) - chunkIndex(b.name))
      .map((c) => c.value)
      .join("");
    if (!token) continue;
    const known = decoded.get(`${salt}=${token}`);
    if (known) return known.expiresAt > Date.now() ? session(known) : null;
    const payload = await decode({ token, secret, salt }).catch(() => null);
    if (!payload || typeof payload.uid !== "number" || typeof payload.exp !== "number") return null;
    const entry = { uid: payload.uid, sv: Number(payload.sv ?? 0), universe: typeof payload.universe === "string" ? payload.universe : null, expiresAt: payload.exp * 1000 };
    if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
    decoded.set(`${salt}=${token}`, entry);
    return session(entry);
  }
  return null;
}

/** The session of this request (pages, actions and routes). */
export async function readSession(): Promise<PortalSession | null> {
  // cookies() first: it is what makes every signed-in page dynamic, also where AUTH_SECRET is unset (next build).
  const jar = (await cookies()).getAll();
  // The secret next-auth itself takes (lib/env.js).
  return sessionFromCookies(jar, process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET);
}

function chunkIndex(name: string): number {
  const n = Number(name.slice(name.lastIndexOf(".") + 1));
  return Number.isInteger(n) ? n : -1;
}

function session({ uid, sv, universe }: PortalSession): PortalSession {
  return { uid, sv, universe };
}
