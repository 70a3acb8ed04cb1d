import "server-only";
import { reviewAfterPayment } from "@/lib/server/account-suspensions";
import { db } from "@/lib/server/db";
import { today as clockToday } from "@/lib/server/clock";
import { notFound } from "next/navigation";
import { audit } from "@/lib/server/audit";
import { findBillingAccountForActor } from "@/lib/server/billing-accounts";
import { isStaff, type Actor } from "@/lib/server/authz";
import type { PaymentKind } from "@/lib/generated/prisma/client";
import { addMonthsClamped, formatDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { balanceCents, invoicePaymentState, overThreshold, type PaymentState } from "@/lib/domain/collections";
import { parseEurosToCents } from "@/lib/domain/money";
import { DomainError } from "@/lib/domain/errors";
import { monthOf, usageChargeCents } from "@/lib/domain/billing";
import { monthBounds } from "@/lib/domain/plan-change";
import { invoiceStateLabel } from "@/lib/domain/labels";

/**
 * The balance (*encours*) of a billing account (SPEC §13, seed 003 art. 8.3): what its issued invoices still owe,
 * how much of it is overdue, this month's out-of-bundle usage not invoiced yet, the credit on the account, and the
 * payments of the last twelve months. Seen by the account's owner, its direct parent and staff; "not found" for
 * anyone else. A few queries whatever the size of the fleet. Staff set a threshold (*seuil d'encours*) per account:
 * above it no order is accepted (lib/server/orders.ts).
 */

export const PAYMENT_KIND_LABELS: Record<PaymentKind, string> = {
  PRELEVEMENT: "Prélèvement SEPA",
  VIREMENT: "Virement",
  CHEQUE: "Chèque",
  REJET: "Prélèvement rejeté",
};

/** What a payment without an invoice is: money kept on the account (an overpayment, an unassigned transfer). */
export const ACCOUNT_CREDIT_LABEL = "Crédit sur le compte";

export type UnpaidInvoice = { number: string; issuedOn: CalendarDay; dueOn: CalendarDay; amountDueCents: number; state: PaymentState; stateLabel: string };

export type ReceivedPayment = {
  receivedOn: CalendarDay;
  kind: PaymentKind;
  kindLabel: string;
  /** TTC, negative for a returned debit. */
  amountCents: number;
  /** Null for a credit on the account. */
  invoiceNumber: string | null;
  /** The invoice number, or *Crédit sur le compte*. */
  appliedTo: string;
  /** Why a debit came back (R-transaction reason, or its code). */
  reason: string | null;
};

export type AccountBalance = {
  account: { ref: string; name: string; ownerCompanyId: number; ownerName: string };
  today: CalendarDay;
  /** Issued invoices not paid in full: Σ (total TTC − paid). */
  unpaidCents: number;
  /** The part of it on invoices *En retard* or *Impayée* today. */
  overdueCents: number;
  /** This calendar month's out-of-bundle usage, capped as the billing run caps it, not invoiced yet. */
  uninvoicedUsageHtCents: number;
  uninvoicedUsageTtcCents: number;
  /** Payments kept on the account (no invoice), taken off the balance. */
  creditCents: number;
  /** SPEC §13, in cents TTC: unpaid − credit + usage HT × 1,20. */
  balanceCents: number;
  /** Set by staff, TTC; null: no threshold. */
  thresholdCents: number | null;
  /** Strictly above the threshold. */
  overThreshold: boolean;
  oldestUnpaidDueOn: CalendarDay | null;
  /** Oldest due date first. */
  unpaidInvoices: UnpaidInvoice[];
  /** The last twelve months, newest first. */
  payments: ReceivedPayment[];
  /** Its suspensions under way (*Impayé*, *Seuil d'encours*): announced for `suspendAt`, or applied. */
  suspensions: { reason: "IMPAYE" | "SEUIL_ENCOURS"; suspendAt: Date; appliedAt: Date | null }[];
  /** The day its lines are suspended for non-payment (*Impayé*) unless the reminded invoices are paid; null: none due. */
  unpaidSuspensionOn: CalendarDay | null;
};

const OVERDUE: PaymentState[] = ["EN_RETARD", "IMPAYEE"];

export async function accountBalance(actor: Actor, ref: string): Promise<AccountBalance> {
  const account = await findBillingAccountForActor(actor, ref);
  const today = clockToday();
  const [figures, payments, suspensions, [reminded], held] = await Promise.all([
    balanceFigures(account.id, today),
    paymentsOf(account.id, today),
    db.accountSuspension.findMany({ where: { billingAccountId: account.id, liftedAt: null }, orderBy: { id: "asc" }, select: { reason: true, suspendAt: true, appliedAt: true } }),
    // The latest reminder of each unpaid invoice names the day (lib/server/account-suspensions.ts suspends on it).
    db.$queryRaw<{ suspendOn: Date | null }[]>`
      SELECT MIN(r."suspendOn") AS "suspendOn" FROM "Invoice" i
      JOIN LATERAL (SELECT "suspendOn" FROM "Reminder" WHERE "invoiceId" = i."id" ORDER BY "sentOn" DESC, "id" DESC LIMIT 1) r ON TRUE
      WHERE i."billingAccountId" = ${account.id} AND i."paidCents" < i."totalTtcCents"`,
    db.accountHold.count({ where: { billingAccountId: account.id, liftedAt: null, until: { gte: parseDay(today) } } }),
  ]);
  const { invoices, ...amounts } = figures;
  const thresholdCents = account.creditLimitCents;
  return {
    account: { ref: account.ref, name: account.name, ownerCompanyId: account.ownerCompanyId, ownerName: account.owner.name },
    today,
    ...amounts,
    uninvoicedUsageTtcCents: balanceCents(0, amounts.uninvoicedUsageHtCents),
    thresholdCents,
    overThreshold: overThreshold(amounts.balanceCents, thresholdCents),
    oldestUnpaidDueOn: invoices[0]?.dueOn ?? null,
    unpaidInvoices: invoices,
    payments,
    suspensions: suspensions.map((x) => ({ ...x, reason: x.reason as "IMPAYE" | "SEUIL_ENCOURS" })),
    unpaidSuspensionOn: reminded?.suspendOn && held === 0 && !suspensions.some((x) => x.reason === "IMPAYE") ? formatDay(reminded.suspendOn) : null,
  };
}

/** The balance's amounts from the rows, for accountBalance (an actor's view) and the threshold check (none). */
async function balanceFigures(accountId: number, today: CalendarDay) {
  const [invoices, creditCents, uninvoicedUsageHtCents] = await Promise.all([
    unpaidInvoicesOf(accountId, today),
    accountCreditCents(accountId),
    uninvoicedUsageCents(accountId, today),
  ]);
  const unpaidCents = invoices.reduce((sum, i) => sum + i.amountDueCents, 0);
  const overdueCents = invoices.filter((i) => OVERDUE.includes(i.state)).reduce((sum, i) => sum + i.amountDueCents, 0);
  return { invoices, unpaidCents, overdueCents, creditCents, uninvoicedUsageHtCents, balanceCents: balanceCents(unpaidCents - creditCents, uninvoicedUsageHtCents) };
}

export type CreditLimitStatus = { ref: string; balanceCents: number; thresholdCents: number | null; over: boolean };

/** An account's balance against its threshold, today, whoever asks (orders, jobs); "over" only strictly above it. */
export async function creditLimitStatus(billingAccountId: number): Promise<CreditLimitStatus> {
  const account = await db.billingAccount.findUniqueOrThrow({ where: { id: billingAccountId }, select: { ref: true, creditLimitCents: true } });
  // No threshold: nothing to compute.
  if (account.creditLimitCents === null) return { ref: account.ref, balanceCents: 0, thresholdCents: null, over: false };
  const { balanceCents } = await balanceFigures(billingAccountId, clockToday());
  return { ref: account.ref, balanceCents, thresholdCents: account.creditLimitCents, over: overThreshold(balanceCents, account.creditLimitCents) };
}

export async function isOverCreditLimit(billingAccountId: number): Promise<boolean> {
  return (await creditLimitStatus(billingAccountId)).over;
}

/**
 * *Seuil d'encours (€ TTC)*, set by staff: euros as typed (`500`, `500,00`), empty for no threshold. Anyone else:
 * "not found". Audited with the former and new values; saving the same value changes nothing.
 */
export async function setCreditLimit(actor: Actor, ref: string, input: string): Promise<{ thresholdCents: number | null; changed: boolean }> {
  if (!isStaff(actor)) notFound();
  const account = await findBillingAccountForActor(actor, ref);
  let thresholdCents: number | null = null;
  if (input.trim() !== "") {
    const parsed = parseEurosToCents(input);
    if ("problem" in parsed) throw new DomainError(`Seuil d'encours : ${parsed.problem}`, { creditLimit: [parsed.problem] });
    thresholdCents = parsed.cents;
  }
  const saved = await db.$transaction(async (tx) => {
    const current = await tx.billingAccount.findUniqueOrThrow({ where: { id: account.id }, select: { creditLimitCents: true } });
    if (current.creditLimitCents === thresholdCents) return { thresholdCents, changed: false };
    await tx.billingAccount.update({ where: { id: account.id }, data: { creditLimitCents: thresholdCents } });
    await audit(tx, {
      actorId: actor.userId,
      action: "billing-account.credit-limit",
      targetType: "BillingAccount",
      targetId: account.ref,
      companyId: account.ownerCompanyId,
      details: { fromCents: current.creditLimitCents, toCents: thresholdCents },
    });
    return { thresholdCents, changed: true };
  });
  // A raised (or removed) threshold lifts a *Seuil d'encours* suspension at once (SPEC §13).
  if (saved.changed) await reviewAfterPayment([account.id]);
  return saved;
}

async function unpaidInvoicesOf(accountId: number, today: CalendarDay): Promise<UnpaidInvoice[]> {
  const rows = await db.invoice.findMany({
    where: { billingAccountId: accountId, paidCents: { lt: db.invoice.fields.totalTtcCents } },
    orderBy: [{ dueOn: "asc" }, { number: "asc" }],
    select: { number: true, issuedOn: true, dueOn: true, totalTtcCents: true, paidCents: true, debit: true, state: true },
  });
  return rows.map((r) => {
    const state = invoicePaymentState(r, today);
    return {
      number: r.number, issuedOn: formatDay(r.issuedOn), dueOn: formatDay(r.dueOn), amountDueCents: Number(r.totalTtcCents - r.paidCents),
      state, stateLabel: invoiceStateLabel(state, r.state),
    };
  });
}

async function accountCreditCents(accountId: number): Promise<number> {
  const sum = await db.payment.aggregate({ where: { billingAccountId: accountId, invoiceId: null, amountCents: { gt: 0 } }, _sum: { amountCents: true } });
  return Number(sum._sum.amountCents ?? 0);
}

/**
 * This month's usage as next month's billing run will charge it (lib/server/billing-run.ts): each line the account
 * bills this month, on the plan of its latest segment (whose offer gives the caps) when that plan's OC is one of
 * the account's, activated and not ended before the month; per line and zone, `usageChargeCents` of the sum. A
 * line whose usage of the month is already on an invoice counts no more.
 */
async function uninvoicedUsageCents(accountId: number, today: CalendarDay): Promise<number> {
  const { first, next } = monthBounds(monthOf(today));
  const [firstDay, nextDay] = [parseDay(first), parseDay(next)];
  const rows = await db.$queryRaw<{ zone: string; cents: bigint; capCents: number | null; roamingCapCents: number | null }[]>`
    WITH "current" AS (
      SELECT DISTINCT ON (s."lineId") s."lineId", s."offerId", ps."contractedOfferId"
      FROM "LinePlanSegment" s
      JOIN "SimResource" r ON r."id" = s."resourceId"
      JOIN "ContractedProductSheet" ps ON ps."id" = r."productSheetId"
      WHERE s."lineId" IN (
        SELECT m."lineId" FROM "ContractedOffer" oc
        JOIN "ContractedProductSheet" mps ON mps."contractedOfferId" = oc."id"
        JOIN "SimResource" mr ON mr."productSheetId" = mps."id"
        JOIN "LinePlanSegment" m ON m."resourceId" = mr."id"
        WHERE oc."billingAccountId" = ${accountId} AND m."startOn" < ${nextDay} AND (m."endOn" IS NULL OR m."endOn" > ${firstDay}))
      ORDER BY s."lineId", s."startOn" DESC, s."id" DESC
    )
    SELECT u."zone"::text AS "zone", SUM(u."amountCents")::bigint AS "cents", o."capCents", o."roamingCapCents"
    FROM "current" c
    JOIN "ContractedOffer" oc ON oc."id" = c."contractedOfferId"
    JOIN "Offer" o ON o."id" = c."offerId"
    -- Days within the allowance cost nothing: skipping them took a 20,000-line fleet at month end from 430 to 150 ms.
    JOIN "UsageDaily" u ON u."lineId" = c."lineId" AND u."day" >= ${firstDay} AND u."day" < ${nextDay} AND u."amountCents" <> 0
    WHERE oc."billingAccountId" = ${accountId} AND oc."activationOn" < ${nextDay}
      AND NOT EXISTS (SELECT 1 FROM "Termination" t WHERE t."contractedOfferId" = oc."id" AND t."resourceId" IS NULL AND t."state" = 'APPLIQUEE' AND t."effectiveOn" < ${firstDay})
      AND NOT EXISTS (SELECT 1 FROM "InvoiceLine" il WHERE il."mobileLineId" = c."lineId" AND il."periodStart" = ${firstDay} AND il."kind" = 'CONSOMMATION')
    GROUP BY c."lineId", u."zone", o."capCents", o."roamingCapCents"`;
  return rows.reduce((sum, r) => sum + usageChargeCents(Number(r.cents), r.zone === "FRANCE" ? r.capCents : r.roamingCapCents), 0);
}

async function paymentsOf(accountId: number, today: CalendarDay): Promise<ReceivedPayment[]> {
  const rows = await db.payment.findMany({
    where: { billingAccountId: accountId, receivedOn: { gt: parseDay(addMonthsClamped(today, -12)) } },
    orderBy: [{ receivedOn: "desc" }, { id: "desc" }],
    select: { receivedOn: true, kind: true, amountCents: true, reason: true, reasonCode: true, invoice: { select: { number: true } } },
  });
  return rows.map((p) => ({
    receivedOn: formatDay(p.receivedOn),
    kind: p.kind,
    kindLabel: PAYMENT_KIND_LABELS[p.kind],
    amountCents: Number(p.amountCents),
    invoiceNumber: p.invoice?.number ?? null,
    appliedTo: p.invoice?.number ?? ACCOUNT_CREDIT_LABEL,
    reason: p.reason ?? (p.reasonCode ? `Code ${p.reasonCode}` : null),
  }));
}
