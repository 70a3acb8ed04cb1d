// SPEC §11, §17: a price increase published one month ahead is billed from its day on, each day at the price in force
// that day, through the real billing run; a negotiated price is not touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor } from "@/lib/server/authz";
import { publishPrice } from "@/lib/server/offers";
import { requestTermination } from "@/lib/server/terminations";
import { DomainError } from "@/lib/domain/errors";
import { runBillingRun } from "@/lib/server/billing-run";
import { today } from "@/lib/server/clock";
import { addDays, addMonthsClamped, compareDays, formatDay } from "@/lib/domain/calendar-day";
import { monthBounds, proratedFeeCents } from "@/lib/domain/plan-change";
import { monthOf, nextMonth } from "@/lib/domain/billing";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf } from "./support/fixtures";

let month: string; // the month after next: its 16th is always at least one month away
let changeOn: string;

beforeAll(async () => {
  freezeClockAt(new Date(`${new Date().toISOString().slice(0, 10)}T09:00:00Z`));
  await seedDemoWorld(db);
  month = nextMonth(nextMonth(monthOf(today())));
  changeOn = `${month}-16`;
});
afterAll(realClock);

describe("a price increase in the middle of a month", () => {
  it("is billed day by day in that month's invoice: 15 days at the old price, the rest at the new one", async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { identifier: "E-0000000002" } });
    const actor = (await loadActor(admin.id, null, null))!;
    expect(compareDays(changeOn, addMonthsClamped(today(), 1))).toBeGreaterThanOrEqual(0);
    await publishPrice(actor, "TEL-TRUNK-4", { effectiveOn: changeOn, monthlyFeeCents: 5900, oneOffFeeCents: 0 });

    // A 4G/5G access billed at the catalogue's price, and one at a negotiated price.
    const following = await db.contractedOffer.findFirstOrThrow({ where: { offerId: (await db.offer.findUniqueOrThrow({ where: { code: "TEL-TRUNK-4" } })).id, state: "LIVREE", productSheets: { every: { followsCatalogue: true } } }, include: { productSheets: true } });
    const sheet = following.productSheets[0];
    const negotiatedOc = await db.contractedOffer.findFirstOrThrow({ where: { offerId: following.offerId, state: "LIVREE", id: { not: following.id } }, include: { productSheets: true } });
    await db.contractedProductSheet.update({ where: { id: negotiatedOc.productSheets[0].id }, data: { followsCatalogue: false, monthlyFeeCents: 3900 } });

    await runBillingRun(monthBounds(month).first);
    const line = async (ocId: number) => db.invoiceLine.findFirstOrThrow({ where: { contractedOfferId: ocId, kind: "ABONNEMENT", invoice: { periodStart: new Date(`${monthBounds(month).first}T00:00:00Z`) } } });
    const { first, next } = monthBounds(month);
    const expected = proratedFeeCents([{ startOn: first, endOn: changeOn, monthlyFeeCents: 4000 * sheet.quantity }, { startOn: changeOn, endOn: next, monthlyFeeCents: 5900 * sheet.quantity }], month);
    expect((await line(following.id)).amountHtCents).toBe(expected);
    expect(expected).toBeGreaterThan(4000 * sheet.quantity);
    expect(expected).toBeLessThan(5900 * sheet.quantity);
    expect((await line(negotiatedOc.id)).amountHtCents).toBe(3900 * negotiatedOc.productSheets[0].quantity);
  });

  it("the increase was mailed to the owners of the accounts billed for the offer, once each address", async () => {
    const mails = await db.outgoingEmail.findMany({ where: { kind: "price-increase", subject: { contains: "Trunk SIP 4 canaux" } } });
    expect(mails.length).toBeGreaterThan(0);
    expect(new Set(mails.map((m) => m.to.toLowerCase())).size).toBe(mails.length);
    expect(mails[0].text).toContain("59,00");
    expect(mails[0].text).toContain("résilier sans frais");
  });
});

describe("the right to terminate without fees before the increase (art. 13)", () => {
  it("the account's side ends an OC on that offer the day before the new price, with no notice and nothing owed", async () => {
    const reseller = await db.user.findUniqueOrThrow({ where: { identifier: "E-0000000003" } });
    const actor = (await loadActor(reseller.id, null, "REVENDEUR"))!;
    const offerId = (await db.offer.findUniqueOrThrow({ where: { code: "TEL-TRUNK-4" } })).id;
    const oc = await db.contractedOffer.findFirstOrThrow({ where: { offerId, state: "LIVREE", billingAccount: { ref: "CC44000-R" }, productSheets: { every: { followsCatalogue: true } } } });
    const { termination, quote } = await requestTermination(actor, oc.ref, { requestedOn: "", comment: null, underPriceIncrease: true });
    expect(quote).toMatchObject({ ok: true, effectiveOn: addDays(changeOn, -1), amountCents: 0 });
    expect(termination).toMatchObject({ noticeMonths: 0, earlyTerminationCents: 0 });
    expect(formatDay(termination.effectiveOn)).toBe(addDays(changeOn, -1));
  });

  it("is refused on an OC of another offer", async () => {
    const reseller = await db.user.findUniqueOrThrow({ where: { identifier: "E-0000000003" } });
    const actor = (await loadActor(reseller.id, null, "REVENDEUR"))!;
    const fibre = (await db.offer.findUniqueOrThrow({ where: { code: "TEL-METACENTREX" } })).id;
    const oc = await db.contractedOffer.findFirstOrThrow({ where: { offerId: fibre, state: "LIVREE", billingAccount: { ref: "CC44000-R" } } });
    const error = await rejectionOf(requestTermination(actor, oc.ref, { requestedOn: "", comment: null, underPriceIncrease: true }));
    expect(error).toBeInstanceOf(DomainError);
    expect((await db.contractedOffer.findUniqueOrThrow({ where: { id: oc.id } })).state).toBe("LIVREE");
  });
});
