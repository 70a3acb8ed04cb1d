import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { termsToAccept } from "@/lib/server/terms";
import type { Prisma, StaffRole, Universe, UserRole } from "@/lib/generated/prisma/client";

/**
 * The one tenancy choke point (ARCHITECTURE.md "Tenancy"): it turns the session into an actor and the
 * actor into what it may see and do. Every page, list, download and action goes through it; out of
 * scope is "not found", never "forbidden", so identifiers cannot be probed.
 */
export type Actor = {
  userId: number;
  identifier: string;
  name: string;
  email: string;
  role: UserRole;
  staffRole: StaffRole | null;
  company: { id: number; name: string; universes: Universe[]; isOperator: boolean };
  /** The universe chosen on *Ma société*; a company with one universe is always in it. */
  universe: Universe | null;
  /** The terms version this user still has to accept, if any (SPEC §2). */
  pendingTermsId: number | null;
};

export const getActor = cache(async (): Promise<Actor | null> => {
  const session = (await auth()) as { uid?: number; sv?: number; universe?: string | null } | null;
  if (!session?.uid) return null;
  const user = await db.user.findUnique({ where: { id: session.uid }, include: { company: true } });
  if (!user || !user.active || !user.company.active || user.sessionVersion !== session.sv) return null;
  const universes = user.company.universes;
  const chosen = universes.find((u) => u === session.universe) ?? (universes.length === 1 ? universes[0] : null);
  const pending = await termsToAccept(user.id);
  return {
    userId: user.id,
    identifier: user.identifier,
    name: user.name,
    email: user.email,
    role: user.role,
    staffRole: user.staffRole,
    company: { id: user.company.id, name: user.company.name, universes, isOperator: user.company.isOperator },
    universe: chosen,
    pendingTermsId: pending?.id ?? null,
  };
});

/** A signed-in user, who may not have accepted the terms yet (only the terms page and logout use this). */
export async function requireSignedIn(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/connexion");
  return actor;
}

/** A signed-in user who has accepted the terms in force: every page and action but the terms page. */
export async function requireActor(): Promise<Actor> {
  const actor = await requireSignedIn();
  if (actor.pendingTermsId !== null) redirect("/conditions-utilisation");
  return actor;
}

export function isStaff(actor: Actor, ...roles: StaffRole[]): boolean {
  return actor.staffRole !== null && (roles.length === 0 || roles.includes(actor.staffRole));
}

/** Staff only (any staff role when none is given); anyone else gets "not found". */
export async function requireStaff(...roles: StaffRole[]): Promise<Actor> {
  const actor = await requireActor();
  if (!isStaff(actor, ...roles)) notFound();
  return actor;
}

export function actsAsReseller(actor: Actor): boolean {
  return actor.universe === "REVENDEUR" || actor.universe === "OPERATEUR";
}

/** Companies the actor may see: staff all; a reseller or operator itself and its direct clients; others itself. */
export function companyScope(actor: Actor): Prisma.CompanyWhereInput {
  if (isStaff(actor)) return {};
  if (actsAsReseller(actor)) return { OR: [{ id: actor.company.id }, { parentId: actor.company.id }] };
  return { id: actor.company.id };
}

/** Loads a company through the actor's scope, or "not found". */
export async function findCompanyForActor(actor: Actor, companyId: number) {
  if (!Number.isSafeInteger(companyId)) notFound();
  const company = await db.company.findFirst({ where: { AND: [{ id: companyId }, companyScope(actor)] } });
  if (!company) notFound();
  return company;
}
