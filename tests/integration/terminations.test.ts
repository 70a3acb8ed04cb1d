// Terminating an OC (SPEC §3): the recorded termination, refusals, concurrency, cancellation and
// the job that applies terminations on their date. The demo world, seeded on Monday 23/11/2026.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { setClock } from "@/lib/server/clock";
import { loadActor, type Actor } from "@/lib/server/authz";
import { applyDueTerminations, cancelTermination, requestTermination } from "@/lib/server/terminations";
import { DomainError } from "@/lib/domain/errors";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf } from "./support/fixtures";

const actors: Record<string, Actor> = {};
const actorOf = async (identifier: string, universe: string | null = null) => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const oc = (ref: string) => db.contractedOffer.findUniqueOrThrow({ where: { ref }, include: { services: { include: { resources: true } }, terminations: { orderBy: { id: "asc" } } } });
const nbsp = (s: string) => s.replace(/ /g, "\u00A0");

beforeAll(async () => {
  freezeClockAt(new Date("2026-11-23T09:00:00Z"));
  await seedDemoWorld(db);
  actors.reseller = await actorOf("E-0000000003", "REVENDEUR");
  actors.client44660 = await actorOf("E-0000000004");
  actors.client44284 = await actorOf("E-0000000005");
  actors.support = await actorOf("E-0000000002");
});
afterAll(realClock);

describe("requesting a termination", () => {
  it("the reseller terminates its client's fibre access: E = D + 1 month, the rest of the current period is owed", async () => {
    // OC150310: activated 29/04/2019, 36 months then 12-month renewals: the current period ends 28/04/2027.
    const { quote } = await requestTermination(actors.reseller, "OC150310", { requestedOn: "2026-11-23", comment: "Déménagement" });
    expect(quote).toMatchObject({ ok: true, effectiveOn: "2026-12-23", periodEnd: "2027-04-28", early: true, amountCents: 4 * 8900, lastDayToCancel: "2026-12-18" });
    const after = await oc("OC150310");
    expect(after.state).toBe("RESILIATION_PROGRAMMEE");
    expect(after.services.map((s) => s.state)).toEqual(["RESILIATION_PROGRAMMEE"]);
    expect(after.terminations).toHaveLength(1);
    expect(after.terminations[0]).toMatchObject({ state: "PROGRAMMEE", noticeMonths: 1, earlyTerminationCents: 35600, comment: "Déménagement", requestedById: actors.reseller.userId });
    expect(after.terminations[0].effectiveOn.toISOString()).toBe("2026-12-23T00:00:00.000Z");
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "contracted-offer.terminate", targetId: "OC150310" } });
    expect(event).toMatchObject({ actorId: actors.reseller.userId, companyId: 44284 });
    const mail = await db.outgoingEmail.findFirstOrThrow({ where: { kind: "termination-scheduled", to: actors.reseller.email } });
    expect(mail.text).toContain("Dernier jour de service : 23/12/2026.");
    expect(mail.text).toContain(`${nbsp("356,00 €")} HT`);
    expect(mail.text).toContain("jusqu'au 18/12/2026 inclus");
  });

  it("an end client billed through its reseller terminates without seeing any price", async () => {
    await requestTermination(actors.client44284, "OC150311", { requestedOn: "2026-12-01", comment: null });
    const mail = await db.outgoingEmail.findFirstOrThrow({ where: { kind: "termination-scheduled", to: actors.client44284.email } });
    expect(mail.text).toContain("Dernier jour de service : 01/01/2027.");
    expect(mail.text).not.toMatch(/€/);
  });

  it("refuses what the rule refuses, with a French message, and changes nothing", async () => {
    const before = await db.termination.count();
    const cases: [Actor, string, string, RegExp][] = [
      [actors.client44660, "OC152500", "2026-11-23", /pas encore activée/],
      [actors.client44660, "OC151500", "2026-11-23", /déjà programmée/],
      [actors.client44660, "OC149870", "2026-11-23", /déjà résiliée/],
      [actors.client44660, "OC150944", "2026-11-22", /antérieure à aujourd'hui/],
    ];
    for (const [actor, ref, requestedOn, message] of cases) {
      const error = await rejectionOf(requestTermination(actor, ref, { requestedOn, comment: null }));
      expect(error, ref).toBeInstanceOf(DomainError);
      expect((error as DomainError).message, ref).toMatch(message);
    }
    const dated = (await rejectionOf(requestTermination(actors.client44660, "OC150944", { requestedOn: "2026-11-22", comment: null }))) as DomainError;
    expect(dated.fieldErrors.requestedOn).toHaveLength(1);
    expect(await db.termination.count()).toBe(before);
    expect((await oc("OC150944")).state).toBe("LIVREE");
  });

  it("of two terminations of the same OC submitted at once, exactly one is recorded", async () => {
    const results = await Promise.allSettled([
      requestTermination(actors.client44660, "OC150944", { requestedOn: "2026-12-01", comment: "premier" }),
      requestTermination(actors.reseller, "OC150944", { requestedOn: "2026-12-15", comment: "second" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect(refused.reason.message).toBe("Une résiliation est déjà programmée pour cette offre contractée.");
    expect((await oc("OC150944")).terminations).toHaveLength(1);
  });

  it("staff see every OC but do not terminate for the customer", async () => {
    const error = await rejectionOf(requestTermination(actors.support, "OC151800", { requestedOn: "2026-12-01", comment: null }));
    expect(String((error as { digest?: string }).digest)).toContain("404");
  });
});

describe("cancelling a scheduled termination", () => {
  it("is possible until the end of the 3rd working day before E, then refused", async () => {
    // The demo's scheduled termination: requested 18/11/2026, E = 18/12/2026; last day to cancel 15/12/2026.
    await cancelTermination(actors.client44660, "OC151500");
    let after = await oc("OC151500");
    expect(after.state).toBe("LIVREE");
    expect(after.services.map((s) => s.state)).toEqual(["EN_SERVICE"]);
    expect(after.terminations.at(-1)).toMatchObject({ state: "ANNULEE", cancelledById: actors.client44660.userId });
    expect(await db.auditEvent.count({ where: { action: "contracted-offer.cancel-termination", targetId: "OC151500" } })).toBe(1);
    expect(await db.outgoingEmail.count({ where: { kind: "termination-cancelled" } })).toBe(1);

    // Scheduled again: E = 23/12/2026 (a Wednesday); 22, 21 and 18/12 are the three working days before it.
    await requestTermination(actors.client44660, "OC151500", { requestedOn: "2026-11-23", comment: null });
    setClock(new Date("2026-12-18T23:00:00Z")); // midnight in Paris: the 19th
    const error = (await rejectionOf(cancelTermination(actors.client44660, "OC151500"))) as DomainError;
    expect(error.message).toBe("La résiliation ne peut plus être annulée : le dernier jour pour l'annuler était le 18/12/2026.");
    after = await oc("OC151500");
    expect(after.state).toBe("RESILIATION_PROGRAMMEE");
    setClock(new Date("2026-11-23T09:00:00Z"));
  });

  it("the day itself, until 23:59 Paris time, still cancels", async () => {
    await requestTermination(actors.client44660, "OC151800", { requestedOn: "2026-11-23", comment: null });
    setClock(new Date("2026-12-18T22:59:59Z"));
    await cancelTermination(actors.client44660, "OC151800");
    expect((await oc("OC151800")).state).toBe("LIVREE");
    setClock(new Date("2026-11-23T09:00:00Z"));
  });
});

describe("the job that applies terminations", () => {
  it("applies each termination once E has passed: the OC, its services and SIM resources become Résiliée", async () => {
    await requestTermination(actors.client44660, "OC152400", { requestedOn: "2026-11-23", comment: null });
    expect(await applyDueTerminations("2026-12-23")).toBe(0); // E itself is still a day of service
    const scheduled = await db.termination.count({ where: { state: "PROGRAMMEE", effectiveOn: { lt: new Date("2026-12-24") } } });
    expect(scheduled).toBe(3); // OC150310, OC151500 and OC152400, all ending 23/12/2026

    // Two runs at once, then a third: each termination is applied exactly once.
    const [first, second] = await Promise.all([applyDueTerminations("2026-12-24"), applyDueTerminations("2026-12-24")]);
    expect(first + second).toBe(scheduled);
    expect(await applyDueTerminations("2026-12-24")).toBe(0);

    const fleet = await oc("OC152400");
    expect(fleet.state).toBe("RESILIEE");
    expect(fleet.services.every((s) => s.state === "RESILIE")).toBe(true);
    expect(fleet.services.flatMap((s) => s.resources.map((r) => r.state))).toEqual(["RESILIE", "RESILIE", "RESILIE", "RESILIE"]);
    expect(fleet.terminations[0].state).toBe("APPLIQUEE");
    expect((await oc("OC150310")).state).toBe("RESILIEE");
    expect(await db.auditEvent.count({ where: { action: "contracted-offer.terminated", actorId: null } })).toBe(scheduled);
  });
});
