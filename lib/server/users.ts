import { z } from "zod";
import { singleLineText } from "@/lib/domain/text";
import { db, type Tx } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { nextNumber } from "@/lib/server/counters";
import { hashPassword } from "@/lib/server/password";
import { consumeToken, findToken, issueToken } from "@/lib/server/user-tokens";
import { revokeSessions } from "@/lib/server/sessions";
import { dropPendingLinks } from "@/lib/server/profile";
import { sendPasswordInitEmail } from "@/lib/server/emails";
import { formatUserIdentifier } from "@/lib/domain/identifiers";
import { passwordPolicyErrors } from "@/lib/domain/password-policy";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/server/authz";
import type { StaffRole } from "@/lib/generated/prisma/enums";

export const newUserSchema = z.object({
  name: singleLineText().min(1, "Le nom est obligatoire.").max(120, "Le nom ne doit pas dépasser 120 caractères."),
  email: z
    .string()
    .trim()
    .max(254, "L'adresse email ne doit pas dépasser 254 caractères.")
    .pipe(z.email("L'adresse email n'est pas valide.")),
  role: z.enum(["ADMINISTRATEUR", "UTILISATEUR"], "Choisissez un rôle."),
});
export type NewUser = z.infer<typeof newUserSchema>;

/**
 * Inserts a user with the next `E-` identifier and its initialisation token, inside the caller's transaction
 * (`actorId` null: the setup command).
 */
export async function insertUser(tx: Tx, actorId: number | null, companyId: number, input: NewUser & { staffRole?: StaffRole }) {
  const identifier = formatUserIdentifier(await nextNumber(tx, "user"));
  const creator = actorId === null ? null : await tx.user.findUnique({ where: { id: actorId }, select: { companyId: true, company: { select: { isOperator: true } } } });
  const addedByParent = !!creator && creator.companyId !== companyId && !creator.company.isOperator;
  const user = await tx.user.create({ data: { ...input, identifier, companyId, addedByParent } });
  const token = await issueToken(tx, user.id, "PASSWORD_INIT");
  await audit(tx, { actorId, action: "user.create", targetType: "User", targetId: user.identifier, companyId });
  return { user, token, sentAt: now() };
}

/**
 * Creates a user and mails the password-initialisation link (SPEC §2). The caller has already checked
 * that the actor may manage users of `companyId`.
 */
export async function createUser(actor: Actor, companyId: number, input: NewUser & { staffRole?: StaffRole }) {
  const { user, token, sentAt } = await db.$transaction((tx) => insertUser(tx, actor.userId, companyId, input));
  await sendPasswordInitEmail(user, token, sentAt);
  return user;
}

/** A new initialisation link; it invalidates the earlier ones. */
export async function resendInitialisationLink(actor: Actor, userId: number) {
  const { user, token, sentAt } = await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    const token = await issueToken(tx, user.id, "PASSWORD_INIT");
    await audit(tx, { actorId: actor.userId, action: "user.resend-link", targetType: "User", targetId: user.identifier, companyId: user.companyId });
    return { user, token, sentAt: now() };
  });
  await sendPasswordInitEmail(user, token, sentAt);
}

export const INVALID_LINK_MESSAGE =
  "Ce lien n'est plus valide. Contactez votre commercial ou le service clients OpenIP afin qu'un nouveau lien soit généré.";

/** Sets the password through an initialisation or reset link; the link then stops working. */
export async function setPasswordWithToken(token: string, password: string, confirmation: string) {
  const found = await findToken(token, ["PASSWORD_INIT", "PASSWORD_RESET"]);
  if (!found || found.status !== "valid") throw new DomainError(INVALID_LINK_MESSAGE);
  const problems = passwordPolicyErrors(password, confirmation, found.user.identifier);
  if (problems.length > 0) throw new DomainError("Le mot de passe ne respecte pas les règles de sécurité.", { password: problems });
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    if (!(await consumeToken(tx, found.id))) throw new DomainError(INVALID_LINK_MESSAGE);
    // A new password ends every open session of the user and a pending email change (issue 32).
    await tx.user.update({ where: { id: found.userId }, data: { passwordHash } });
    await revokeSessions(tx, { userId: found.userId });
    await dropPendingLinks(tx, { userId: found.userId });
    await audit(tx, {
      actorId: found.userId,
      action: found.purpose === "PASSWORD_INIT" ? "user.password-init" : "user.password-reset",
      targetType: "User",
      targetId: found.user.identifier,
      companyId: found.user.companyId,
    });
  });
}
