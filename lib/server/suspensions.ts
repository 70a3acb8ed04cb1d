import "server-only";
import type { Tx } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { provision, type NetworkOutcome } from "@/lib/server/provisioning";
import type { SuspensionReason } from "@/lib/generated/prisma/client";

/**
 * Suspension reasons (SPEC §13, art. 12.1): a SIM line or a SIP trunk is suspended on the network while any reason
 * is active; each reason is added and lifted on its own, so lifting one never lifts another. Suspended lines are
 * still billed (their resource stays *Suspendu*, a billed state).
 */
export const SUSPENSION_REASON_LABELS: Record<SuspensionReason, string> = {
  DEMANDE_CLIENT: "Demande client",
  PERTE_VOL: "Perte / vol",
  SEUIL_ENCOURS: "Seuil d'encours",
  IMPAYE: "Impayé",
};

/** A SIM line (its resource) or a SIP trunk (a *Téléphonie IP* service); `ref` is what the network knows it by. */
export type SuspensionTarget = { resourceId: number; ref: string; msisdn: string | null } | { serviceId: number; ref: string };

export type SuspensionOutcome = NetworkOutcome & { changed?: boolean };

const where = (target: SuspensionTarget) => ("resourceId" in target ? { resourceId: target.resourceId } : { serviceId: target.serviceId });
const activeKey = (target: SuspensionTarget, reason: SuspensionReason) => ("resourceId" in target ? `r${target.resourceId}:${reason}` : `s${target.serviceId}:${reason}`);

function sendToNetwork(tx: Tx, target: SuspensionTarget, action: "SUSPENSION" | "REACTIVATION", actorId: number | null) {
  const request = { action, resourceRef: target.ref, actorId };
  return "resourceId" in target
    ? provision(tx, { ...request, resourceId: target.resourceId, payload: { msisdn: target.msisdn } })
    : provision(tx, { ...request, serviceId: target.serviceId, payload: { trunk: target.ref } });
}

/** The active reasons of a line or trunk. */
export async function activeReasons(tx: Tx, target: SuspensionTarget): Promise<SuspensionReason[]> {
  const rows = await tx.suspension.findMany({ where: { ...where(target), liftedAt: null }, select: { reason: true }, orderBy: { id: "asc" } });
  return rows.map((r) => r.reason);
}

/**
 * Adds `reason`, in the caller's transaction holding the target's row lock: the first reason suspends it on the
 * network (a refusal changes nothing and is returned); a reason already active, or a terminated target, changes nothing.
 */
export async function addSuspension(
  tx: Tx, target: SuspensionTarget, reason: SuspensionReason, by: { actorId: number | null; billingAccountId?: number | null },
): Promise<SuspensionOutcome> {
  const reasons = await activeReasons(tx, target);
  if (reasons.includes(reason) || (await isTerminated(tx, target))) return { ok: true, changed: false };
  if (reasons.length === 0) {
    const outcome = await sendToNetwork(tx, target, "SUSPENSION", by.actorId);
    if (!outcome.ok) return outcome;
  }
  await tx.suspension.create({
    data: { ...where(target), reason, billingAccountId: by.billingAccountId ?? null, activeKey: activeKey(target, reason), startedAt: now(), actorId: by.actorId },
  });
  // A line whose termination is scheduled keeps that state; a cancellation then restores *Suspendu*.
  if ("resourceId" in target) await tx.simResource.updateMany({ where: { id: target.resourceId, state: "ACTIF" }, data: { state: "SUSPENDU" } });
  return { ok: true, changed: true };
}

/**
 * Lifts `reason`, in the caller's transaction holding the target's row lock: the last reason reactivates it on the
 * network (a refusal changes nothing and is returned). A terminated line or trunk only closes the reason.
 */
export async function liftSuspension(tx: Tx, target: SuspensionTarget, reason: SuspensionReason, actorId: number | null): Promise<SuspensionOutcome> {
  const reasons = await activeReasons(tx, target);
  if (!reasons.includes(reason)) return { ok: true, changed: false };
  if (reasons.length === 1 && !(await isTerminated(tx, target))) {
    const outcome = await sendToNetwork(tx, target, "REACTIVATION", actorId);
    if (!outcome.ok) return outcome;
    if ("resourceId" in target) await tx.simResource.updateMany({ where: { id: target.resourceId, state: "SUSPENDU" }, data: { state: "ACTIF" } });
  }
  await tx.suspension.updateMany({ where: { activeKey: activeKey(target, reason) }, data: { activeKey: null, liftedAt: now(), liftedById: actorId } });
  return { ok: true, changed: true };
}

async function isTerminated(tx: Tx, target: SuspensionTarget): Promise<boolean> {
  if ("resourceId" in target) return (await tx.simResource.count({ where: { id: target.resourceId, state: "RESILIE" } })) > 0;
  return (await tx.service.count({ where: { id: target.serviceId, state: "RESILIE" } })) > 0;
}
