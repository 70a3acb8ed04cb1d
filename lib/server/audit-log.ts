import "server-only";
import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { isStaff, type Actor } from "@/lib/server/authz";
import { addDays, isValidDay } from "@/lib/domain/calendar-day";
import { parisMidnight } from "@/lib/domain/terms";
import { normalizeUserIdentifier } from "@/lib/domain/identifiers";
import { COUNT_TAKE, PAGE_SIZE, parseListQuery, type ListQuery, type SearchParams } from "@/lib/list-query";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The staff audit log (SPEC §1 *Support / admin staff*, §8 "everything that changes data writes an
 * audit event"): *Date, Acteur, Action, Société, Cible, Adresse IP*, newest first.
 */
export const AUDIT_COLUMNS = ["date", "actor", "action", "company", "target", "ip"] as const;
export type AuditColumn = (typeof AUDIT_COLUMNS)[number];
export type AuditQuery = ListQuery<AuditColumn>;

const FILTERS = ["date", "actor", "action", "company"] as const satisfies readonly AuditColumn[];
const SORTABLE = ["date", "action", "company"] as const satisfies readonly AuditColumn[];

const ACTION_PATTERN = /^[a-z][a-z0-9.-]{0,79}$/;
const COMPANY_PATTERN = /^\d{1,9}$/;

export function parseAuditQuery(params: SearchParams): AuditQuery {
  return parseListQuery<AuditColumn>(params, { filters: FILTERS, sortable: SORTABLE, defaultSort: "date", defaultDir: "desc" });
}

/** A French message per filter that cannot match anything because it is malformed (shown above the table). */
export function invalidAuditFilters({ filters }: AuditQuery): string[] {
  const problems: string[] = [];
  if (filters.date && !isValidDay(filters.date)) problems.push("La date saisie n'est pas une date valide.");
  if (filters.actor && !normalizeUserIdentifier(filters.actor)) problems.push("L'acteur doit être un identifiant de la forme E-0000001234.");
  if (filters.action && !ACTION_PATTERN.test(filters.action)) problems.push("L'action choisie n'est pas valide.");
  if (filters.company && !COMPANY_PATTERN.test(filters.company)) problems.push("La société doit être un identifiant numérique (par exemple 44660).");
  return problems;
}

/** The filters as a Prisma `where`, or null when one of them cannot match any event. */
async function auditFilters(query: AuditQuery): Promise<Prisma.AuditEventWhereInput | null> {
  if (invalidAuditFilters(query).length > 0) return null;
  const { date, actor, action, company } = query.filters;
  const and: Prisma.AuditEventWhereInput[] = [];
  // A Paris calendar day, 23 to 25 hours long around the DST changes.
  if (date) and.push({ at: { gte: parisMidnight(date), lt: parisMidnight(addDays(date, 1)) } });
  if (actor) {
    // Resolved to the user's id first, so the query runs on the (actorId, at) index.
    const user = await db.user.findUnique({ where: { identifier: normalizeUserIdentifier(actor)! }, select: { id: true } });
    if (!user) return null;
    and.push({ actorId: user.id });
  }
  if (action) and.push({ action });
  if (company) and.push({ companyId: Number(company) });
  return { AND: and };
}

function auditOrder({ sort, dir }: AuditQuery): Prisma.AuditEventOrderByWithRelationInput[] {
  // Ties (same action, same company) newest first; the id makes the order total, so pages do not overlap.
  if (sort === "action") return [{ action: dir }, { at: "desc" }, { id: "desc" }];
  if (sort === "company") return [{ companyId: { sort: dir, nulls: "last" } }, { at: "desc" }, { id: "desc" }];
  return [{ at: dir }, { id: dir }];
}

const listSelect = {
  id: true,
  at: true,
  action: true,
  companyId: true,
  targetType: true,
  targetId: true,
  ip: true,
  actor: { select: { identifier: true, name: true } },
} as const;

export type AuditRow = Prisma.AuditEventGetPayload<{ select: typeof listSelect }> & { companyName: string | null };

/** One page of the audit log with the total count of the filtered list. Staff only ("not found" for anyone else). */
export async function listAuditEvents(actor: Actor, query: AuditQuery): Promise<{ rows: AuditRow[]; total: number }> {
  if (!isStaff(actor)) notFound();
  const where = await auditFilters(query);
  if (!where) return { rows: [], total: 0 };
  const [events, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: auditOrder(query), skip: (query.page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: listSelect }),
    db.auditEvent.count({ where, take: COUNT_TAKE }),
  ]);
  // companyId is a plain column, not a relation: the names of this page's companies in one more query.
  const companyIds = [...new Set(events.flatMap((e) => (e.companyId === null ? [] : [e.companyId])))];
  const companies = companyIds.length ? await db.company.findMany({ where: { id: { in: companyIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(companies.map((c) => [c.id, c.name]));
  return { rows: events.map((e) => ({ ...e, companyName: e.companyId === null ? null : (names.get(e.companyId) ?? null) })), total };
}
