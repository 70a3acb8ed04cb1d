import "server-only";
import { notFound } from "next/navigation";
import { db } from "@/lib/server/db";
import { now, today } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { nextNumber } from "@/lib/server/counters";
import { isRowId, isStaff, type Actor } from "@/lib/server/authz";
import { findInvoiceForActor } from "@/lib/server/invoices";
import { storeCreditNotePdf } from "@/lib/server/invoice-documents";
import { sendContestationDecisionEmail, sendContestationFiledEmail } from "@/lib/server/emails";
import { canContest, contestationDeadline, creditableCents, creditNoteNumber } from "@/lib/domain/billing";
import { formatDay, formatFrenchDate, parseDay } from "@/lib/domain/calendar-day";
import { vatCents } from "@/lib/domain/orders";
import { formatEuros } from "@/lib/domain/money";
import { DomainError } from "@/lib/domain/errors";
import type { ContestationState, InvoiceState } from "@/lib/generated/prisma/client";

export const CONTESTATION_STATE_LABELS: Record<ContestationState, string> = {
  OUVERTE: "En cours d'examen",
  ACCEPTEE: "Acceptée",
  ACCEPTEE_PARTIELLEMENT: "Acceptée partiellement",
  REJETEE: "Rejetée",
};

/** Who contests: the customer's side (staff decide, they do not contest). */
export function mayContest(actor: Actor): boolean {
  return !isStaff(actor);
}

/**
 * A customer contests an invoice within 30 days of its issue (seed 003 art. 9.1): one contestation
 * under review at a time; the invoice shows *Contestée* until staff decide.
 */
export const PENALTIES_NOT_CONTESTABLE =
  "Une facture de pénalités de retard ne se conteste pas en ligne : écrivez au service client (serviceclients@openip.fr), qui examinera votre demande.";

export async function contestInvoice(actor: Actor, number: string, reason: string) {
  const found = await findInvoiceForActor(actor, number);
  if (!mayContest(actor)) notFound();
  const issuedOn = formatDay(found.issuedOn);
  // A credit note is deducted from the next monthly invoice at 20 %: penalties, outside VAT, cannot be credited so.
  if (found.kind === "PENALITES") throw new DomainError(PENALTIES_NOT_CONTESTABLE);
  if (!canContest(issuedOn, today())) {
    throw new DomainError(`Le délai de contestation de cette facture est dépassé : elle pouvait être contestée jusqu'au ${formatFrenchDate(contestationDeadline(issuedOn))}.`);
  }
  const contestation = await db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ state: InvoiceState }[]>`SELECT "state" FROM "Invoice" WHERE "id" = ${found.id} FOR UPDATE`;
    const open = await tx.contestation.count({ where: { invoiceId: found.id, state: "OUVERTE" } });
    if (open > 0) throw new DomainError("Une contestation de cette facture est déjà en cours d'examen.");
    // The decision gives the invoice back this state: a paid invoice stays paid.
    const invoiceStateBefore = locked.state === "CONTESTEE" ? null : locked.state;
    const created = await tx.contestation.create({
      data: { invoiceId: found.id, companyId: actor.company.id, requestedById: actor.userId, reason, requestedAt: now(), invoiceStateBefore },
    });
    await tx.invoice.update({ where: { id: found.id }, data: { state: "CONTESTEE" } });
    await audit(tx, { actorId: actor.userId, action: "invoice.contest", targetType: "invoice", targetId: found.number, companyId: found.billingAccount.ownerCompanyId });
    return created;
  });
  await sendContestationFiledEmail(actor, { number: found.number, reason });
  return contestation;
}

export type Decision = { outcome: "ACCEPTEE" | "ACCEPTEE_PARTIELLEMENT" | "REJETEE"; amountCents: number | null; reason: string };

/** The ADV queue of contestations, open ones first. */
export async function listContestations(state: ContestationState | null, page: number, pageSize = 50) {
  const where = state ? { state } : {};
  const [rows, total] = await Promise.all([
    db.contestation.findMany({
      where, orderBy: [{ state: "asc" }, { requestedAt: "asc" }, { id: "asc" }], skip: (page - 1) * pageSize, take: pageSize,
      include: { invoice: { select: { number: true, issuedOn: true, totalHtCents: true, totalTtcCents: true, billingAccount: { select: { ref: true, owner: { select: { id: true, name: true } } } } } }, company: { select: { id: true, name: true } }, creditNote: { select: { number: true } } },
    }),
    db.contestation.count({ where }),
  ]);
  return { rows, total };
}

/**
 * Staff decide (SPEC §7): accept fully (a credit note of what the invoice may still credit) or partly
 * (a credit note of the amount given), or reject with a reason. The credit note takes its number from
 * its own gapless series and its PDF in the same transaction; it is deducted from the next invoice.
 */
export async function decideContestation(actor: Actor, contestationId: number, decision: Decision) {
  if (!isStaff(actor, "ADV", "SUPPORT") || !isRowId(contestationId)) notFound();
  const result = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Contestation" WHERE "id" = ${contestationId} FOR UPDATE`;
    if (rows.length === 0) notFound();
    const contestation = await tx.contestation.findUniqueOrThrow({
      where: { id: contestationId },
      include: { invoice: { select: { id: true, number: true, billingAccountId: true, totalHtCents: true, state: true, billingAccount: { select: { ownerCompanyId: true } } } } },
    });
    if (contestation.state !== "OUVERTE") throw new DomainError("Cette contestation a déjà été traitée.");
    const invoice = contestation.invoice;
    let creditNote: { id: number; number: string; amountHtCents: number; totalTtcCents: number } | null = null;
    if (decision.outcome !== "REJETEE") {
      const credited = await tx.creditNote.aggregate({ where: { invoiceId: invoice.id }, _sum: { amountHtCents: true } });
      const creditable = creditableCents(Number(invoice.totalHtCents), Number(credited._sum.amountHtCents ?? 0));
      const amount = decision.outcome === "ACCEPTEE" ? creditable : decision.amountCents ?? 0;
      if (creditable === 0) throw new DomainError("Cette facture a déjà été entièrement créditée.");
      if (decision.outcome === "ACCEPTEE_PARTIELLEMENT" && (amount <= 0 || amount >= creditable)) {
        throw new DomainError(`Le montant accordé doit être compris entre 0,01 € et ${formatEuros(creditable - 1)} HT (au-delà, acceptez totalement).`);
      }
      const vat = vatCents(amount);
      const number = creditNoteNumber(await nextNumber(tx, "credit-note"));
      const created = await tx.creditNote.create({
        data: {
          number, billingAccountId: invoice.billingAccountId, invoiceId: invoice.id, issuedOn: parseDay(today()), issuedAt: now(),
          amountHtCents: BigInt(amount), vatCents: BigInt(vat), totalTtcCents: BigInt(amount + vat), reason: decision.reason, contestationId: contestation.id,
        },
      });
      await storeCreditNotePdf(tx, created);
      creditNote = { id: created.id, number, amountHtCents: amount, totalTtcCents: amount + vat };
    }
    await tx.contestation.update({
      where: { id: contestation.id },
      data: { state: decision.outcome, decidedById: actor.userId, decidedAt: now(), decisionReason: decision.reason, acceptedAmountCents: creditNote?.amountHtCents ?? null },
    });
    // The state before the contestation (older rows knew none: *Émise*), unless something else changed it meanwhile.
    await tx.invoice.updateMany({ where: { id: invoice.id, state: "CONTESTEE" }, data: { state: contestation.invoiceStateBefore ?? "EMISE" } });
    await audit(tx, {
      actorId: actor.userId, action: decision.outcome === "REJETEE" ? "invoice.contestation-reject" : "invoice.contestation-accept", targetType: "invoice", targetId: invoice.number,
      companyId: invoice.billingAccount.ownerCompanyId, details: creditNote ? { creditNote: creditNote.number } : undefined,
    });
    const requester = await tx.user.findUniqueOrThrow({ where: { id: contestation.requestedById }, select: { name: true, email: true, identifier: true } });
    return { invoice, creditNote, requester };
  });
  await sendContestationDecisionEmail(result.requester, {
    number: result.invoice.number, outcome: CONTESTATION_STATE_LABELS[decision.outcome].toLowerCase(), reason: decision.reason,
    creditNote: result.creditNote,
  });
  return result.creditNote;
}
