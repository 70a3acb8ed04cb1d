import "server-only";
import { notFound } from "next/navigation";
import { db, type Tx } from "@/lib/server/db";
import { isStaff, type Actor } from "@/lib/server/authz";
import { audit } from "@/lib/server/audit";
import { now, today as clockToday } from "@/lib/server/clock";
import { nextNumber } from "@/lib/server/counters";
import { activeMandateRum, paymentTerms } from "@/lib/server/billing-run";
import { invoiceDocument } from "@/lib/server/invoice-documents";
import { vatCategoryProblems } from "@/lib/server/invoice-pdf";
import { normalizeInvoiceNumber } from "@/lib/server/invoices";
import { Prisma } from "@/lib/generated/prisma/client";
import { compareDays, formatDay, parisDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { invoiceNumber, lastDayOf, monthOf, nextMonth, previousMonth } from "@/lib/domain/billing";
import { monthBounds } from "@/lib/domain/plan-change";
import { collectionDate, daysLate, dueDate, penaltyRateBp } from "@/lib/domain/collections";
import { halfYearLabel, halfYearStart, invoicePenalty, parseHalfYear, parseLegalRate, penaltyLines, type InvoicePenalty, type PenaltyPaymentKind } from "@/lib/domain/penalties";
import { singleLineText } from "@/lib/domain/text";
import { DomainError } from "@/lib/domain/errors";

/**
 * Late-payment penalties (SPEC §13, §17, seed 003 art. 8.6.1): the run of a month issues, per account, one penalty
 * invoice (kind PENALITES, VAT category O, the same gapless series) for its invoices settled late in the month
 * before, not waived and not billed yet; ADV set the legal interest rate of each half-year and may waive an
 * invoice's penalties.
 */

/** Some money came from the customer after the due date: a debit the bank books late was taken on time (invoicePenalty). */
const paidByCustomerLate = Prisma.sql`EXISTS (
  SELECT 1 FROM "Payment" p WHERE p."invoiceId" = i."id" AND p."kind" IN ('VIREMENT', 'CHEQUE') AND p."amountCents" > 0 AND p."receivedOn" > i."dueOn")`;

/**
 * The late invoices a penalty invoice still has to bill: settled after their due date and before `to`, never waived,
 * not billed yet. No lower bound: a payment recorded after its month's run (a cheque dated back) is billed by the next.
 */
const lateUnbilled = (to: CalendarDay) => Prisma.sql`
  i."kind" = 'FACTURE' AND i."penaltyInvoiceId" IS NULL AND i."paidOn" < ${to}::date AND i."paidOn" > i."dueOn" AND ${paidByCustomerLate}
  AND NOT EXISTS (SELECT 1 FROM "PenaltyWaiver" w WHERE w."invoiceId" = i."id")`;

/** The run of `asOf`'s month bills the settlements before it; its penalty invoices carry the run's month. */
function runMonths(asOf: CalendarDay) {
  const month = monthOf(asOf);
  return { month, to: monthBounds(month).first };
}

export type PenaltyRunOptions = {
  accountIds?: number[];
  /** Called inside an account's transaction once its penalty invoice is written (tests crash a run here). */
  beforeCommit?: (accountId: number) => Promise<void> | void;
};

/**
 * The penalty invoices of the month of `asOf`: one transaction per account, which locks it (`SKIP LOCKED`: two runs
 * at once share the accounts), skips it when its penalty invoice of the month exists (`@@unique([billingAccountId,
 * periodStart, kind])`), locks its late invoices, takes the number from the gapless `invoice` counter and marks each
 * late invoice billed. Killed at any point, a run leaves whole invoices; started again, it carries on. An account
 * whose late invoices need a legal rate nobody set is skipped with a message naming the half-year: whether 3 × the
 * rate exceeds 12 % cannot be known without it. How many it issued.
 */
export async function issuePenaltyInvoices(asOf: CalendarDay, options: PenaltyRunOptions = {}): Promise<number> {
  const { to } = runMonths(asOf);
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT DISTINCT i."billingAccountId" AS "id" FROM "Invoice" i WHERE ${lateUnbilled(to)} ORDER BY 1`;
  const wanted = options.accountIds ? new Set(options.accountIds) : null;
  let issued = 0;
  for (const { id } of rows.filter((r) => !wanted || wanted.has(r.id))) {
    issued += await db.$transaction(
      async (tx) => {
        const count = await issueForAccount(tx, id, asOf);
        if (count > 0) await options.beforeCommit?.(id);
        return count;
      },
      { timeout: 60_000, maxWait: 60_000 },
    );
  }
  return issued;
}

type LateInvoice = { id: number; number: string; dueOn: Date; totalTtcCents: bigint; payments: { kind: PenaltyPaymentKind; amountCents: bigint; receivedOn: Date }[] };

const latePayments = {
  orderBy: [{ receivedOn: "asc" }, { id: "asc" }],
  select: { kind: true, amountCents: true, receivedOn: true },
} satisfies Prisma.Invoice$paymentsArgs;

function penaltyOf(invoice: Omit<LateInvoice, "id" | "number">, legalRateBp: number): InvoicePenalty | null {
  const payments = invoice.payments.map((p) => ({ kind: p.kind, amountCents: p.amountCents, receivedOn: formatDay(p.receivedOn) }));
  return invoicePenalty({ dueOn: formatDay(invoice.dueOn), totalTtcCents: invoice.totalTtcCents, payments, legalRateBp });
}

async function issueForAccount(tx: Tx, accountId: number, asOf: CalendarDay): Promise<number> {
  const { month, to } = runMonths(asOf);
  const [account] = await tx.$queryRaw<{ id: number; ref: string; ownerCompanyId: number; mandateRef: string | null }[]>`
    SELECT a."id", a."ref", a."ownerCompanyId", ${activeMandateRum(asOf)} AS "mandateRef"
    FROM "BillingAccount" a WHERE a."id" = ${accountId} FOR UPDATE OF a SKIP LOCKED`;
  if (!account) return 0; // another run holds it, and issues its penalty invoice
  // New statements from here: they see what another run or a waiver committed before we took the locks.
  if (await tx.invoice.findFirst({ where: { billingAccountId: accountId, periodStart: parseDay(to), kind: "PENALITES" }, select: { id: true } })) return 0;
  const locked = await tx.$queryRaw<{ id: number }[]>`
    SELECT i."id" FROM "Invoice" i WHERE i."billingAccountId" = ${accountId} AND ${lateUnbilled(to)} ORDER BY i."id" FOR UPDATE`;
  const late: LateInvoice[] = await tx.invoice.findMany({
    where: { id: { in: locked.map((l) => l.id) }, penaltyInvoiceId: null, penaltyWaiver: null },
    orderBy: { number: "asc" },
    select: { id: true, number: true, dueOn: true, totalTtcCents: true, payments: latePayments },
  });
  if (late.length === 0) return 0;

  const halfYears = [...new Set(late.map((i) => halfYearStart(formatDay(i.dueOn))))];
  const rates = new Map((await tx.legalInterestRate.findMany({ where: { halfYearStart: { in: halfYears.map(parseDay) } } })).map((r) => [formatDay(r.halfYearStart), r.rateBp]));
  const missing = halfYears.filter((h) => !rates.has(h)).sort();
  if (missing.length > 0) {
    console.error(
      `[penalties] ${account.ref}: pénalités de retard non émises, taux d'intérêt légal manquant pour le ${missing.map(halfYearLabel).join(" et le ")} ` +
        "(à saisir sur /admin/penalites) ; le prochain passage les émettra.",
    );
    return 0;
  }
  const billed = late.flatMap((invoice) => {
    const penalty = penaltyOf(invoice, rates.get(halfYearStart(formatDay(invoice.dueOn)))!);
    return penalty ? [{ invoice, penalty }] : [];
  });
  if (billed.length === 0) return 0;
  const lines = billed.flatMap(({ invoice, penalty }) => penaltyLines(invoice.number, penalty));
  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);

  // Due and collected as every invoice of the account (SPEC §13), as the monthly run does.
  const terms = await paymentTerms(tx);
  const collectionOn = account.mandateRef ? collectionDate(asOf, terms.preNotificationDays) : null;
  const dueOn = collectionOn ?? dueDate(asOf, { collected: false, transferDays: terms.transferPaymentDays });
  const number = invoiceNumber(await nextNumber(tx, "invoice"));
  const created = await tx.invoice.create({
    data: {
      kind: "PENALITES", number, billingAccountId: accountId, issuedOn: parseDay(asOf), dueOn: parseDay(dueOn),
      collectionOn: collectionOn && parseDay(collectionOn), debit: collectionOn ? "PROGRAMME" : "AUCUN", mandateRef: account.mandateRef,
      periodStart: parseDay(to), periodEnd: parseDay(lastDayOf(month)),
      totalHtCents: totalCents, vatCents: 0, totalTtcCents: totalCents, issuedAt: now(),
      lines: {
        create: lines.map((l, position) => ({
          kind: l.kind, label: l.label.slice(0, 300), detail: l.detail.slice(0, 300), endClientId: account.ownerCompanyId, quantity: 1, amountHtCents: l.amountCents, vatRateBp: 0, position,
        })),
      },
    },
    select: { id: true },
  });
  const marked = await tx.invoice.updateMany({ where: { id: { in: billed.map((b) => b.invoice.id) }, penaltyInvoiceId: null }, data: { penaltyInvoiceId: created.id } });
  if (marked.count !== billed.length) throw new Error(`[penalties] ${account.ref}: ${billed.length - marked.count} late invoice(s) billed meanwhile`);
  // EN 16931 category O rules on the e-invoice this invoice becomes (the PDF comes right after the run): fail loudly.
  const problems = vatCategoryProblems(await invoiceDocument(tx, created.id));
  if (problems.length > 0) throw new Error(`[penalties] ${number} (${account.ref}) would break the rules of VAT category O: ${problems.join(" ; ")}`);
  await audit(tx, {
    actorId: null, action: "invoice.issue", targetType: "invoice", targetId: number, companyId: account.ownerCompanyId,
    details: { kind: "PENALITES", period: month, lines: lines.length, invoices: billed.map((b) => b.invoice.number) },
  });
  return 1;
}

// ---------------------------------------------------------------------------------------------
// ADV: the legal interest rates, the invoices paid late, waivers (staff ADV only)

export type LegalRateInput = { year: string; half: string; rate: string };

/** Sets (or corrects) the legal interest rate of a half-year, as published by arrêté. French refusals, per field. */
export async function setLegalInterestRate(actor: Actor, input: LegalRateInput): Promise<{ halfYearStart: CalendarDay; rateBp: number }> {
  if (!isStaff(actor, "ADV")) notFound();
  const errors: Record<string, string[]> = {};
  const halfYear = parseHalfYear(input.year, input.half);
  if ("problem" in halfYear) errors[halfYear.field] = [halfYear.problem];
  const rate = parseLegalRate(input.rate);
  if ("problem" in rate) errors.rate = [rate.problem];
  if (Object.keys(errors).length > 0) throw new DomainError("Le taux n'a pas été enregistré : corrigez les champs signalés.", errors);
  const start = (halfYear as { start: CalendarDay }).start;
  const rateBp = (rate as { bp: number }).bp;
  await db.$transaction(async (tx) => {
    // The half-year's row lock: two submissions at once leave the last one, each audited.
    const [previous] = await tx.$queryRaw<{ rateBp: number }[]>`SELECT "rateBp" FROM "LegalInterestRate" WHERE "halfYearStart" = ${start}::date FOR UPDATE`;
    await tx.legalInterestRate.upsert({
      where: { halfYearStart: parseDay(start) },
      create: { halfYearStart: parseDay(start), rateBp, updatedById: actor.userId, updatedAt: now() },
      update: { rateBp, updatedById: actor.userId, updatedAt: now() },
    });
    await audit(tx, {
      actorId: actor.userId, action: "penalty.legal-rate", targetType: "LegalInterestRate", targetId: start, companyId: null,
      details: { halfYear: halfYearLabel(start), rateBp, previousRateBp: previous?.rateBp ?? null },
    });
  });
  return { halfYearStart: start, rateBp };
}

const waiverReason = singleLineText().min(3, "Indiquez le motif (3 caractères au moins).").max(300, "Le motif a au plus 300 caractères.");

/** Waives the penalties of an invoice paid late and not billed yet (reason required, audited); the run then skips it. */
export async function waivePenalties(actor: Actor, number: string, reason: string): Promise<string> {
  if (!isStaff(actor, "ADV")) notFound();
  const normalized = normalizeInvoiceNumber(number);
  if (!normalized) notFound();
  const parsed = waiverReason.safeParse(reason);
  if (!parsed.success) throw new DomainError("La renonciation n'a pas été enregistrée.", { reason: [parsed.error.issues[0].message] });
  return db.$transaction(async (tx) => {
    // The invoice's row lock: the run that would bill it waits, then sees the waiver.
    const [locked] = await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Invoice" WHERE "number" = ${normalized} FOR UPDATE`;
    if (!locked) notFound();
    const invoice = await tx.invoice.findUniqueOrThrow({
      where: { id: locked.id },
      select: {
        number: true, kind: true, dueOn: true, paidOn: true, penaltyInvoice: { select: { number: true } }, penaltyWaiver: { select: { id: true } },
        billingAccount: { select: { ownerCompanyId: true } },
      },
    });
    if (invoice.kind !== "FACTURE" || !invoice.paidOn || compareDays(formatDay(invoice.paidOn), formatDay(invoice.dueOn)) <= 0) {
      throw new DomainError(`La facture ${invoice.number} n'a pas été payée en retard : il n'y a pas de pénalités à abandonner.`);
    }
    if (invoice.penaltyInvoice) throw new DomainError(`Les pénalités de la facture ${invoice.number} sont déjà facturées (facture ${invoice.penaltyInvoice.number}) : un avoir seul peut les annuler.`);
    if (invoice.penaltyWaiver) throw new DomainError(`Les pénalités de la facture ${invoice.number} sont déjà abandonnées.`);
    await tx.penaltyWaiver.create({ data: { invoiceId: locked.id, reason: parsed.data, createdById: actor.userId, createdAt: now() } });
    await audit(tx, {
      actorId: actor.userId, action: "invoice.penalty-waive", targetType: "invoice", targetId: invoice.number, companyId: invoice.billingAccount.ownerCompanyId,
      details: { reason: parsed.data },
    });
    return invoice.number;
  });
}

export type LegalRateRow = { halfYearStart: CalendarDay; label: string; rateBp: number; penaltyRateBp: number; updatedAt: Date; updatedBy: string };

export type LateInvoiceStatus = "A_FACTURER" | "RENONCEE" | "FACTUREE";

export type LateInvoiceRow = {
  number: string;
  accountRef: string;
  accountName: string;
  ownerId: number;
  ownerName: string;
  dueOn: CalendarDay;
  paidOn: CalendarDay;
  days: number;
  halfYear: CalendarDay;
  /** Null while the half-year's legal rate is missing. */
  penalty: { rateBp: number; interestCents: number; indemnityCents: number; totalCents: number } | null;
  status: LateInvoiceStatus;
  /** The run that bills it: the 1st of the month after its settlement. */
  billedBy: CalendarDay;
  penaltyInvoice: string | null;
  waiver: { reason: string; by: string; on: CalendarDay } | null;
};

export type PenaltiesOverview = { today: CalendarDay; rates: LegalRateRow[]; missingHalfYears: CalendarDay[]; invoices: LateInvoiceRow[] };

/**
 * The page's data: the legal rates set, newest first, and the invoices settled late since the 1st of last month, or
 * earlier and not billed yet (those this month's run bills, or next month's): to bill, waived, or billed.
 */
export async function penaltiesOverview(actor: Actor): Promise<PenaltiesOverview> {
  if (!isStaff(actor, "ADV")) notFound();
  const today = clockToday();
  const since = monthBounds(previousMonth(monthOf(today))).first;
  const lateIds = await db.$queryRaw<{ id: number }[]>`
    SELECT i."id" FROM "Invoice" i WHERE i."kind" = 'FACTURE' AND i."paidOn" > i."dueOn" AND ${paidByCustomerLate}
      AND (i."paidOn" >= ${since}::date OR (i."penaltyInvoiceId" IS NULL AND NOT EXISTS (SELECT 1 FROM "PenaltyWaiver" w WHERE w."invoiceId" = i."id")))`;
  const [rates, late] = await Promise.all([
    db.legalInterestRate.findMany({ orderBy: { halfYearStart: "desc" } }),
    db.invoice.findMany({
      where: { id: { in: lateIds.map((r) => r.id) } },
      orderBy: [{ paidOn: "desc" }, { number: "desc" }],
      select: {
        number: true, dueOn: true, paidOn: true, totalTtcCents: true, payments: latePayments,
        billingAccount: { select: { ref: true, name: true, owner: { select: { id: true, name: true } } } },
        penaltyInvoice: { select: { number: true } },
        penaltyWaiver: { select: { reason: true, createdById: true, createdAt: true } },
      },
    }),
  ]);
  const userIds = [...new Set([...rates.map((r) => r.updatedById), ...late.flatMap((i) => (i.penaltyWaiver ? [i.penaltyWaiver.createdById] : []))])];
  const users = new Map((await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, identifier: true } })).map((u) => [u.id, `${u.name} (${u.identifier})`]));
  const rateOf = new Map(rates.map((r) => [formatDay(r.halfYearStart), r.rateBp]));
  const rows = late.map((i): LateInvoiceRow => {
    const dueOn = formatDay(i.dueOn);
    const paidOn = formatDay(i.paidOn!);
    const halfYear = halfYearStart(dueOn);
    const legal = rateOf.get(halfYear);
    const penalty = legal === undefined ? null : penaltyOf(i, legal);
    return {
      number: i.number, accountRef: i.billingAccount.ref, accountName: i.billingAccount.name, ownerId: i.billingAccount.owner.id, ownerName: i.billingAccount.owner.name,
      dueOn, paidOn, days: daysLate(dueOn, paidOn), halfYear,
      penalty: penalty && { rateBp: penalty.rateBp, interestCents: penalty.interestCents, indemnityCents: penalty.indemnityCents, totalCents: penalty.totalCents },
      status: i.penaltyInvoice ? "FACTUREE" : i.penaltyWaiver ? "RENONCEE" : "A_FACTURER",
      billedBy: monthBounds(nextMonth(monthOf(paidOn))).first,
      penaltyInvoice: i.penaltyInvoice?.number ?? null,
      waiver: i.penaltyWaiver && { reason: i.penaltyWaiver.reason, by: users.get(i.penaltyWaiver.createdById) ?? `#${i.penaltyWaiver.createdById}`, on: parisDay(i.penaltyWaiver.createdAt) },
    };
  });
  return {
    today,
    rates: rates.map((r) => ({
      halfYearStart: formatDay(r.halfYearStart), label: halfYearLabel(formatDay(r.halfYearStart)), rateBp: r.rateBp, penaltyRateBp: penaltyRateBp(r.rateBp),
      updatedAt: r.updatedAt, updatedBy: users.get(r.updatedById) ?? `#${r.updatedById}`,
    })),
    missingHalfYears: [...new Set(rows.filter((r) => r.status === "A_FACTURER" && !r.penalty).map((r) => r.halfYear))].sort(),
    invoices: rows,
  };
}
