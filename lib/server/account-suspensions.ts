import "server-only";
import { db, type Tx } from "@/lib/server/db";
import { now, today as clockToday } from "@/lib/server/clock";
import { creditLimitStatus } from "@/lib/server/balance";
import { NETWORK_TX } from "@/lib/server/provisioning";
import { addSuspension, liftSuspension, SUSPENSION_REASON_LABELS, type SuspensionTarget } from "@/lib/server/suspensions";
import { audit } from "@/lib/server/audit";
import { suspensionEmails } from "@/lib/server/suspension-emails";
import { deliverQueued, queueMails, type Mail } from "@/lib/server/mail";
import { payOwedFromWaitingCredit } from "@/lib/server/payments";
import { parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import type { SuspensionReason } from "@/lib/generated/prisma/client";

/**
 * Suspensions of a whole account (SPEC §13, §17, art. 8.6.1 and 12.1): *Impayé* on the day after the 8th day
 * following a reminder still unpaid, lifted at full payment; *Seuil d'encours* 24 h after the email announcing it if
 * the balance is still over, lifted once it is not. Each account is reviewed from the facts, so a review is
 * idempotent and a killed one is finished by the next; each step (announce, apply, lift) is claimed on the
 * `AccountSuspension` row, audited and its emails queued in one transaction, so each is told once and never lost.
 * A hold stops new suspensions, not those applied.
 */

type AccountReason = Extract<SuspensionReason, "IMPAYE" | "SEUIL_ENCOURS">;
const THRESHOLD_NOTICE_MS = 24 * 3600 * 1000;

export type ReviewResult = { applied: number; lifted: number; failed: number };

/** The daily (and hourly) job: every account that may have a suspension to announce, apply, finish or lift. */
export async function reviewSuspensions(asOf: CalendarDay = clockToday()): Promise<ReviewResult> {
  await payOwedFromWaitingCredit();
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT DISTINCT r."billingAccountId" AS "id" FROM "Reminder" r JOIN "Invoice" i ON i."id" = r."invoiceId"
      WHERE r."suspendOn" <= ${parseDay(asOf)}::date AND i."paidCents" < i."totalTtcCents"
    UNION SELECT "id" FROM "BillingAccount" WHERE "creditLimitCents" IS NOT NULL
    UNION SELECT "billingAccountId" FROM "AccountSuspension" WHERE "liftedAt" IS NULL
    UNION SELECT "billingAccountId" FROM "Suspension" WHERE "liftedAt" IS NULL AND "billingAccountId" IS NOT NULL
    ORDER BY 1`;
  const total: ReviewResult = { applied: 0, lifted: 0, failed: 0 };
  for (const { id } of rows) {
    const result = await reviewAccount(id, asOf);
    total.applied += result.applied;
    total.lifted += result.lifted;
    total.failed += result.failed;
  }
  return total;
}

/** After a payment or a raised threshold: the accounts with a suspension under way are reviewed at once. */
export async function reviewAfterPayment(accountIds: number[]): Promise<void> {
  if (accountIds.length === 0) return;
  const open = await db.accountSuspension.findMany({ where: { billingAccountId: { in: accountIds }, liftedAt: null }, distinct: ["billingAccountId"], select: { billingAccountId: true } });
  for (const { billingAccountId } of open) await reviewAccount(billingAccountId, clockToday());
}

export async function reviewAccount(accountId: number, asOf: CalendarDay): Promise<ReviewResult> {
  const steps = [await reviewUnpaid(accountId, asOf), await reviewThreshold(accountId, asOf)];
  // Lifts after suspensions: a line whose reason gives way to the other is never reactivated in between.
  const results = [];
  for (const step of steps) results.push("lift" in step ? await step.lift() : step);
  return results.reduce((sum, r) => ({ applied: sum.applied + r.applied, lifted: sum.lifted + r.lifted, failed: sum.failed + r.failed }), NONE);
}

/** A review's outcome once applied, or its lift, left for after the other reason's suspension. */
type ReviewStep = ReviewResult | { lift: () => Promise<ReviewResult> };

async function reviewUnpaid(accountId: number, asOf: CalendarDay): Promise<ReviewStep> {
  const open = await openSuspension(accountId, "IMPAYE");
  const [due] = await db.$queryRaw<{ due: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "Invoice" i
      JOIN LATERAL (SELECT r."suspendOn" FROM "Reminder" r WHERE r."invoiceId" = i."id" ORDER BY r."sentOn" DESC, r."id" DESC LIMIT 1) r ON TRUE
      WHERE i."billingAccountId" = ${accountId} AND i."paidCents" < i."totalTtcCents" AND r."suspendOn" <= ${parseDay(asOf)}::date
    ) AS "due"`;
  if (due.due && (open || !(await isHeld(accountId, asOf)))) {
    if (!open) {
      const at = now();
      const mails = await suspensionEmails(accountId, "IMPAYE", "applied", null);
      await tellStep(mails, async (tx) => (await claimOpening(tx, accountId, "IMPAYE", at, at, at)) && (await auditStep(tx, accountId, "account.suspend", "IMPAYE")));
    }
    return setOnTargets(accountId, "IMPAYE", true);
  }
  return { lift: () => liftAndTell(accountId, open, "IMPAYE") };
}

async function reviewThreshold(accountId: number, asOf: CalendarDay): Promise<ReviewStep> {
  const open = await openSuspension(accountId, "SEUIL_ENCOURS");
  const status = await creditLimitStatus(accountId);
  if (status.over) {
    if (!open) {
      if (await isHeld(accountId, asOf)) return NONE;
      const at = now();
      const suspendAt = new Date(at.getTime() + THRESHOLD_NOTICE_MS);
      const mails = await suspensionEmails(accountId, "SEUIL_ENCOURS", "announced", { ...status, suspendAt });
      await tellStep(mails, (tx) => claimOpening(tx, accountId, "SEUIL_ENCOURS", at, suspendAt, null));
      return NONE;
    }
    if (!open.appliedAt) {
      // A hold given during the notice stops it (SPEC §13: staff hold an account to stop the sequence).
      if (await isHeld(accountId, asOf)) {
        await claimLift(db, open);
        return NONE;
      }
      if (now() < open.suspendAt) return NONE;
      const mails = await suspensionEmails(accountId, "SEUIL_ENCOURS", "applied", { ...status, suspendAt: open.suspendAt });
      await tellStep(mails, async (tx) => {
        const claimed = await tx.accountSuspension.updateMany({ where: { id: open.id, appliedAt: null, liftedAt: null }, data: { appliedAt: now() } });
        return claimed.count === 1 && (await auditStep(tx, accountId, "account.suspend", "SEUIL_ENCOURS"));
      });
    }
    return setOnTargets(accountId, "SEUIL_ENCOURS", true);
  }
  return { lift: () => liftAndTell(accountId, open, "SEUIL_ENCOURS") };
}

const NONE: ReviewResult = { applied: 0, lifted: 0, failed: 0 };

/** An account's suspension applied or lifted by the review: audited, with no actor (SPEC §8). True, for `tellStep`. */
async function auditStep(tx: Tx, accountId: number, action: "account.suspend" | "account.suspension-lift", reason: AccountReason): Promise<true> {
  const account = await tx.billingAccount.findUniqueOrThrow({ where: { id: accountId }, select: { ref: true, ownerCompanyId: true } });
  await audit(tx, { actorId: null, action, targetType: "BillingAccount", targetId: account.ref, companyId: account.ownerCompanyId, details: { reason } });
  return true;
}

/** Claims a step and, when this caller did, queues its emails in the same transaction; the ids to deliver. */
async function claimAndQueue(mails: Mail[], claim: (tx: Tx) => Promise<boolean>): Promise<number[]> {
  return db.$transaction(async (tx) => ((await claim(tx)) ? queueMails(tx, mails) : []));
}

async function tellStep(mails: Mail[], claim: (tx: Tx) => Promise<boolean>): Promise<void> {
  await deliverQueued(await claimAndQueue(mails, claim));
}

function openSuspension(accountId: number, reason: AccountReason) {
  return db.accountSuspension.findUnique({ where: { openKey: `${accountId}:${reason}` }, select: { id: true, appliedAt: true, suspendAt: true } });
}

async function isHeld(accountId: number, asOf: CalendarDay): Promise<boolean> {
  return (await db.accountHold.count({ where: { billingAccountId: accountId, liftedAt: null, until: { gte: parseDay(asOf) } } })) > 0;
}

/** Opens the account's suspension for `reason`; true for the one caller that did (the others find it open). */
async function claimOpening(tx: Tx, accountId: number, reason: AccountReason, announcedAt: Date, suspendAt: Date, appliedAt: Date | null): Promise<boolean> {
  const inserted = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO "AccountSuspension" ("billingAccountId", "reason", "openKey", "announcedAt", "suspendAt", "appliedAt")
    VALUES (${accountId}, ${reason}::"SuspensionReason", ${`${accountId}:${reason}`}, ${announcedAt}, ${suspendAt}, ${appliedAt})
    ON CONFLICT ("openKey") DO NOTHING RETURNING "id"`;
  return inserted.length === 1;
}

/** Closes it; true for the one caller that did. */
async function claimLift(tx: Tx, open: { id: number }): Promise<boolean> {
  return (await tx.accountSuspension.updateMany({ where: { id: open.id, liftedAt: null }, data: { liftedAt: now(), openKey: null } })).count === 1;
}

/** Closes the suspension (the one caller that closed an applied one queues its email), lifts the reason from the lines and trunks, then tells it. */
async function liftAndTell(accountId: number, open: { id: number; appliedAt: Date | null } | null, reason: AccountReason): Promise<ReviewResult> {
  const mails = open?.appliedAt ? await suspensionEmails(accountId, reason, "lifted", null) : [];
  const queued = open ? await claimAndQueue(mails, async (tx) => (await claimLift(tx, open)) && (!open.appliedAt || (await auditStep(tx, accountId, "account.suspension-lift", reason)))) : [];
  const result = await setOnTargets(accountId, reason, false);
  await deliverQueued(queued);
  return result;
}

/**
 * Adds the reason to each line and trunk billed to the account (those not yet carrying it), or lifts it from each
 * one carrying it for this account; each in its own transaction under the target's row lock. A refused network
 * request leaves that one as it was, for the next review.
 */
async function setOnTargets(accountId: number, reason: AccountReason, suspended: boolean): Promise<ReviewResult> {
  const targets = suspended ? await targetsToSuspend(accountId, reason) : await targetsToLift(accountId, reason);
  const result = { applied: 0, lifted: 0, failed: 0 };
  for (const target of targets) {
    const outcome = await db.$transaction(async (tx) => {
      if ("resourceId" in target) await tx.$queryRaw`SELECT "id" FROM "SimResource" WHERE "id" = ${target.resourceId} FOR UPDATE`;
      else await tx.$queryRaw`SELECT "id" FROM "Service" WHERE "id" = ${target.serviceId} FOR UPDATE`;
      const outcome = suspended ? await addSuspension(tx, target, reason, { actorId: null, billingAccountId: accountId }) : await liftSuspension(tx, target, reason, null);
      if (outcome.ok && outcome.changed && "resourceId" in target) {
        const summary = suspended ? `Ligne suspendue (motif ${SUSPENSION_REASON_LABELS[reason]}).` : `Motif ${SUSPENSION_REASON_LABELS[reason]} levé.`;
        await tx.resourceHistory.create({ data: { resourceId: target.resourceId, at: now(), action: suspended ? "SUSPENSION" : "REACTIVATION", actorId: null, details: { summary } } });
      }
      return outcome;
    }, NETWORK_TX);
    if (!outcome.ok) result.failed += 1;
    else if (outcome.changed) result[suspended ? "applied" : "lifted"] += 1;
  }
  return result;
}

/** The account's SIM lines and SIP trunks (*Téléphonie IP* services with call channels) in service, not yet suspended for `reason`. */
async function targetsToSuspend(accountId: number, reason: AccountReason): Promise<SuspensionTarget[]> {
  const [lines, trunks] = await Promise.all([
    db.simResource.findMany({
      where: {
        lineId: { not: null }, state: { in: ["ACTIF", "SUSPENDU", "RESILIATION_PROGRAMMEE"] },
        productSheet: { contractedOffer: { billingAccountId: accountId } }, suspensions: { none: { reason, liftedAt: null } },
      },
      orderBy: { id: "asc" },
      select: { id: true, ref: true, line: { select: { msisdn: true } } },
    }),
    db.service.findMany({
      where: {
        type: "TELEPHONIE_IP", state: { in: ["EN_SERVICE", "RESILIATION_PROGRAMMEE"] }, suspensions: { none: { reason, liftedAt: null } },
        // Services with call channels (trunks, Centrex) place the calls; a number alone rides on one.
        contractedOffer: { billingAccountId: accountId, offer: { voiceChannelsPerUnit: { not: null } } },
      },
      orderBy: { id: "asc" },
      select: { id: true, ref: true },
    }),
  ]);
  return [...lines.map((r) => ({ resourceId: r.id, ref: r.ref, msisdn: r.line?.msisdn ?? null })), ...trunks.map((s) => ({ serviceId: s.id, ref: s.ref }))];
}

async function targetsToLift(accountId: number, reason: AccountReason): Promise<SuspensionTarget[]> {
  const rows = await db.suspension.findMany({
    where: { billingAccountId: accountId, reason, liftedAt: null },
    orderBy: { id: "asc" },
    select: { resource: { select: { id: true, ref: true, line: { select: { msisdn: true } } } }, service: { select: { id: true, ref: true } } },
  });
  return rows.map((r) => (r.resource ? { resourceId: r.resource.id, ref: r.resource.ref, msisdn: r.resource.line?.msisdn ?? null } : { serviceId: r.service!.id, ref: r.service!.ref }));
}

