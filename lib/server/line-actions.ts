import "server-only";
import { notFound } from "next/navigation";
import { db, type Tx } from "@/lib/server/db";
import { now, today } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { mayManageLines, type Actor } from "@/lib/server/authz";
import { nextNumber } from "@/lib/server/counters";
import { resourceIdInScope } from "@/lib/server/resources";
import { NETWORK_TX, networkFailureMessage, provision, type NetworkAction } from "@/lib/server/provisioning";
import { activeReasons, addSuspension, liftSuspension, SUSPENSION_REASON_LABELS } from "@/lib/server/suspensions";
import { checkPlanChange, ORDER_FIRST, type PlanCategory } from "@/lib/domain/plan-change";
import { portingDateCheck, smsRateCheck, smsTextCheck } from "@/lib/domain/mobile-line";
import { isValidIccid, isValidRio, normalizeFrenchMobile, rioKey } from "@/lib/domain/identifiers";
import { parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { DomainError } from "@/lib/domain/errors";
import { Prisma, type SuspensionReason } from "@/lib/generated/prisma/client";
import { formatMsisdn } from "@/lib/domain/identifiers";

/**
 * The actions on an OpenSIM line (SPEC §4, seed 002). Each one loads the resource through the actor's
 * scope, then, in one transaction holding the row locks of the resources it touches: re-checks the
 * state, sends the network request (recorded with its outcome), and changes the resource only if the
 * request succeeded. Two actions on one line, or on one target resource, run one after the other.
 */

type Locked = Prisma.SimResourceGetPayload<{ include: { line: true; offer: true; service: { select: { companyId: true } } } }>;

/**
 * Locks the resource and the resources named by `extraRefs`, in id order so that two changes crossing
 * each other's resources cannot deadlock, then loads them: `[resource, ...one per ref]`, undefined
 * for a reference that names no resource.
 */
async function lockResources(tx: Tx, id: number, extraRefs: string[]): Promise<[Locked, ...(Locked | undefined)[]]> {
  const refs = extraRefs.length > 0 ? Prisma.sql` OR "ref" IN (${Prisma.join(extraRefs)})` : Prisma.empty;
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "SimResource" WHERE "id" = ${id}${refs} ORDER BY "id" FOR UPDATE`;
  const rows = await tx.simResource.findMany({ where: { id: { in: locked.map((r) => r.id) } }, include: { line: true, offer: true, service: { select: { companyId: true } } } });
  return [rows.find((r) => r.id === id)!, ...extraRefs.map((ref) => rows.find((r) => r.ref === ref))];
}

type Step<T> = { ok: true; value: T } | { ok: false; error: string };

/** Loads the resource in scope, then runs `work` under the locks; a refused network request becomes a French error. */
async function onLine<T>(actor: Actor, ref: string, extraRefs: string[], work: (tx: Tx, locked: [Locked, ...(Locked | undefined)[]]) => Promise<Step<T>>): Promise<T> {
  const id = await resourceIdInScope(actor, ref);
  if (!mayManageLines(actor)) notFound();
  const step = await db.$transaction(async (tx) => work(tx, await lockResources(tx, id, extraRefs)), NETWORK_TX);
  if (!step.ok) throw new DomainError(networkFailureMessage(step.error));
  return step.value;
}

async function send(tx: Tx, actor: Actor, resource: Locked, action: NetworkAction, payload: Record<string, string | null>) {
  return provision(tx, { action, resourceId: resource.id, resourceRef: resource.ref, payload: { msisdn: resource.line?.msisdn ?? null, ...payload }, actorId: actor.userId });
}

/** One history line for each of the resources, in one statement. */
async function history(tx: Tx, actor: Actor, resourceIds: number | number[], action: NetworkAction, summary: string) {
  const at = now();
  const details = { summary, by: actor.name };
  await tx.resourceHistory.createMany({ data: [resourceIds].flat().map((resourceId) => ({ resourceId, at, action, actorId: actor.userId, details })) });
}


function requireState(resource: Locked, states: string[], message: string) {
  if (!resource.line || !states.includes(resource.state)) throw new DomainError(message);
}

/**
 * *Suspendre* (true) or *Réactiver* (false) the line at the client's request (reason *Demande client*, SPEC §13):
 * reactivating lifts that reason only, so a line also suspended for another reason (*Impayé*…) stays suspended.
 * Resolves to the reasons still active.
 */
export async function setLineSuspended(actor: Actor, ref: string, suspended: boolean): Promise<string[]> {
  return onLine(actor, ref, [], async (tx, [resource]) => {
    requireState(resource, ["ACTIF", "SUSPENDU"], suspended ? "Seule une ligne en service peut être suspendue." : "Seule une ligne suspendue peut être réactivée.");
    const target = { resourceId: resource.id, ref: resource.ref, msisdn: resource.line!.msisdn };
    const reasons = await activeReasons(tx, target);
    if (suspended && reasons.includes("DEMANDE_CLIENT")) throw new DomainError("La ligne est déjà suspendue à votre demande.");
    if (!suspended && !reasons.includes("DEMANDE_CLIENT")) {
      throw new DomainError(`La ligne n'est pas suspendue à votre demande${reasons.length > 0 ? ` : elle l'est pour ${reasonList(reasons)} et sera réactivée quand ce motif sera levé` : ""}.`);
    }
    const outcome = suspended
      ? await addSuspension(tx, target, "DEMANDE_CLIENT", { actorId: actor.userId })
      : await liftSuspension(tx, target, "DEMANDE_CLIENT", actor.userId);
    if (!outcome.ok) return outcome;
    const left = await activeReasons(tx, target);
    const msisdn = formatMsisdn(resource.line!.msisdn);
    const summary = suspended ? `Ligne ${msisdn} suspendue (${SUSPENSION_REASON_LABELS.DEMANDE_CLIENT}).`
      : left.length > 0 ? `Suspension à la demande du client levée : la ligne ${msisdn} reste suspendue (${reasonList(left)}).` : `Ligne ${msisdn} réactivée.`;
    await history(tx, actor, resource.id, suspended ? "SUSPENSION" : "REACTIVATION", summary);
    await audit(tx, { actorId: actor.userId, action: suspended ? "line.suspend" : "line.resume", targetType: "SimResource", targetId: resource.ref, companyId: resource.service.companyId, details: { reason: "DEMANDE_CLIENT", stillSuspendedFor: left } });
    return { ok: true, value: left };
  });
}

const reasonList = (reasons: SuspensionReason[]) => reasons.map((r) => SUSPENSION_REASON_LABELS[r]).join(", ");

/** *Réinitialiser le mot de passe de messagerie*: the network sends the new code to the line by SMS. */
export async function resetVoicemailPassword(actor: Actor, ref: string): Promise<string> {
  return onLine(actor, ref, [], async (tx, [resource]) => {
    requireState(resource, ["ACTIF", "SUSPENDU"], "Aucune ligne en service sur cette ressource.");
    const outcome = await send(tx, actor, resource, "MESSAGERIE", {});
    if (!outcome.ok) return outcome;
    await history(tx, actor, resource.id, "MESSAGERIE", "Mot de passe de messagerie réinitialisé.");
    await audit(tx, { actorId: actor.userId, action: "line.reset-voicemail", targetType: "SimResource", targetId: resource.ref, companyId: resource.service.companyId });
    return { ok: true, value: resource.line!.msisdn };
  });
}

/** *Envoyer un SMS* from the line: 160 characters, to a French mobile, at most 1 per second and 10 per minute. */
export async function sendSms(actor: Actor, ref: string, input: { to: string; text: string }) {
  const to = normalizeFrenchMobile(input.to);
  if (!to) throw new DomainError("Le destinataire doit être un numéro de mobile français (06 ou 07).", { to: ["Saisissez un numéro de mobile français (06 ou 07 suivi de 8 chiffres)."] });
  const text = smsTextCheck(input.text);
  if (!text.ok) throw new DomainError(text.message, { text: [text.message] });
  return onLine(actor, ref, [], async (tx, [resource]) => {
    requireState(resource, ["ACTIF"], "Seule une ligne active peut envoyer un SMS.");
    const at = now();
    const recent = await tx.smsMessage.findMany({ where: { lineId: resource.line!.id, sentAt: { gt: new Date(at.getTime() - 60_000) } }, select: { sentAt: true } });
    const rate = smsRateCheck(recent.map((m) => m.sentAt), at);
    if (!rate.ok) throw new DomainError(rate.message);
    const outcome = await send(tx, actor, resource, "SMS", { to, text: input.text });
    if (!outcome.ok) return outcome;
    await tx.smsMessage.create({ data: { lineId: resource.line!.id, to, text: input.text, sentAt: at, actorId: actor.userId } });
    await history(tx, actor, resource.id, "SMS", `SMS envoyé au ${formatMsisdn(to)}.`);
    await audit(tx, { actorId: actor.userId, action: "line.send-sms", targetType: "SimResource", targetId: resource.ref, companyId: resource.service.companyId, details: { to } });
    return { ok: true, value: undefined };
  });
}

const forChange = (r: Locked) => ({ id: r.id, companyId: r.service.companyId, state: r.state, category: r.offer.planCategory as PlanCategory | null, hasLine: r.lineId !== null });

/**
 * *Changer la ressource* (SPEC §4 rules 1–3): immediate; the line (number, SIM card, RIO, user)
 * moves to the target, which becomes *Actif*, and the former resource becomes *Disponible*. The plan
 * segments it writes are what prorate the month's allowance and fee (rules 4–6).
 */
export async function changeResource(actor: Actor, ref: string, targetRef: string) {
  // An unknown reference is refused like any resource the client has not ordered.
  return onLine(actor, ref, [targetRef.trim().toUpperCase()], async (tx, [from, to]) => {
    if (!to) throw new DomainError(ORDER_FIRST, { target: [ORDER_FIRST] });
    const check = checkPlanChange(forChange(from), forChange(to));
    if (!check.ok) throw new DomainError(check.message, { target: [check.message] });
    const line = from.line!;
    const outcome = await send(tx, actor, from, "CHANGEMENT_RESSOURCE", { from: from.ref, to: to.ref, plan: to.offer.name });
    if (!outcome.ok) return outcome;
    const day = parseDay(today());
    await tx.simResource.update({ where: { id: from.id }, data: { lineId: null, state: "DISPONIBLE" } });
    await tx.simResource.update({ where: { id: to.id }, data: { lineId: line.id, state: "ACTIF" } });
    await tx.linePlanSegment.updateMany({ where: { lineId: line.id, endOn: null }, data: { endOn: day } });
    await tx.linePlanSegment.create({ data: { lineId: line.id, resourceId: to.id, offerId: to.offerId, startOn: day } });
    const summary = `Ligne ${formatMsisdn(line.msisdn)} transférée de ${from.ref} (${from.offer.name}) vers ${to.ref} (${to.offer.name}).`;
    await history(tx, actor, [from.id, to.id], "CHANGEMENT_RESSOURCE", summary);
    await audit(tx, { actorId: actor.userId, action: "line.change-resource", targetType: "SimResource", targetId: from.ref, companyId: from.service.companyId, details: { from: from.ref, to: to.ref, msisdn: line.msisdn } });
    return { ok: true, value: to.ref };
  });
}

export type Activation = {
  iccid: string;
  userName: string | null;
} & ({ numbering: "new" } | { numbering: "ported"; number: string; rio: string; portingOn: CalendarDay; extendedPorting: boolean });

/** OpenIP's own RIO for a line: operator code 35, `E` for a business line, 6 characters from the line's number in the series. */
function ownRio(serial: number, msisdn: string): string {
  const prefix = `35E${serial.toString(36).toUpperCase().padStart(6, "0").slice(-6)}`;
  return prefix + rioKey(prefix, msisdn);
}

/** *Activer une ressource mobile* (SPEC §4): puts a line (SIM card, new or ported number) on a *Disponible* resource. */
export async function activateResource(actor: Actor, ref: string, input: Activation) {
  const errors: Record<string, string[]> = {};
  const iccid = input.iccid.replace(/\s/g, "");
  if (!isValidIccid(iccid)) errors.iccid = ["Le numéro de carte SIM (ICCID) est invalide : 19 ou 20 chiffres commençant par 89, clé de contrôle incluse."];
  let ported: string | null = null;
  if (input.numbering === "ported") {
    ported = normalizeFrenchMobile(input.number);
    if (!ported) errors.number = ["Saisissez un numéro de mobile français (06 ou 07 suivi de 8 chiffres)."];
    else if (!isValidRio(input.rio, ported)) errors.rio = ["Le RIO ne correspond pas à ce numéro : vérifiez ses 12 caractères (clé de contrôle invalide)."];
    const porting = portingDateCheck(input.portingOn, today(), input.extendedPorting);
    if (!porting.ok) errors.portingOn = [porting.message];
  }
  if (Object.keys(errors).length > 0) throw new DomainError("Le formulaire contient des erreurs.", errors);
  if (await db.mobileLine.findUnique({ where: { iccid } })) throw new DomainError("Cette carte SIM est déjà utilisée par une autre ligne.", { iccid: ["Cette carte SIM est déjà utilisée par une autre ligne."] });
  if (ported && (await db.mobileLine.findUnique({ where: { msisdn: ported } }))) throw new DomainError("Ce numéro est déjà actif sur une ligne OpenSIM.", { number: ["Ce numéro est déjà actif sur une ligne OpenSIM."] });
  const activation = onLine(actor, ref, [], async (tx, [resource]) => {
    if (resource.state !== "DISPONIBLE" || resource.lineId !== null) throw new DomainError("Cette ressource n'est plus disponible : une ligne y a déjà été activée.");
    const serial = await nextNumber(tx, "mobile-line", 1);
    const msisdn = ported ?? `07${String(10_000_000 + serial).slice(-8)}`;
    const outcome = await send(tx, actor, resource, "ACTIVATION", {
      msisdn, iccid, numbering: input.numbering, ...(input.numbering === "ported" ? { rio: input.rio.replace(/\s/g, "").toUpperCase(), portingOn: input.portingOn } : {}),
    });
    if (!outcome.ok) return outcome;
    const day = parseDay(today());
    const line = await tx.mobileLine.create({
      data: {
        msisdn, iccid, rio: ownRio(serial, msisdn), userName: input.userName, mobileProfile: "Standard", network: "Orange", activatedOn: day,
        portingOn: input.numbering === "ported" ? parseDay(input.portingOn) : null,
      },
    });
    await tx.simResource.update({ where: { id: resource.id }, data: { lineId: line.id, state: "ACTIF" } });
    await tx.linePlanSegment.create({ data: { lineId: line.id, resourceId: resource.id, offerId: resource.offerId, startOn: day } });
    await history(tx, actor, resource.id, "ACTIVATION", input.numbering === "ported" ? `Ligne activée, portabilité du ${formatMsisdn(msisdn)} prévue le ${input.portingOn.split("-").reverse().join("/")}.` : `Ligne activée avec le nouveau numéro ${formatMsisdn(msisdn)}.`);
    await audit(tx, { actorId: actor.userId, action: "line.activate", targetType: "SimResource", targetId: resource.ref, companyId: resource.service.companyId, details: { msisdn, iccid } });
    return { ok: true, value: msisdn } as const;
  });
  // The checks above ran before the lock: a SIM card or number taken at the same moment trips the unique index.
  return activation.catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new DomainError("Cette carte SIM ou ce numéro vient d'être utilisé par une autre ligne.");
    throw error;
  });
}
