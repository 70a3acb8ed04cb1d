/**
 * The demo world's invoices (SPEC §9: "a year of invoices … and one credit note"): the real billing run,
 * as of the 1st of each of the last twelve months, oldest first, so every amount is what the rules
 * give. Three contestations (CONTESTATIONS): two accepted in part, whose credit notes are deducted from
 * the next invoice, one rejected. Each month's direct debits go into their pain.008 file when its deadline comes;
 * invoices of past months are paid: collected on their collection date, or by transfer on their due date.
 * Loaded on demand by demo-world.ts (it goes through `server-only` modules).
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addDays, compareDays, formatDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { collectionDate, fileDeadline, PRE_NOTIFICATION_DAYS } from "@/lib/domain/collections";
import { collectDirectDebits } from "@/lib/server/direct-debits";
import { recordPayment } from "@/lib/server/payments";
import { monthBounds } from "@/lib/domain/plan-change";
import { monthOf, previousMonth } from "@/lib/domain/billing";
import { parisMidnight } from "@/lib/domain/terms";
import { runBillingRun } from "@/lib/server/billing-run";
import { restoreClock, saveClock, setClock } from "@/lib/server/clock";
import { loadActor } from "@/lib/server/authz";
import { contestInvoice, decideContestation } from "@/lib/server/contestations";
import { lateDemoInvoice, seedDemoPenalties } from "./demo-penalties";

/** Contestations of the demo year: filed on the 10th, decided on the 14th of the invoice's month. */
const CONTESTATIONS = [
  {
    monthsAgo: 7, account: "CC44000", by: "E-0000000003",
    reason: "Le trunk SIP du siège a été facturé alors que le service était interrompu pendant le déménagement.",
    decision: { outcome: "ACCEPTEE_PARTIELLEMENT" as const, amountCents: 1500, reason: "Interruption confirmée pendant le déménagement : 15,00 € HT accordés." },
  },
  {
    monthsAgo: 4, account: "CC44660", by: "E-0000000004",
    reason: "La ligne Trunk SIP de l'agence de Lille a été coupée quatre jours : merci de tenir compte de l'interruption de service.",
    decision: { outcome: "ACCEPTEE_PARTIELLEMENT" as const, amountCents: 2000, reason: "Interruption de service confirmée du 3 au 6 : geste commercial de 20,00 € HT." },
  },
  {
    monthsAgo: 2, account: "CC45001", by: "E-0000000006",
    reason: "Le montant de l'accès fibre de Gap nous semble plus élevé que prévu.",
    decision: { outcome: "REJETEE" as const, amountCents: null, reason: "Le tarif appliqué est celui du bon de commande (89,00 € HT par mois)." },
  },
];

async function contest(client: PrismaClient, c: (typeof CONTESTATIONS)[number], first: CalendarDay) {
  const invoice = await client.invoice.findFirstOrThrow({ where: { billingAccount: { ref: c.account }, periodStart: parseDay(first) } });
  setClock(new Date(parisMidnight(addDays(first, 9)).getTime() + 10 * 3_600_000));
  const contestation = await contestInvoice(await actor(client, c.by), invoice.number, c.reason);
  setClock(new Date(parisMidnight(addDays(first, 13)).getTime() + 15 * 3_600_000));
  await decideContestation(await actor(client, "E-0000000001"), contestation.id, c.decision);
}

async function actor(client: PrismaClient, identifier: string) {
  const user = await client.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, null))!;
}

export async function seedDemoInvoices(client: PrismaClient, today: CalendarDay) {
  const months: string[] = [monthOf(today)];
  while (months.length < 12) months.unshift(previousMonth(months[0]));
  const saved = saveClock();
  try {
    for (const [i, month] of months.entries()) {
      const first = monthBounds(month).first;
      setClock(new Date(parisMidnight(first).getTime() + 6 * 3_600_000));
      await runBillingRun(first);
      const deadline = fileDeadline(collectionDate(first, PRE_NOTIFICATION_DAYS.default));
      if (compareDays(deadline, today) <= 0) {
        setClock(new Date(parisMidnight(deadline).getTime() + 7 * 3_600_000));
        await collectDirectDebits(deadline);
      }
      for (const c of CONTESTATIONS.filter((c) => c.monthsAgo === months.length - 1 - i)) await contest(client, c, first);
    }
  } finally {
    restoreClock(saved);
  }
  // The demo's invoices were emailed when issued (the job email-invoices sends those issued from now on).
  await client.invoice.updateMany({ where: { emailedAt: null }, data: { emailedAt: new Date() } });
  // SPEC §16: one invoice of CC44000-R is paid late (seedDemoPenalties).
  const late = await lateDemoInvoice(client, today);
  const unpaid = await client.invoice.findMany({
    where: { issuedOn: { lt: parseDay(monthBounds(monthOf(today)).first) }, paidCents: 0, totalTtcCents: { gt: 0 }, id: { not: late?.id ?? -1 } },
    select: { id: true, number: true, dueOn: true, totalTtcCents: true, directDebit: { select: { collectionOn: true } } },
  });
  await client.$transaction(async (tx) => {
    for (const invoice of unpaid) {
      const collected = invoice.directDebit?.collectionOn ?? null;
      if (collected) await tx.directDebit.update({ where: { invoiceId: invoice.id }, data: { confirmedOn: collected } });
      await recordPayment(tx, {
        invoiceId: invoice.id, kind: collected ? "PRELEVEMENT" : "VIREMENT", amountCents: invoice.totalTtcCents,
        receivedOn: collected ? formatDay(collected) : [formatDay(invoice.dueOn), today].sort()[0], reference: invoice.number,
      });
    }
  });
  await seedDemoPenalties(client, today);
}
