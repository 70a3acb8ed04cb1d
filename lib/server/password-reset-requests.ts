import "server-only";
import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { issueToken } from "@/lib/server/user-tokens";
import { requestInfo } from "@/lib/server/request-info";
import { sendPasswordResetEmail } from "@/lib/server/emails";
import { normalizeUserIdentifier } from "@/lib/domain/identifiers";
import { RESET_THROTTLE, resetRequestAllowed, type ResetRequestCounts } from "@/lib/domain/reset-throttle";
import { clientKey } from "@/lib/client-address";

/** The one answer to a reset request, whatever happened (SPEC §2). */
export const RESET_REQUEST_ANSWER =
  "Si cet identifiant correspond à un compte actif, un email contenant un lien de réinitialisation (valide 1 heure) vient d'être envoyé à son adresse.";

/** Runs work once the answer has gone: Next's `after()` in the server action; at once, awaited, by default. */
export type AfterAnswer = (work: () => Promise<void>) => void | Promise<void>;

async function countRequests(identifier: string, ip: string, at: Date): Promise<ResetRequestCounts> {
  const since = new Date(at.getTime() - RESET_THROTTLE.windowMs);
  const [counts] = await db.$queryRaw<ResetRequestCounts[]>`
    SELECT
      count(*) FILTER (WHERE "identifier" = ${identifier})::int AS "identifier",
      count(*) FILTER (WHERE "ip" = ${ip})::int AS "ip"
    FROM "ResetRequest"
    WHERE "at" > ${since}::timestamptz AND ("identifier" = ${identifier} OR "ip" = ${ip})`;
  return counts;
}

/**
 * Forgotten password (SPEC §2), from `ip` (the request's address by default; an IPv6 address counts by its /64). The
 * request is recorded first, so that requests at the same time count each other; a throttled one is deleted, so that
 * only accepted requests count and nobody can use up another user's share from elsewhere without being counted too.
 * Within the limits the lookup, the token and the email are left to `afterAnswer`. Before the answer only that insert
 * and that count run, the same for every identifier: the answer says nothing, by its text or its time, about the account.
 */
export async function requestPasswordReset(
  rawIdentifier: string,
  { ip, afterAnswer = (work) => work() }: { ip?: string; afterAnswer?: AfterAnswer } = {},
): Promise<string> {
  const identifier = normalizeUserIdentifier(rawIdentifier) ?? rawIdentifier.trim().slice(0, 64);
  const address = clientKey(ip ?? (await requestInfo()).ip);
  const at = now();
  const request = await db.resetRequest.create({ data: { identifier, ip: address, at }, select: { id: true } });
  if (resetRequestAllowed(await countRequests(identifier, address, at))) await afterAnswer(() => sendResetLink(identifier));
  else await db.resetRequest.delete({ where: { id: request.id } });
  return RESET_REQUEST_ANSWER;
}

/** Mails an active user who has a password a 1-hour reset link, which supersedes their earlier ones; nothing for anyone else. */
async function sendResetLink(identifier: string) {
  const user = await db.user.findUnique({ where: { identifier }, include: { company: true } });
  if (!user || !user.active || !user.company.active || !user.passwordHash) return;
  const token = await db.$transaction(async (tx) => {
    const token = await issueToken(tx, user.id, "PASSWORD_RESET");
    await audit(tx, { actorId: user.id, action: "user.password-reset-request", targetType: "User", targetId: user.identifier, companyId: user.companyId });
    return token;
  });
  await sendPasswordResetEmail(user, token);
}
