import "server-only";
import { db, type Tx } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { auditMany } from "@/lib/server/audit";
import { nextNumbers } from "@/lib/server/counters";
import { applyAccountCredit } from "@/lib/server/payments";
import { storeMissingCreditNotePdfs, storeMissingInvoicePdfs, type PdfOutcome } from "@/lib/server/invoice-documents";
import { issuePenaltyInvoices } from "@/lib/server/penalties";
import { Prisma } from "@/lib/generated/prisma/client";
import { formatDay, formatFrenchDate, formatFrenchMonth, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { monthBounds } from "@/lib/domain/plan-change";
import { collectionDate, dueDate, PRE_NOTIFICATION_DAYS, TRANSFER_PAYMENT_DAYS } from "@/lib/domain/collections";
import { formatMsisdn } from "@/lib/domain/identifiers";
import { loadPriceBooks } from "@/lib/server/prices";
import { priceOn, sheetFee, splitAtChanges, totalFee } from "@/lib/domain/prices";
import {
  invoiceNumber,
  invoiceTotals,
  lastDayOf,
  monthOf,
  previousMonth,
  recurringCharges,
  settle,
  usageChargeCents,
  VAT_RATE_BP,
  type Charge,
  type RecurringItem,
} from "@/lib/domain/billing";

/**
 * The monthly billing run (SPEC §7): issues the invoice of the month of `asOf` for every billing
 * account that has something to bill, in batches. Each batch is one transaction that locks its
 * accounts (`SKIP LOCKED`: two runs at once share the work), skips those already invoiced for the
 * month, computes the lines with the rules of `lib/domain/billing.ts`, takes the numbers from the
 * gapless counter and writes the invoices. Killed at any point, a run leaves whole batches or nothing;
 * started again, it carries on with the accounts left (`@@unique([billingAccountId, periodStart, kind])`: a penalty
 * invoice of the month, kind PENALITES, never stands for the monthly one). Then come the penalty invoices
 * (`lib/server/penalties.ts`). The PDFs are produced right after, once per invoice (`lib/server/invoice-documents.ts`).
 */
export type BillingRunResult = { issued: number; pdfs: PdfOutcome };

/**
 * The month's invoices, then its penalty invoices (SPEC §13), then the missing PDFs (those a killed run left, and
 * those that failed before): each rendered on its own, a failing one reported by its number and tried again by the
 * next run. `issued` counts both kinds.
 */
export async function billingRun(asOf: CalendarDay): Promise<BillingRunResult> {
  const issued = (await issueMonthlyInvoices(asOf)) + (await issuePenaltyInvoices(asOf));
  const invoices = await storeMissingInvoicePdfs();
  const creditNotes = await storeMissingCreditNotePdfs();
  const pdfs = { stored: invoices.stored + creditNotes.stored, failed: [...invoices.failed, ...creditNotes.failed] };
  if (pdfs.failed.length > 0) {
    const shown = pdfs.failed.slice(0, 20).join(", ") + (pdfs.failed.length > 20 ? ", …" : "");
    console.error(`[billing] ${pdfs.failed.length} PDF(s) not produced (${shown}): the next run tries again`);
  }
  return { issued, pdfs };
}

/** The job: how many invoices it issued (`billingRun` tells the PDFs too). */
export async function runBillingRun(asOf: CalendarDay): Promise<number> {
  return (await billingRun(asOf)).issued;
}

export type RunOptions = {
  batchSize?: number;
  accountIds?: number[];
  /** Called inside each batch's transaction once its invoices are written (tests crash a run here). */
  beforeCommit?: (batch: number) => Promise<void> | void;
  /** Lines per statement when loading a batch's lines (tests lower it). */
  lineSlice?: number;
};

/**
 * A batch of 250 accounts can hold more SIM lines than one statement takes parameters (65,535 on
 * PostgreSQL: a fleet of 20,000 lines and a few mid-size ones are enough): their rows load in slices.
 */
const LINE_SLICE = 10_000;

async function inSlices<T>(ids: number[], size: number, load: (slice: number[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += size) rows.push(...(await load(ids.slice(i, i + size))));
  return rows;
}

/**
 * The accounts the run of `asOf` still has to invoice for its month, in id order: no invoice of the month
 * yet, and an OC activated before the month, a credit note not applied yet or a pending one-off charge.
 */
export async function billingCandidates(asOf: CalendarDay): Promise<number[]> {
  const first = parseDay(monthBounds(monthOf(asOf)).first);
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT ba."id" FROM "BillingAccount" ba
    WHERE NOT EXISTS (SELECT 1 FROM "Invoice" i WHERE i."billingAccountId" = ba."id" AND i."periodStart" = ${first} AND i."kind" = 'FACTURE')
      AND (EXISTS (SELECT 1 FROM "ContractedOffer" oc WHERE oc."billingAccountId" = ba."id" AND oc."activationOn" < ${first})
        OR EXISTS (SELECT 1 FROM "CreditNote" cn WHERE cn."billingAccountId" = ba."id" AND cn."appliedToInvoiceId" IS NULL)
        OR EXISTS (SELECT 1 FROM "PendingCharge" pc WHERE pc."billingAccountId" = ba."id" AND pc."invoiceId" IS NULL))
    ORDER BY ba."id"`;
  return rows.map((r) => r.id);
}

export async function issueMonthlyInvoices(asOf: CalendarDay, options: RunOptions = {}): Promise<number> {
  const wanted = options.accountIds ? new Set(options.accountIds) : null;
  const ids = (await billingCandidates(asOf)).filter((id) => !wanted || wanted.has(id));
  const size = options.batchSize ?? 250;
  let issued = 0;
  for (let i = 0; i < ids.length; i += size) {
    issued += await db.$transaction(
      async (tx) => {
        const count = await issueBatch(tx, ids.slice(i, i + size), asOf, options.lineSlice ?? LINE_SLICE);
        await options.beforeCommit?.(i / size);
        return count;
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  }
  // The next month's run plans its queries on these tables' statistics: refresh them now rather than
  // wait for autovacuum (0.3 s for 10,000 invoices; without it a run right after took 7 s more).
  if (issued > 0) await db.$executeRaw`ANALYZE "Invoice", "InvoiceLine"`;
  return issued;
}

/**
 * The RUM of account `a`'s active mandate when it pays by direct debit (SPEC §12), as an SQL expression: the invoices
 * issued as of `asOf` print it and are collected under it.
 */
export function activeMandateRum(asOf: CalendarDay): Prisma.Sql {
  return Prisma.sql`(SELECT m."rum" FROM "SepaMandate" m WHERE m."billingAccountId" = a."id" AND m."state" = 'ACTIF' AND a."paymentMethod" = 'PRELEVEMENT_SEPA'
         -- not lapsed: 36 months after its last collection, or its signature (lib/domain/mandates.ts)
         AND COALESCE(m."lastCollectionOn", m."signedOn") > (${asOf}::date - interval '36 months')
       ORDER BY m."id" DESC LIMIT 1)`;
}

/** The operator's payment terms (SPEC §13), the defaults before the first start recorded them. */
export async function paymentTerms(tx: Tx = db): Promise<{ preNotificationDays: number; transferPaymentDays: number }> {
  const settings = await tx.operatorSettings.findFirst({ select: { preNotificationDays: true, transferPaymentDays: true } });
  return settings ?? { preNotificationDays: PRE_NOTIFICATION_DAYS.default, transferPaymentDays: TRANSFER_PAYMENT_DAYS.default };
}

type AccountInvoice = { accountId: number; ownerCompanyId: number; mandateRef: string | null; lines: PlannedLine[]; carriedOutCents: number; creditAppliedCents: number; appliedCreditNoteIds: number[] };
type PlannedLine = Charge & { contractedOfferId: number | null; mobileLineId: number | null; terminationId: number | null; endClientId: number | null; siteId: number | null; sortKey: string; quantity: number };

async function issueBatch(tx: Tx, batch: number[], asOf: CalendarDay, lineSlice: number): Promise<number> {
  const month = monthOf(asOf);
  const before = previousMonth(month);
  const first = parseDay(monthBounds(month).first);
  const next = parseDay(monthBounds(month).next);
  const beforeFirst = parseDay(monthBounds(before).first);

  // With the RUM of its active mandate, printed on the invoice, when the account pays by direct debit (SPEC §12).
  const locked = await tx.$queryRaw<{ id: number; ownerCompanyId: number; mandateRef: string | null }[]>`
    SELECT a."id", a."ownerCompanyId", ${activeMandateRum(asOf)} AS "mandateRef"
    FROM "BillingAccount" a WHERE a."id" = ANY(${batch}) ORDER BY a."id" FOR UPDATE OF a SKIP LOCKED`;
  // A new statement sees what another run committed before we took the locks.
  const done = new Set((await tx.invoice.findMany({ where: { billingAccountId: { in: locked.map((a) => a.id) }, periodStart: first, kind: "FACTURE" }, select: { billingAccountId: true } })).map((i) => i.billingAccountId));
  const accounts = locked.filter((a) => !done.has(a.id));
  if (accounts.length === 0) return 0;
  const accountIds = accounts.map((a) => a.id);

  const ocs = await tx.contractedOffer.findMany({
    where: {
      billingAccountId: { in: accountIds }, activationOn: { lt: first },
      // OCs that ended before the month before owe nothing any more.
      NOT: { terminations: { some: { resourceId: null, state: "APPLIQUEE", effectiveOn: { lt: beforeFirst } } } },
    },
    select: {
      id: true, ref: true, name: true, billingAccountId: true, endClientId: true, siteId: true, activationOn: true, lineCount: true, orderType: true, offerId: true,
      endClient: { select: { name: true } }, site: { select: { name: true } },
      offer: { select: { family: true } },
      productSheets: { select: { offerId: true, quantity: true, monthlyFeeCents: true, followsCatalogue: true } },
      terminations: { where: { state: { not: "ANNULEE" } }, select: { id: true, resourceId: true, effectiveOn: true, earlyTerminationCents: true } },
    },
  });
  const ocById = new Map(ocs.map((oc) => [oc.id, oc]));
  const ocEnd = (oc: (typeof ocs)[number]) => oc.terminations.find((t) => t.resourceId === null)?.effectiveOn ?? null;

  // SIM lines: those on a plan of these accounts' OCs during the month before or this one.
  const lineSegments = await tx.linePlanSegment.findMany({
    where: {
      resource: { productSheet: { contractedOffer: { billingAccountId: { in: accountIds } } } },
      startOn: { lt: next },
      OR: [{ endOn: null }, { endOn: { gt: beforeFirst } }],
    },
    select: { lineId: true },
    distinct: ["lineId"],
  });
  const lineIds = lineSegments.map((s) => s.lineId);
  const segments = await inSlices(lineIds, lineSlice, (slice) => tx.linePlanSegment.findMany({
    where: { lineId: { in: slice } },
    orderBy: [{ lineId: "asc" }, { startOn: "asc" }],
    select: {
      lineId: true, startOn: true, endOn: true, resourceId: true,
      line: { select: { msisdn: true } },
      offer: { select: { name: true, capCents: true, roamingCapCents: true } },
      resource: {
        select: {
          productSheet: { select: { monthlyFeeCents: true, followsCatalogue: true, offerId: true, contractedOfferId: true } },
          terminations: { where: { state: { not: "ANNULEE" } }, select: { effectiveOn: true } },
        },
      },
    },
  }));
  const usage = await inSlices(lineIds, lineSlice, (slice) => tx.usageDaily.groupBy({
    by: ["lineId", "zone"],
    where: { lineId: { in: slice }, day: { gte: beforeFirst, lt: first } },
    _sum: { amountCents: true },
  }));
  const billed = await tx.$queryRaw<{ accountId: number; contractedOfferId: number | null; mobileLineId: number | null; cents: bigint }[]>`
    SELECT i."billingAccountId" AS "accountId", l."contractedOfferId", l."mobileLineId", SUM(l."amountHtCents")::bigint AS "cents"
    FROM "InvoiceLine" l JOIN "Invoice" i ON i."id" = l."invoiceId"
    WHERE i."billingAccountId" = ANY(${accountIds}) AND i."kind" = 'FACTURE' AND l."periodStart" = ${beforeFirst} AND l."kind" IN ('ABONNEMENT', 'REGULARISATION')
    GROUP BY 1, 2, 3`;
  const billedCents = new Map(billed.map((b) => [b.mobileLineId !== null ? `line:${b.mobileLineId}` : `oc:${b.contractedOfferId}`, Number(b.cents)]));
  const previous = await tx.$queryRaw<{ billingAccountId: number; number: string; creditCarriedCents: bigint }[]>`
    SELECT DISTINCT ON ("billingAccountId") "billingAccountId", "number", "creditCarriedCents" FROM "Invoice"
    WHERE "billingAccountId" = ANY(${accountIds}) AND "periodStart" < ${first} AND "kind" = 'FACTURE'
    ORDER BY "billingAccountId", "periodStart" DESC`;
  const previousByAccount = new Map(previous.map((p) => [p.billingAccountId, p]));
  // One-off charges waiting for the next invoice (SPEC §17: rejection fees), each billed once.
  const pendingCharges = await tx.pendingCharge.findMany({
    where: { billingAccountId: { in: accountIds }, invoiceId: null, createdAt: { lt: next } },
    orderBy: { id: "asc" },
    select: { id: true, billingAccountId: true, label: true, amountHtCents: true },
  });
  const creditNotes = await tx.creditNote.findMany({
    where: { billingAccountId: { in: accountIds }, appliedToInvoiceId: null, issuedOn: { lte: parseDay(asOf) } },
    orderBy: [{ issuedOn: "asc" }, { id: "asc" }],
    select: { id: true, number: true, billingAccountId: true, amountHtCents: true },
  });

  // Each day at the price in force that day (SPEC §11, §17): the price books of every offer billed here.
  const books = await loadPriceBooks(tx, [...ocs.flatMap((oc) => [oc.offerId, ...oc.productSheets.map((sh) => sh.offerId)]), ...segments.map((sg) => sg.resource.productSheet.offerId)]);
  const ocFee = (oc: (typeof ocs)[number]) => totalFee(oc.productSheets.map((sh) => sheetFee(sh, books.get(sh.offerId))));

  const planned = new Map<number, PlannedLine[]>(accountIds.map((id) => [id, []]));
  const add = (oc: (typeof ocs)[number], charge: Charge, extra: Partial<PlannedLine> = {}) =>
    planned.get(oc.billingAccountId)!.push({
      ...charge, contractedOfferId: oc.id, mobileLineId: null, terminationId: null, endClientId: oc.endClientId, siteId: oc.siteId,
      sortKey: `${oc.endClient.name}\u0000${oc.site?.name ?? ""}`, quantity: 1, ...extra,
    });

  for (const oc of ocs) {
    const end = ocEnd(oc);
    if (oc.offer.family !== "OPENSIM") {
      const item: RecurringItem = { kind: "oc", fee: ocFee(oc), activationOn: oc.activationOn && formatDay(oc.activationOn), terminationOn: end && formatDay(end) };
      for (const charge of recurringCharges(item, `${oc.name} (${oc.ref})`, month, billedCents.get(`oc:${oc.id}`) ?? 0)) add(oc, charge, { quantity: oc.lineCount });
    }
    const activation = oc.activationOn && formatDay(oc.activationOn);
    // One-off fees are versioned too and apply at activation (SPEC §17).
    const oneOffCents = activation && books.get(oc.offerId) ? priceOn(books.get(oc.offerId)!, activation).oneOffFeeCents : 0;
    if (activation && monthOf(activation) === before && oneOffCents > 0 && oc.orderType === "CREATION") {
      add(oc, { kind: "FRAIS_UNIQUES", label: `Frais de mise en service — ${oc.name} (${oc.ref})`, detail: null, month: before, amountHtCents: oneOffCents * oc.lineCount }, { quantity: oc.lineCount });
    }
    for (const t of oc.terminations) {
      const day = formatDay(t.effectiveOn);
      if (t.earlyTerminationCents > 0 && monthOf(day) === before) {
        add(oc, { kind: "RESILIATION", label: `Frais de résiliation anticipée — ${oc.ref}`, detail: `fin de service le ${formatFrenchDate(day)}`, month: before, amountHtCents: t.earlyTerminationCents }, { terminationId: t.id });
      }
    }
  }

  const usageByLine = new Map<number, typeof usage>();
  for (const u of usage) (usageByLine.get(u.lineId) ?? usageByLine.set(u.lineId, []).get(u.lineId)!).push(u);
  const byLine = new Map<number, typeof segments>();
  for (const s of segments) (byLine.get(s.lineId) ?? byLine.set(s.lineId, []).get(s.lineId)!).push(s);
  for (const [lineId, list] of byLine) {
    const current = list[list.length - 1];
    const oc = ocById.get(current.resource.productSheet.contractedOfferId);
    if (!oc) continue; // the line is now on an OC of another account, which bills it
    const lineEnd = current.resource.terminations[0]?.effectiveOn ?? null;
    const end = [lineEnd, ocEnd(oc)].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    const item: RecurringItem = {
      kind: "line",
      segments: splitAtChanges(
        list.map((s) => ({ startOn: formatDay(s.startOn), endOn: s.endOn && formatDay(s.endOn), sheet: s.resource.productSheet })),
        (s) => sheetFee({ ...s.sheet, quantity: 1 }, books.get(s.sheet.offerId)),
        formatDay(next),
      ),
      terminationOn: end && formatDay(end),
    };
    const label = `${current.offer.name} — ${formatMsisdn(current.line.msisdn)}`;
    for (const charge of recurringCharges(item, label, month, billedCents.get(`line:${lineId}`) ?? 0)) add(oc, charge, { mobileLineId: lineId });
    const lineUsage = usageByLine.get(lineId) ?? [];
    const usageCents = lineUsage.reduce((sum, u) => sum + usageChargeCents(u._sum.amountCents ?? 0, u.zone === "FRANCE" ? current.offer.capCents : current.offer.roamingCapCents), 0);
    if (usageCents > 0) {
      add(oc, { kind: "CONSOMMATION", label: `Consommations hors forfait — ${formatMsisdn(current.line.msisdn)}`, detail: formatFrenchMonth(before), month: before, amountHtCents: usageCents }, { mobileLineId: lineId });
    }
  }

  const ownerOf = new Map(accounts.map((a) => [a.id, a.ownerCompanyId]));
  for (const charge of pendingCharges) {
    // Under the account's owner: the invoice groups lines by end client, and the fee is the owner's.
    planned.get(charge.billingAccountId)!.push({
      kind: "FRAIS_UNIQUES", label: charge.label, detail: null, month: null, amountHtCents: charge.amountHtCents,
      contractedOfferId: null, mobileLineId: null, terminationId: null, endClientId: ownerOf.get(charge.billingAccountId)!, siteId: null, sortKey: "\uffff", quantity: 1,
    });
  }

  const invoices: AccountInvoice[] = [];
  for (const account of accounts) {
    const lines = planned.get(account.id)!.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    const prev = previousByAccount.get(account.id);
    const notes = creditNotes.filter((c) => c.billingAccountId === account.id).map((c) => ({ id: c.id, number: c.number, amountHtCents: Number(c.amountHtCents) }));
    const carried = Number(prev?.creditCarriedCents ?? 0);
    if (lines.length === 0 && notes.length === 0 && carried === 0) continue;
    const chargesCents = lines.reduce((sum, l) => sum + l.amountHtCents, 0);
    const settlement = settle(chargesCents, { carriedCents: carried, carriedFrom: prev?.number ?? null, creditNotes: notes });
    if (lines.length === 0 && settlement.lines.length === 0) continue; // only credit, nothing to deduct it from
    const settlementLines = settlement.lines.map((l): PlannedLine => ({ ...l, contractedOfferId: null, mobileLineId: null, terminationId: null, endClientId: null, siteId: null, sortKey: "", quantity: 1 }));
    const creditAppliedCents = -settlement.lines.filter((l) => l.amountHtCents < 0).reduce((sum, l) => sum + l.amountHtCents, 0);
    invoices.push({ accountId: account.id, ownerCompanyId: account.ownerCompanyId, mandateRef: account.mandateRef, lines: [...lines, ...settlementLines], carriedOutCents: settlement.carriedOutCents, creditAppliedCents, appliedCreditNoteIds: settlement.appliedCreditNoteIds });
  }
  if (invoices.length === 0) return 0;

  const firstNumber = await nextNumbers(tx, "invoice", invoices.length);
  const issuedAt = now();
  const periodEnd = lastDayOf(month);
  const totals = invoices.map((inv) => invoiceTotals(inv.lines));
  const big = (values: number[]) => values.map(String);
  // One INSERT … SELECT FROM unnest(arrays) per table: Prisma's createMany of a batch's ~6,000 lines
  // spent three quarters of the run building the statement (scripts/bench-billing.ts).
  // Collected on SPEC §13's collection date when the account has an active mandate, else due after the transfer period.
  const terms = await paymentTerms(tx);
  const collectionOn = collectionDate(asOf, terms.preNotificationDays);
  const transferDueOn = dueDate(asOf, { collected: false, transferDays: terms.transferPaymentDays });
  const created = await tx.$queryRaw<{ id: number; number: string; billingAccountId: number }[]>`
    INSERT INTO "Invoice" ("number", "billingAccountId", "issuedOn", "dueOn", "collectionOn", "debit", "periodStart", "periodEnd", "totalHtCents", "vatCents", "totalTtcCents", "creditAppliedCents", "creditCarriedCents", "mandateRef", "issuedAt")
    SELECT n, a, ${asOf}::date, CASE WHEN rum IS NULL THEN ${transferDueOn}::date ELSE ${collectionOn}::date END,
      CASE WHEN rum IS NULL OR ttc <= 0 THEN NULL ELSE ${collectionOn}::date END,
      CASE WHEN rum IS NULL OR ttc <= 0 THEN 'AUCUN' ELSE 'PROGRAMME' END::"DebitState",
      ${monthBounds(month).first}::date, ${periodEnd}::date, ht, vat, ttc, applied, carried, rum, ${issuedAt}::timestamptz
    FROM unnest(${invoices.map((_, i) => invoiceNumber(firstNumber + i))}::text[], ${invoices.map((inv) => inv.accountId)}::int[],
      ${big(totals.map((t) => t.htCents))}::bigint[], ${big(totals.map((t) => t.vatCents))}::bigint[], ${big(totals.map((t) => t.ttcCents))}::bigint[],
      ${big(invoices.map((inv) => inv.creditAppliedCents))}::bigint[], ${big(invoices.map((inv) => inv.carriedOutCents))}::bigint[],
      ${invoices.map((inv) => inv.mandateRef)}::text[]) AS t(n, a, ht, vat, ttc, applied, carried, rum)
    RETURNING "id", "number", "billingAccountId"`;
  const idByAccount = new Map(created.map((c) => [c.billingAccountId, c]));
  const rows = invoices.flatMap((inv) => inv.lines.map((l, position) => ({ ...l, invoiceId: idByAccount.get(inv.accountId)!.id, position })));
  const monthStart = (m: string | null) => (m ? monthBounds(m).first : null);
  await tx.$executeRaw`
    INSERT INTO "InvoiceLine" ("invoiceId", "kind", "label", "detail", "contractedOfferId", "mobileLineId", "terminationId", "endClientId", "siteId", "periodStart", "periodEnd", "quantity", "amountHtCents", "vatRateBp", "position")
    SELECT * FROM unnest(${rows.map((l) => l.invoiceId)}::int[], ${rows.map((l) => l.kind)}::"InvoiceLineKind"[], ${rows.map((l) => l.label.slice(0, 300))}::text[],
      ${rows.map((l) => l.detail?.slice(0, 300) ?? null)}::text[], ${rows.map((l) => l.contractedOfferId)}::int[], ${rows.map((l) => l.mobileLineId)}::int[],
      ${rows.map((l) => l.terminationId)}::int[], ${rows.map((l) => l.endClientId)}::int[], ${rows.map((l) => l.siteId)}::int[],
      ${rows.map((l) => monthStart(l.month))}::date[], ${rows.map((l) => (l.month ? lastDayOf(l.month) : null))}::date[], ${rows.map((l) => l.quantity)}::int[],
      ${rows.map((l) => l.amountHtCents)}::int[], ${rows.map(() => VAT_RATE_BP)}::int[], ${rows.map((l) => l.position)}::int[])`;
  const charged = pendingCharges.filter((c) => idByAccount.has(c.billingAccountId));
  for (const c of charged) await tx.pendingCharge.update({ where: { id: c.id }, data: { invoiceId: idByAccount.get(c.billingAccountId)!.id } });
  for (const inv of invoices) {
    if (inv.appliedCreditNoteIds.length === 0) continue;
    await tx.creditNote.updateMany({ where: { id: { in: inv.appliedCreditNoteIds }, appliedToInvoiceId: null }, data: { appliedToInvoiceId: idByAccount.get(inv.accountId)!.id } });
  }
  // Cash the account holds (an overpayment, §17) pays the new invoice first: its email then announces what is left.
  await applyAccountCredit(tx, created.map((c, i) => ({ id: c.id, billingAccountId: c.billingAccountId, dueCents: BigInt(totals[i].ttcCents) })));
  await auditMany(tx, invoices.map((inv) => ({
    actorId: null, action: "invoice.issue", targetType: "invoice", targetId: idByAccount.get(inv.accountId)!.number, companyId: inv.ownerCompanyId,
    details: { period: month, lines: inv.lines.length },
  })));
  return invoices.length;
}
