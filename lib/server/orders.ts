import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import { db, type Tx } from "@/lib/server/db";
import { now, today } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { nextNumber } from "@/lib/server/counters";
import { actsAsReseller, companyScope, isRowId, isStaff, orderScope, type Actor } from "@/lib/server/authz";
import { sendOrderStepEmail } from "@/lib/server/emails";
import { recipientsFor } from "@/lib/server/recipients";
import { withPricesOn } from "@/lib/server/prices";
import { creditLimitStatus } from "@/lib/server/balance";
import { MAX_QUANTITY, modificationAllowed, nextAnniversaryDay, nextOrderState, ORDER_STATE_LABELS, type OrderStep } from "@/lib/domain/orders";
import { addDays, compareDays, formatDay, formatFrenchDate, isValidDay, parisDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { csvLine } from "@/lib/csv";
import { formatEuros } from "@/lib/domain/money";
import { parisMidnight } from "@/lib/domain/terms";
import { isValidRio, normalizeFrenchMobile, normalizeRef } from "@/lib/domain/identifiers";
import { DomainError } from "@/lib/domain/errors";
import { multiLineText, singleLineText } from "@/lib/domain/text";
import { COUNT_TAKE, PAGE_SIZE, parseListQuery, type ListQuery, type SearchParams } from "@/lib/list-query";
import type { OrderState, Prisma, ServiceType } from "@/lib/generated/prisma/client";
import { SERVICE_TYPE_OF_FAMILY } from "@/lib/domain/service-families";
import { ORDER_AGES, ORDER_TYPES } from "@/lib/domain/labels";

// ---------------------------------------------------------------------------------------------
// Placing an order (SPEC §6)

export const orderLineSchema = z.object({
  offerId: z.coerce.number().int().positive("Choisissez une offre."),
  quantity: z.coerce
    .number("La quantité doit être un nombre.")
    .int("La quantité doit être un nombre entier.")
    .min(1, "La quantité doit être d'au moins 1.")
    .max(MAX_QUANTITY, `La quantité ne peut pas dépasser ${MAX_QUANTITY}.`),
  portingNumber: singleLineText().max(20).optional().default(""),
  portingRio: singleLineText().max(20).optional().default(""),
});

export const newOrderSchema = z.object({
  endClientId: z.coerce.number().int(),
  type: z.enum(["CREATION", "PORTABILITE", "MODIFICATION"], "Choisissez le type de commande."),
  /** *Modification*: the fixed telephony service that moves to another offer. */
  serviceId: z.coerce.number().int().nonnegative().optional().default(0),
  siteId: z.coerce.number().int().positive("Choisissez un site."),
  /** Absent when the end client orders for itself and is billed through its reseller, who picks the account (SPEC §12). */
  billingAccountId: z.coerce.number().int().nonnegative().optional().default(0),
  wishedOn: z.string().refine(isValidDay, "Choisissez une date souhaitée valide."),
  comment: multiLineText().max(1000, "Le commentaire ne doit pas dépasser 1 000 caractères.").optional().default(""),
  lines: z.array(orderLineSchema).min(1, "Ajoutez au moins une offre.").max(20, "Une commande compte au plus 20 lignes."),
});
export type NewOrder = z.infer<typeof newOrderSchema>;

/** The company an order is placed for: the actor's own, or one of its direct clients in a reseller universe. */
export async function orderableClient(actor: Actor, endClientId: number) {
  if (isStaff(actor) || !isRowId(endClientId)) notFound();
  const company = await db.company.findFirst({ where: { AND: [{ id: endClientId, active: true }, companyScope(actor)] } });
  if (!company) notFound();
  return company;
}

/** The client's fixed telephony services that a *Modification* order may move to another offer (SPEC §6). */
function modifiableServices(endClientId: number) {
  return db.service.findMany({
    where: { companyId: endClientId, type: "TELEPHONIE_IP", state: "EN_SERVICE", contractedOffer: { state: "LIVREE", activationOn: { not: null } } },
    orderBy: { ref: "asc" },
    include: { contractedOffer: { select: { id: true, ref: true, offerId: true, activationOn: true, offer: { select: { family: true, name: true } } } } },
  });
}

/**
 * Whether an order for `endClient` waits for its reseller's approval: the client orders for itself and is billed
 * through its reseller, who then picks the account (SPEC §12).
 */
function needsResellerApproval(actor: Actor, endClient: { id: number; billingMode: string; parentId: number | null }) {
  return endClient.billingMode === "VIA_REVENDEUR" && endClient.id === actor.company.id && endClient.parentId !== null;
}

/** The accounts an order for `endClient` may be billed to: its own, or its reseller's when it is billed through it. */
function billableAccounts(actor: Actor, endClient: { id: number; billingMode: string; parentId: number | null }) {
  if (needsResellerApproval(actor, endClient)) return Promise.resolve([]);
  const owners = endClient.billingMode === "VIA_REVENDEUR" ? [actor.company.id] : [endClient.id, actor.company.id];
  return db.billingAccount.findMany({ where: { ownerCompanyId: { in: owners } }, orderBy: { ref: "asc" } });
}

/** What the order form offers for an end client: its sites, the billing accounts, the catalogue and the services it may modify. */
export async function orderFormData(actor: Actor, endClientId: number) {
  const endClient = await orderableClient(actor, endClientId);
  const [sites, billingAccounts, offers, services] = await Promise.all([
    db.site.findMany({ where: { companyId: endClient.id }, orderBy: { name: "asc" } }),
    billableAccounts(actor, endClient),
    db.offer.findMany({ where: { active: true }, orderBy: [{ family: "asc" }, { monthlyFeeCents: "asc" }] }).then((offers) => withPricesOn(offers, today())),
    modifiableServices(endClient.id),
  ]);
  return { endClient, sites, billingAccounts, offers, services, needsApproval: needsResellerApproval(actor, endClient) };
}

/** The modification's effective day, or why the service cannot be modified now (2 a year, 1 a month). */
async function modificationOf(tx: Tx, service: Awaited<ReturnType<typeof modifiableServices>>[number]) {
  // One modification order of a service at a time: the row lock serialises concurrent submissions.
  await tx.$queryRaw`SELECT "id" FROM "Service" WHERE "id" = ${service.id} FOR UPDATE`;
  const effectiveOn = nextAnniversaryDay(formatDay(service.contractedOffer.activationOn!), today());
  const earlier = await tx.order.findMany({ where: { serviceId: service.id, type: "MODIFICATION", state: { not: "REFUSEE" }, effectiveOn: { not: null } }, select: { effectiveOn: true } });
  const allowed = modificationAllowed(earlier.map((o) => formatDay(o.effectiveOn!)), effectiveOn);
  if (!allowed.ok) throw new DomainError(allowed.message, { serviceId: [allowed.message] });
  return effectiveOn;
}

function lineErrors(index: number, message: string) {
  return { [`lines.${index}`]: [message] };
}

/**
 * No order is accepted while its billing account's balance is above its threshold (SPEC §13), until a payment or a
 * raised threshold: checked when it is placed, when a reseller approves it, and when ADV validate it.
 */
async function refuseOverCreditLimit(billingAccountId: number) {
  const status = await creditLimitStatus(billingAccountId);
  if (!status.over) return;
  throw new DomainError(
    `Commande refusée : l'encours du compte ${status.ref} (${formatEuros(status.balanceCents)}) dépasse son seuil (${formatEuros(status.thresholdCents!)}). Elle sera acceptée après règlement ou relèvement du seuil.`,
  );
}

/** Submits an order: every reference is checked against the actor's scope; nothing is created on a refusal. */
export async function createOrder(actor: Actor, input: NewOrder) {
  const { endClient, sites, billingAccounts, offers, services, needsApproval } = await orderFormData(actor, input.endClientId);
  if (!sites.some((s) => s.id === input.siteId)) throw new DomainError("Le site choisi n'est pas un site de ce client.", { siteId: ["Choisissez un site du client."] });
  // Until the reseller approves, the order points at one of the reseller's accounts; the reseller picks the one billed.
  const billingAccountId = needsApproval
    ? (await db.billingAccount.findFirst({ where: { ownerCompanyId: endClient.parentId! }, orderBy: { ref: "asc" }, select: { id: true } }))?.id
    : billingAccounts.find((b) => b.id === input.billingAccountId)?.id;
  if (billingAccountId === undefined && needsApproval) throw new DomainError("Votre revendeur n'a pas encore de compte de facturation : contactez-le avant de commander.");
  if (billingAccountId === undefined) {
    throw new DomainError("Le compte client choisi n'est pas disponible pour cette commande.", { billingAccountId: ["Choisissez un compte client proposé."] });
  }
  if (compareDays(input.wishedOn, today()) < 0) throw new DomainError("La date souhaitée ne peut pas être antérieure à aujourd'hui.", { wishedOn: ["Choisissez aujourd'hui ou une date à venir."] });
  const lines = input.lines.map((line, index) => {
    const offer = offers.find((o) => o.id === line.offerId);
    if (!offer) throw new DomainError("Une des offres choisies n'existe pas au catalogue.", lineErrors(index, "Offre inconnue."));
    if (input.type !== "PORTABILITE" || offer.family !== "OPENSIM") return { offer, quantity: line.quantity, portingNumber: null, portingRio: null };
    // Porting a mobile number: one line per number, with its RIO (SPEC §10).
    const number = normalizeFrenchMobile(line.portingNumber);
    if (!number) throw new DomainError("Le numéro à porter n'est pas un numéro mobile français.", lineErrors(index, "Saisissez le numéro mobile à porter (06 ou 07)."));
    if (!isValidRio(line.portingRio, number)) throw new DomainError("Le RIO ne correspond pas au numéro à porter.", lineErrors(index, "Vérifiez le RIO (12 caractères, obtenu au 3179)."));
    if (line.quantity !== 1) throw new DomainError("Une ligne de portabilité porte un seul numéro.", lineErrors(index, "La quantité d'une ligne de portabilité est 1."));
    return { offer, quantity: 1, portingNumber: number, portingRio: line.portingRio.replace(/\s/g, "").toUpperCase() };
  });
  const modified = input.type === "MODIFICATION" ? services.find((s) => s.id === input.serviceId) : undefined;
  if (input.type === "MODIFICATION") {
    if (!modified) throw new DomainError("Choisissez le service de téléphonie fixe à modifier.", { serviceId: ["Choisissez un service de téléphonie fixe en service de ce client."] });
    if (lines.length !== 1) throw new DomainError("Une commande de modification porte sur une seule offre.", { lines: ["Choisissez une seule offre, celle vers laquelle le service passe."] });
    if (lines[0].offer.family !== modified.contractedOffer.offer.family || lines[0].offer.id === modified.contractedOffer.offerId) {
      throw new DomainError("Une modification fait passer le service à une autre offre de téléphonie IP.", lineErrors(0, `Choisissez une offre de téléphonie IP autre que ${modified.contractedOffer.offer.name}.`));
    }
  }
  // Awaiting its reseller, the order's account is a placeholder: the one the reseller picks is checked on approval.
  if (!needsApproval) await refuseOverCreditLimit(billingAccountId);
  const order = await db.$transaction(async (tx) => {
    const effectiveOn = modified ? await modificationOf(tx, modified) : null;
    const ref = `COM${await nextNumber(tx, "order", 40000)}`;
    const created = await tx.order.create({
      data: {
        ref, type: input.type, state: needsApproval ? "A_VALIDER_REVENDEUR" : "SOUMISE", endClientId: endClient.id, orderedByCompanyId: actor.company.id, placedById: actor.userId,
        billingAccountId, siteId: input.siteId, wishedOn: parseDay(input.wishedOn), submittedAt: now(), comment: input.comment || null,
        serviceId: modified?.id ?? null, effectiveOn: effectiveOn ? parseDay(effectiveOn) : null,
        lines: {
          create: lines.map((l) => ({
            offerId: l.offer.id, quantity: l.quantity, monthlyFeeCents: l.offer.monthlyFeeCents, oneOffFeeCents: l.offer.oneOffFeeCents,
            portingNumber: l.portingNumber, portingRio: l.portingRio, portingOn: l.portingNumber ? parseDay(input.wishedOn) : null,
          })),
        },
      },
    });
    await audit(tx, { actorId: actor.userId, action: "order.create", targetType: "Order", targetId: ref, companyId: endClient.id });
    return created;
  });
  const detail = modified && order.effectiveOn
    ? `Modification du service ${modified.ref} pour ${endClient.id} ${endClient.name}, effective le ${formatFrenchDate(formatDay(order.effectiveOn))}.`
    : `Commande pour ${endClient.id} ${endClient.name}.`;
  await tellOrderStep(order, actor, needsApproval ? ORDER_STATE_LABELS.A_VALIDER_REVENDEUR : "Soumise", detail);
  return order;
}

/** Each step of an order to its recipients (SPEC §15): who placed it, the end client's people, its reseller's administrators. */
async function tellOrderStep(order: { ref: string; endClientId: number }, placedBy: { name: string; email: string }, step: string, detail: string) {
  for (const to of await recipientsFor("order", order.endClientId, { actor: placedBy })) await sendOrderStepEmail(to, { ref: order.ref, step, detail });
}

/** The accounts a reseller bills its clients' approved orders to: its own. */
export function resellerAccounts(actor: Actor) {
  return db.billingAccount.findMany({ where: { ownerCompanyId: actor.company.id }, orderBy: { ref: "asc" }, select: { id: true, ref: true, name: true } });
}

const APPROVAL_AUDIT = { approve: "order.reseller-approve", refuse: "order.reseller-refuse" } as const;

/**
 * The reseller's decision on an order of its client billed through it (SPEC §12): approved, it enters the ADV queue
 * (*Soumise*) billed to the reseller's account it picks; refused, with a reason. A conditional update decides once.
 */
export async function decideOrderApproval(actor: Actor, ref: string, decision: { approve: true; billingAccountId: number } | { approve: false; reason: string }) {
  const order = await getOrder(actor, ref);
  if (!actsAsReseller(actor) || order.endClient.parentId !== actor.company.id) notFound();
  const account = decision.approve
    ? await db.billingAccount.findFirst({ where: { id: isRowId(decision.billingAccountId) ? decision.billingAccountId : -1, ownerCompanyId: actor.company.id } })
    : null;
  if (decision.approve && !account) throw new DomainError("Choisissez l'un de vos comptes de facturation.", { billingAccountId: ["Choisissez l'un de vos comptes de facturation."] });
  const reason = decision.approve ? "" : decision.reason.trim();
  if (!decision.approve && !reason) throw new DomainError("Indiquez le motif du refus.", { reason: ["Le motif du refus est obligatoire."] });
  if (decision.approve) await refuseOverCreditLimit(account!.id);
  const at = now();
  await db.$transaction(async (tx) => {
    const claimed = await tx.order.updateMany({
      where: { id: order.id, state: "A_VALIDER_REVENDEUR" },
      data: decision.approve
        ? { state: "SOUMISE", approvedAt: at, approvedById: actor.userId, billingAccountId: account!.id, submittedAt: at }
        : { state: "REFUSEE", refusedAt: at, refusalReason: reason.slice(0, 1000) },
    });
    if (claimed.count === 0) throw new DomainError("Cette commande n'attend plus votre validation : rechargez la page.");
    await audit(tx, { actorId: actor.userId, action: APPROVAL_AUDIT[decision.approve ? "approve" : "refuse"], targetType: "Order", targetId: order.ref, companyId: order.endClient.id });
  });
  await tellOrderStep(
    { ref: order.ref, endClientId: order.endClient.id },
    order.placedBy,
    decision.approve ? "Soumise" : "Refusée",
    decision.approve ? `Validée par votre revendeur ${actor.company.name} ; elle est transmise à l'ADV d'OpenIP.` : `Refusée par votre revendeur ${actor.company.name}. Motif : ${reason}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Following orders

export const ORDER_COLUMNS = ["ref", "submittedAt", "age", "endClient", "type", "state", "pilot"] as const;
export type OrderColumn = (typeof ORDER_COLUMNS)[number];
export type OrderQuery = ListQuery<OrderColumn>;

export function parseOrderQuery(params: SearchParams): OrderQuery {
  return parseListQuery(params, { filters: ORDER_COLUMNS, sortable: ["ref", "submittedAt", "state"], defaultSort: "submittedAt", defaultDir: "desc" });
}

function orderFilters(actor: Actor, { filters: f }: OrderQuery): Prisma.OrderWhereInput {
  const and: Prisma.OrderWhereInput[] = [orderScope(actor)];
  if (f.ref) and.push({ ref: { contains: f.ref.toUpperCase() } });
  if (f.endClient) and.push(/^\d{1,9}$/.test(f.endClient) ? { endClientId: Number(f.endClient) } : { endClient: { name: { contains: f.endClient, mode: "insensitive" } } });
  if (f.state) and.push(f.state in ORDER_STATE_LABELS ? { state: f.state as OrderState } : { id: -1 });
  if (f.type) and.push(["CREATION", "MODIFICATION", "PORTABILITE", "RESILIATION"].includes(f.type) ? { type: f.type as never } : { id: -1 });
  if (f.pilot) and.push(f.pilot === "none" ? { pilotId: null } : { pilot: { name: { contains: f.pilot, mode: "insensitive" } } });
  if (f.submittedAt) and.push(isValidDay(f.submittedAt) ? { submittedAt: { gte: parisMidnight(f.submittedAt), lt: parisMidnight(addDays(f.submittedAt, 1)) } } : { id: -1 });
  if (f.age) and.push(ORDER_AGES.some(([days]) => days === f.age) ? { submittedAt: { lt: new Date(now().getTime() - Number(f.age) * 86_400_000) } } : { id: -1 });
  return { AND: and };
}

/** The list's columns only: its rows are sent to the browser as they are (components/data-table.tsx). */
const listSelect = {
  id: true, ref: true, submittedAt: true, type: true, state: true, endClient: { select: { id: true, name: true } }, pilot: { select: { name: true } },
} as const satisfies Prisma.OrderSelect;

const orderOrder = (query: OrderQuery): Prisma.OrderOrderByWithRelationInput[] => [{ [query.sort]: query.dir }, { id: "desc" }];

export async function listOrders(actor: Actor, query: OrderQuery) {
  const where = orderFilters(actor, query);
  const orderBy = orderOrder(query);
  const [rows, total] = await Promise.all([
    db.order.findMany({ where, orderBy, skip: (query.page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: listSelect }),
    db.order.count({ where, take: COUNT_TAKE }),
  ]);
  return { rows, total };
}
export type OrderRow = Awaited<ReturnType<typeof listOrders>>["rows"][number];

/** Every row of the filtered list, 1,000 at a time (the CSV export streams them). */
export async function* allOrders(actor: Actor, query: OrderQuery): AsyncGenerator<OrderRow[]> {
  const where = orderFilters(actor, query);
  const orderBy = orderOrder(query);
  for (let skip = 0; ; skip += 1000) {
    const rows = await db.order.findMany({ where, orderBy, skip, take: 1000, select: listSelect });
    if (rows.length > 0) yield rows;
    if (rows.length < 1000) return;
  }
}

/** The CSV export of the filtered order list: the page's columns (the client split into identifier and name). */
export async function* ordersCsv(actor: Actor, query: OrderQuery): AsyncGenerator<string> {
  yield csvLine(["Réf.", "Soumise le", "Client final", "Raison sociale", "Type commande", "État", "Pilote ADV"]);
  for await (const rows of allOrders(actor, query)) {
    yield rows
      .map((o) => csvLine([o.ref, formatFrenchDate(parisDay(o.submittedAt)), o.endClient.id, o.endClient.name, ORDER_TYPES[o.type], ORDER_STATE_LABELS[o.state], o.pilot?.name ?? "Aucun"]))
      .join("");
  }
}

export function normalizeOrderRef(ref: string): string | null {
  return normalizeRef(ref, /^COM\d{1,12}$/);
}

/** One order with its lines and timeline, or "not found". */
export async function getOrder(actor: Actor, ref: string) {
  const normalized = normalizeOrderRef(ref);
  if (!normalized) notFound();
  const order = await db.order.findFirst({
    where: { AND: [{ ref: normalized }, orderScope(actor)] },
    include: {
      lines: { include: { offer: true }, orderBy: { id: "asc" } },
      endClient: { select: { id: true, name: true, parentId: true } },
      site: true,
      billingAccount: { include: { owner: { select: { id: true, parentId: true } } } },
      pilot: { select: { id: true, name: true } },
      placedBy: { select: { name: true, identifier: true, email: true } },
      contractedOffers: { select: { ref: true, name: true } },
      service: { select: { id: true, ref: true, name: true, contractedOffer: { select: { id: true, ref: true, activationOn: true } } } },
    },
  });
  if (!order) notFound();
  return order;
}

// ---------------------------------------------------------------------------------------------
// The ADV back office

export function requireAdv(actor: Actor) {
  if (!isStaff(actor, "ADV")) notFound();
}

export async function advPilots() {
  return db.user.findMany({ where: { staffRole: "ADV", active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}

async function advOrder(actor: Actor, ref: string) {
  requireAdv(actor);
  return getOrder(actor, ref);
}

export async function assignPilot(actor: Actor, ref: string, pilotId: number) {
  const order = await advOrder(actor, ref);
  const pilot = (await advPilots()).find((p) => p.id === pilotId);
  if (!pilot) throw new DomainError("Choisissez un pilote ADV.", { pilotId: ["Choisissez un membre de l'ADV."] });
  await db.$transaction(async (tx) => {
    const changed = await tx.order.updateMany({ where: { id: order.id, state: { in: ["SOUMISE", "VALIDEE", "EN_COURS_DE_LIVRAISON"] } }, data: { pilotId: pilot.id } });
    if (changed.count === 0) throw new DomainError("Cette commande est terminée : son pilote ne change plus.");
    await audit(tx, { actorId: actor.userId, action: "order.assign-pilot", targetType: "Order", targetId: order.ref, companyId: order.endClient.id, details: { pilot: pilot.name } });
  });
}


type DeliveredOrder = Awaited<ReturnType<typeof getOrder>>;

/**
 * Delivery of a *Modification* (SPEC §6): a new OC for the new offer, active from the anniversary day
 * (the next one after the delivery if ADV delivers late); the service moves to it at once, and the
 * former OC ends the day before, with nothing owed (its termination is applied by the job).
 */
async function deliverModification(tx: Tx, actor: Actor, order: DeliveredOrder, deliveredOn: CalendarDay) {
  const service = order.service!;
  const former = service.contractedOffer;
  const planned = formatDay(order.effectiveOn!);
  const effectiveOn = compareDays(planned, deliveredOn) >= 0 ? planned : nextAnniversaryDay(formatDay(former.activationOn!), addDays(deliveredOn, -1));
  const line = order.lines[0];
  const oc = await tx.contractedOffer.create({
    data: {
      ref: `OC${await nextNumber(tx, "contracted-offer", 160000)}`, name: line.offer.name, offerId: line.offerId, endClientId: order.endClient.id,
      billingAccountId: order.billingAccountId, siteId: order.siteId, orderId: order.id, orderType: "MODIFICATION", state: "LIVREE", pilotId: order.pilot?.id ?? null,
      deliveredOn: parseDay(deliveredOn), activationOn: parseDay(effectiveOn), monthlyFeeCents: line.monthlyFeeCents * line.quantity,
      commitmentMonths: line.offer.commitmentMonths, renewalMonths: line.offer.renewalMonths, noticeMonths: line.offer.noticeMonths,
      terminationFeePerLineCents: line.offer.terminationFeePerLineCents, lineCount: line.quantity,
    },
  });
  await tx.contractedProductSheet.create({
    data: { ref: `FPC${await nextNumber(tx, "product-sheet", 370000)}`, contractedOfferId: oc.id, offerId: line.offerId, name: line.offer.name, quantity: line.quantity, monthlyFeeCents: line.monthlyFeeCents },
  });
  const claimed = await tx.contractedOffer.updateMany({ where: { id: former.id, state: "LIVREE" }, data: { state: "RESILIATION_PROGRAMMEE" } });
  if (claimed.count === 0) throw new DomainError(`L'offre contractée ${former.ref} du service n'est plus en service : la modification ne peut pas être livrée. Refusez la commande.`);
  await tx.service.update({ where: { id: service.id }, data: { contractedOfferId: oc.id, name: line.offer.name } });
  await tx.termination.create({
    data: {
      contractedOfferId: former.id, requestedOn: parseDay(deliveredOn), noticeMonths: 0, effectiveOn: parseDay(addDays(effectiveOn, -1)), earlyTerminationCents: 0,
      comment: `Remplacée par ${oc.ref} (commande de modification ${order.ref}).`, requestedById: actor.userId, requestedAt: now(),
    },
  });
  await tx.order.update({ where: { id: order.id }, data: { effectiveOn: parseDay(effectiveOn) } });
  return oc;
}

/** Delivery (SPEC §6): the OC (*Livrée*), its product sheets, services and SIM resources (*Disponible*). */
async function createContractedOffer(tx: Tx, actor: Actor, order: DeliveredOrder, deliveredOn: CalendarDay) {
  if (order.type === "MODIFICATION" && order.service) return deliverModification(tx, actor, order, deliveredOn);
  const main = order.lines[0].offer;
  const oc = await tx.contractedOffer.create({
    data: {
      ref: `OC${await nextNumber(tx, "contracted-offer", 160000)}`, name: main.name, offerId: main.id, endClientId: order.endClient.id,
      billingAccountId: order.billingAccountId, siteId: order.siteId, orderId: order.id, orderType: order.type, state: "LIVREE", pilotId: order.pilot?.id ?? null,
      deliveredOn: parseDay(deliveredOn), activationOn: parseDay(deliveredOn),
      monthlyFeeCents: order.lines.reduce((sum, l) => sum + l.monthlyFeeCents * l.quantity, 0),
      commitmentMonths: main.commitmentMonths, renewalMonths: main.renewalMonths, noticeMonths: main.noticeMonths,
      terminationFeePerLineCents: main.terminationFeePerLineCents, lineCount: order.lines[0].quantity,
    },
  });
  const services = new Map<ServiceType, number>();
  for (const line of order.lines) {
    const sheet = await tx.contractedProductSheet.create({
      data: { ref: `FPC${await nextNumber(tx, "product-sheet", 370000)}`, contractedOfferId: oc.id, offerId: line.offerId, name: line.offer.name, quantity: line.quantity, monthlyFeeCents: line.monthlyFeeCents },
    });
    const type = SERVICE_TYPE_OF_FAMILY[line.offer.family];
    let serviceId = services.get(type);
    if (serviceId === undefined) {
      const service = await tx.service.create({
        data: { ref: `SRV${oc.ref.slice(2)}${services.size ? `-${services.size + 1}` : ""}`, name: line.offer.name, type, state: "EN_SERVICE", companyId: order.endClient.id, contractedOfferId: oc.id, siteId: order.siteId },
      });
      serviceId = service.id;
      services.set(type, serviceId);
    }
    if (line.offer.family === "OPENSIM") {
      for (let i = 0; i < line.quantity; i++) {
        await tx.simResource.create({ data: { ref: i === 0 ? sheet.ref : `${sheet.ref}-${i + 1}`, serviceId, productSheetId: sheet.id, offerId: line.offerId, state: "DISPONIBLE" } });
      }
    }
  }
  return oc;
}

const STEP_AUDIT: Record<OrderStep, string> = { validate: "order.validate", refuse: "order.refuse", "start-delivery": "order.start-delivery", deliver: "order.deliver" };

/**
 * Moves an order one step. The state is claimed by a conditional update, so a double click or a
 * retry applies a step once: recording the same delivery twice creates nothing twice.
 */
export async function advanceOrder(actor: Actor, ref: string, step: OrderStep, input: { reason?: string; deliveredOn?: CalendarDay } = {}) {
  const order = await advOrder(actor, ref);
  const next = nextOrderState(order.state, step, order.pilot !== null);
  if (!next.ok) throw new DomainError(next.message);
  if (step === "refuse" && !input.reason?.trim()) throw new DomainError("Indiquez le motif du refus.", { reason: ["Le motif du refus est obligatoire."] });
  if (step === "deliver" && (!input.deliveredOn || !isValidDay(input.deliveredOn) || compareDays(input.deliveredOn, today()) > 0)) {
    throw new DomainError("Indiquez une date de livraison valide, aujourd'hui ou passée.", { deliveredOn: ["Choisissez la date de livraison (pas dans le futur)."] });
  }
  if (step === "validate") await refuseOverCreditLimit(order.billingAccountId);
  const at = now();
  const oc = await db.$transaction(async (tx) => {
    const claimed = await tx.order.updateMany({
      where: { id: order.id, state: { in: next.from } },
      data: {
        state: next.to,
        ...(step === "validate" && { validatedAt: at }),
        ...(step === "refuse" && { refusedAt: at, refusalReason: input.reason!.trim().slice(0, 1000) }),
        ...(step === "start-delivery" && { inDeliveryAt: at }),
        ...(step === "deliver" && { deliveredAt: at, deliveredOn: parseDay(input.deliveredOn!) }),
      },
    });
    if (claimed.count === 0) throw new DomainError("Cette commande vient d'être modifiée par ailleurs : rechargez la page.");
    const created = step === "deliver" ? await createContractedOffer(tx, actor, order, input.deliveredOn!) : null;
    await audit(tx, { actorId: actor.userId, action: STEP_AUDIT[step], targetType: "Order", targetId: order.ref, companyId: order.endClient.id, details: created ? { contractedOffer: created.ref } : undefined });
    return created;
  });
  const detail =
    step === "refuse" ? `Motif : ${input.reason!.trim()}` : oc ? `Offre contractée ${oc.ref} livrée le ${input.deliveredOn!.split("-").reverse().join("/")}.` : "";
  await tellOrderStep({ ref: order.ref, endClientId: order.endClient.id }, order.placedBy, ORDER_STATE_LABELS[next.to], detail);
  return oc;
}
