// The balance (*encours*) of a billing account (SPEC §13, seed 003 art. 8.3) on the demo world: its figures against
// the rows, a returned debit counted as overdue, a credit on the account taken off, this month's usage capped as the
// billing run caps it and counted × 1,20, a partial payment past its due date; who sees it and who gets "not found".
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { today } from "@/lib/server/clock";
import { accountBalance } from "@/lib/server/balance";
import { importBankStatement } from "@/lib/server/bank-statements";
import { recordPayment } from "@/lib/server/payments";
import { addDays, addMonthsClamped, compareDays, formatDay, parseDay } from "@/lib/domain/calendar-day";
import { monthOf } from "@/lib/domain/billing";
import { monthBounds } from "@/lib/domain/plan-change";
import { seedDemoWorld } from "@/prisma/demo-world";
import { camtStatement, type SampleEntry } from "../support/camt";
import { rejectionOf } from "./support/fixtures";

const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");
const demoActor = async (identifier: string, universe: string | null = null): Promise<Actor> =>
  (await loadActor((await db.user.findUniqueOrThrow({ where: { identifier } })).id, null, universe))!;

let owner: Actor; // E-0000000004, 44660, owner of CC44660
let parent: Actor; // E-0000000003 in its reseller universe: 44000, 44660's direct parent
let day = "";
let first = "";
let next = "";
let sequence = 0;

const statement = async (entries: SampleEntry[]) =>
  camtStatement({ format: "camt.054", iban: (await db.operatorSettings.findFirstOrThrow()).iban, messageId: `BALANCE-${++sequence}`, entries });

/** The account's figures recomputed from its rows, without lib/server/balance.ts's queries. */
async function expectedFigures(ref: string) {
  const account = await db.billingAccount.findUniqueOrThrow({ where: { ref }, include: { invoices: true, payments: { include: { invoice: true } } } });
  const unpaid = account.invoices
    .filter((i) => i.paidCents < i.totalTtcCents)
    .sort((a, b) => a.dueOn.getTime() - b.dueOn.getTime() || a.number.localeCompare(b.number));
  const due = (i: (typeof unpaid)[number]) => Number(i.totalTtcCents - i.paidCents);
  // Overdue: a returned debit, or past its due date with no debit pending (SPEC §13).
  const overdue = unpaid.filter((i) => i.debit === "REJETE" || (i.debit === "AUCUN" && compareDays(formatDay(i.dueOn), day) < 0));
  const credit = account.payments.filter((p) => p.invoiceId === null && p.amountCents > 0n).reduce((sum, p) => sum + Number(p.amountCents), 0);
  // Usage: the lines now on the account's resources, capped per zone with their plan's caps.
  const resources = await db.simResource.findMany({
    where: { lineId: { not: null }, productSheet: { contractedOffer: { billingAccountId: account.id } } },
    select: { lineId: true, offer: { select: { capCents: true, roamingCapCents: true } } },
  });
  const sums = await db.usageDaily.groupBy({
    by: ["lineId", "zone"], where: { lineId: { in: resources.map((r) => r.lineId!) }, day: { gte: parseDay(first), lt: parseDay(next) } }, _sum: { amountCents: true },
  });
  const usage = sums.reduce((sum, s) => {
    const offer = resources.find((r) => r.lineId === s.lineId)!.offer;
    const cap = s.zone === "FRANCE" ? offer.capCents : offer.roamingCapCents;
    return sum + Math.min(s._sum.amountCents ?? 0, cap ?? Number.MAX_SAFE_INTEGER);
  }, 0);
  const since = addMonthsClamped(day, -12);
  const payments = account.payments
    .filter((p) => compareDays(formatDay(p.receivedOn), since) > 0)
    .sort((a, b) => b.receivedOn.getTime() - a.receivedOn.getTime() || b.id - a.id);
  return {
    unpaidCents: unpaid.reduce((sum, i) => sum + due(i), 0),
    overdueCents: overdue.reduce((sum, i) => sum + due(i), 0),
    creditCents: credit,
    usageCents: usage,
    unpaid: unpaid.map((i) => ({ number: i.number, dueOn: formatDay(i.dueOn), amountDueCents: due(i) })),
    payments: payments.map((p) => ({ receivedOn: formatDay(p.receivedOn), amountCents: Number(p.amountCents), invoiceNumber: p.invoice?.number ?? null })),
  };
}

async function expectFiguresOf(actor: Actor, ref: string) {
  const balance = await accountBalance(actor, ref);
  const expected = await expectedFigures(ref);
  expect(balance).toMatchObject({
    today: day,
    unpaidCents: expected.unpaidCents,
    overdueCents: expected.overdueCents,
    creditCents: expected.creditCents,
    uninvoicedUsageHtCents: expected.usageCents,
    uninvoicedUsageTtcCents: Math.round(expected.usageCents * 1.2),
    balanceCents: expected.unpaidCents - expected.creditCents + Math.round(expected.usageCents * 1.2),
    thresholdCents: null,
    oldestUnpaidDueOn: expected.unpaid[0]?.dueOn ?? null,
  });
  expect(balance.unpaidInvoices.map(({ number, dueOn, amountDueCents }) => ({ number, dueOn, amountDueCents }))).toEqual(expected.unpaid);
  expect(balance.payments.map(({ receivedOn, amountCents, invoiceNumber }) => ({ receivedOn, amountCents, invoiceNumber }))).toEqual(expected.payments);
  return { balance, expected };
}

beforeAll(async () => {
  await seedDemoWorld(db);
  owner = await demoActor("E-0000000004");
  parent = await demoActor("E-0000000003", "REVENDEUR");
  day = today();
  ({ first, next } = monthBounds(monthOf(day)));

  // This month's usage, over the caps: the demo line 0612345678 (SIM-20: no cap in France, 30 € roaming) roams for
  // 40 €; a second line on the *Disponible* data-counter resource FPC367679 (SIM-COMPTEUR: 30 € and 30 €) uses 37 € in
  // France and 4,50 € roaming, and 99,99 € last month (not this month's, already the run's business).
  const demoLine = await db.mobileLine.findUniqueOrThrow({ where: { msisdn: "0612345678" } });
  await db.usageDaily.upsert({
    where: { lineId_day_zone: { lineId: demoLine.id, day: parseDay(first), zone: "EUROPE" } },
    create: { lineId: demoLine.id, day: parseDay(first), zone: "EUROPE", bytes: 0n, amountCents: 4000 },
    update: { amountCents: 4000 },
  });
  const resource = await db.simResource.findUniqueOrThrow({ where: { ref: "FPC367679" }, include: { productSheet: { include: { contractedOffer: { include: { billingAccount: true } } } } } });
  expect(resource.productSheet.contractedOffer.billingAccount.ref).toBe("CC44660");
  const line = await db.mobileLine.create({ data: { msisdn: "0699000001", iccid: "8933019000000000019", activatedOn: parseDay(addDays(first, -10)) } });
  await db.simResource.update({ where: { id: resource.id }, data: { lineId: line.id, state: "ACTIF" } });
  await db.linePlanSegment.create({ data: { lineId: line.id, resourceId: resource.id, offerId: resource.offerId, startOn: parseDay(addDays(first, -10)) } });
  await db.usageDaily.createMany({
    data: [
      { lineId: line.id, day: parseDay(first), zone: "FRANCE", bytes: 0n, amountCents: 2500 },
      { lineId: line.id, day: parseDay(addDays(first, 1)), zone: "FRANCE", bytes: 0n, amountCents: 1200 },
      { lineId: line.id, day: parseDay(first), zone: "EUROPE", bytes: 0n, amountCents: 450 },
      { lineId: line.id, day: parseDay(addDays(first, -1)), zone: "FRANCE", bytes: 0n, amountCents: 9999 },
    ],
  });
});

describe("accountBalance (SPEC §13)", () => {
  it("gives the account's exact figures: unpaid invoices, this month's usage capped and × 1,20, the payments of 12 months", async () => {
    const { balance, expected } = await expectFiguresOf(owner, "CC44660");
    // 30 € roaming cap on the demo line; on the counter line 37 € → 30 € in France plus 4,50 € roaming.
    expect(balance.uninvoicedUsageHtCents).toBe(3000 + 3000 + 450);
    expect(balance.uninvoicedUsageTtcCents).toBe(7740);
    // The demo world (SPEC §16): this month's invoice is not paid yet (its debit is announced), last month's came back
    // unpaid (AM04) three days ago, the earlier ones are paid.
    const current = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" }, periodStart: parseDay(first) } });
    const returned = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" }, debit: "REJETE" } });
    expect(balance.unpaidInvoices).toEqual([
      { number: returned.number, issuedOn: formatDay(returned.issuedOn), dueOn: formatDay(returned.dueOn), amountDueCents: Number(returned.totalTtcCents), state: "IMPAYEE", stateLabel: "Impayée" },
      { number: current.number, issuedOn: first, dueOn: formatDay(current.dueOn), amountDueCents: Number(current.totalTtcCents), state: "PRELEVEMENT_PROGRAMME", stateLabel: "Prélèvement programmé" },
    ]);
    expect(balance.overdueCents).toBe(Number(returned.totalTtcCents));
    expect(balance.balanceCents).toBe(Number(returned.totalTtcCents + current.totalTtcCents) + 7740);
    expect(balance.account).toEqual({ ref: "CC44660", name: "Cabinet Médical des Oliviers", ownerCompanyId: 44660, ownerName: "Cabinet Médical des Oliviers" });
    // Eleven months of debits collected, newest first, and the return.
    expect(expected.payments.length).toBeGreaterThanOrEqual(12);
    expect(balance.payments.filter((p) => p.kind === "REJET")).toEqual([
      { receivedOn: addDays(day, -3), kind: "REJET", kindLabel: "Prélèvement rejeté", amountCents: -Number(returned.totalTtcCents), invoiceNumber: returned.number, appliedTo: returned.number, reason: "Provision insuffisante" },
    ]);
    expect(balance.payments.filter((p) => p.kind !== "REJET").every((p) => p.kind === "PRELEVEMENT" && p.kindLabel === "Prélèvement SEPA" && p.amountCents > 0 && p.reason === null)).toBe(true);
  });

  it("counts a returned debit as overdue (Impayée), with its reason among the payments", async () => {
    const invoice = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" }, periodStart: parseDay(first) } });
    const total = Number(invoice.totalTtcCents);
    const transactions = [{ endToEndId: invoice.number, amountCents: total }];
    expect(await importBankStatement(await statement([{ kind: "COLLECTION", amountCents: total, bookedOn: day, ref: `C-${invoice.number}`, transactions }]), null)).toMatchObject({ matched: 1, errors: [] });
    // The demo's returned invoice of last month stays unpaid beside it.
    const earlier = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" }, debit: "REJETE" } });
    const owed = Number(earlier.totalTtcCents);
    const paid = await accountBalance(owner, "CC44660");
    expect(paid).toMatchObject({ unpaidCents: owed, overdueCents: owed, unpaidInvoices: [{ number: earlier.number }], oldestUnpaidDueOn: formatDay(earlier.dueOn), balanceCents: owed + 7740 });

    const returned = [{ ...transactions[0], reason: "AM04" }];
    expect(await importBankStatement(await statement([{ kind: "RETURN", amountCents: total, bookedOn: day, ref: `R-${invoice.number}`, transactions: returned }]), null)).toMatchObject({ matched: 1, errors: [] });
    const { balance } = await expectFiguresOf(owner, "CC44660");
    expect(balance).toMatchObject({ unpaidCents: owed + total, overdueCents: owed + total, balanceCents: owed + total + 7740, oldestUnpaidDueOn: formatDay(earlier.dueOn) });
    expect(balance.unpaidInvoices).toMatchObject([{ number: earlier.number }, { number: invoice.number, amountDueCents: total, state: "IMPAYEE", stateLabel: "Impayée" }]);
    expect(balance.payments.slice(0, 2)).toEqual([
      { receivedOn: day, kind: "REJET", kindLabel: "Prélèvement rejeté", amountCents: -total, invoiceNumber: invoice.number, appliedTo: invoice.number, reason: "Provision insuffisante" },
      { receivedOn: day, kind: "PRELEVEMENT", kindLabel: "Prélèvement SEPA", amountCents: total, invoiceNumber: invoice.number, appliedTo: invoice.number, reason: null },
    ]);
  });

  it("takes a credit on the account (a payment with no invoice) off the balance", async () => {
    const before = await accountBalance(owner, "CC44660");
    const account = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44660" } });
    await db.payment.create({ data: { billingAccountId: account.id, invoiceId: null, kind: "VIREMENT", amountCents: 12_345n, receivedOn: parseDay(day), reference: "TROP-PERCU" } });
    const { balance } = await expectFiguresOf(owner, "CC44660");
    expect(balance.creditCents).toBe(12_345);
    expect(balance.balanceCents).toBe(before.balanceCents - 12_345);
    expect(balance).toMatchObject({ unpaidCents: before.unpaidCents, overdueCents: before.overdueCents });
    expect(balance.payments[0]).toEqual({ receivedOn: day, kind: "VIREMENT", kindLabel: "Virement", amountCents: 12_345, invoiceNumber: null, appliedTo: "Crédit sur le compte", reason: null });
  });

  it("counts what a partial payment leaves on an invoice past its due date as overdue (En retard)", async () => {
    const invoice = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44000-R" }, periodStart: parseDay(first), kind: "FACTURE" } });
    // SPEC §16: the account's penalty invoice of the month is unpaid too, not due yet.
    const penalties = await db.invoice.findFirstOrThrow({ where: { billingAccountId: invoice.billingAccountId, periodStart: parseDay(first), kind: "PENALITES" } });
    const pending = Number(penalties.totalTtcCents);
    expect(invoice.debit).toBe("AUCUN");
    // Paid by transfer: due 30 days after issue; here, as if its due date were yesterday.
    await db.invoice.update({ where: { id: invoice.id }, data: { dueOn: parseDay(addDays(day, -1)) } });
    await db.$transaction((tx) => recordPayment(tx, { invoiceId: invoice.id, kind: "VIREMENT", amountCents: 10_000n, receivedOn: day, reference: invoice.number }));
    const left = Number(invoice.totalTtcCents) - 10_000;
    const { balance } = await expectFiguresOf(parent, "CC44000-R");
    expect(balance).toMatchObject({ unpaidCents: left + pending, overdueCents: left, uninvoicedUsageHtCents: 0, creditCents: 0, balanceCents: left + pending });
    expect(balance.unpaidInvoices).toMatchObject([
      { number: invoice.number, amountDueCents: left, state: "EN_RETARD", stateLabel: "En retard" },
      { number: penalties.number, amountDueCents: pending, state: "EMISE" },
    ]);
  });
});

describe("who sees the balance (SPEC §13: the account's owner and its direct parent; staff)", () => {
  it("the owner, its direct parent and staff see it; another client, another reseller, the parent as a client: not found", async () => {
    const seen = await accountBalance(owner, "CC44660");
    for (const actor of [parent, await demoActor("E-0000000001"), await demoActor("E-0000000002")]) {
      expect(await accountBalance(actor, "cc44660")).toEqual(seen);
    }
    expect((await accountBalance(parent, "CC44705")).account.ownerCompanyId).toBe(44705);
    for (const [identifier, universe, ref] of [
      ["E-0000000005", null, "CC44660"], // another client of the same reseller
      ["E-0000000006", null, "CC44660"], // another reseller (an operator/MSP)
      ["E-0000000003", "CLIENT", "CC44660"], // the parent acting as a client of its own
      ["E-0000000003", "REVENDEUR", "CC45001"], // another reseller's own account
      ["E-0000000004", null, "CC44000-R"], // the parent's account, from its client
      ["E-0000000004", null, "CC99999"], // no such account
      ["E-0000000004", null, "../CC44660"], // not a reference
    ] as const) {
      expect(isNotFound(await rejectionOf(accountBalance(await demoActor(identifier, universe), ref))), `${identifier} ${universe} ${ref}`).toBe(true);
    }
  });
});
