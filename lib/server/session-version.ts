import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Keeping the current session after a password change (issue 4, *Mon profil*). The change bumps the
 * user's sessionVersion, which ends every session; the action that made it then moves its own session
 * to the new version with `unstable_update(sessionVersionGrant(…))`.
 *
 * Auth.js also lets any browser holding a session cookie post `{ data }` to /api/auth/session, and
 * that data reaches the `jwt` callback as an "update" exactly as `unstable_update`'s does. A session
 * version taken from it as is would let an ended session (a stolen cookie) revive itself by posting
 * the next number. So the callback only accepts a version carried by a grant: a MAC under a random key
 * that never leaves this process. `unstable_update` runs the callback in the same process and request
 * as the action, so the key needs no configuration and no storage.
 */

type Grant = { uid: number; from: number; to: number; mac: string };

const holder = globalThis as unknown as { __myopenipSessionGrantKey?: Buffer };

function key(): Buffer {
  holder.__myopenipSessionGrantKey ??= randomBytes(32);
  return holder.__myopenipSessionGrantKey;
}

function mac(uid: number, from: number, to: number): string {
  return createHmac("sha256", key()).update(`session-version:${uid}:${from}:${to}`).digest("base64url");
}

/** What the action passes to `unstable_update` once user `uid`'s sessionVersion went from `from` to `to`. */
export function sessionVersionGrant(uid: number, from: number, to: number): { sessionVersionGrant: Grant } {
  return { sessionVersionGrant: { uid, from, to, mac: mac(uid, from, to) } };
}

const isInt = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n);

/**
 * For the `jwt` callback on an "update": the session version to put in `token`, or null when `update`
 * carries no valid grant for this very session (another user, another starting version, a forged MAC).
 */
export function grantedSessionVersion(token: Record<string, unknown>, update: unknown): number | null {
  const grant = (update as { sessionVersionGrant?: Partial<Grant> } | null | undefined)?.sessionVersionGrant;
  if (!grant || typeof grant !== "object") return null;
  const { uid, from, to, mac: given } = grant;
  if (!isInt(uid) || !isInt(from) || !isInt(to) || typeof given !== "string") return null;
  if (uid !== token.uid || from !== token.sv || to <= from) return null;
  const expected = Buffer.from(mac(uid, from, to));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? to : null;
}
