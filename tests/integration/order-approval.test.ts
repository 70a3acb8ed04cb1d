// SPEC §12: an end client billed through its reseller (44284) orders without any price; the order waits for its
// reseller's approval (*À valider par votre revendeur*), which the reseller gives on one of its accounts or refuses
// with a reason; approved, it reaches the ADV queue. Emails go to SPEC §15's recipients.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { advanceOrder, createOrder, decideOrderApproval, getOrder, orderFormData, type NewOrder } from "@/lib/server/orders";
import { DomainError } from "@/lib/domain/errors";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf } from "./support/fixtures";

const actorOf = async (identifier: string, universe: string | null = null) => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");

let baker: Actor; // E-0000000005, 44284, billed through 44000
let reseller: Actor;
let adv: Actor;
let order: NewOrder;
let resellerAccountId: number;

beforeAll(async () => {
  freezeClockAt(new Date("2026-11-23T09:00:00Z"));
  await seedDemoWorld(db);
  baker = await actorOf("E-0000000005");
  reseller = await actorOf("E-0000000003", "REVENDEUR");
  adv = await actorOf("E-0000000001");
  const site = await db.site.findFirstOrThrow({ where: { companyId: 44284 } });
  const plan = await db.offer.findUniqueOrThrow({ where: { code: "ACC-4G5G" } });
  resellerAccountId = (await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44000-R" } })).id;
  order = { endClientId: 44284, type: "CREATION", serviceId: 0, siteId: site.id, billingAccountId: 0, wishedOn: "2026-12-01", comment: "", lines: [{ offerId: plan.id, quantity: 1, portingNumber: "", portingRio: "" }] };
});
afterAll(realClock);

describe("an order of an end client billed through its reseller", () => {
  it("offers no account to pick and waits for the reseller's approval; the orderer and the reseller's administrators are told", async () => {
    const form = await orderFormData(baker, 44284);
    expect(form).toMatchObject({ needsApproval: true, billingAccounts: [] });
    const created = await createOrder(baker, order);
    expect(created.state).toBe("A_VALIDER_REVENDEUR");
    const mails = await db.outgoingEmail.findMany({ where: { kind: "order-step", subject: { contains: created.ref } }, orderBy: { id: "asc" } });
    expect(mails.map((m) => m.to).sort()).toEqual([baker.email, reseller.email].sort());
    expect(mails[0].subject).toBe(`MyOpenIP : commande ${created.ref} – À valider par votre revendeur`);
    expect(mails.every((m) => !/€/.test(m.text))).toBe(true);
  });

  it("ADV cannot validate it yet; the client itself and another operator cannot approve it", async () => {
    const { ref } = await db.order.findFirstOrThrow({ where: { endClientId: 44284, state: "A_VALIDER_REVENDEUR" } });
    expect(await rejectionOf(advanceOrder(adv, ref, "validate"))).toBeInstanceOf(DomainError);
    expect(isNotFound(await rejectionOf(decideOrderApproval(baker, ref, { approve: true, billingAccountId: resellerAccountId })))).toBe(true);
    const msp = await actorOf("E-0000000006", "OPERATEUR");
    expect(isNotFound(await rejectionOf(decideOrderApproval(msp, ref, { approve: true, billingAccountId: resellerAccountId })))).toBe(true);
    const asClient = await actorOf("E-0000000003", "CLIENT");
    expect(isNotFound(await rejectionOf(decideOrderApproval(asClient, ref, { approve: true, billingAccountId: resellerAccountId })))).toBe(true);
    expect((await db.order.findUniqueOrThrow({ where: { ref } })).state).toBe("A_VALIDER_REVENDEUR");
  });

  it("the reseller approves on one of its accounts (not its client's or another's), once; the order enters the ADV queue", async () => {
    const { ref } = await db.order.findFirstOrThrow({ where: { endClientId: 44284, state: "A_VALIDER_REVENDEUR" } });
    const other = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44660" } });
    const wrong = (await rejectionOf(decideOrderApproval(reseller, ref, { approve: true, billingAccountId: other.id }))) as DomainError;
    expect(wrong.fieldErrors?.billingAccountId).toEqual(["Choisissez l'un de vos comptes de facturation."]);
    const results = await Promise.allSettled([
      decideOrderApproval(reseller, ref, { approve: true, billingAccountId: resellerAccountId }),
      decideOrderApproval(reseller, ref, { approve: true, billingAccountId: resellerAccountId }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const approved = await db.order.findUniqueOrThrow({ where: { ref } });
    expect(approved).toMatchObject({ state: "SOUMISE", billingAccountId: resellerAccountId, approvedById: reseller.userId });
    expect(await db.auditEvent.count({ where: { action: "order.reseller-approve", targetId: ref } })).toBe(1);
    const seen = await getOrder(adv, ref);
    expect(seen.state).toBe("SOUMISE");
  });

  it("a refusal needs a reason; refused, the order is closed and the client told why", async () => {
    const created = await createOrder(baker, order);
    const empty = (await rejectionOf(decideOrderApproval(reseller, created.ref, { approve: false, reason: "  " }))) as DomainError;
    expect(empty.fieldErrors?.reason).toEqual(["Le motif du refus est obligatoire."]);
    await decideOrderApproval(reseller, created.ref, { approve: false, reason: "Un accès 4G est déjà prévu au contrat." });
    expect(await db.order.findUniqueOrThrow({ where: { ref: created.ref } })).toMatchObject({ state: "REFUSEE", refusalReason: "Un accès 4G est déjà prévu au contrat." });
    const mail = await db.outgoingEmail.findFirstOrThrow({ where: { to: baker.email, subject: { contains: `${created.ref} – Refusée` } } });
    expect(mail.text).toContain("Un accès 4G est déjà prévu au contrat.");
  });

  it("ordered by the reseller for that client: billed to one of the reseller's accounts, straight to ADV", async () => {
    const form = await orderFormData(reseller, 44284);
    expect(form.needsApproval).toBe(false);
    expect(new Set(form.billingAccounts.map((b) => b.ownerCompanyId))).toEqual(new Set([44000]));
    const created = await createOrder(reseller, { ...order, billingAccountId: resellerAccountId });
    expect(created.state).toBe("SOUMISE");
  });
});
