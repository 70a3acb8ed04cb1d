import "server-only";
import { z } from "zod";
import { singleLineText } from "@/lib/domain/text";
import { db, type Tx } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { requestInfo } from "@/lib/server/request-info";
import { hashPassword, verifyPassword } from "@/lib/server/password";
import { consumeToken, findToken, issueToken } from "@/lib/server/user-tokens";
import { accountsWhere, revokeSessions, type Accounts } from "@/lib/server/sessions";
import { sendEmailChangeConfirmationEmail, sendEmailChangeRequestedNoticeEmail, sendPasswordChangedEmail } from "@/lib/server/emails";
import { passwordPolicyErrors } from "@/lib/domain/password-policy";
import { throttledPasswordCheck } from "@/lib/server/login";
import { normalizeFrenchPhone } from "@/lib/domain/phone";
import { DomainError } from "@/lib/domain/errors";
import type { TokenPurpose, TokenStatus } from "@/lib/domain/tokens";
import type { Actor } from "@/lib/server/authz";

/**
 * *Mon profil* (issue 4): every user reads and edits their own name, email and phone, changes their
 * password and sees which terms version they accepted. The actor is the only target: nothing here
 * takes a user id from the request. Changing the email or the password asks for the current password
 * (issue 32): a stolen session alone cannot take the account over.
 */

export async function getProfile(actor: Actor) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    include: {
      company: { select: { id: true, name: true } },
      termsAcceptances: { orderBy: [{ acceptedAt: "desc" }, { id: "desc" }], take: 1, include: { termsVersion: true } },
    },
  });
  const acceptance = user.termsAcceptances[0];
  return {
    identifier: user.identifier,
    name: user.name,
    email: user.email,
    phone: user.phone,
    pendingEmail: user.pendingEmail,
    role: user.role,
    staffRole: user.staffRole,
    company: user.company,
    terms: acceptance
      ? { label: acceptance.termsVersion.label, effectiveAt: acceptance.termsVersion.effectiveAt, acceptedAt: acceptance.acceptedAt }
      : null,
  };
}
export type Profile = Awaited<ReturnType<typeof getProfile>>;

// ---------------------------------------------------------------------------------------------
// Name, phone, email

export const PHONE_INVALID = "Le numéro de téléphone n'est pas valide : saisissez un numéro français, par exemple 01 23 45 67 89 ou +33 6 12 34 56 78.";

/** An email address typed in a form: trimmed, lower-cased, required. */
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "L'adresse email est obligatoire.")
  .max(254, "L'adresse email ne doit pas dépasser 254 caractères.")
  .pipe(z.email("L'adresse email n'est pas valide."));

/** An optional phone number in any French format, stored as `01 23 45 67 89`; empty is null. */
export const phoneField = z
  .string()
  .max(40, PHONE_INVALID)
  .transform((s, ctx) => {
    if (s.trim() === "") return null;
    return normalizeFrenchPhone(s) ?? (ctx.addIssue({ code: "custom", message: PHONE_INVALID }), z.NEVER);
  });

export const profileSchema = z.object({
  name: singleLineText().min(1, "Le nom est obligatoire.").max(120, "Le nom ne doit pas dépasser 120 caractères."),
  email: emailField,
  phone: phoneField,
  /** Required only when the email changes. */
  current: z.string().max(1024, "Le mot de passe actuel est incorrect.").default(""),
});
export type ProfileInput = z.infer<typeof profileSchema>;

export type ProfileUpdate = {
  /** Fields changed at once. */
  changed: ("name" | "phone")[];
  /** The new address a confirmation link was sent to, if the email is to change. */
  emailConfirmationSentTo: string | null;
};

export const EMAIL_CHANGE_NEEDS_PASSWORD = "Saisissez votre mot de passe actuel pour changer d'adresse email.";
export const PROFILE_CHANGED_ELSEWHERE = "Votre compte vient d'être modifié par ailleurs : rechargez la page et recommencez.";

/**
 * Name and phone change at once. A different email only becomes pending, and only with the current
 * password (nothing at all is saved without it): a confirmation link goes to the new address
 * (superseding any earlier one) and a notice to the current one; `email` changes when the link is used
 * (`confirmEmailChange`). Submitting the current address leaves a pending change alone; submitting the
 * pending one again sends a fresh link.
 */
export async function updateProfile(actor: Actor, input: ProfileInput): Promise<ProfileUpdate> {
  const checked = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (input.email !== checked.email.toLowerCase()) {
    if (input.current === "") throw new DomainError(EMAIL_CHANGE_NEEDS_PASSWORD, { current: [EMAIL_CHANGE_NEEDS_PASSWORD] });
    if (!(await currentPasswordOk(checked, input.current))) throw new DomainError(WRONG_CURRENT_PASSWORD, { current: [WRONG_CURRENT_PASSWORD] });
  }
  const { user, changed, token } = await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId } });
    // What decided whether the password was needed, and the password checked, still hold (another tab).
    if (user.email !== checked.email || user.passwordHash !== checked.passwordHash) throw new DomainError(PROFILE_CHANGED_ELSEWHERE);
    const changed: ProfileUpdate["changed"] = [];
    if (input.name !== user.name) changed.push("name");
    if (input.phone !== user.phone) changed.push("phone");
    if (changed.length > 0) {
      await tx.user.update({ where: { id: user.id }, data: { name: input.name, phone: input.phone } });
      await audit(tx, { actorId: actor.userId, action: "user.profile-update", targetType: "User", targetId: user.identifier, companyId: user.companyId, details: { fields: changed } });
    }
    let token: string | null = null;
    if (input.email !== user.email.toLowerCase()) {
      token = await issueToken(tx, user.id, "EMAIL_CHANGE", input.email);
      await tx.user.update({ where: { id: user.id }, data: { pendingEmail: input.email } });
      await audit(tx, { actorId: actor.userId, action: "user.email-change-request", targetType: "User", targetId: user.identifier, companyId: user.companyId, details: { to: input.email } });
    }
    return { user: { ...user, name: input.name }, changed, token };
  });
  if (token) {
    await sendEmailChangeConfirmationEmail(user, input.email, token);
    await sendEmailChangeRequestedNoticeEmail(user, input.email);
  }
  return { changed, emailConfirmationSentTo: token ? input.email : null };
}

/** *Renvoyer le lien*: a fresh link to the pending address (the earlier one stops working). */
export async function resendEmailChange(actor: Actor): Promise<string> {
  const sent = await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId } });
    if (!user.pendingEmail) return null;
    const token = await issueToken(tx, user.id, "EMAIL_CHANGE", user.pendingEmail);
    await audit(tx, { actorId: actor.userId, action: "user.email-change-request", targetType: "User", targetId: user.identifier, companyId: user.companyId, details: { to: user.pendingEmail, resent: true } });
    return { user, to: user.pendingEmail, token };
  });
  if (!sent) throw new DomainError("Aucun changement d'adresse email n'est en attente.");
  await sendEmailChangeConfirmationEmail(sent.user, sent.to, sent.token);
  return sent.to;
}

/** *Annuler le changement*: the pending address is dropped and its links stop working. */
export async function cancelEmailChange(actor: Actor): Promise<void> {
  const cancelled = await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId } });
    if (!user.pendingEmail) return false;
    await dropPendingEmailChanges(tx, { userId: user.id });
    await audit(tx, { actorId: actor.userId, action: "user.email-change-cancel", targetType: "User", targetId: user.identifier, companyId: user.companyId, details: { to: user.pendingEmail } });
    return true;
  });
  if (!cancelled) throw new DomainError("Aucun changement d'adresse email n'est en attente.");
}

/** Supersedes the unused links of `accounts` for `purposes`: they show "no longer valid". */
async function supersedeLinks(tx: Tx, accounts: Accounts, purposes: TokenPurpose[]): Promise<void> {
  await tx.userToken.updateMany({
    where: { ...("userId" in accounts ? { userId: accounts.userId } : { user: accountsWhere(accounts) }), purpose: { in: purposes }, usedAt: null, supersededAt: null },
    data: { supersededAt: now() },
  });
}

/** Drops the pending email change of `accounts` and supersedes its links (*Annuler le changement*). */
export async function dropPendingEmailChanges(tx: Tx, accounts: Accounts): Promise<void> {
  await supersedeLinks(tx, accounts, ["EMAIL_CHANGE"]);
  await tx.user.updateMany({ where: { ...accountsWhere(accounts), pendingEmail: { not: null } }, data: { pendingEmail: null } });
}

/**
 * Ends every link of `accounts` still waiting (email change, password initialisation and reset) and their pending
 * address: on a password change or a password set through a link, and on a deactivation (issue 32).
 */
export async function dropPendingLinks(tx: Tx, accounts: Accounts): Promise<void> {
  await dropPendingEmailChanges(tx, accounts);
  await supersedeLinks(tx, accounts, ["PASSWORD_INIT", "PASSWORD_RESET"]);
}

export const EMAIL_LINK_INVALID_MESSAGE =
  "Ce lien n'est plus valide. Pour changer l'adresse email de votre compte, refaites la demande depuis la page Mon profil de MyOpenIP : un nouveau lien vous sera envoyé.";

/** The token behind a confirmation link, with its status (the page shows why a link is refused). */
export async function findEmailChangeToken(token: string) {
  const found = await findToken(token, ["EMAIL_CHANGE"]);
  if (!found) return null;
  // A valid link whose change was cancelled meanwhile, or whose user may no longer log in, is simply not valid.
  const stale = !found.newEmail || found.user.pendingEmail !== found.newEmail || !found.user.active || !found.user.company.active;
  const status: TokenStatus | "invalid" = found.status === "valid" && stale ? "invalid" : found.status;
  return { id: found.id, userId: found.userId, newEmail: found.newEmail ?? "", status };
}

/**
 * Confirms an email change from the link mailed to the new address: single use, 24 hours, only the
 * latest link of the user. Needs no session: holding the link proves the address.
 */
export async function confirmEmailChange(token: string): Promise<{ email: string }> {
  const found = await findEmailChangeToken(token);
  if (!found || found.status !== "valid") throw new DomainError(EMAIL_LINK_INVALID_MESSAGE);
  await db.$transaction(async (tx) => {
    if (!(await consumeToken(tx, found.id))) throw new DomainError(EMAIL_LINK_INVALID_MESSAGE);
    const user = await tx.user.findUniqueOrThrow({ where: { id: found.userId } });
    if (user.pendingEmail !== found.newEmail) throw new DomainError(EMAIL_LINK_INVALID_MESSAGE);
    await tx.user.update({ where: { id: user.id }, data: { email: found.newEmail, pendingEmail: null } });
    // A password link mailed to the old address stops working.
    await supersedeLinks(tx, { userId: user.id }, ["PASSWORD_INIT", "PASSWORD_RESET"]);
    await audit(tx, { actorId: user.id, action: "user.email-change-confirm", targetType: "User", targetId: user.identifier, companyId: user.companyId, details: { from: user.email, to: found.newEmail } });
  });
  return { email: found.newEmail };
}

// ---------------------------------------------------------------------------------------------
// Password

export const WRONG_CURRENT_PASSWORD = "Le mot de passe actuel est incorrect.";
export const SAME_AS_CURRENT_PASSWORD = "Le nouveau mot de passe doit être différent de l'actuel.";
export const PASSWORD_CHANGED_ELSEWHERE = "Votre mot de passe vient d'être modifié par ailleurs : rechargez la page et recommencez.";

export const passwordChangeSchema = z.object({
  current: z.string().min(1, "Saisissez votre mot de passe actuel.").max(1024, WRONG_CURRENT_PASSWORD),
  // The policy (lib/domain/password-policy.ts) gives the French messages; the bound only stops huge inputs.
  password: z.string().max(1024, "128 caractères au maximum"),
  confirmation: z.string().max(1024, "La confirmation ne correspond pas au mot de passe"),
});
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/**
 * Checks the user's current password. Guessing it from an open session is a login attempt like any other: recorded
 * with the login attempts, under the same throttling (SPEC §2, *Login*).
 */
async function currentPasswordOk(user: { identifier: string; passwordHash: string | null }, password: string): Promise<boolean> {
  const { ip } = await requestInfo();
  const hash = user.passwordHash;
  const ok = await throttledPasswordCheck(user.identifier, ip, async () => (hash && (await verifyPassword(hash, password)) ? true : null));
  return ok === true;
}

/**
 * Changes the actor's password: the current one is checked, the new one follows the policy of SPEC §2
 * and differs from it. Every other session of the user ends (`keepSession`, the one making the change,
 * goes on), and so does a pending email change (issue 32).
 */
export async function changePassword(actor: Actor, input: PasswordChange, keepSession: string | null): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  const at = now();
  const errors: Record<string, string[]> = {};

  const currentOk = await currentPasswordOk(user, input.current);
  if (!currentOk) errors.current = [WRONG_CURRENT_PASSWORD];
  const problems = passwordPolicyErrors(input.password, input.confirmation, user.identifier);
  if (currentOk && problems.length === 0 && input.password === input.current) problems.push(SAME_AS_CURRENT_PASSWORD);
  if (problems.length > 0) errors.password = problems;
  if (errors.current || errors.password) {
    const message = !errors.password ? WRONG_CURRENT_PASSWORD : !errors.current ? "Le mot de passe ne respecte pas les règles de sécurité." : "Le formulaire contient des erreurs.";
    throw new DomainError(message, errors);
  }

  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    // Conditional on what was checked: a concurrent change (another tab) makes this one fail, not overwrite it.
    const { count } = await tx.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
    if (count !== 1) throw new DomainError(PASSWORD_CHANGED_ELSEWHERE);
    await revokeSessions(tx, { userId: user.id }, keepSession ?? undefined);
    // A reset link asked for before the change must not undo it.
    await dropPendingLinks(tx, { userId: user.id });
    await audit(tx, { actorId: actor.userId, action: "user.password-change", targetType: "User", targetId: user.identifier, companyId: user.companyId });
  });
  await sendPasswordChangedEmail(user, at);
}
