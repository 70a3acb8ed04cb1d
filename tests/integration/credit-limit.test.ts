// The balance threshold (*seuil d'encours*, SPEC §13) on the demo world: staff set it in euros, SPEC's example with
// real rows (500 € threshold, 320 € unpaid + 158,33 € HT of usage = 510 € → over; 320 € received → 190 € → not over),
// orders refused above it (placed or validated by ADV) and accepted once the threshold is raised or the account paid,
// over it, the lines and SIP trunks suspended 24 h after the email announcing it and reactivated by the payment (§17),
// bad input refused, and no one but staff may set it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { today } from "@/lib/server/clock";
import { accountBalance, isOverCreditLimit, setCreditLimit } from "@/lib/server/balance";
import { advanceOrder, advPilots, assignPilot, createOrder, decideOrderApproval, type NewOrder } from "@/lib/server/orders";
import { recordManualPayment, recordPayment } from "@/lib/server/payments";
import { reviewSuspensions } from "@/lib/server/account-suspensions";
import { DomainError } from "@/lib/domain/errors";
import { monthOf } from "@/lib/domain/billing";
import { monthBounds } from "@/lib/domain/plan-change";
import { parseDay } from "@/lib/domain/calendar-day";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf, useSmtpSink } from "./support/fixtures";

const smtp = useSmtpSink(2641);
const activeReasons = async () => (await db.suspension.findMany({ where: { liftedAt: null, billingAccountId: accountId }, select: { reason: true } })).map((s) => s.reason);
const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");
const demoActor = async (identifier: string, universe: string | null = null): Promise<Actor> =>
  (await loadActor((await db.user.findUniqueOrThrow({ where: { identifier } })).id, null, universe))!;
const limitOf = async () => (await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44660" } })).creditLimitCents;
const auditCount = () => db.auditEvent.count({ where: { action: "billing-account.credit-limit", targetId: "CC44660" } });
const REFUSAL = "Commande refusée : l'encours du compte CC44660 (510,00\u00A0€) dépasse son seuil (500,00\u00A0€). Elle sera acceptée après règlement ou relèvement du seuil.";

let adv: Actor; // E-0000000001, staff (ADV)
let support: Actor; // E-0000000002, staff (support)
let owner: Actor; // E-0000000004, 44660, owner of CC44660
let reseller: Actor; // E-0000000003 as 44000, 44660's reseller
let accountId = 0;
let invoiceId = 0;
let order: NewOrder;

beforeAll(async () => {
  freezeClockAt(new Date("2026-11-23T09:00:00Z"));
  await seedDemoWorld(db);
  [adv, support, owner, reseller] = await Promise.all([demoActor("E-0000000001"), demoActor("E-0000000002"), demoActor("E-0000000004"), demoActor("E-0000000003", "REVENDEUR")]);
  const account = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44660" } });
  accountId = account.id;
  const { first, next } = monthBounds(monthOf(today()));

  // SPEC's example with real rows: this month's invoice leaves exactly 320 € TTC to pay once a transfer takes the rest
  // (the earlier invoices of the demo world are paid)...
  // SPEC §16's returned debit of last month is settled by a transfer first.
  const returned = await db.invoice.findFirstOrThrow({ where: { billingAccountId: account.id, debit: "REJETE" } });
  await db.$transaction((tx) => recordPayment(tx, { invoiceId: returned.id, kind: "VIREMENT", amountCents: returned.totalTtcCents - returned.paidCents, receivedOn: today(), reference: returned.number }));
  const invoice = await db.invoice.findFirstOrThrow({ where: { billingAccountId: account.id, periodStart: parseDay(first), kind: "FACTURE" } });
  invoiceId = invoice.id;
  expect(invoice.totalTtcCents).toBeGreaterThan(32_000n);
  await db.$transaction((tx) => recordPayment(tx, { invoiceId, kind: "VIREMENT", amountCents: invoice.totalTtcCents - invoice.paidCents - 32_000n, receivedOn: today(), reference: invoice.number }));
  // ... and this month's usage is 158,33 € HT in France on the demo line 0612345678 (SIM-20: no cap in France).
  const lines = await db.simResource.findMany({ where: { lineId: { not: null }, productSheet: { contractedOffer: { billingAccountId: account.id } } }, select: { lineId: true } });
  await db.usageDaily.deleteMany({ where: { lineId: { in: lines.map((l) => l.lineId!) }, day: { gte: parseDay(first), lt: parseDay(next) } } });
  const demoLine = await db.mobileLine.findUniqueOrThrow({ where: { msisdn: "0612345678" } });
  await db.usageDaily.create({ data: { lineId: demoLine.id, day: parseDay(first), zone: "FRANCE", bytes: 0n, amountCents: 15_833 } });

  const site = await db.site.findFirstOrThrow({ where: { companyId: 44660, name: "AIX-EN-PROVENCE" } });
  const plan = await db.offer.findUniqueOrThrow({ where: { code: "SIM-50" } });
  order = { endClientId: 44660, type: "CREATION", serviceId: 0, siteId: site.id, billingAccountId: account.id, wishedOn: "2026-12-01", comment: "", lines: [{ offerId: plan.id, quantity: 1, portingNumber: "", portingRio: "" }] };
});
afterAll(realClock);

describe("the threshold (SPEC §13)", () => {
  it("staff set it in euros, audited; 320 € unpaid + 158,33 € HT of usage = 510 € is over 500 €", async () => {
    expect(await limitOf()).toBeNull();
    expect(await accountBalance(owner, "CC44660")).toMatchObject({ unpaidCents: 32_000, uninvoicedUsageHtCents: 15_833, uninvoicedUsageTtcCents: 19_000, balanceCents: 51_000, thresholdCents: null, overThreshold: false });
    expect(await isOverCreditLimit(accountId)).toBe(false);

    expect(await setCreditLimit(adv, "cc44660", "500")).toEqual({ thresholdCents: 50_000, changed: true });
    expect(await limitOf()).toBe(50_000);
    expect(await accountBalance(owner, "CC44660")).toMatchObject({ balanceCents: 51_000, thresholdCents: 50_000, overThreshold: true });
    expect(await isOverCreditLimit(accountId)).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "billing-account.credit-limit", targetId: "CC44660" } });
    expect(event).toMatchObject({ actorId: adv.userId, companyId: 44660, details: { fromCents: null, toCents: 50_000 } });

    // The same value typed another way changes nothing and is not audited again.
    expect(await setCreditLimit(support, "CC44660", " 500,00 € ")).toEqual({ thresholdCents: 50_000, changed: false });
    expect(await auditCount()).toBe(1);
  });

  it("refuses bad input with a French field error and changes nothing", async () => {
    for (const [input, problem] of [
      ["-10", "Le montant ne peut pas être négatif."],
      ["abc", "Indiquez un montant en euros, par exemple 12,50."],
      ["500 euros", "Indiquez un montant en euros, par exemple 12,50."],
      ["12,345", "Le montant a au plus 2 décimales (centimes)."],
    ]) {
      const error = await rejectionOf(setCreditLimit(adv, "CC44660", input));
      expect(error, input).toBeInstanceOf(DomainError);
      expect((error as DomainError).fieldErrors).toEqual({ creditLimit: [problem] });
    }
    expect(await limitOf()).toBe(50_000);
    expect(await auditCount()).toBe(1);
  });

  it("a client (even the account's owner) or a reseller cannot set it: not found, nothing changes", async () => {
    for (const actor of [owner, reseller, await demoActor("E-0000000003", "CLIENT"), await demoActor("E-0000000006")]) {
      expect(isNotFound(await rejectionOf(setCreditLimit(actor, "CC44660", "10000")))).toBe(true);
      expect(isNotFound(await rejectionOf(setCreditLimit(actor, "CC44660", "")))).toBe(true);
    }
    expect(await limitOf()).toBe(50_000);
    expect(await auditCount()).toBe(1);
  });
});

describe("orders above the threshold (SPEC §13: no order is accepted)", () => {
  let placed = "";

  it("refuses an order while the balance is over, creates nothing, and accepts it once the threshold is raised", async () => {
    const before = await db.order.count();
    const error = await rejectionOf(createOrder(reseller, order));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe(REFUSAL);
    expect(await db.order.count()).toBe(before);
    expect(await db.auditEvent.count({ where: { action: "order.create" } })).toBe(0);

    await setCreditLimit(adv, "CC44660", "600");
    const created = await createOrder(reseller, order);
    expect(created).toMatchObject({ state: "SOUMISE", billingAccountId: accountId });
    expect(await db.order.count()).toBe(before + 1);
    placed = created.ref;
  });

  it("over again: the email announces the suspension, applied 24 h later to the lines and SIP trunks (*Seuil d'encours*)", async () => {
    await setCreditLimit(adv, "CC44660", "500,00");
    expect(await reviewSuspensions(today())).toEqual({ applied: 0, lifted: 0, failed: 0 });
    const notice = await smtp().waitFor("secretariat@cabinet-oliviers.example", /seuil d'encours dépassé — suspension prévue, compte CC44660/);
    expect(notice.text).toContain("Encours : 510,00\u00A0€ TTC, pour un seuil de 500,00\u00A0€ TTC.");
    expect(notice.text).toContain("seront suspendues le 24/11/2026 à 10:00 (motif : Seuil d'encours)");
    expect(await activeReasons()).toEqual([]);

    freezeClockAt(new Date("2026-11-24T08:59:00Z"));
    expect(await reviewSuspensions(today())).toEqual({ applied: 0, lifted: 0, failed: 0 });
    freezeClockAt(new Date("2026-11-24T09:00:00Z"));
    const { applied } = await reviewSuspensions(today());
    expect(applied).toBeGreaterThanOrEqual(3); // the SIM line and the trunks
    expect(new Set(await activeReasons())).toEqual(new Set(["SEUIL_ENCOURS"]));
    expect(await db.simResource.findFirstOrThrow({ where: { line: { msisdn: "0612345678" } }, select: { state: true } })).toEqual({ state: "SUSPENDU" });
    await smtp().waitFor("secretariat@cabinet-oliviers.example", /lignes suspendues \(seuil d'encours\) — compte CC44660/);
    expect(await reviewSuspensions(today())).toEqual({ applied: 0, lifted: 0, failed: 0 });
  });

  it("ADV cannot validate it while the account is over; a payment of 320 € brings it to 190 €, reactivates the lines, and it is validated", async () => {
    await assignPilot(adv, placed, (await advPilots())[0].id);
    const error = await rejectionOf(advanceOrder(adv, placed, "validate"));
    expect((error as DomainError).message).toBe(REFUSAL);
    expect((await db.order.findUniqueOrThrow({ where: { ref: placed } })).state).toBe("SOUMISE");

    const { number } = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId } });
    await recordManualPayment(adv, { invoice: number, kind: "VIREMENT", amount: "320,00", receivedOn: today(), reference: "320 EUR", requestKey: "threshold-320-0123456789" });
    expect(await accountBalance(owner, "CC44660")).toMatchObject({ unpaidCents: 0, balanceCents: 19_000, thresholdCents: 50_000, overThreshold: false });
    // Reactivated at once, without waiting for the job.
    expect(await activeReasons()).toEqual([]);
    expect(await db.simResource.findFirstOrThrow({ where: { line: { msisdn: "0612345678" } }, select: { state: true } })).toEqual({ state: "ACTIF" });
    await smtp().waitFor("secretariat@cabinet-oliviers.example", /lignes réactivées — compte CC44660/);
    expect(await isOverCreditLimit(accountId)).toBe(false);
    await advanceOrder(adv, placed, "validate");
    expect((await db.order.findUniqueOrThrow({ where: { ref: placed } })).state).toBe("VALIDEE");
  });

  it("an order awaiting its reseller is checked on the account the reseller picks, when it approves", async () => {
    const baker = await demoActor("E-0000000005"); // 44284, billed through 44000
    const site = await db.site.findFirstOrThrow({ where: { companyId: 44284 } });
    const plan = await db.offer.findUniqueOrThrow({ where: { code: "ACC-4G5G" } });
    const resellerAccount = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44000-R" } });
    await setCreditLimit(adv, "CC44000-R", "0");
    expect(await isOverCreditLimit(resellerAccount.id)).toBe(true);
    const waiting = await createOrder(baker, { ...order, endClientId: 44284, siteId: site.id, billingAccountId: 0, lines: [{ ...order.lines[0], offerId: plan.id }] });
    expect(waiting.state).toBe("A_VALIDER_REVENDEUR");

    const error = await rejectionOf(decideOrderApproval(reseller, waiting.ref, { approve: true, billingAccountId: resellerAccount.id }));
    expect((error as DomainError).message).toMatch(/^Commande refusée : l'encours du compte CC44000-R \(.+\) dépasse son seuil \(0,00\u00A0€\)\./);
    expect((await db.order.findUniqueOrThrow({ where: { ref: waiting.ref } })).state).toBe("A_VALIDER_REVENDEUR");
    await setCreditLimit(adv, "CC44000-R", "");
    await decideOrderApproval(reseller, waiting.ref, { approve: true, billingAccountId: resellerAccount.id });
    expect((await db.order.findUniqueOrThrow({ where: { ref: waiting.ref } })).state).toBe("SOUMISE");
  });

  it("an empty threshold removes it: nothing is ever over", async () => {
    expect(await setCreditLimit(adv, "CC44660", "")).toEqual({ thresholdCents: null, changed: true });
    expect(await limitOf()).toBeNull();
    expect(await accountBalance(owner, "CC44660")).toMatchObject({ thresholdCents: null, overThreshold: false });
    const last = await db.auditEvent.findFirstOrThrow({ where: { action: "billing-account.credit-limit", targetId: "CC44660" }, orderBy: { id: "desc" } });
    expect(last.details).toEqual({ fromCents: 50_000, toCents: null });
  });
});
