import { searchKey } from "@/lib/domain/search-key";
import { db } from "@/lib/server/db";
import { clientScope, findClientForActor, type Actor } from "@/lib/server/authz";
import { addResellerUniverse, setCompanyActive } from "@/lib/server/companies";
import { formatDay, formatFrenchDate, isValidDay, parseDay } from "@/lib/domain/calendar-day";
import { csvLine } from "@/lib/csv";
import { COUNT_TAKE, PAGE_SIZE, type ListQuery, type SearchParams, parseListQuery } from "@/lib/list-query";
import type { LegalForm, Prisma } from "@/lib/generated/prisma/client";
import { LEGAL_FORMS } from "@/lib/domain/labels";

/** The reseller's client directory (SPEC §5): *Identifiant, Raison sociale, Date de création, Statut, État*. */
export const CLIENT_COLUMNS = ["id", "name", "createdOn", "legalForm", "state"] as const;
export type ClientColumn = (typeof CLIENT_COLUMNS)[number];
export type ClientQuery = ListQuery<ClientColumn>;

export function parseClientQuery(params: SearchParams): ClientQuery {
  return parseListQuery(params, { filters: CLIENT_COLUMNS, sortable: CLIENT_COLUMNS, defaultSort: "id" });
}

function clientFilters(actor: Actor, { filters }: ClientQuery): Prisma.CompanyWhereInput {
  const and: Prisma.CompanyWhereInput[] = [clientScope(actor)];
  if (filters.id) and.push(/^\d{1,9}$/.test(filters.id) ? { id: Number(filters.id) } : { id: -1 });
  if (filters.name) and.push({ nameKey: { contains: searchKey(filters.name) } });
  if (filters.createdOn) and.push(isValidDay(filters.createdOn) ? { createdOn: parseDay(filters.createdOn) } : { id: -1 });
  if (filters.legalForm) and.push(filters.legalForm in LEGAL_FORMS ? { legalForm: filters.legalForm as LegalForm } : { id: -1 });
  if (filters.state === "active" || filters.state === "inactive") and.push({ active: filters.state === "active" });
  return { AND: and };
}

function clientOrder({ sort, dir }: ClientQuery): Prisma.CompanyOrderByWithRelationInput[] {
  const field = sort === "state" ? "active" : sort === "name" ? "nameKey" : sort;
  return field === "id" ? [{ id: dir }] : [{ [field]: dir }, { id: "asc" }];
}

const listSelect = { id: true, name: true, createdOn: true, legalForm: true, active: true } as const;
export type ClientRow = Prisma.CompanyGetPayload<{ select: typeof listSelect }>;

/** One page of the actor's direct clients, with the total count of the filtered list. */
export async function listClients(actor: Actor, query: ClientQuery): Promise<{ rows: ClientRow[]; total: number }> {
  const where = clientFilters(actor, query);
  const [rows, total] = await Promise.all([
    db.company.findMany({ where, orderBy: clientOrder(query), skip: (query.page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: listSelect }),
    db.company.count({ where, take: COUNT_TAKE }),
  ]);
  return { rows, total };
}

/** Every row of the filtered list, in pages of 1,000 (the CSV export streams them). */
export async function* allClients(actor: Actor, query: ClientQuery): AsyncGenerator<ClientRow[]> {
  const where = clientFilters(actor, query);
  const orderBy = clientOrder(query);
  for (let skip = 0; ; skip += 1000) {
    const rows = await db.company.findMany({ where, orderBy, skip, take: 1000, select: listSelect });
    if (rows.length > 0) yield rows;
    if (rows.length < 1000) return;
  }
}

/** The CSV export of the filtered list: the header, then the lines of each page of `allClients`. */
export async function* clientsCsv(actor: Actor, query: ClientQuery): AsyncGenerator<string> {
  yield csvLine(["Identifiant", "Raison sociale", "Date de création", "Statut", "État"]);
  for await (const rows of allClients(actor, query)) {
    yield rows.map((c) => csvLine([c.id, c.name, formatFrenchDate(formatDay(c.createdOn)), LEGAL_FORMS[c.legalForm], c.active ? "Activé(e)" : "Désactivé(e)"])).join("");
  }
}

/** The client page: details, universes, users. Out of scope is "not found". */
export async function getClient(actor: Actor, clientId: number) {
  const client = await findClientForActor(actor, clientId);
  const users = await db.user.findMany({ where: { companyId: client.id }, orderBy: { identifier: "asc" } });
  return { client, users };
}

export async function addClientResellerUniverse(actor: Actor, clientId: number) {
  const client = await findClientForActor(actor, clientId);
  await addResellerUniverse(actor, client.id);
}

export async function setClientActive(actor: Actor, clientId: number, active: boolean) {
  const client = await findClientForActor(actor, clientId);
  await setCompanyActive(actor, client.id, active);
}
