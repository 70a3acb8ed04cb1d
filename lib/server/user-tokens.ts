import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "@/lib/server/db";
import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { looksLikeToken, tokenExpiry, tokenStatus, type TokenPurpose } from "@/lib/domain/tokens";

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Issues a single-use link token; a new one supersedes the user's earlier unused tokens of the same
 * purpose (SPEC §2). Only its hash is stored; the raw token goes into the email and nowhere else.
 */
export async function issueToken(tx: Tx, userId: number, purpose: TokenPurpose, newEmail?: string): Promise<string> {
  const at = now();
  await tx.userToken.updateMany({
    where: { userId, purpose, usedAt: null, supersededAt: null },
    data: { supersededAt: at },
  });
  const token = randomBytes(32).toString("base64url");
  await tx.userToken.create({
    data: { userId, purpose, tokenHash: sha256(token), sentAt: at, expiresAt: tokenExpiry(purpose, at), newEmail },
  });
  return token;
}

/** The token behind a link with its status; null for anything that is not one of ours. */
export async function findToken(token: string, purposes: TokenPurpose[]) {
  if (!looksLikeToken(token)) return null;
  const found = await db.userToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: { include: { company: true } } } });
  if (!found || !purposes.includes(found.purpose)) return null;
  return { ...found, status: tokenStatus(found, now()) };
}

/**
 * Marks the token used if it still is valid; false when another request used it first (the
 * conditional update is the guard against a double submit).
 */
export async function consumeToken(tx: Tx, tokenId: number): Promise<boolean> {
  const at = now();
  const { count } = await tx.userToken.updateMany({
    where: { id: tokenId, usedAt: null, supersededAt: null, expiresAt: { gt: at } },
    data: { usedAt: at },
  });
  return count === 1;
}
