// *Modification* orders of a fixed telephony service (SPEC §6, seed 003 CP fixed telephony art. 5):
// another offer of the same family, on the next anniversary day, 2 per calendar year and 1 per month;
// delivery moves the service to a new OC and ends the former one the day before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { advanceOrder, assignPilot, createOrder, orderFormData, type NewOrder } from "@/lib/server/orders";
import { applyDueTerminations, cancelTermination } from "@/lib/server/terminations";
import { DomainError } from "@/lib/domain/errors";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf } from "./support/fixtures";

let reseller: Actor;
let adv: Actor;
const actorOf = async (identifier: string, universe: string | null = null) => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const offerId = async (code: string) => (await db.offer.findUniqueOrThrow({ where: { code } })).id;
const serviceId = async (ref: string) => (await db.service.findUniqueOrThrow({ where: { ref } })).id;

/** A modification of `service` (44660's) to `offer`. */
async function modification(service: string, offer: string): Promise<NewOrder> {
  const site = await db.site.findFirstOrThrow({ where: { companyId: 44660, name: "AIX-EN-PROVENCE" } });
  const account = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44660" } });
  return {
    endClientId: 44660, type: "MODIFICATION", serviceId: await serviceId(service), siteId: site.id, billingAccountId: account.id, wishedOn: "2030-12-31", comment: "",
    lines: [{ offerId: await offerId(offer), quantity: 1, portingNumber: "", portingRio: "" }],
  };
}
const messageOf = async (promise: Promise<unknown>) => ((await rejectionOf(promise)) as DomainError).message;

beforeAll(async () => {
  freezeClockAt(new Date("2026-11-23T09:00:00Z"));
  await seedDemoWorld(db);
  reseller = await actorOf("E-0000000003", "REVENDEUR");
  adv = await actorOf("E-0000000001");
});
afterAll(realClock);

describe("placing a Modification order", () => {
  it("offers the client's fixed telephony services in service, not the others", async () => {
    const { services } = await orderFormData(reseller, 44660);
    expect(services.map((s) => s.ref)).toEqual(["SRV138637", "SRV150943", "SRV150944", "SRV151800", "SRV94529"]);
  });

  it("refuses another family, the same offer, a service outside the list; nothing is created", async () => {
    const before = await db.order.count();
    expect(await messageOf(createOrder(reseller, await modification("SRV150944", "ACC-FIBRE-100")))).toBe("Une modification fait passer le service à une autre offre de téléphonie IP.");
    expect(await messageOf(createOrder(reseller, await modification("SRV150944", "TEL-TRUNK-4")))).toBe("Une modification fait passer le service à une autre offre de téléphonie IP.");
    expect(await messageOf(createOrder(reseller, await modification("SRV152400", "TEL-TRUNK-SE")))).toBe("Choisissez le service de téléphonie fixe à modifier."); // OpenSIM
    expect(await messageOf(createOrder(reseller, await modification("SRV151500", "TEL-TRUNK-SE")))).toBe("Choisissez le service de téléphonie fixe à modifier."); // termination scheduled
    expect(await messageOf(createOrder(reseller, { ...(await modification("SRV150310", "TEL-TRUNK-SE")), endClientId: 44660 }))).toBe("Choisissez le service de téléphonie fixe à modifier."); // 44284's
    expect(await db.order.count()).toBe(before);
  });

  it("takes effect on the next anniversary day (activated 02/09/2024 → 02/12/2026); a second one that month is refused", async () => {
    const order = await createOrder(reseller, await modification("SRV150944", "TEL-TRUNK-SE"));
    expect(order).toMatchObject({ type: "MODIFICATION", state: "SOUMISE", serviceId: await serviceId("SRV150944") });
    expect(order.effectiveOn?.toISOString().slice(0, 10)).toBe("2026-12-02");
    expect(await messageOf(createOrder(reseller, await modification("SRV150944", "TEL-METACENTREX")))).toBe(
      "Une modification de ce service prend déjà effet en 12/2026 : une seule modification par mois est possible.",
    );
    const mail = await db.outgoingEmail.findFirstOrThrow({ where: { subject: { contains: order.ref } } });
    expect(mail.text).toContain("Modification du service SRV150944 pour 44660 Cabinet Médical des Oliviers, effective le 02/12/2026.");
  });

  it("two submissions at once for one service: exactly one is recorded", async () => {
    const input = await modification("SRV151800", "TEL-TRUNK-4");
    const outcomes = await Promise.allSettled([createOrder(reseller, input), createOrder(reseller, input)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await db.order.count({ where: { serviceId: await serviceId("SRV151800") } })).toBe(1);
  });

  it("at most 2 per calendar year; a refused order does not count", async () => {
    // SRV138637 was activated on 22/11/2017: next anniversaries 22/12/2026, then 22/01/2027…
    const first = await createOrder(reseller, await modification("SRV138637", "TEL-TRUNK-4"));
    expect(first.effectiveOn?.toISOString().slice(0, 10)).toBe("2026-12-22");
    freezeClockAt(new Date("2027-01-05T09:00:00Z"));
    const second = await createOrder(reseller, await modification("SRV138637", "TEL-TRUNK-SE"));
    freezeClockAt(new Date("2027-03-05T09:00:00Z"));
    await createOrder(reseller, await modification("SRV138637", "TEL-NUM-GEO"));
    freezeClockAt(new Date("2027-05-05T09:00:00Z"));
    expect(await messageOf(createOrder(reseller, await modification("SRV138637", "TEL-TRUNK-4")))).toBe("Ce service a déjà 2 modifications en 2027 : 2 modifications par année civile au plus.");
    await advanceOrder(adv, second.ref, "refuse", { reason: "Offre non disponible sur ce site." });
    const again = await createOrder(reseller, await modification("SRV138637", "TEL-TRUNK-4"));
    expect(again.effectiveOn?.toISOString().slice(0, 10)).toBe("2027-05-22");
    freezeClockAt(new Date("2026-11-23T09:00:00Z"));
  });
});

describe("delivering a Modification order", () => {
  it("creates the new OC from the anniversary day, moves the service, and ends the former OC the day before", async () => {
    const order = await db.order.findFirstOrThrow({ where: { serviceId: await serviceId("SRV150944"), state: "SOUMISE" } });
    await assignPilot(adv, order.ref, adv.userId);
    await advanceOrder(adv, order.ref, "validate");
    await advanceOrder(adv, order.ref, "start-delivery");
    const oc = (await advanceOrder(adv, order.ref, "deliver", { deliveredOn: "2026-11-23" }))!;
    const created = await db.contractedOffer.findUniqueOrThrow({ where: { id: oc.id }, include: { offer: true, services: true, productSheets: true } });
    expect(created).toMatchObject({ orderType: "MODIFICATION", state: "LIVREE", monthlyFeeCents: 4500, commitmentMonths: 0 });
    expect(created.offer.code).toBe("TEL-TRUNK-SE");
    expect(created.activationOn?.toISOString().slice(0, 10)).toBe("2026-12-02");
    expect(created.services.map((s) => [s.ref, s.name, s.state])).toEqual([["SRV150944", "Trunk SIP sans engagement", "EN_SERVICE"]]);
    expect(created.productSheets).toHaveLength(1);
    const former = await db.contractedOffer.findUniqueOrThrow({ where: { ref: "OC150944" }, include: { terminations: true } });
    expect(former.state).toBe("RESILIATION_PROGRAMMEE");
    expect(former.terminations).toHaveLength(1);
    expect(former.terminations[0]).toMatchObject({ state: "PROGRAMMEE", earlyTerminationCents: 0, comment: `Remplacée par ${oc.ref} (commande de modification ${order.ref}).` });
    expect(former.terminations[0].effectiveOn.toISOString().slice(0, 10)).toBe("2026-12-01");
    const client = await actorOf("E-0000000004");
    expect(await messageOf(cancelTermination(client, "OC150944"))).toBe("Cette résiliation accompagne une commande de modification : elle ne peut pas être annulée.");

    await applyDueTerminations("2026-12-02");
    expect((await db.contractedOffer.findUniqueOrThrow({ where: { ref: "OC150944" } })).state).toBe("RESILIEE");
    expect((await db.service.findUniqueOrThrow({ where: { ref: "SRV150944" } })).state).toBe("EN_SERVICE");
  });
});
