import "server-only";
import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { isStaff, type Actor } from "@/lib/server/authz";
import { audit } from "@/lib/server/audit";
import { now, today as clockToday } from "@/lib/server/clock";
import { accountRefOf } from "@/lib/server/billing-accounts";
import { addMonthsClamped, compareDays, formatDay, formatFrenchDate, isValidDay, parisDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { singleLineText } from "@/lib/domain/text";
import { DomainError } from "@/lib/domain/errors";

/**
 * Dunning (*recouvrement*, SPEC §13, art. 8.6.1 and 12.1), for ADV: the accounts reminded, those whose suspension
 * day has come, and those staff put on hold (which stops the reminders, lib/server/reminders.ts).
 */

/** Longest hold ADV may grant at once. */
export const HOLD_MAX_MONTHS = 6;

export type HoldInput = { reason: string; until: string };

const reasonSchema = singleLineText().min(3, "Indiquez le motif (3 caractères au moins).").max(300, "Le motif a au plus 300 caractères.");

/**
 * Puts an account on hold until a day (included): no reminder, no suspension for non-payment meanwhile. One
 * active hold per account: a new one lifts the previous. Refusals are French, per field, and change nothing.
 */
export async function holdAccount(actor: Actor, accountRef: string, input: HoldInput): Promise<{ holdId: number; replaced: number[] }> {
  if (!isStaff(actor, "ADV")) notFound();
  const today = clockToday();
  const errors: Record<string, string[]> = {};
  const reason = reasonSchema.safeParse(input.reason);
  if (!reason.success) errors.reason = [reason.error.issues[0].message];
  const until = input.until.trim();
  const latest = addMonthsClamped(today, HOLD_MAX_MONTHS);
  if (!isValidDay(until)) errors.until = ["Indiquez la date de fin de la mise en attente (jj/mm/aaaa)."];
  else if (compareDays(until, today) <= 0) errors.until = ["La mise en attente doit finir après aujourd'hui."];
  else if (compareDays(until, latest) > 0) errors.until = [`La mise en attente dure au plus ${HOLD_MAX_MONTHS} mois (jusqu'au ${formatFrenchDate(latest)}).`];
  const ref = accountRefOf(accountRef);
  const refused = (fields: Record<string, string[]>) => new DomainError("Le compte n'a pas été mis en attente : corrigez les champs signalés.", fields);
  if (!ref) errors.account = ["Indiquez la référence d'un compte de facturation, par exemple CC44660."];
  if (Object.keys(errors).length > 0) throw refused(errors);

  return db.$transaction(async (tx) => {
    // The account's row lock: two holds sent at once leave one active.
    const [account] = await tx.$queryRaw<{ id: number; ownerCompanyId: number }[]>`
      SELECT "id", "ownerCompanyId" FROM "BillingAccount" WHERE "ref" = ${ref} FOR UPDATE`;
    if (!account) throw refused({ account: [`Le compte de facturation ${ref} n'existe pas.`] });
    const at = now();
    const previous = await tx.accountHold.findMany({ where: activeHolds(account.id, today), select: { id: true } });
    const replaced = previous.map((h) => h.id);
    if (replaced.length > 0) await tx.accountHold.updateMany({ where: { id: { in: replaced } }, data: { liftedAt: at } });
    const hold = await tx.accountHold.create({
      data: { billingAccountId: account.id, reason: reason.data!, until: parseDay(until), createdById: actor.userId, createdAt: at },
    });
    await audit(tx, {
      actorId: actor.userId, action: "account.hold", targetType: "BillingAccount", targetId: ref!, companyId: account.ownerCompanyId,
      details: { holdId: hold.id, reason: reason.data!, until, replaced },
    });
    return { holdId: hold.id, replaced };
  });
}

/** Ends an active hold now: the reminders resume with the next daily run. */
export async function liftHold(actor: Actor, holdId: number): Promise<string> {
  if (!isStaff(actor, "ADV")) notFound();
  return db.$transaction(async (tx) => {
    const hold = await tx.accountHold.findUnique({ where: { id: holdId }, select: { id: true, billingAccountId: true, billingAccount: { select: { ref: true, ownerCompanyId: true } } } });
    if (!hold) throw new DomainError("Cette mise en attente n'existe pas : rechargez la page.");
    const lifted = await tx.accountHold.updateMany({ where: { id: holdId, ...activeHolds(hold.billingAccountId, clockToday()) }, data: { liftedAt: now() } });
    if (lifted.count === 0) throw new DomainError("Cette mise en attente est déjà levée ou terminée.");
    await audit(tx, {
      actorId: actor.userId, action: "account.hold-lift", targetType: "BillingAccount", targetId: hold.billingAccount.ref,
      companyId: hold.billingAccount.ownerCompanyId, details: { holdId },
    });
    return hold.billingAccount.ref;
  });
}

function activeHolds(billingAccountId: number, today: CalendarDay) {
  return { billingAccountId, liftedAt: null, until: { gte: parseDay(today) } };
}

export type DunningStage = "RELANCE" | "A_SUSPENDRE" | "SUSPENDU" | "EN_ATTENTE";

export type DunnedAccount = {
  ref: string;
  name: string;
  ownerId: number;
  ownerName: string;
  stage: DunningStage;
  /** Σ (total TTC − paid) of the unpaid invoices whose reminder is open. */
  overdueCents: number;
  oldestDueOn: CalendarDay | null;
  lastReminderOn: CalendarDay | null;
  /** The earliest suspension day named by the open reminders. */
  suspendOn: CalendarDay | null;
  hold: { id: number; reason: string; until: CalendarDay } | null;
  /** Its lines suspended for *Impayé* or *Seuil d'encours*: since when, and why. */
  suspended: { since: CalendarDay; reasons: ("IMPAYE" | "SEUIL_ENCOURS")[] } | null;
};

export type DunningOverview = { today: CalendarDay; accounts: DunnedAccount[] };

type Row = {
  ref: string; name: string; ownerId: number; ownerName: string;
  overdueCents: bigint | null; oldestDueOn: Date | null; lastReminderOn: Date | null; suspendOn: Date | null;
  holdId: number | null; holdReason: string | null; holdUntil: Date | null;
  suspendedAt: Date | null; suspendedFor: string[] | null;
};

/**
 * Every account in dunning, in one query: an open reminder (its invoice not paid in full; the latest reminder of
 * an invoice names its suspension day, a return restarting them), an active hold, or lines suspended for non-payment
 * or over the threshold. Suspended accounts are *Suspendu*; otherwise a hold puts the account *En attente* whatever
 * its reminders; otherwise *À suspendre* once a suspension day has come, else *Relancé*.
 */
export async function dunningOverview(actor: Actor): Promise<DunningOverview> {
  if (!isStaff(actor, "ADV")) notFound();
  const today = clockToday();
  const rows = await db.$queryRaw<Row[]>`
    WITH "open" AS (
      SELECT DISTINCT ON (r."invoiceId") r."billingAccountId", r."sentOn", r."suspendOn", i."dueOn", i."totalTtcCents" - i."paidCents" AS "owed"
      FROM "Reminder" r JOIN "Invoice" i ON i."id" = r."invoiceId"
      WHERE i."paidCents" < i."totalTtcCents"
      ORDER BY r."invoiceId", r."sentOn" DESC, r."id" DESC
    ), "dunned" AS (
      SELECT "billingAccountId", SUM("owed")::bigint AS "overdueCents", MIN("dueOn") AS "oldestDueOn", MAX("sentOn") AS "lastReminderOn", MIN("suspendOn") AS "suspendOn"
      FROM "open" GROUP BY "billingAccountId"
    ), "held" AS (
      SELECT DISTINCT ON (h."billingAccountId") h."billingAccountId", h."id", h."reason", h."until"
      FROM "AccountHold" h WHERE h."liftedAt" IS NULL AND h."until" >= ${today}::date
      ORDER BY h."billingAccountId", h."createdAt" DESC, h."id" DESC
    ), "suspended" AS (
      SELECT "billingAccountId", MIN("appliedAt") AS "suspendedAt", array_agg("reason"::text ORDER BY "reason") AS "suspendedFor"
      FROM "AccountSuspension" WHERE "liftedAt" IS NULL AND "appliedAt" IS NOT NULL GROUP BY "billingAccountId"
    )
    SELECT a."ref", a."name", a."ownerCompanyId" AS "ownerId", c."name" AS "ownerName",
      d."overdueCents", d."oldestDueOn", d."lastReminderOn", d."suspendOn",
      h."id" AS "holdId", h."reason" AS "holdReason", h."until" AS "holdUntil", s."suspendedAt", s."suspendedFor"
    FROM "BillingAccount" a
    JOIN "Company" c ON c."id" = a."ownerCompanyId"
    LEFT JOIN "dunned" d ON d."billingAccountId" = a."id"
    LEFT JOIN "held" h ON h."billingAccountId" = a."id"
    LEFT JOIN "suspended" s ON s."billingAccountId" = a."id"
    WHERE d."billingAccountId" IS NOT NULL OR h."billingAccountId" IS NOT NULL OR s."billingAccountId" IS NOT NULL
    ORDER BY d."suspendOn" ASC NULLS LAST, d."oldestDueOn" ASC NULLS LAST, a."ref"`;
  const day = (d: Date | null) => (d ? formatDay(d) : null);
  return {
    today,
    accounts: rows.map((r) => {
      const suspendOn = day(r.suspendOn);
      const hold = r.holdId !== null ? { id: r.holdId, reason: r.holdReason!, until: formatDay(r.holdUntil!) } : null;
      const suspended = r.suspendedAt ? { since: parisDay(r.suspendedAt), reasons: r.suspendedFor as ("IMPAYE" | "SEUIL_ENCOURS")[] } : null;
      const stage: DunningStage = suspended ? "SUSPENDU" : hold ? "EN_ATTENTE" : suspendOn && compareDays(suspendOn, today) <= 0 ? "A_SUSPENDRE" : "RELANCE";
      return {
        ref: r.ref, name: r.name, ownerId: r.ownerId, ownerName: r.ownerName, stage, suspended,
        overdueCents: Number(r.overdueCents ?? 0n), oldestDueOn: day(r.oldestDueOn), lastReminderOn: day(r.lastReminderOn), suspendOn, hold,
      };
    }),
  };
}
