import "server-only";
import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { audit } from "@/lib/server/audit";
import { actsAsReseller, companyScope, isRowId, isStaff, viewerOf, type Actor } from "@/lib/server/authz";
import { createUser, resendInitialisationLink, type NewUser } from "@/lib/server/users";
import { revokeSessions } from "@/lib/server/sessions";
import { dropPendingLinks } from "@/lib/server/profile";
import { keepsAnActiveAdministrator, LAST_ADMINISTRATOR_MESSAGE, mayManageUsersOf, type Role } from "@/lib/domain/user-roles";
import { DomainError } from "@/lib/domain/errors";
import { isResellerClientOf, RESELLER_CLIENT_USERS_MESSAGE } from "@/lib/domain/tenancy";

type ManagedCompany = { id: number; parentId: number | null; isOperator: boolean; universes: readonly string[] };

/** Whether the actor manages the users of `company` (one they can see). */
export function managesUsersOf(actor: Actor, company: ManagedCompany): boolean {
  return mayManageUsersOf({ companyId: actor.company.id, role: actor.role, supportStaff: isStaff(actor, "SUPPORT"), actsAsReseller: actsAsReseller(actor), staffMember: isStaff(actor) }, company);
}

/**
 * A company whose users the actor manages, or "not found". A parent's administrator who sees a client holding a
 * reseller universe is told why it may not act there (lib/domain/tenancy.ts `isResellerClientOf`).
 */
async function managedCompany(actor: Actor, companyId: number) {
  if (!isRowId(companyId)) notFound();
  const company = await db.company.findFirst({ where: { AND: [{ id: companyId }, companyScope(actor)] }, select: { id: true, parentId: true, isOperator: true, universes: true } });
  if (!company) notFound();
  if (managesUsersOf(actor, company)) return company;
  if (actor.role === "ADMINISTRATEUR" && isResellerClientOf(viewerOf(actor), company)) throw new DomainError(RESELLER_CLIENT_USERS_MESSAGE);
  notFound();
}

/** A user the actor manages, or "not found". */
async function managedUser(actor: Actor, userId: number) {
  if (!isRowId(userId)) notFound();
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, companyId: true } });
  if (!user) notFound();
  await managedCompany(actor, user.companyId);
  return user;
}

export async function listCompanyUsers(actor: Actor, companyId: number) {
  await managedCompany(actor, companyId);
  return db.user.findMany({ where: { companyId }, orderBy: { identifier: "asc" } });
}

/** Invites a user: an `E-` identifier is allocated and the initialisation link of SPEC §2 is mailed. */
export async function inviteUser(actor: Actor, companyId: number, input: NewUser) {
  const company = await managedCompany(actor, companyId);
  if (company.isOperator) notFound();
  return createUser(actor, company.id, input);
}

export async function resendUserLink(actor: Actor, userId: number) {
  const user = await managedUser(actor, userId);
  const found = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  if (found.passwordHash) throw new DomainError("Cet utilisateur a déjà choisi son mot de passe : il peut utiliser « Mot de passe oublié ».");
  if (!found.active) throw new DomainError("Cet utilisateur est désactivé : réactivez-le d'abord.");
  await resendInitialisationLink(actor, user.id);
}

/**
 * Changes a user's role or state. The company's users are locked for the transaction, so that two
 * administrators demoting each other at once cannot leave the company without one.
 */
async function changeUser(actor: Actor, userId: number, change: { role?: Role; active?: boolean }, action: string) {
  const user = await managedUser(actor, userId);
  if (user.id === actor.userId && change.active === false) throw new DomainError("Vous ne pouvez pas désactiver votre propre compte.");
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "User" WHERE "companyId" = ${user.companyId} ORDER BY "id" FOR UPDATE`;
    const users = await tx.user.findMany({ where: { companyId: user.companyId }, select: { id: true, role: true, active: true, identifier: true } });
    if (!keepsAnActiveAdministrator(users, { userId: user.id, ...change })) throw new DomainError(LAST_ADMINISTRATOR_MESSAGE);
    const updated = await tx.user.update({ where: { id: user.id }, data: change });
    if (change.active === false) {
      // Deactivating ends the user's sessions and a pending email change (SPEC §2, issue 32): a reactivation revives neither.
      await revokeSessions(tx, { userId: user.id });
      await dropPendingLinks(tx, { userId: user.id });
    }
    await audit(tx, { actorId: actor.userId, action, targetType: "User", targetId: updated.identifier, companyId: user.companyId, details: change });
  });
}

export function changeUserRole(actor: Actor, userId: number, role: Role) {
  return changeUser(actor, userId, { role }, "user.role-change");
}

export function setUserActive(actor: Actor, userId: number, active: boolean) {
  return changeUser(actor, userId, { active }, active ? "user.activate" : "user.deactivate");
}
