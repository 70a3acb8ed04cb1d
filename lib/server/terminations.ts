import "server-only";
import { db, type Tx } from "@/lib/server/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { now, today } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { mayTerminate, type Actor } from "@/lib/server/authz";
import { getContractedOffer, type ContractedOfferDetail } from "@/lib/server/contracted-offers";
import { sendTerminationCancelledEmail, sendTerminationScheduledEmail } from "@/lib/server/emails";
import { canCancelTermination, lastDayToCancel, quoteTermination, type TerminationQuote } from "@/lib/domain/termination";
import { addDays, formatDay, formatFrenchDate, isValidDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { ocFeeOn, priceIncreaseRight } from "@/lib/server/prices";
import { DomainError } from "@/lib/domain/errors";
import { notFound } from "next/navigation";

/** The rule of SPEC §3 applied to an OC as it is in the database, as of today, its fee at the price in force on `requestedOn` (§17). */
export async function quoteFor(oc: ContractedOfferDetail, requestedOn: CalendarDay, day = today()): Promise<TerminationQuote> {
  const monthlyFeeCents = isValidDay(requestedOn) ? await ocFeeOn(oc, requestedOn) : 0;
  return quoteTermination({
    state: oc.state,
    activationOn: oc.activationOn ? formatDay(oc.activationOn) : null,
    monthlyFeeCents,
    commitmentMonths: oc.commitmentMonths,
    renewalMonths: oc.renewalMonths,
    noticeMonths: oc.noticeMonths,
    requestedOn,
    today: day,
    lineCount: oc.lineCount,
    flatFeePerLineCents: oc.terminationFeePerLineCents,
  });
}

/**
 * An OC whose services moved to a new OC by a *Modification* order (SPEC §6) ends with it: its
 * termination belongs to the modification and cannot be cancelled on its own.
 */
export function replacedByModification(oc: ContractedOfferDetail): boolean {
  return oc.services.length === 0 && oc.deliveredOn !== null;
}

/** The OC's scheduled termination (the OC as a whole, not one SIM line), if any. */
export function scheduledTermination(oc: ContractedOfferDetail) {
  return oc.terminations.find((t) => t.state === "PROGRAMMEE") ?? null;
}

async function terminableOffer(actor: Actor, ref: string) {
  const loaded = await getContractedOffer(actor, ref);
  if (!mayTerminate(actor)) notFound();
  return loaded;
}

/**
 * *Résilier l'offre contractée* (SPEC §3): the server recomputes the quote, then records the
 * termination only if the OC is still *Livrée*: of two concurrent requests exactly one wins.
 */
export async function requestTermination(actor: Actor, ref: string, input: { requestedOn: CalendarDay; comment: string | null; underPriceIncrease?: boolean }) {
  const { oc, showPrices } = await terminableOffer(actor, ref);
  const quote = input.underPriceIncrease ? await priceIncreaseQuote(oc, showPrices) : await quoteFor(oc, input.requestedOn);
  if (!quote.ok) throw new DomainError(quote.message, quote.field ? { [quote.field]: [quote.message] } : undefined);
  const termination = await db.$transaction(async (tx) => {
    const claimed = await tx.contractedOffer.updateMany({ where: { id: oc.id, state: "LIVREE" }, data: { state: "RESILIATION_PROGRAMMEE" } });
    if (claimed.count === 0) throw new DomainError("Une résiliation est déjà programmée pour cette offre contractée.");
    await tx.service.updateMany({ where: { contractedOfferId: oc.id, state: "EN_SERVICE" }, data: { state: "RESILIATION_PROGRAMMEE" } });
    const created = await tx.termination.create({
      data: {
        contractedOfferId: oc.id,
        requestedOn: parseDay(input.underPriceIncrease ? today() : input.requestedOn),
        noticeMonths: input.underPriceIncrease ? 0 : oc.noticeMonths,
        effectiveOn: parseDay(quote.effectiveOn),
        earlyTerminationCents: quote.amountCents,
        comment: input.comment,
        requestedById: actor.userId,
        requestedAt: now(),
      },
    });
    await audit(tx, {
      actorId: actor.userId, action: "contracted-offer.terminate", targetType: "ContractedOffer", targetId: oc.ref, companyId: oc.endClient.id,
      details: { requestedOn: input.requestedOn, effectiveOn: quote.effectiveOn, amountCents: quote.amountCents, ...(input.underPriceIncrease && { underPriceIncrease: true }) },
    });
    return created;
  });
  await sendTerminationScheduledEmail(actor, { ref: oc.ref, name: oc.name, effectiveOn: quote.effectiveOn, lastDayToCancel: quote.lastDayToCancel, amountCents: showPrices ? quote.amountCents : null });
  return { termination, quote };
}

/**
 * Terminating under a price increase (SPEC §11, art. 13): only the billing account's side (who sees the prices), while
 * the right lasts; E is the day before the new price, no notice, nothing owed.
 */
async function priceIncreaseQuote(oc: ContractedOfferDetail, showPrices: boolean): Promise<TerminationQuote> {
  const day = today();
  const right = showPrices && oc.state === "LIVREE" ? await priceIncreaseRight(oc, day) : null;
  if (!right) return { ok: false, message: "Aucune hausse de prix ne permet de résilier cette offre sans frais aujourd'hui." };
  return { ok: true, effectiveOn: right.endOn, periodEnd: null, early: false, amountCents: 0, lastDayToCancel: lastDayToCancel(right.endOn) };
}

/** Cancels the OC's scheduled termination, until the end of the 3rd working day before its date (SPEC §3 rule 7). */
export async function cancelTermination(actor: Actor, ref: string) {
  const { oc } = await terminableOffer(actor, ref);
  const scheduled = scheduledTermination(oc);
  if (!scheduled) throw new DomainError("Aucune résiliation n'est programmée pour cette offre contractée.");
  if (replacedByModification(oc)) throw new DomainError("Cette résiliation accompagne une commande de modification : elle ne peut pas être annulée.");
  const effectiveOn = formatDay(scheduled.effectiveOn);
  if (!canCancelTermination(effectiveOn, today())) {
    throw new DomainError(`La résiliation ne peut plus être annulée : le dernier jour pour l'annuler était le ${formatFrenchDate(lastDayToCancel(effectiveOn))}.`);
  }
  await db.$transaction(async (tx) => {
    const cancelled = await tx.termination.updateMany({ where: { id: scheduled.id, state: "PROGRAMMEE" }, data: { state: "ANNULEE", cancelledById: actor.userId, cancelledAt: now() } });
    if (cancelled.count === 0) throw new DomainError("Cette résiliation a déjà été annulée ou appliquée.");
    await tx.contractedOffer.updateMany({ where: { id: oc.id, state: "RESILIATION_PROGRAMMEE" }, data: { state: "LIVREE" } });
    await tx.service.updateMany({ where: { contractedOfferId: oc.id, state: "RESILIATION_PROGRAMMEE" }, data: { state: "EN_SERVICE" } });
    await audit(tx, { actorId: actor.userId, action: "contracted-offer.cancel-termination", targetType: "ContractedOffer", targetId: oc.ref, companyId: oc.endClient.id, details: { effectiveOn } });
  });
  await sendTerminationCancelledEmail(actor, { ref: oc.ref, name: oc.name, effectiveOn });
}

type DueTermination = { id: number; contractedOfferId: number; resourceId: number | null; effectiveOn: Date };

/** Applies one termination (an OC's, or one SIM line's) if it is still scheduled; false when another run got there first. */
async function applyTermination(tx: Tx, termination: DueTermination) {
  const claimed = await tx.termination.updateMany({ where: { id: termination.id, state: "PROGRAMMEE" }, data: { state: "APPLIQUEE", appliedAt: now() } });
  if (claimed.count === 0) return false;
  const effectiveOn = formatDay(termination.effectiveOn);
  if (termination.resourceId !== null) {
    const resource = await tx.simResource.update({ where: { id: termination.resourceId }, data: { state: "RESILIE" }, select: { ref: true, lineId: true, service: { select: { companyId: true } } } });
    // The line's last plan ends with its last day of service (billing by days, SPEC §4).
    if (resource.lineId) await tx.linePlanSegment.updateMany({ where: { lineId: resource.lineId, endOn: null }, data: { endOn: parseDay(addDays(effectiveOn, 1)) } });
    await closeSuspensions(tx, { resourceId: termination.resourceId });
    await audit(tx, { actorId: null, action: "line.terminated", targetType: "SimResource", targetId: resource.ref, companyId: resource.service.companyId, details: { effectiveOn } });
    return true;
  }
  const oc = await tx.contractedOffer.update({ where: { id: termination.contractedOfferId }, data: { state: "RESILIEE" }, select: { ref: true, endClientId: true } });
  await tx.service.updateMany({ where: { contractedOfferId: termination.contractedOfferId }, data: { state: "RESILIE" } });
  await tx.simResource.updateMany({ where: { service: { contractedOfferId: termination.contractedOfferId } }, data: { state: "RESILIE" } });
  await closeSuspensions(tx, { OR: [{ service: { contractedOfferId: termination.contractedOfferId } }, { resource: { service: { contractedOfferId: termination.contractedOfferId } } }] });
  await audit(tx, { actorId: null, action: "contracted-offer.terminated", targetType: "ContractedOffer", targetId: oc.ref, companyId: oc.endClientId, details: { effectiveOn } });
  return true;
}

/** A terminated line or trunk keeps no suspension reason: the termination ends them all (no network request). */
async function closeSuspensions(tx: Tx, where: Prisma.SuspensionWhereInput) {
  await tx.suspension.updateMany({ where: { ...where, liftedAt: null }, data: { activeKey: null, liftedAt: now() } });
}

/**
 * The scheduled job (SPEC §3 rule 8): every termination (of an OC or of one SIM line) whose last day of service `E` is before
 * `asOf` is applied. Each one in its own transaction, claimed by a conditional update, so that two
 * runs at once, or a run repeated, apply each termination exactly once.
 */
export async function applyDueTerminations(asOf: CalendarDay = today()): Promise<number> {
  const due = await db.termination.findMany({
    where: { state: "PROGRAMMEE", effectiveOn: { lt: parseDay(asOf) } },
    orderBy: [{ effectiveOn: "asc" }, { id: "asc" }],
    select: { id: true, contractedOfferId: true, resourceId: true, effectiveOn: true },
  });
  let applied = 0;
  for (const termination of due) {
    if (await db.$transaction((tx) => applyTermination(tx, termination))) applied++;
  }
  return applied;
}
