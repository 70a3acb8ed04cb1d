import "server-only";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import type { RequestInfo } from "@/lib/server/request-info";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Sessions are rows (SPEC §17): the session cookie names one, and `loadActor` refuses a cookie whose row is
 * revoked or past its absolute end. The cookie itself keeps Auth.js' 8 h sliding expiry.
 */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

/** Ended sessions are kept this long after their end (who logged in from where), then dropped at the user's next login. */
const ENDED_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

/** One user, or every user of a company (deactivating a company ends its users' sessions). */
export type Accounts = { userId: number } | { companyId: number };

export function accountsWhere(accounts: Accounts): Prisma.UserWhereInput {
  return "userId" in accounts ? { id: accounts.userId } : { companyId: accounts.companyId };
}

/** Opens a session for a successful login: 128 random bits name it. */
export async function openSession(userId: number, { ip, userAgent }: RequestInfo): Promise<{ id: string; expiresAt: Date }> {
  const createdAt = now();
  const expiresAt = new Date(createdAt.getTime() + SESSION_ABSOLUTE_MS);
  const id = randomBytes(16).toString("base64url");
  await db.$transaction([
    db.session.deleteMany({ where: { userId, expiresAt: { lt: new Date(createdAt.getTime() - ENDED_KEPT_MS) } } }),
    db.session.create({ data: { id, userId, createdAt, expiresAt, ip: ip.slice(0, 64), userAgent: userAgent.slice(0, 512) } }),
  ]);
  return { id, expiresAt };
}

/** Logout: that session only. */
export async function revokeSession(sessionId: string, userId: number): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: now() } });
}

/** Ends every open session of `accounts` but `keep` (the one that changed its own password). */
export async function revokeSessions(tx: Tx, accounts: Accounts, keep?: string): Promise<void> {
  const at = now();
  await tx.session.updateMany({
    where: {
      ...("userId" in accounts ? { userId: accounts.userId } : { user: accountsWhere(accounts) }),
      ...(keep !== undefined && { id: { not: keep } }),
      revokedAt: null,
      expiresAt: { gt: at },
    },
    data: { revokedAt: at },
  });
}
