import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { decoyHash, verifyPassword } from "@/lib/server/password";
import { sendMail } from "@/lib/server/mail";
import { audit } from "@/lib/server/audit";
import { loginThrottle, shouldAlertUser, THROTTLE } from "@/lib/domain/login-throttle";
import { normalizeUserIdentifier } from "@/lib/domain/identifiers";

export type LoginResult = { ok: true; userId: number; sessionVersion: number } | { ok: false };

/** The throttling delay (tests recognise it by this name in the stack). */
function throttleDelay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Checks a login (SPEC §2). Every refusal looks the same to the caller: wrong identifier, wrong
 * password, no password yet, deactivated user or company, or a throttled identifier or address.
 * Attempts are kept in the database so throttling holds across processes and restarts.
 */
export async function verifyLogin(rawIdentifier: string, password: string, ip: string): Promise<LoginResult> {
  const identifier = normalizeUserIdentifier(rawIdentifier) ?? rawIdentifier.trim().slice(0, 64);
  const at = now();
  const since = new Date(at.getTime() - THROTTLE.identifierWindowMs);
  const failures = await db.loginAttempt.findMany({
    where: { success: false, at: { gte: since }, OR: [{ identifier }, { ip }] },
    select: { identifier: true, ip: true, at: true },
  });
  const decision = loginThrottle({
    now: at,
    failuresForIdentifierAndIp: failures.filter((f) => f.identifier === identifier && f.ip === ip).map((f) => f.at),
    failuresForIp: failures.filter((f) => f.ip === ip).map((f) => f.at),
    failuresForIdentifier: failures.filter((f) => f.identifier === identifier).map((f) => f.at),
  });
  if (decision.delayMs > 0) await throttleDelay(decision.delayMs);

  const user = await db.user.findUnique({ where: { identifier }, include: { company: true } });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  const ok = !decision.refused && !!user?.passwordHash && passwordOk && user.active && user.company.active;

  await db.loginAttempt.create({ data: { identifier, ip, success: ok, at } });
  if (ok) {
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: at } });
      await audit(tx, { actorId: user.id, action: "user.login", targetType: "User", targetId: user.identifier, companyId: user.companyId });
    });
    return { ok: true, userId: user.id, sessionVersion: user.sessionVersion };
  }
  const identifierFailures = failures.filter((f) => f.identifier === identifier).length + 1;
  if (user && shouldAlertUser(identifierFailures)) {
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
  return { ok: false };
}
