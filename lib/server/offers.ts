import "server-only";
import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { now, today } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { isStaffAdministrator, type Actor } from "@/lib/server/authz";
import { loadPriceBooks } from "@/lib/server/prices";
import { recipientsFor } from "@/lib/server/recipients";
import { sendPriceIncreaseEmail } from "@/lib/server/emails";
import { DomainError } from "@/lib/domain/errors";
import { addDays, formatDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { isIncrease, priceOn, priceVersionProblem, type Price, type PriceVersion } from "@/lib/domain/prices";
import type { CatalogueOffer } from "@/lib/domain/catalogue-csv";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * The catalogue managed by the operator's administrators (SPEC §11): offers created, edited and withdrawn from
 * sale (existing OCs keep them), and dated prices, an increase being mailed to the owners of the accounts billed
 * for the offer.
 */
function requireCatalogueAdmin(actor: Actor) {
  if (!isStaffAdministrator(actor)) notFound();
}

/** Every offer with its price in force today and its versions, for the catalogue page. */
export async function listOffersForAdmin(actor: Actor) {
  requireCatalogueAdmin(actor);
  const offers = await db.offer.findMany({ orderBy: [{ active: "desc" }, { family: "asc" }, { name: "asc" }], include: { prices: { orderBy: { effectiveOn: "asc" } } } });
  const day = today();
  const books = await loadPriceBooks(db, offers.map((o) => o.id));
  return offers.map((o) => ({ ...o, priceToday: priceOn(books.get(o.id)!, day) }));
}

export async function findOfferForAdmin(actor: Actor, code: string) {
  requireCatalogueAdmin(actor);
  const offer = await db.offer.findUnique({ where: { code: code.toUpperCase() }, include: { prices: { orderBy: { effectiveOn: "asc" } } } });
  if (!offer) notFound();
  return offer;
}

const taken = () => new DomainError("Une offre porte déjà ce code.", { code: ["Ce code est déjà utilisé : choisissez-en un autre."] });

export async function createOffer(actor: Actor, offer: CatalogueOffer) {
  requireCatalogueAdmin(actor);
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.offer.create({ data: offer });
      await audit(tx, { actorId: actor.userId, action: "offer.create", targetType: "Offer", targetId: created.code });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw taken();
    throw error;
  }
}

/** Everything but the code and the prices (which change through dated versions). */
export async function updateOffer(actor: Actor, code: string, offer: Omit<CatalogueOffer, "code" | "monthlyFeeCents" | "oneOffFeeCents" | "active">) {
  const current = await findOfferForAdmin(actor, code);
  await db.$transaction(async (tx) => {
    await tx.offer.update({ where: { id: current.id }, data: offer });
    await audit(tx, { actorId: actor.userId, action: "offer.update", targetType: "Offer", targetId: current.code });
  });
}

/** Withdrawn from sale: no longer offered to order; existing OCs keep it. */
export async function setOfferActive(actor: Actor, code: string, active: boolean) {
  const current = await findOfferForAdmin(actor, code);
  await db.$transaction(async (tx) => {
    await tx.offer.update({ where: { id: current.id }, data: { active } });
    await audit(tx, { actorId: actor.userId, action: active ? "offer.reactivate" : "offer.withdraw", targetType: "Offer", targetId: current.code });
  });
}

/** The companies owning a billing account with an OC on the offer (its main offer or one of its product sheets), not terminated. */
async function ownersBilledFor(offerId: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT DISTINCT ba."ownerCompanyId" AS "id" FROM "ContractedOffer" oc JOIN "BillingAccount" ba ON ba."id" = oc."billingAccountId"
    WHERE oc."state" <> 'RESILIEE' AND (oc."offerId" = ${offerId} OR EXISTS (SELECT 1 FROM "ContractedProductSheet" s WHERE s."contractedOfferId" = oc."id" AND s."offerId" = ${offerId}))
    ORDER BY 1`;
  return rows.map((r) => r.id);
}

/**
 * Publishes a price from `effectiveOn` (SPEC §11): a decrease from today at the earliest, an increase at least one
 * month after today. An increase is mailed once to every owner of an account billed for the offer, with the new
 * price, its date and the right to terminate without fees before it.
 */
export async function publishPrice(actor: Actor, code: string, version: PriceVersion) {
  const offer = await findOfferForAdmin(actor, code);
  const day = today();
  const { price: created, increase, previous } = await db.$transaction(async (tx) => {
    // The offer's row lock: two prices published at once are checked one after the other.
    await tx.$queryRaw`SELECT "id" FROM "Offer" WHERE "id" = ${offer.id} FOR UPDATE`;
    const book = (await loadPriceBooks(tx, [offer.id])).get(offer.id)!;
    const problem = priceVersionProblem(book, version, day);
    if (problem) throw new DomainError(problem, { effectiveOn: [problem] });
    const increase = isIncrease(book, version);
    const previous = priceOn(book, addDays(version.effectiveOn, -1));
    try {
      const price = await tx.offerPrice.create({
        data: { offerId: offer.id, effectiveOn: parseDay(version.effectiveOn), monthlyFeeCents: version.monthlyFeeCents, oneOffFeeCents: version.oneOffFeeCents, publishedAt: now(), publishedById: actor.userId },
      });
      await audit(tx, { actorId: actor.userId, action: "offer.price", targetType: "Offer", targetId: offer.code, details: { ...version, increase } });
      return { price, increase, previous };
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new DomainError("Un prix prend déjà effet à cette date : choisissez une autre date.", { effectiveOn: ["Un prix prend déjà effet à cette date."] });
      throw error;
    }
  });
  if (increase) await sendPriceIncreaseNotices(created.id, { name: offer.name, previous, next: version, noticeOn: day });
  return created;
}

/** The notice of an increase, once (its `noticeSentAt` is claimed first: a second call sends nothing). */
async function sendPriceIncreaseNotices(priceId: number, change: { name: string; previous: Price; next: PriceVersion; noticeOn: CalendarDay }) {
  const claimed = await db.offerPrice.updateMany({ where: { id: priceId, noticeSentAt: null }, data: { noticeSentAt: now() } });
  if (claimed.count === 0) return;
  const price = await db.offerPrice.findUniqueOrThrow({ where: { id: priceId }, select: { offerId: true, effectiveOn: true } });
  // The notice names no account: an address concerned through several owners (a reseller's administrator) gets one.
  const told = new Set<string>();
  for (const ownerId of await ownersBilledFor(price.offerId)) {
    for (const to of await recipientsFor("contracted-offer", ownerId)) {
      const key = to.email.toLowerCase();
      if (told.has(key)) continue;
      told.add(key);
      await sendPriceIncreaseEmail(to, { offer: change.name, previous: change.previous, next: change.next, effectiveOn: formatDay(price.effectiveOn), noticeOn: change.noticeOn });
    }
  }
}
