import { db } from "@/lib/server/db";
import { clientKey } from "@/lib/client-address";
import { now } from "@/lib/server/clock";
import { decoyHash, verifyPassword } from "@/lib/server/password";
import { sendMail } from "@/lib/server/mail";
import { audit } from "@/lib/server/audit";
import { beforeGates, gatesAfterFailure, overLimit, shouldAlertUser, THROTTLE, type FailureCounts } from "@/lib/domain/login-throttle";
import { normalizeUserIdentifier } from "@/lib/domain/identifiers";
import { Prisma } from "@/lib/generated/prisma/client";

export type LoginResult = { ok: true; userId: number } | { ok: false };

/** The ThrottleGate keys of an attempt (documented on the model). */
function gateKeys(identifier: string, ip: string) {
  return { pair: `login:pair:${identifier}|${ip}`, ip: `login:ip:${ip}`, identifier: `login:id:${identifier}` };
}

/** The failures that bear on an attempt, its own row and the running attempts' rows included, counted in one query. */
async function countFailures(attemptId: bigint, identifier: string, ip: string, at: Date): Promise<FailureCounts> {
  const windowStart = new Date(at.getTime() - THROTTLE.windowMs);
  const hourStart = new Date(at.getTime() - THROTTLE.identifierWindowMs);
  const [counts] = await db.$queryRaw<FailureCounts[]>`
    SELECT
      count(*) FILTER (WHERE "identifier" = ${identifier} AND "ip" = ${ip} AND "at" > ${windowStart}::timestamptz)::int AS "pair",
      count(*) FILTER (WHERE "ip" = ${ip} AND "at" > ${windowStart}::timestamptz)::int AS "ip",
      count(*) FILTER (WHERE "identifier" = ${identifier} AND "at" > ${hourStart}::timestamptz)::int AS "identifier",
      max("at") FILTER (WHERE "identifier" = ${identifier} AND "at" > ${hourStart}::timestamptz AND "id" <> ${attemptId}) AS "previousIdentifierFailureAt"
    FROM "LoginAttempt"
    WHERE NOT "success"
      AND (("identifier" = ${identifier} AND "at" > ${hourStart}::timestamptz) OR ("ip" = ${ip} AND "at" > ${windowStart}::timestamptz))`;
  return counts;
}

/** Moves the gates a failure sets forward, never back (two failures at once keep the later time). */
async function advanceGates(identifier: string, ip: string, counts: FailureCounts, at: Date) {
  const keys = gateKeys(identifier, ip);
  const gates = gatesAfterFailure(counts, at);
  const rows = (["pair", "ip", "identifier"] as const).flatMap((gate) => {
    const notBefore = gates[gate];
    return notBefore ? [Prisma.sql`(${keys[gate]}, ${notBefore}::timestamptz)`] : [];
  });
  if (rows.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "ThrottleGate" ("key", "notBefore") VALUES ${Prisma.join(rows)}
    ON CONFLICT ("key") DO UPDATE SET "notBefore" = GREATEST("ThrottleGate"."notBefore", EXCLUDED."notBefore")`;
}

async function alertUser(identifier: string) {
  const user = await db.user.findUnique({ where: { identifier } });
  if (!user) return;
  await sendMail({
    to: user.email,
    kind: "login-alert",
    subject: "MyOpenIP : tentatives de connexion inhabituelles",
    text: [
      `Bonjour ${user.name},`,
      "",
      `Plus de ${THROTTLE.alertAfter} tentatives de connexion ont échoué sur votre identifiant ${user.identifier} au cours de la dernière heure.`,
      "Si ce n'était pas vous, nous vous conseillons de changer votre mot de passe et de prévenir le service clients OpenIP.",
    ].join("\n"),
  });
}

/**
 * One password guess on `identifier` from `ip` under the login throttle (SPEC §2, §17): what `check` returns when it
 * ran and passed, null otherwise. An attempt before one of its not-before times is refused at once and not recorded:
 * it tried nothing, and recording it would let anyone keep a lock or a delay running, or fill the table, for free.
 * Otherwise the attempt is recorded as a failure first, so that attempts running at the same time count each other,
 * and `check` runs only when the counts allow it; an attempt refused there or failed stays a failure and moves the
 * gates forward.
 */
export async function throttledPasswordCheck<T>(identifier: string, address: string, check: () => Promise<T | null>): Promise<T | null> {
  // An IPv6 client holds a whole /64: it counts as one address.
  const ip = clientKey(address);
  const at = now();
  const keys = gateKeys(identifier, ip);
  const gates = await db.throttleGate.findMany({ where: { key: { in: [keys.pair, keys.ip, keys.identifier] } }, select: { notBefore: true } });
  if (beforeGates(gates.map((g) => g.notBefore), at)) return null;

  const attempt = await db.loginAttempt.create({ data: { identifier, ip, success: false, at }, select: { id: true } });
  const counts = await countFailures(attempt.id, identifier, ip, at);
  const passed = overLimit(counts, at) ? null : await check();
  if (passed !== null) {
    await db.loginAttempt.update({ where: { id: attempt.id }, data: { success: true } });
    return passed;
  }
  await advanceGates(identifier, ip, counts, at);
  if (shouldAlertUser(counts.identifier)) await alertUser(identifier);
  return null;
}

/**
 * Checks a login (SPEC §2). Every refusal looks the same to the caller: wrong identifier, wrong password, no
 * password yet, deactivated user or company, or a throttled identifier or address.
 */
export async function verifyLogin(rawIdentifier: string, password: string, ip: string): Promise<LoginResult> {
  const identifier = normalizeUserIdentifier(rawIdentifier) ?? rawIdentifier.trim().slice(0, 64);
  const user = await throttledPasswordCheck(identifier, ip, async () => {
    const user = await db.user.findUnique({ where: { identifier }, include: { company: true } });
    // The decoy hash when there is no user, so that both paths take the same time.
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
    return passwordOk && user?.passwordHash && user.active && user.company.active ? user : null;
  });
  if (!user) return { ok: false };
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now() } });
    await audit(tx, { actorId: user.id, action: "user.login", targetType: "User", targetId: user.identifier, companyId: user.companyId });
  });
  return { ok: true, userId: user.id };
}
