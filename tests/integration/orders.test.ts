// Orders and the ADV back office (SPEC §6): placing an order within scope, the ADV steps, and a
// delivery that creates the OC, its product sheets, services and SIM resources exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { advanceOrder, assignPilot, createOrder, getOrder, listOrders, parseOrderQuery, type NewOrder } from "@/lib/server/orders";
import { listContractedOffers, parseOcQuery } from "@/lib/server/contracted-offers";
import { DomainError } from "@/lib/domain/errors";
import { rioKey } from "@/lib/domain/identifiers";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf } from "./support/fixtures";


const actorOf = async (identifier: string, universe: string | null = null) => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");

let reseller: Actor;
let adv: Actor;
let order: NewOrder;

beforeAll(async () => {
  freezeClockAt(new Date("2026-11-23T09:00:00Z"));
  await seedDemoWorld(db);
  reseller = await actorOf("E-0000000003", "REVENDEUR");
  adv = await actorOf("E-0000000001");
  const site = await db.site.findFirstOrThrow({ where: { companyId: 44660, name: "AIX-EN-PROVENCE" } });
  const account = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44660" } });
  const plan = await db.offer.findUniqueOrThrow({ where: { code: "SIM-50" } });
  order = { endClientId: 44660, type: "CREATION", serviceId: 0, siteId: site.id, billingAccountId: account.id, wishedOn: "2026-12-01", comment: "", lines: [{ offerId: plan.id, quantity: 2, portingNumber: "", portingRio: "" }] };
});
afterAll(realClock);

describe("placing an order", () => {
  it("a reseller orders an OpenSIM plan for its client: a COM reference, the catalogue's prices, an audit event and an email", async () => {
    const created = await createOrder(reseller, order);
    expect(created.ref).toMatch(/^COM\d+$/);
    expect(created).toMatchObject({ state: "SOUMISE", endClientId: 44660, orderedByCompanyId: 44000, placedById: reseller.userId });
    const lines = await db.orderLine.findMany({ where: { orderId: created.id } });
    expect(lines).toMatchObject([{ quantity: 2, monthlyFeeCents: 3500, oneOffFeeCents: 0 }]);
    expect(await db.auditEvent.count({ where: { action: "order.create", targetId: created.ref } })).toBe(1);
    const mail = await db.outgoingEmail.findFirstOrThrow({ where: { kind: "order-step", to: reseller.email } });
    expect(mail.subject).toBe(`MyOpenIP : commande ${created.ref} – Soumise`);
  });

  it("refuses bad input with a French message and creates nothing", async () => {
    const before = await db.order.count();
    const lille = await db.site.findFirstOrThrow({ where: { companyId: 44284 } });
    const otherAccount = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC45001" } });
    const cases: [Partial<NewOrder>, RegExp][] = [
      [{ siteId: lille.id }, /site/],
      [{ billingAccountId: otherAccount.id }, /compte client/],
      [{ wishedOn: "2026-11-22" }, /antérieure/],
      [{ lines: [{ offerId: 999999, quantity: 1, portingNumber: "", portingRio: "" }] }, /n'existe pas/],
      [{ type: "PORTABILITE", lines: [{ ...order.lines[0], quantity: 1, portingNumber: "06 12 34 56 78", portingRio: "01P123456XXX" }] }, /RIO/],
    ];
    for (const [change, message] of cases) {
      const error = await rejectionOf(createOrder(reseller, { ...order, ...change }));
      expect(error, String(message)).toBeInstanceOf(DomainError);
      expect((error as DomainError).message).toMatch(message);
    }
    expect(await db.order.count()).toBe(before);
  });

  it("accepts a porting line whose RIO matches the number", async () => {
    const rio = `01P123456${rioKey("01P123456", "0612345699")}`;
    const ported = await createOrder(reseller, { ...order, type: "PORTABILITE", lines: [{ ...order.lines[0], quantity: 1, portingNumber: "06 12 34 56 99", portingRio: rio }] });
    expect(await db.orderLine.findFirstOrThrow({ where: { orderId: ported.id } })).toMatchObject({ portingNumber: "0612345699", portingRio: rio });
  });

  it("nobody orders for a company outside their scope", async () => {
    for (const endClientId of [46001, 45010, 10000]) expect(isNotFound(await rejectionOf(createOrder(reseller, { ...order, endClientId })))).toBe(true);
    expect(isNotFound(await rejectionOf(createOrder(await actorOf("E-0000000003", "CLIENT"), order)))).toBe(true);
    expect(isNotFound(await rejectionOf(createOrder(adv, order)))).toBe(true);
  });
});

describe("the ADV back office", () => {
  it("validates with a pilot, delivers once even when the delivery is recorded twice at once", async () => {
    const { rows } = await listOrders(reseller, parseOrderQuery({ endClient: "44660", state: "SOUMISE" }));
    const ref = rows.at(-1)!.ref;
    expect(((await rejectionOf(advanceOrder(adv, ref, "validate"))) as DomainError).message).toBe("Affectez un pilote ADV avant de valider la commande.");
    await assignPilot(adv, ref, adv.userId);
    await advanceOrder(adv, ref, "validate");
    expect(((await rejectionOf(advanceOrder(adv, ref, "deliver", { deliveredOn: "2026-11-23" }))) as DomainError).message).toMatch(/ne peut pas passer à « Livrée »/);
    await advanceOrder(adv, ref, "start-delivery");

    const results = await Promise.allSettled([advanceOrder(adv, ref, "deliver", { deliveredOn: "2026-11-23" }), advanceOrder(adv, ref, "deliver", { deliveredOn: "2026-11-23" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const delivered = await getOrder(reseller, ref);
    expect(delivered.state).toBe("LIVREE");
    expect(delivered.contractedOffers).toHaveLength(1);
    const oc = await db.contractedOffer.findUniqueOrThrow({
      where: { ref: delivered.contractedOffers[0].ref },
      include: { productSheets: true, services: { include: { resources: true } }, pilot: true },
    });
    expect(oc).toMatchObject({ state: "LIVREE", endClientId: 44660, orderType: "CREATION", monthlyFeeCents: 7000, commitmentMonths: 3, renewalMonths: 1 });
    expect(oc.pilot?.identifier).toBe("E-0000000001");
    expect(oc.productSheets.map((s) => s.ref)).toEqual([expect.stringMatching(/^FPC\d+$/)]);
    expect(oc.services.map((s) => [s.type, s.state])).toEqual([["OPENSIM", "EN_SERVICE"]]);
    expect(oc.services[0].resources.map((r) => r.state)).toEqual(["DISPONIBLE", "DISPONIBLE"]);
    // The reseller sees the new OC in its client's list, with the order reference.
    const list = await listContractedOffers(reseller, parseOcQuery({ endClient: "44660", orderRef: ref }));
    expect(list.rows.map((r) => r.ref)).toEqual([oc.ref]);
    const steps = (await db.auditEvent.findMany({ where: { targetId: ref }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(steps).toEqual(["order.create", "order.assign-pilot", "order.validate", "order.start-delivery", "order.deliver"]);
    // Each of the 4 steps to SPEC §15's recipients: the orderer (the reseller's administrator) and 44660's administrators, once each.
    const mails = await db.outgoingEmail.findMany({ where: { kind: "order-step", subject: { contains: ref } }, select: { to: true } });
    const perAddress = Object.fromEntries([...new Set(mails.map((m) => m.to))].map((to) => [to, mails.filter((m) => m.to === to).length]));
    expect(perAddress).toEqual({ [reseller.email]: 4, "c.vidal@cabinet-oliviers.example": 4, "m.vidal@cabinet-oliviers.example": 4 });
  });

  it("refuses an order with a reason; customers and ADV-less staff cannot act", async () => {
    const created = await createOrder(reseller, order);
    expect(((await rejectionOf(advanceOrder(adv, created.ref, "refuse", { reason: " " }))) as DomainError).fieldErrors.reason).toHaveLength(1);
    await advanceOrder(adv, created.ref, "refuse", { reason: "Site non éligible à la 5G." });
    expect(await db.order.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ state: "REFUSEE", refusalReason: "Site non éligible à la 5G." });
    const other = await createOrder(reseller, order);
    for (const actor of [reseller, await actorOf("E-0000000002"), await actorOf("E-0000000004")]) {
      expect(isNotFound(await rejectionOf(advanceOrder(actor, other.ref, "refuse", { reason: "x" })))).toBe(true);
      expect(isNotFound(await rejectionOf(assignPilot(actor, other.ref, adv.userId)))).toBe(true);
    }
  });

  it("the ADV queue filters by age and by day of submission (Paris time)", async () => {
    const fresh = await listOrders(adv, parseOrderQuery({ submittedAt: "2026-11-23" }));
    expect(fresh.total).toBeGreaterThanOrEqual(3);
    expect(fresh.rows.every((o) => o.submittedAt.toISOString() === "2026-11-23T09:00:00.000Z")).toBe(true);
    const old = await listOrders(adv, parseOrderQuery({ age: "7" }));
    expect(old.total).toBeGreaterThan(0);
    expect(old.rows.every((o) => o.submittedAt < new Date("2026-11-16T09:00:00Z"))).toBe(true);
    expect((await listOrders(adv, parseOrderQuery({ age: "5" }))).total).toBe(0); // not an offered choice
  });

  it("a client sees its orders, not another company's", async () => {
    const client = await actorOf("E-0000000004");
    const own = await listOrders(client, parseOrderQuery({}));
    expect(own.rows.every((o) => o.endClient.id === 44660)).toBe(true);
    const foreign = await db.order.findFirstOrThrow({ where: { endClientId: 44284 } });
    expect(isNotFound(await rejectionOf(getOrder(client, foreign.ref)))).toBe(true);
  });
});
