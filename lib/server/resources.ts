import "server-only";
import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { resourceScope, viewerOf, type Actor } from "@/lib/server/authz";
import { canSeePrices } from "@/lib/domain/tenancy";
import { isValidDay, parseDay } from "@/lib/domain/calendar-day";
import { PLAN_CATEGORY_LABELS } from "@/lib/domain/plan-change";
import { formatPlanAllowance } from "@/lib/domain/usage";
import { COUNT_TAKE, PAGE_SIZE, parseListQuery, type ListQuery, type SearchParams } from "@/lib/list-query";
import type { PlanCategory, Prisma, ResourceState } from "@/lib/generated/prisma/client";
import { RESOURCE_STATES } from "@/lib/domain/labels";
import { normalizeRef } from "@/lib/domain/identifiers";

/** The *Ressources* tab (SPEC §4, seed 002): its filters, and the table's sortable columns. */
export const RESOURCE_FILTERS = ["number", "type", "allowance", "contractedOffer", "productSheet", "user", "activatedOn", "state"] as const;
export const RESOURCE_SORTS = ["ref", "number", "user", "activatedOn", "state"] as const;
export type ResourceQuery = ListQuery<(typeof RESOURCE_FILTERS)[number] | (typeof RESOURCE_SORTS)[number]>;

/** *Enveloppe Data* choices: a plan allowance in bytes, or the metered plans. */
export const METERED = "compteur";

export function parseResourceQuery(params: SearchParams): ResourceQuery {
  return parseListQuery(params, { filters: RESOURCE_FILTERS, sortable: RESOURCE_SORTS, defaultSort: "ref" });
}

const NOTHING: Prisma.SimResourceWhereInput = { id: -1 };

function resourceFilters(serviceId: number, { filters: f }: ResourceQuery): Prisma.SimResourceWhereInput {
  const and: Prisma.SimResourceWhereInput[] = [{ serviceId }];
  if (f.number) and.push({ lineMsisdn: { startsWith: f.number.replace(/[\s.]/g, "").replace(/^\+33/, "0") } });
  if (f.type) and.push(f.type in PLAN_CATEGORY_LABELS ? { offer: { planCategory: f.type as PlanCategory } } : NOTHING);
  if (f.allowance) {
    if (f.allowance === METERED) and.push({ offer: { dataAllowanceBytes: null } });
    else and.push(/^\d{1,15}$/.test(f.allowance) ? { offer: { dataAllowanceBytes: BigInt(f.allowance) } } : NOTHING);
  }
  if (f.contractedOffer) and.push({ productSheet: { contractedOffer: { ref: { startsWith: f.contractedOffer.toUpperCase() } } } });
  if (f.productSheet) and.push({ productSheet: { ref: { startsWith: f.productSheet.toUpperCase() } } });
  if (f.user) and.push({ lineUserName: { contains: f.user, mode: "insensitive" } });
  if (f.activatedOn) and.push(isValidDay(f.activatedOn) ? { lineActivatedOn: parseDay(f.activatedOn) } : NOTHING);
  if (f.state) and.push(f.state in RESOURCE_STATES ? { state: f.state as ResourceState } : NOTHING);
  return { AND: and };
}

function resourceOrder({ sort, dir }: ResourceQuery): Prisma.SimResourceOrderByWithRelationInput[] {
  const by: Record<string, Prisma.SimResourceOrderByWithRelationInput> = {
    ref: { ref: dir },
    number: { lineMsisdn: dir },
    user: { lineUserName: dir },
    activatedOn: { lineActivatedOn: dir },
    state: { state: dir },
  };
  return sort === "ref" ? [by.ref] : [by[sort] ?? by.ref, { ref: dir }];
}

const listSelect = {
  id: true,
  ref: true,
  state: true,
  offer: { select: { name: true } },
  lineMsisdn: true,
  lineUserName: true,
  lineActivatedOn: true,
} as const satisfies Prisma.SimResourceSelect;
export type ResourceRow = Prisma.SimResourceGetPayload<{ select: typeof listSelect }>;

/** One page of a service's resources (the service was loaded through the actor's scope). */
export async function listResources(serviceId: number, query: ResourceQuery): Promise<{ rows: ResourceRow[]; total: number }> {
  const where = resourceFilters(serviceId, query);
  const [rows, total] = await Promise.all([
    // The line's columns are the resource's own copies (see the schema): each sort is an index of the
    // service read up to the page (through the join, each page sorted the whole fleet: 20,000 resources).
    db.simResource.findMany({ where, orderBy: resourceOrder(query), skip: (query.page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: listSelect }),
    db.simResource.count({ where, take: COUNT_TAKE, orderBy: { serviceId: "asc" } }),
  ]);
  return { rows, total };
}

/** The OpenSIM plans a service's resources may carry, for the *Enveloppe Data* filter. */
export async function allowanceOptions(): Promise<[string, string][]> {
  const offers = await db.offer.findMany({ where: { family: "OPENSIM" }, select: { dataAllowanceBytes: true }, distinct: ["dataAllowanceBytes"], orderBy: { dataAllowanceBytes: "asc" } });
  return offers.map((o) => (o.dataAllowanceBytes === null ? [METERED, "Au compteur"] : [String(o.dataAllowanceBytes), formatPlanAllowance(o.dataAllowanceBytes)]));
}

const RESOURCE_REF = /^FPC\d{1,12}(-\d{1,6})?$/;

export function normalizeResourceRef(ref: string): string | null {
  return normalizeRef(ref, RESOURCE_REF);
}

const detailInclude = {
  offer: true,
  line: true,
  productSheet: { select: { ref: true, monthlyFeeCents: true, contractedOffer: { select: { ref: true, name: true, billingAccount: { select: { owner: { select: { id: true, parentId: true } } } } } } } },
  service: { select: { id: true, ref: true, name: true, companyId: true, company: { select: { id: true, name: true } } } },
  terminations: { orderBy: { requestedAt: "desc" }, include: { requestedBy: { select: { name: true } }, cancelledBy: { select: { name: true } } } },
  suspensions: { where: { liftedAt: null }, orderBy: { id: "asc" }, select: { reason: true, startedAt: true } },
} as const satisfies Prisma.SimResourceInclude;

/** *Consultation et administration d'une ressource*: one resource the actor may see, or "not found". */
export async function getResource(actor: Actor, ref: string) {
  const resource = await db.simResource.findFirst({ where: inScope(actor, ref), include: detailInclude });
  if (!resource) notFound();
  return { resource, showPrices: canSeePrices(viewerOf(actor), resource.productSheet.contractedOffer.billingAccount.owner) };
}

/** The id of a resource the actor may see, or "not found": for the line actions, which then lock and reload it. */
export async function resourceIdInScope(actor: Actor, ref: string): Promise<number> {
  const resource = await db.simResource.findFirst({ where: inScope(actor, ref), select: { id: true } });
  if (!resource) notFound();
  return resource.id;
}

/**
 * The line the *Monitoring* tab shows: a resource of service `serviceId` that the actor may see, with what
 * the tab reads (its line and plan), or "not found", also when the resource is another service's.
 */
export async function monitoredLine(actor: Actor, ref: string, serviceId: number) {
  const resource = await db.simResource.findFirst({
    where: { AND: [inScope(actor, ref), { serviceId }] },
    select: { ref: true, offer: { select: { name: true, capCents: true, roamingCapCents: true } }, line: { select: { id: true, msisdn: true } } },
  });
  if (!resource) notFound();
  return resource;
}

function inScope(actor: Actor, ref: string): Prisma.SimResourceWhereInput {
  const normalized = normalizeResourceRef(ref);
  if (!normalized) notFound();
  return { AND: [{ ref: normalized }, resourceScope(actor)] };
}

export type ResourceDetail = Awaited<ReturnType<typeof getResource>>["resource"];

/** The resource's history, newest first, and the plans its current line has been on. */
export async function resourceHistory(resource: ResourceDetail) {
  const [events, segments] = await Promise.all([
    db.resourceHistory.findMany({ where: { resourceId: resource.id }, orderBy: { at: "desc" }, take: 100 }),
    resource.lineId
      ? db.linePlanSegment.findMany({ where: { lineId: resource.lineId }, orderBy: [{ startOn: "desc" }, { id: "desc" }], include: { offer: { select: { name: true } }, resource: { select: { ref: true } } } })
      : Promise.resolve([]),
  ]);
  return { events, segments };
}

/**
 * The client's *Disponible* resources (any service, or one), for *Changer la ressource* (those of a plan
 * category) and *Activer une ressource mobile*: the first 500 by reference.
 */
export async function availableResources(companyId: number, filter: { serviceId?: number; category?: PlanCategory }) {
  // The plans first, then the resources by their plans' ids (an index condition): through the join to
  // Offer the category was a nested loop over every available resource of the client (15 ms for 4,000).
  const offers = await db.offer.findMany({ where: { family: "OPENSIM", planCategory: filter.category }, select: { id: true, name: true, planCategory: true } });
  const rows = await db.simResource.findMany({
    where: { state: "DISPONIBLE", lineId: null, service: { companyId }, serviceId: filter.serviceId, offerId: { in: offers.map((o) => o.id) } },
    orderBy: { ref: "asc" },
    take: 500,
    // The services by a query of their own: joined, they were built for every available resource before
    // the sort kept 500.
    relationLoadStrategy: "query",
    select: { id: true, ref: true, state: true, lineId: true, offerId: true, service: { select: { ref: true, companyId: true } } },
  });
  const offerOf = new Map(offers.map((o) => [o.id, o]));
  return rows.map((r) => ({ ...r, offer: offerOf.get(r.offerId)! }));
}
