import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { audit } from "@/lib/server/audit";
import { isRowId, isStaffAdministrator, type Actor } from "@/lib/server/authz";
import { createUser, newUserSchema } from "@/lib/server/users";
import type { StaffRole } from "@/lib/domain/user-roles";

/** *Inviter un membre de l'équipe* (SPEC §11): name, email, ADV or Support, and whether they administer. */
export const newStaffUserSchema = newUserSchema.omit({ role: true }).extend({
  staffRole: z.enum(["ADV", "SUPPORT"], "Choisissez un rôle : ADV ou Support."),
  administrator: z.boolean(),
});
export type NewStaffUser = z.infer<typeof newStaffUserSchema>;

/** The operator company, for one of its administrators; "not found" for anyone else. */
async function managedTeam(actor: Actor): Promise<number> {
  if (!isStaffAdministrator(actor)) notFound();
  return actor.company.id;
}

export async function listStaffUsers(actor: Actor) {
  const companyId = await managedTeam(actor);
  return db.user.findMany({ where: { companyId }, orderBy: { identifier: "asc" } });
}

export async function inviteStaffUser(actor: Actor, input: NewStaffUser) {
  const companyId = await managedTeam(actor);
  const { administrator, ...user } = input;
  return createUser(actor, companyId, { ...user, role: administrator ? "ADMINISTRATEUR" : "UTILISATEUR" });
}

/** ADV ↔ Support; the administrator flag and the state go through company-users (the last administrator stays). */
export async function changeStaffRole(actor: Actor, userId: number, staffRole: StaffRole) {
  const companyId = await managedTeam(actor);
  if (!isRowId(userId)) notFound();
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, companyId }, data: { staffRole } });
    if (count === 0) notFound();
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { identifier: true } });
    await audit(tx, { actorId: actor.userId, action: "user.staff-role-change", targetType: "User", targetId: user.identifier, companyId, details: { staffRole } });
  });
}
