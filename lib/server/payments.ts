import "server-only";
import { reviewAfterPayment } from "@/lib/server/account-suspensions";
import { notFound } from "next/navigation";
import { db, type Tx } from "@/lib/server/db";
import { isStaff, type Actor } from "@/lib/server/authz";
import { audit } from "@/lib/server/audit";
import { today } from "@/lib/server/clock";
import { normalizeInvoiceNumber } from "@/lib/server/invoices";
import type { PaymentKind } from "@/lib/generated/prisma/client";
import { compareDays, formatDay, isValidDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { parseEurosToCents } from "@/lib/domain/money";
import { settledOn } from "@/lib/domain/collections";
import { singleLineText } from "@/lib/domain/text";
import { DomainError } from "@/lib/domain/errors";

export type PaymentInput = {
  invoiceId: number;
  kind: PaymentKind;
  /** TTC cents, negative for a returned or refunded debit. */
  amountCents: bigint;
  receivedOn: CalendarDay;
  reference?: string | null;
  reasonCode?: string | null;
  reason?: string | null;
  actorId?: number | null;
  bankEntryId?: number | null;
  requestKey?: string | null;
};

/**
 * Records money received for an invoice (or taken back): what the invoice still owes goes to it, anything beyond
 * is a credit on the account (a payment without invoice, SPEC §17). The caller's transaction holds the invoice's
 * row lock.
 */
export async function recordPayment(tx: Tx, payment: PaymentInput): Promise<void> {
  const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: payment.invoiceId }, select: { billingAccountId: true, totalTtcCents: true, paidCents: true } });
  const owed = invoice.totalTtcCents - invoice.paidCents;
  const toInvoice = payment.amountCents > 0n && payment.amountCents > owed ? (owed > 0n ? owed : 0n) : payment.amountCents;
  const row = {
    billingAccountId: invoice.billingAccountId, kind: payment.kind, receivedOn: parseDay(payment.receivedOn), reference: payment.reference ?? null,
    reasonCode: payment.reasonCode ?? null, reason: payment.reason ?? null, actorId: payment.actorId ?? null, bankEntryId: payment.bankEntryId ?? null,
  };
  if (toInvoice !== 0n) await tx.payment.create({ data: { ...row, invoiceId: payment.invoiceId, amountCents: toInvoice, requestKey: payment.requestKey ?? null } });
  if (payment.amountCents !== toInvoice) {
    await tx.payment.create({ data: { ...row, invoiceId: null, amountCents: payment.amountCents - toInvoice, requestKey: toInvoice === 0n ? (payment.requestKey ?? null) : null } });
  }
  await refreshPaid(tx, [payment.invoiceId]);
  await payOwedFromCredit(tx, [invoice.billingAccountId]);
}

/**
 * Credit waiting on an account pays at once what the account owes outside a pending debit (invoices paid by
 * transfer, returned debits), oldest due first, so that an account holding credit is neither reminded nor suspended
 * for it. Invoices another transaction holds are left to it (`SKIP LOCKED`: two imports never wait on each other).
 * The accounts it paid something for.
 */
export async function payOwedFromCredit(tx: Tx, accountIds: number[]): Promise<number[]> {
  if (accountIds.length === 0) return [];
  // Credit rows are few (the `invoiceId` index finds them): most calls stop here.
  const withCredit = await tx.$queryRaw<{ id: number }[]>`
    SELECT DISTINCT "billingAccountId" AS "id" FROM "Payment" WHERE "invoiceId" IS NULL AND "amountCents" > 0 AND "billingAccountId" = ANY(${accountIds})`;
  if (withCredit.length === 0) return [];
  const owed = await tx.$queryRaw<{ id: number; billingAccountId: number; dueCents: bigint }[]>`
    SELECT i."id", i."billingAccountId", i."totalTtcCents" - i."paidCents" AS "dueCents" FROM "Invoice" i
    WHERE i."billingAccountId" = ANY(${withCredit.map((a) => a.id)}) AND i."paidCents" < i."totalTtcCents" AND i."debit" <> 'PROGRAMME'
    ORDER BY i."dueOn", i."id" FOR UPDATE OF i SKIP LOCKED`;
  await applyAccountCredit(tx, owed);
  return [...new Set(owed.map((o) => o.billingAccountId))];
}

/**
 * Every account's waiting credit against what it owes, each account in its own transaction: run before reminders and
 * suspensions are decided, it finishes what `payOwedFromCredit` left (an invoice another transaction held, a debit
 * turned into a transfer, a penalty invoice). Few accounts hold credit: the `invoiceId` index finds them.
 */
export async function payOwedFromWaitingCredit(): Promise<void> {
  const accounts = await db.$queryRaw<{ id: number }[]>`
    SELECT DISTINCT "billingAccountId" AS "id" FROM "Payment" WHERE "invoiceId" IS NULL AND "amountCents" > 0 ORDER BY 1`;
  for (const { id } of accounts) await db.$transaction((tx) => payOwedFromCredit(tx, [id]));
}

/**
 * Cash received beyond what an invoice owed waits on its account (SPEC §17) and is taken off the account's next
 * invoice when it is issued, so that the invoice's email (the pre-notification) announces the debit that follows: its
 * payments move onto the invoices (oldest credit first, split when larger than what is owed), which then owe that
 * much less (`dueCents` is lowered). In the caller's transaction; the credit rows are locked.
 */
export async function applyAccountCredit(tx: Tx, invoices: { id: number; billingAccountId: number; dueCents: bigint }[]): Promise<void> {
  const accountIds = [...new Set(invoices.map((i) => i.billingAccountId))];
  if (accountIds.length === 0) return;
  const credits = await tx.$queryRaw<{ id: number; billingAccountId: number; amountCents: bigint }[]>`
    SELECT "id", "billingAccountId", "amountCents" FROM "Payment"
    WHERE "invoiceId" IS NULL AND "amountCents" > 0 AND "billingAccountId" = ANY(${accountIds})
    ORDER BY "receivedOn", "id" FOR UPDATE`;
  if (credits.length === 0) return;
  const touched = new Set<number>();
  for (const invoice of invoices) {
    for (const credit of credits) {
      if (invoice.dueCents <= 0n) break;
      if (credit.billingAccountId !== invoice.billingAccountId || credit.amountCents <= 0n) continue;
      const used = credit.amountCents < invoice.dueCents ? credit.amountCents : invoice.dueCents;
      if (used === credit.amountCents) {
        await tx.payment.update({ where: { id: credit.id }, data: { invoiceId: invoice.id } });
      } else {
        const { id: _id, requestKey: _key, createdAt: _at, ...row } = await tx.payment.update({ where: { id: credit.id }, data: { amountCents: credit.amountCents - used } });
        await tx.payment.create({ data: { ...row, invoiceId: invoice.id, amountCents: used } });
      }
      credit.amountCents -= used;
      invoice.dueCents -= used;
      touched.add(invoice.id);
    }
  }
  if (touched.size > 0) await refreshPaid(tx, [...touched]);
}

/**
 * Each invoice's `paidCents` (the sum of its payments) and `paidOn` (the day they reached its total, in date order:
 * `settledOn`), recomputed from its payments, so that a back-dated cheque or a return tells the same day as a replay.
 */
export async function refreshPaid(tx: Tx, invoiceIds: number[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  const [invoices, payments] = await Promise.all([
    tx.invoice.findMany({ where: { id: { in: invoiceIds } }, select: { id: true, totalTtcCents: true } }),
    tx.payment.findMany({ where: { invoiceId: { in: invoiceIds } }, orderBy: [{ receivedOn: "asc" }, { id: "asc" }], select: { invoiceId: true, amountCents: true, receivedOn: true } }),
  ]);
  const byInvoice = new Map<number, { amountCents: bigint; receivedOn: CalendarDay }[]>(invoiceIds.map((id) => [id, []]));
  for (const p of payments) byInvoice.get(p.invoiceId!)!.push({ amountCents: p.amountCents, receivedOn: formatDay(p.receivedOn) });
  const rows = invoices.map((i) => {
    const list = byInvoice.get(i.id)!;
    return { id: i.id, paid: String(list.reduce((sum, p) => sum + p.amountCents, 0n)), on: settledOn(i.totalTtcCents, list) };
  });
  await tx.$executeRaw`
    UPDATE "Invoice" i SET "paidCents" = t.paid, "paidOn" = t.paid_on
    FROM unnest(${rows.map((r) => r.id)}::int[], ${rows.map((r) => r.paid)}::bigint[], ${rows.map((r) => r.on)}::date[]) AS t(id, paid, paid_on)
    WHERE i."id" = t.id`;
}

// ---------------------------------------------------------------------------------------------
// ADV: hand entries and the entries to assign (SPEC §13, staff only)

export type ManualPaymentInput = { invoice: string; kind: string; amount: string; receivedOn: string; reference: string; requestKey: string };

/**
 * A cheque or a transfer ADV record by hand. Refusals are French, per field, and change nothing; the form's
 * `requestKey` makes a double click record it once (the second submission finds it and says so).
 */
export async function recordManualPayment(actor: Actor, input: ManualPaymentInput): Promise<{ invoiceNumber: string; duplicate: boolean }> {
  if (!isStaff(actor, "ADV")) notFound();
  const errors: Record<string, string[]> = {};
  const number = normalizeInvoiceNumber(input.invoice);
  if (!number) errors.invoice = ["Indiquez un numéro de facture, par exemple F00000123."];
  if (input.kind !== "CHEQUE" && input.kind !== "VIREMENT") errors.kind = ["Choisissez chèque ou virement."];
  const amount = parseEurosToCents(input.amount);
  if ("problem" in amount) errors.amount = [amount.problem];
  else if (amount.cents <= 0) errors.amount = ["Le montant doit être supérieur à 0."];
  if (!isValidDay(input.receivedOn)) errors.receivedOn = ["Indiquez la date de réception (jj/mm/aaaa)."];
  else if (compareDays(input.receivedOn, today()) > 0) errors.receivedOn = ["La date de réception ne peut pas être dans le futur."];
  const reference = singleLineText().max(140, "La référence a au plus 140 caractères.").safeParse(input.reference);
  if (!reference.success) errors.reference = [reference.error.issues[0].message];
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(input.requestKey)) throw new DomainError("Le formulaire a expiré : rechargez la page.");
  if (Object.keys(errors).length > 0) throw new DomainError("Le paiement n'a pas été enregistré : corrigez les champs signalés.", errors);

  const record = () =>
    db.$transaction(async (tx) => {
      const [invoice] = await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Invoice" WHERE "number" = ${number} FOR UPDATE`;
      if (!invoice) throw new DomainError("Le paiement n'a pas été enregistré.", { invoice: [`La facture ${number} n'existe pas.`] });
      // Looked up under the invoice's lock: a second submission of the form waits here, then finds the first.
      if (await tx.payment.findUnique({ where: { requestKey: input.requestKey }, select: { id: true } })) return { invoiceNumber: number!, duplicate: true };
      await recordPayment(tx, {
        invoiceId: invoice.id, kind: input.kind as "CHEQUE" | "VIREMENT", amountCents: BigInt((amount as { cents: number }).cents),
        receivedOn: input.receivedOn, reference: reference.data || null, actorId: actor.userId, requestKey: input.requestKey,
      });
      await audit(tx, { actorId: actor.userId, action: "payment.record", targetType: "invoice", targetId: number!, companyId: null, details: { kind: input.kind, amountCents: (amount as { cents: number }).cents, receivedOn: input.receivedOn } });
      return { invoiceNumber: number!, duplicate: false };
    });
  try {
    const recorded = await record();
    if (!recorded.duplicate) await reviewAfterPaymentOf(number!);
    return recorded;
  } catch (error) {
    // The same form sent for another invoice number at the same moment: the key is taken all the same.
    if ((error as { code?: string }).code === "P2002") return { invoiceNumber: number!, duplicate: true };
    throw error;
  }
}

/** The statement entries waiting for ADV, oldest first. */
export async function listEntriesToAssign(actor: Actor) {
  if (!isStaff(actor, "ADV")) return [];
  return db.bankEntry.findMany({
    where: { state: "A_AFFECTER" }, orderBy: [{ bookedOn: "asc" }, { id: "asc" }], take: 200,
    select: { id: true, messageId: true, position: true, bookedOn: true, amountCents: true, unassignedCents: true, direction: true, kind: true, label: true },
  });
}

/** ADV name the invoice an unmatched credit pays (SPEC §13): what it still owes, the rest a credit on its account. */
export async function assignBankEntry(actor: Actor, entryId: number, invoiceInput: string): Promise<string> {
  if (!isStaff(actor, "ADV")) notFound();
  const number = normalizeInvoiceNumber(invoiceInput);
  if (!number) throw new DomainError("L'écriture n'a pas été affectée.", { invoice: ["Indiquez un numéro de facture, par exemple F00000123."] });
  const assigned = await db.$transaction(async (tx) => {
    const [entry] = await tx.$queryRaw<{ id: number; state: string; direction: string; unassignedCents: bigint; bookedOn: Date; label: string }[]>`
      SELECT "id", "state", "direction", "unassignedCents", "bookedOn", "label" FROM "BankEntry" WHERE "id" = ${entryId} FOR UPDATE`;
    if (!entry || entry.state !== "A_AFFECTER") throw new DomainError("Cette écriture a déjà été traitée.");
    if (entry.direction !== "CREDIT") throw new DomainError("Seul un crédit s'affecte à une facture ; classez ce débit après l'avoir traité avec la banque.");
    const [invoice] = await tx.$queryRaw<{ id: number; billingAccountId: number; totalTtcCents: bigint; paidCents: bigint }[]>`
      SELECT "id", "billingAccountId", "totalTtcCents", "paidCents" FROM "Invoice" WHERE "number" = ${number} FOR UPDATE`;
    if (!invoice) throw new DomainError("L'écriture n'a pas été affectée.", { invoice: [`La facture ${number} n'existe pas.`] });
    const owed = invoice.totalTtcCents - invoice.paidCents;
    const part = owed > 0n ? (entry.unassignedCents < owed ? entry.unassignedCents : owed) : 0n;
    const receivedOn = formatDay(entry.bookedOn);
    const reference = entry.label.slice(0, 140) || null;
    if (part > 0n) await recordPayment(tx, { invoiceId: invoice.id, kind: "VIREMENT", amountCents: part, receivedOn, reference, actorId: actor.userId, bankEntryId: entry.id });
    if (entry.unassignedCents > part) {
      await tx.payment.create({ data: { billingAccountId: invoice.billingAccountId, invoiceId: null, kind: "VIREMENT", amountCents: entry.unassignedCents - part, receivedOn: parseDay(receivedOn), reference, actorId: actor.userId, bankEntryId: entry.id } });
      await payOwedFromCredit(tx, [invoice.billingAccountId]);
    }
    await tx.bankEntry.update({ where: { id: entry.id }, data: { state: "AFFECTEE", unassignedCents: 0 } });
    await audit(tx, { actorId: actor.userId, action: "bank-entry.assign", targetType: "invoice", targetId: number, companyId: null, details: { entryId, amountCents: Number(entry.unassignedCents) } });
    return number;
  });
  await reviewAfterPaymentOf(assigned);
  return assigned;
}

/** A payment lifts at once the suspensions it settles (SPEC §13). */
async function reviewAfterPaymentOf(invoiceNumber: string) {
  const invoice = await db.invoice.findUnique({ where: { number: invoiceNumber }, select: { billingAccountId: true } });
  if (invoice) await reviewAfterPayment([invoice.billingAccountId]);
}

/** ADV set aside an entry that is no customer payment (a debit handled with the bank, a transfer for something else). */
export async function dismissBankEntry(actor: Actor, entryId: number): Promise<void> {
  if (!isStaff(actor, "ADV")) notFound();
  await db.$transaction(async (tx) => {
    const updated = await tx.bankEntry.updateMany({ where: { id: entryId, state: "A_AFFECTER" }, data: { state: "IGNOREE" } });
    if (updated.count === 0) throw new DomainError("Cette écriture a déjà été traitée.");
    await audit(tx, { actorId: actor.userId, action: "bank-entry.dismiss", targetType: "bank-entry", targetId: String(entryId), companyId: null, details: {} });
  });
}
