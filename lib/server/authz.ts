import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { authSecret, sessionFromCookies } from "@/lib/server/session-token";
import { termsToAccept } from "@/lib/server/terms";
import type { BillingMode, Prisma, StaffRole, Universe, UserRole } from "@/lib/generated/prisma/client";
import type { Editor, Viewer } from "@/lib/domain/tenancy";

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
  company: { id: number; name: string; universes: Universe[]; isOperator: boolean; billingMode: BillingMode };
  /** The universe chosen on *Ma société*; a company with one universe is always in it. */
  universe: Universe | null;
  /** The terms version this user still has to accept, if any (SPEC §2). */
  pendingTermsId: number | null;
};

export const getActor = cache(async (): Promise<Actor | null> => actorFromCookies((await cookies()).getAll()));

/** The actor of a request's cookies (what `getActor` reads): null without a valid session cookie. */
export async function actorFromCookies(jar: { name: string; value: string }[]): Promise<Actor | null> {
  const session = await sessionFromCookies(jar, authSecret());
  if (!session) return null;
  return loadActor(session.uid, session.sid, session.universe);
}

/**
 * The actor of a session: null when the user or its company is no longer active, or when the session's row
 * (lib/server/sessions.ts) is missing, revoked, past its absolute end or another user's. `sessionId` null:
 * a script, the seed or a test acting as the user, with no session.
 */
export async function loadActor(userId: number, sessionId: string | null, universe: string | null): Promise<Actor | null> {
  // Both at once, the session row joined to the user: one round trip to the database on every request.
  const [user, pending] = await Promise.all([
    db.user.findUnique({
      where: { id: userId },
      include: { company: true, sessions: { where: { id: sessionId ?? "", revokedAt: null, expiresAt: { gt: now() } }, select: { id: true } } },
    }),
    termsToAccept(userId),
  ]);
  if (!user || !user.active || !user.company.active) return null;
  if (sessionId !== null && user.sessions.length === 0) return null;
  // A user its parent created never acts in the company's reseller universe (lib/server/users.ts insertUser).
  const universes = user.addedByParent ? user.company.universes.filter((u) => u === "CLIENT") : user.company.universes;
  const chosen = universes.find((u) => u === universe) ?? (universes.length === 1 ? universes[0] : null);
  return {
    userId: user.id,
    identifier: user.identifier,
    name: user.name,
    email: user.email,
    role: user.role,
    staffRole: user.staffRole,
    company: { id: user.company.id, name: user.company.name, universes, isOperator: user.company.isOperator, billingMode: user.company.billingMode },
    universe: chosen,
    pendingTermsId: pending?.id ?? null,
  };
}

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

/** A staff user who also administers the team, the catalogue and the settings (SPEC §11, §17). */
export function isStaffAdministrator(actor: Actor): boolean {
  return actor.staffRole !== null && actor.company.isOperator && actor.role === "ADMINISTRATEUR";
}

export async function requireStaffAdministrator(): Promise<Actor> {
  const actor = await requireActor();
  if (!isStaffAdministrator(actor)) notFound();
  return actor;
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

export function viewerOf(actor: Actor): Viewer {
  return { companyId: actor.company.id, actsAsReseller: actsAsReseller(actor), staff: isStaff(actor) };
}

/**
 * An end client billed through its reseller, acting as itself, sees no price anywhere: catalogue, order form, orders,
 * emails (SPEC §1, §12). In a reseller universe it is a reseller and sees its clients' prices.
 */
export function hidesPrices(actor: Actor): boolean {
  return !isStaff(actor) && actor.company.billingMode === "VIA_REVENDEUR" && !actsAsReseller(actor);
}

/** The actor as an editor of master data (lib/domain/tenancy.ts: mayEditCompany, mayEditSites, mayManageBillingAccounts). */
export function editorOf(actor: Actor): Editor {
  return { ...viewerOf(actor), administrator: actor.role === "ADMINISTRATEUR" };
}

// The database side of lib/domain/tenancy.ts (SPEC §1): every list and load adds these filters.

/** Companies the actor may see: staff all; a reseller or operator itself and its direct clients; others itself. */
export function companyScope(actor: Actor): Prisma.CompanyWhereInput {
  if (isStaff(actor)) return {};
  if (actsAsReseller(actor)) return { OR: [{ id: actor.company.id }, { parentId: actor.company.id }] };
  return { id: actor.company.id };
}

/** The actor's direct clients (staff: every company but the operator's). */
export function clientScope(actor: Actor): Prisma.CompanyWhereInput {
  if (isStaff(actor)) return { isOperator: false };
  if (actsAsReseller(actor)) return { parentId: actor.company.id };
  return { id: -1 };
}

/** OCs (and through them services and resources): end client, its direct parent, staff. */
export function contractedOfferScope(actor: Actor): Prisma.ContractedOfferWhereInput {
  return isStaff(actor) ? {} : { endClient: companyScope(actor) };
}

/** Services, and through them SIM resources and lines: those of the companies the actor may see (SPEC §1). */
export function serviceScope(actor: Actor): Prisma.ServiceWhereInput {
  return isStaff(actor) ? {} : { company: companyScope(actor) };
}

export function resourceScope(actor: Actor): Prisma.SimResourceWhereInput {
  return isStaff(actor) ? {} : { service: serviceScope(actor) };
}

/** Orders: those whose end client the actor may see (staff: all). */
export function orderScope(actor: Actor): Prisma.OrderWhereInput {
  return isStaff(actor) ? {} : { endClient: companyScope(actor) };
}

/** Invoices and credit notes: the billing account's owner, its direct parent, staff. */
export function billingAccountScope(actor: Actor): Prisma.BillingAccountWhereInput {
  return isStaff(actor) ? {} : { owner: companyScope(actor) };
}

/** Staff create companies under any parent (or none); a reseller or operator, in that universe, its own clients. */
export function mayCreateCompanyUnder(actor: Actor, parentId: number | undefined): boolean {
  return isStaff(actor, "SUPPORT") || (actsAsReseller(actor) && parentId === actor.company.id);
}

/**
 * Who terminates an OC they can see (SPEC §1, §3): its end client and, in a reseller or operator
 * universe, the end client's direct parent. Staff see every OC but do not act for the customer.
 */
export function mayTerminate(actor: Actor): boolean {
  return !isStaff(actor);
}

/** Who acts on an OpenSIM line (suspend, SMS, change, activate…): as for terminations, the customer's side. */
export function mayManageLines(actor: Actor): boolean {
  return !isStaff(actor);
}

/** An identifier that can name a row (a PostgreSQL `integer` key); anything else is simply not found. */
export function isRowId(id: number): boolean {
  return Number.isInteger(id) && id > 0 && id <= 2_147_483_647;
}

/** Loads a company through the actor's scope, or "not found". */
export async function findCompanyForActor(actor: Actor, companyId: number) {
  if (!isRowId(companyId)) notFound();
  const company = await db.company.findFirst({ where: { AND: [{ id: companyId }, companyScope(actor)] } });
  if (!company) notFound();
  return company;
}

/** Loads one of the actor's direct clients, or "not found" (URL and action alike). */
export async function findClientForActor(actor: Actor, companyId: number) {
  if (!isRowId(companyId)) notFound();
  const company = await db.company.findFirst({ where: { AND: [{ id: companyId }, clientScope(actor)] } });
  if (!company) notFound();
  return company;
}
