import "server-only";
import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { serviceScope, type Actor } from "@/lib/server/authz";
import { searchKey } from "@/lib/domain/search-key";
import { COUNT_TAKE, PAGE_SIZE, parseListQuery, type ListQuery, type SearchParams } from "@/lib/list-query";
import type { Prisma, ServiceState, ServiceType } from "@/lib/generated/prisma/client";
import { SERVICE_STATES, SERVICE_TYPES } from "@/lib/domain/labels";
import { normalizeRef } from "@/lib/domain/identifiers";

/** *Mes services → Paramétrage / Monitoring* (SPEC §4): the guide's columns, each filterable and sortable. */
export const SERVICE_COLUMNS = ["ref", "name", "client", "billingAccount", "site", "type", "state"] as const;
export type ServiceColumn = (typeof SERVICE_COLUMNS)[number];
export type ServiceQuery = ListQuery<ServiceColumn>;

export function parseServiceQuery(params: SearchParams): ServiceQuery {
  return parseListQuery(params, { filters: SERVICE_COLUMNS, sortable: SERVICE_COLUMNS, defaultSort: "ref" });
}

const NOTHING: Prisma.ServiceWhereInput = { id: -1 };
const contains = (value: string) => ({ contains: value, mode: "insensitive" as const });

function serviceFilters(actor: Actor, { filters: f }: ServiceQuery): Prisma.ServiceWhereInput {
  const and: Prisma.ServiceWhereInput[] = [serviceScope(actor)];
  if (f.ref) and.push({ ref: { contains: f.ref.toUpperCase() } });
  if (f.name) and.push({ name: contains(f.name) });
  if (f.client) and.push(/^\d{1,9}$/.test(f.client) ? { companyId: Number(f.client) } : { company: { nameKey: { contains: searchKey(f.client) } } });
  if (f.billingAccount) and.push({ contractedOffer: { billingAccount: { OR: [{ ref: { contains: f.billingAccount.toUpperCase() } }, { name: contains(f.billingAccount) }] } } });
  if (f.site) and.push({ site: { name: contains(f.site) } });
  if (f.type) and.push(f.type in SERVICE_TYPES ? { type: f.type as ServiceType } : NOTHING);
  if (f.state) and.push(f.state in SERVICE_STATES ? { state: f.state as ServiceState } : NOTHING);
  return { AND: and };
}

function serviceOrder({ sort, dir }: ServiceQuery): Prisma.ServiceOrderByWithRelationInput[] {
  const by: Record<ServiceColumn, Prisma.ServiceOrderByWithRelationInput> = {
    ref: { ref: dir },
    name: { name: dir },
    client: { companyId: dir },
    billingAccount: { contractedOffer: { billingAccount: { ref: dir } } },
    site: { site: { name: dir } },
    type: { type: dir },
    state: { state: dir },
  };
  return sort === "ref" ? [by.ref] : [by[sort], { id: dir }];
}

const listSelect = {
  id: true,
  ref: true,
  name: true,
  type: true,
  state: true,
  company: { select: { id: true, name: true } },
  site: { select: { name: true } },
  contractedOffer: { select: { ref: true, billingAccount: { select: { ref: true } } } },
} as const satisfies Prisma.ServiceSelect;
export type ServiceRow = Prisma.ServiceGetPayload<{ select: typeof listSelect }>;

/** One page of the services the actor may see, with the filtered count. */
export async function listServices(actor: Actor, query: ServiceQuery): Promise<{ rows: ServiceRow[]; total: number }> {
  const where = serviceFilters(actor, query);
  const [rows, total] = await Promise.all([
    db.service.findMany({ where, orderBy: serviceOrder(query), skip: (query.page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: listSelect }),
    db.service.count({ where, take: COUNT_TAKE, orderBy: { companyId: "asc" } }),
  ]);
  return { rows, total };
}

const SERVICE_REF = /^SRV[\dA-Z-]{1,20}$/;

/** A service reference as typed in a URL (`srv152400` is `SRV152400`), or null. */
export function normalizeServiceRef(ref: string): string | null {
  return normalizeRef(ref, SERVICE_REF);
}

/** One service the actor may see, with what its page header needs, or null. */
export async function findService(actor: Actor, ref: string) {
  const normalized = normalizeServiceRef(ref);
  if (!normalized) return null;
  return db.service.findFirst({
    where: { AND: [{ ref: normalized }, serviceScope(actor)] },
    include: {
      company: { select: { id: true, name: true, parentId: true } },
      site: true,
      contractedOffer: {
        select: {
          ref: true, name: true, lineCount: true, offerId: true,
          offer: { select: { name: true, voiceChannelsPerUnit: true, unlimitedCalls: true } },
          billingAccount: { select: { ref: true, name: true, owner: { select: { id: true, parentId: true } } } },
        },
      },
      suspensions: { where: { liftedAt: null }, orderBy: { id: "asc" }, select: { reason: true, startedAt: true } },
    },
  });
}

/** The service page's header: one service the actor may see, or "not found". */
export async function getService(actor: Actor, ref: string) {
  const service = await findService(actor, ref);
  if (!service) notFound();
  return service;
}

export type ServiceDetail = Awaited<ReturnType<typeof getService>>;
