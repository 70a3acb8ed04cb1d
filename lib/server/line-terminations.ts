import "server-only";
import { db, type Tx } from "@/lib/server/db";
import { now, today } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { mayManageLines, type Actor } from "@/lib/server/authz";
import { getResource, type ResourceDetail } from "@/lib/server/resources";
import { NETWORK_TX, networkFailureMessage, provision } from "@/lib/server/provisioning";
import { sendLineTerminationEmail } from "@/lib/server/emails";
import { canCancelTermination, lastDayToCancel, quoteTermination, type TerminationInput, type TerminationQuote } from "@/lib/domain/termination";
import { formatDay, formatFrenchDate, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { DomainError } from "@/lib/domain/errors";
import { notFound } from "next/navigation";

/**
 * *Résilier* one OpenSIM line (SPEC §3 with the mobile fleet's terms, §4): A is the line's activation
 * date, M the fee of the plan it is on; the commitment, renewal and notice are the plan's.
 */
export function lineTerminationTerms(resource: ResourceDetail, day: CalendarDay = today()): Omit<TerminationInput, "requestedOn"> {
  return {
    state: resource.state === "RESILIE" ? "RESILIEE" : resource.state === "RESILIATION_PROGRAMMEE" ? "RESILIATION_PROGRAMMEE" : "LIVREE",
    activationOn: resource.line ? formatDay(resource.line.activatedOn) : null,
    monthlyFeeCents: resource.productSheet.monthlyFeeCents,
    commitmentMonths: resource.offer.commitmentMonths,
    renewalMonths: resource.offer.renewalMonths,
    noticeMonths: resource.offer.noticeMonths,
    today: day,
    lineCount: 1,
    flatFeePerLineCents: null,
  };
}

function lineQuote(resource: ResourceDetail, requestedOn: CalendarDay): TerminationQuote {
  if (!resource.line || resource.state === "DISPONIBLE") return { ok: false, message: "Aucune ligne n'est activée sur cette ressource : il n'y a rien à résilier." };
  if (resource.state === "RESILIE") return { ok: false, message: "Cette ligne est déjà résiliée." };
  if (resource.state === "RESILIATION_PROGRAMMEE") return { ok: false, message: "Une résiliation est déjà programmée pour cette ligne." };
  return quoteTermination({ ...lineTerminationTerms(resource), requestedOn });
}

/** Why a line could not be claimed for termination: another one got there first, or its state just changed. */
async function lineChangedMessage(tx: Tx, resourceId: number): Promise<string> {
  const { state } = await tx.simResource.findUniqueOrThrow({ where: { id: resourceId }, select: { state: true } });
  return state === "RESILIATION_PROGRAMMEE" ? "Une résiliation est déjà programmée pour cette ligne." : "L'état de la ligne vient de changer : rechargez la page et recommencez.";
}

export function scheduledLineTermination(resource: ResourceDetail) {
  return resource.terminations.find((t) => t.state === "PROGRAMMEE") ?? null;
}

async function manageable(actor: Actor, ref: string) {
  const loaded = await getResource(actor, ref);
  if (!mayManageLines(actor)) notFound();
  return loaded;
}

/** Schedules the line's termination; the network is told its last day, and the job applies it after. */
export async function requestLineTermination(actor: Actor, ref: string, input: { requestedOn: CalendarDay; comment: string | null }) {
  const { resource, showPrices } = await manageable(actor, ref);
  const quote = lineQuote(resource, input.requestedOn);
  if (!quote.ok) throw new DomainError(quote.message, quote.field ? { [quote.field]: [quote.message] } : undefined);
  const outcome = await db.$transaction(async (tx) => {
    // The state the page was built on (ACTIF or SUSPENDU) is claimed as is: it is what a cancellation restores.
    const stateBefore = resource.state;
    const claimed = await tx.simResource.updateMany({ where: { id: resource.id, state: stateBefore }, data: { state: "RESILIATION_PROGRAMMEE" } });
    if (claimed.count === 0) throw new DomainError(await lineChangedMessage(tx, resource.id));
    const sent = await provision(tx, { action: "RESILIATION", resourceId: resource.id, resourceRef: resource.ref, payload: { msisdn: resource.line!.msisdn, lastDay: quote.effectiveOn }, actorId: actor.userId });
    if (!sent.ok) {
      await tx.simResource.update({ where: { id: resource.id }, data: { state: stateBefore } });
      return sent;
    }
    await tx.termination.create({
      data: {
        contractedOfferId: (await tx.contractedProductSheet.findUniqueOrThrow({ where: { id: resource.productSheetId }, select: { contractedOfferId: true } })).contractedOfferId,
        resourceId: resource.id, requestedOn: parseDay(input.requestedOn), noticeMonths: resource.offer.noticeMonths, effectiveOn: parseDay(quote.effectiveOn),
        earlyTerminationCents: quote.amountCents, comment: input.comment, requestedById: actor.userId, requestedAt: now(), resourceStateBefore: stateBefore,
      },
    });
    await tx.resourceHistory.create({ data: { resourceId: resource.id, at: now(), action: "RESILIATION", actorId: actor.userId, details: { summary: `Résiliation programmée : dernier jour de service le ${formatFrenchDate(quote.effectiveOn)}.`, by: actor.name } } });
    await audit(tx, { actorId: actor.userId, action: "line.terminate", targetType: "SimResource", targetId: resource.ref, companyId: resource.service.companyId, details: { effectiveOn: quote.effectiveOn, amountCents: quote.amountCents } });
    return sent;
  }, NETWORK_TX);
  if (!outcome.ok) throw new DomainError(networkFailureMessage(outcome.error));
  await sendLineTerminationEmail(actor, { ref: resource.ref, msisdn: resource.line!.msisdn, effectiveOn: quote.effectiveOn, lastDayToCancel: quote.lastDayToCancel, amountCents: showPrices ? quote.amountCents : null });
  return quote;
}

/** Cancels the line's scheduled termination until the end of the 3rd working day before its last day (SPEC §3 rule 7). */
export async function cancelLineTermination(actor: Actor, ref: string) {
  const { resource } = await manageable(actor, ref);
  const scheduled = scheduledLineTermination(resource);
  if (!scheduled) throw new DomainError("Aucune résiliation n'est programmée pour cette ligne.");
  const effectiveOn = formatDay(scheduled.effectiveOn);
  if (!canCancelTermination(effectiveOn, today())) {
    throw new DomainError(`La résiliation ne peut plus être annulée : le dernier jour pour l'annuler était le ${formatFrenchDate(lastDayToCancel(effectiveOn))}.`);
  }
  const outcome = await db.$transaction(async (tx) => {
    const cancelled = await tx.termination.updateMany({ where: { id: scheduled.id, state: "PROGRAMMEE" }, data: { state: "ANNULEE", cancelledById: actor.userId, cancelledAt: now() } });
    if (cancelled.count === 0) throw new DomainError("Cette résiliation a déjà été annulée ou appliquée.");
    const sent = await provision(tx, { action: "RESILIATION", resourceId: resource.id, resourceRef: resource.ref, payload: { msisdn: resource.line?.msisdn ?? null, cancel: effectiveOn }, actorId: actor.userId });
    if (!sent.ok) {
      await tx.termination.update({ where: { id: scheduled.id }, data: { state: "PROGRAMMEE", cancelledById: null, cancelledAt: null } });
      return sent;
    }
    // Back in service, still suspended while any suspension reason is active (SPEC §13); the row lock keeps a
    // suspension review from adding or lifting one meanwhile.
    await tx.$queryRaw`SELECT "id" FROM "SimResource" WHERE "id" = ${resource.id} FOR UPDATE`;
    const restored = (await tx.suspension.count({ where: { resourceId: resource.id, liftedAt: null } })) > 0 ? "SUSPENDU" : "ACTIF";
    await tx.simResource.updateMany({ where: { id: resource.id, state: "RESILIATION_PROGRAMMEE" }, data: { state: restored } });
    const summary = restored === "SUSPENDU" ? "Résiliation annulée : la ligne reste suspendue." : "Résiliation annulée : la ligne reste en service.";
    await tx.resourceHistory.create({ data: { resourceId: resource.id, at: now(), action: "RESILIATION", actorId: actor.userId, details: { summary, by: actor.name } } });
    await audit(tx, { actorId: actor.userId, action: "line.cancel-termination", targetType: "SimResource", targetId: resource.ref, companyId: resource.service.companyId, details: { effectiveOn } });
    return sent;
  }, NETWORK_TX);
  if (!outcome.ok) throw new DomainError(networkFailureMessage(outcome.error));
}
