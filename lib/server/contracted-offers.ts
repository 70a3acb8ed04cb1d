import "server-only";
import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { contractedOfferScope, viewerOf, type Actor } from "@/lib/server/authz";
import { canSeePrices } from "@/lib/domain/tenancy";
import { formatDay, formatFrenchDate, isValidDay, parseDay } from "@/lib/domain/calendar-day";
import { csvLine } from "@/lib/csv";
import { searchKey } from "@/lib/domain/search-key";
import { COUNT_TAKE, PAGE_SIZE, parseListQuery, type ListQuery, type SearchParams } from "@/lib/list-query";
import type { OcState, OrderType, Prisma } from "@/lib/generated/prisma/client";
import { OC_STATES, ORDER_TYPES } from "@/lib/domain/labels";
import { normalizeRef } from "@/lib/domain/identifiers";

/** *Liste des offres contractées* (SPEC §3, seed 001): the guide's columns, each filterable and sortable. */
export const OC_COLUMNS = ["pilot", "ref", "name", "orderRef", "endClient", "billingAccount", "site", "deliveredOn", "state", "orderType"] as const;
export type OcColumn = (typeof OC_COLUMNS)[number];
export type OcQuery = ListQuery<OcColumn>;

export function parseOcQuery(params: SearchParams): OcQuery {
  return parseListQuery(params, { filters: OC_COLUMNS, sortable: OC_COLUMNS, defaultSort: "deliveredOn", defaultDir: "desc" });
}

const NOTHING: Prisma.ContractedOfferWhereInput = { id: -1 };
const contains = (value: string) => ({ contains: value, mode: "insensitive" as const });

function ocFilters(actor: Actor, { filters: f }: OcQuery): Prisma.ContractedOfferWhereInput {
  const and: Prisma.ContractedOfferWhereInput[] = [contractedOfferScope(actor)];
  if (f.pilot) and.push({ pilot: { name: contains(f.pilot) } });
  if (f.ref) and.push({ ref: { contains: f.ref.toUpperCase() } });
  if (f.name) and.push({ name: contains(f.name) });
  if (f.orderRef) and.push({ order: { ref: { contains: f.orderRef.toUpperCase() } } });
  if (f.endClient) and.push(/^\d{1,9}$/.test(f.endClient) ? { endClientId: Number(f.endClient) } : { endClient: { nameKey: { contains: searchKey(f.endClient) } } });
  if (f.billingAccount) and.push({ billingAccount: { OR: [{ ref: { contains: f.billingAccount.toUpperCase() } }, { name: contains(f.billingAccount) }] } });
  if (f.site) and.push({ site: { name: contains(f.site) } });
  if (f.deliveredOn) and.push(isValidDay(f.deliveredOn) ? { deliveredOn: parseDay(f.deliveredOn) } : NOTHING);
  if (f.state) and.push(f.state in OC_STATES ? { state: f.state as OcState } : NOTHING);
  if (f.orderType) and.push(f.orderType in ORDER_TYPES ? { orderType: f.orderType as OrderType } : NOTHING);
  return { AND: and };
}

function ocOrder({ sort, dir }: OcQuery): Prisma.ContractedOfferOrderByWithRelationInput[] {
  const by: Record<OcColumn, Prisma.ContractedOfferOrderByWithRelationInput> = {
    pilot: { pilot: { name: dir } },
    ref: { ref: dir },
    name: { name: dir },
    orderRef: { order: { ref: dir } },
    // The cell starts with the client's identifier; sorting on it uses an index (a name sort would not).
    endClient: { endClientId: dir },
    billingAccount: { billingAccount: { ref: dir } },
    site: { site: { name: dir } },
    // Not yet delivered first when the newest come first.
    deliveredOn: { deliveredOn: { sort: dir, nulls: dir === "desc" ? "first" : "last" } },
    state: { state: dir },
    orderType: { orderType: dir },
  };
  // The tie-break follows the sort direction, so that one `(column, id)` index serves both directions.
  return sort === "ref" ? [by.ref] : [by[sort], { id: dir }];
}

const listSelect = {
  id: true,
  ref: true,
  name: true,
  deliveredOn: true,
  state: true,
  orderType: true,
  pilot: { select: { name: true } },
  order: { select: { ref: true } },
  endClient: { select: { id: true, name: true } },
  billingAccount: { select: { ref: true } },
  site: { select: { name: true } },
} as const satisfies Prisma.ContractedOfferSelect;
export type OcRow = Prisma.ContractedOfferGetPayload<{ select: typeof listSelect }>;

/** One page of the OCs the actor may see, with the filtered count. */
export async function listContractedOffers(actor: Actor, query: OcQuery): Promise<{ rows: OcRow[]; total: number }> {
  const where = ocFilters(actor, query);
  const [rows, total] = await Promise.all([
    db.contractedOffer.findMany({ where, orderBy: ocOrder(query), skip: (query.page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: listSelect }),
    db.contractedOffer.count({ where, take: COUNT_TAKE, orderBy: { endClientId: "asc" } }),
  ]);
  return { rows, total };
}

/** Every row of the filtered list, 1,000 at a time (the CSV export streams them). */
export async function* allContractedOffers(actor: Actor, query: OcQuery): AsyncGenerator<OcRow[]> {
  const where = ocFilters(actor, query);
  const orderBy = ocOrder(query);
  for (let skip = 0; ; skip += 1000) {
    const rows = await db.contractedOffer.findMany({ where, orderBy, skip, take: 1000, select: listSelect });
    if (rows.length > 0) yield rows;
    if (rows.length < 1000) return;
  }
}

/** The CSV export of the filtered list: the page's columns (the client split into identifier and name). */
export async function* contractedOffersCsv(actor: Actor, query: OcQuery): AsyncGenerator<string> {
  yield csvLine(["Pilote ADV", "Réf.", "Nom", "Réf. commande", "Client final", "Raison sociale", "Compte client", "Site", "Date de livraison", "État", "Type commande"]);
  for await (const rows of allContractedOffers(actor, query)) {
    yield rows
      .map((oc) =>
        csvLine([
          oc.pilot?.name ?? "Aucun", oc.ref, oc.name, oc.order?.ref ?? "Aucune", oc.endClient.id, oc.endClient.name, oc.billingAccount.ref, oc.site?.name ?? "",
          oc.deliveredOn ? formatFrenchDate(formatDay(oc.deliveredOn)) : "", OC_STATES[oc.state], ORDER_TYPES[oc.orderType],
        ]),
      )
      .join("");
  }
}

const OC_REF = /^OC\d{1,12}$/;

/** An OC reference as typed in a URL (`oc150943` is `OC150943`), or null. */
export function normalizeOcRef(ref: string): string | null {
  return normalizeRef(ref, OC_REF);
}

/** The OC page: everything about one OC the actor may see, or "not found". */
export async function getContractedOffer(actor: Actor, ref: string) {
  const normalized = normalizeOcRef(ref);
  if (!normalized) notFound();
  const oc = await db.contractedOffer.findFirst({
    where: { AND: [{ ref: normalized }, contractedOfferScope(actor)] },
    include: {
      offer: true,
      endClient: { select: { id: true, name: true, parentId: true } },
      billingAccount: { include: { owner: { select: { id: true, name: true, parentId: true } } } },
      site: true,
      order: { select: { ref: true, type: true, deliveredOn: true } },
      pilot: { select: { name: true } },
      productSheets: { orderBy: { ref: "asc" }, include: { offer: { select: { name: true, family: true } } } },
      services: {
        orderBy: { ref: "asc" },
        include: { resources: { orderBy: { ref: "asc" }, include: { offer: { select: { name: true } }, line: { select: { msisdn: true, userName: true, activatedOn: true } } } } },
      },
      terminations: {
        where: { resourceId: null },
        orderBy: { requestedAt: "desc" },
        include: { requestedBy: { select: { name: true, identifier: true } }, cancelledBy: { select: { name: true, identifier: true } } },
      },
    },
  });
  if (!oc) notFound();
  return { oc, showPrices: canSeePrices(viewerOf(actor), oc.billingAccount.owner) };
}

export type ContractedOfferDetail = Awaited<ReturnType<typeof getContractedOffer>>["oc"];
