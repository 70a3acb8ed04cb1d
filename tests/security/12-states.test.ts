// Issue 32, item 12: cancelling a line termination, or deciding a contestation, gives back the state before it.
// Before the fix a *Suspendu* line (a stolen SIM) came back *Actif* when its termination was cancelled, and a
// *Payée* invoice came back *Émise* when its contestation was decided. Rows from before the fix (no state
// recorded) restore *Actif* and *Émise*, as the code always did.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { setLineSuspended } from "@/lib/server/line-actions";
import { cancelLineTermination, requestLineTermination } from "@/lib/server/line-terminations";
import { cancelTermination, requestTermination } from "@/lib/server/terminations";
import { contestInvoice, decideContestation } from "@/lib/server/contestations";
import { recordPayment } from "@/lib/server/payments";
import { invoicePaymentState } from "@/lib/domain/collections";
import { addDays, formatDay } from "@/lib/domain/calendar-day";
import { parisMidnight } from "@/lib/domain/terms";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock } from "../integration/support/fixtures";

// The demo world seeded on Thursday 16/04/2026 (Paris), as tests/integration/resources.test.ts.
const START = new Date("2026-04-16T08:00:00Z");
const at = (day: string, hour = 10) => new Date(parisMidnight(day).getTime() + hour * 3_600_000);
const stateOf = async (ref: string) => (await db.simResource.findUniqueOrThrow({ where: { ref } })).state;

let client: Actor; // E-0000000004, administrator of 44660
let adv: Actor; // E-0000000001

beforeAll(async () => {
  freezeClockAt(START);
  await seedDemoWorld(db);
  const actorOf = async (identifier: string) => (await loadActor((await db.user.findUniqueOrThrow({ where: { identifier } })).id, null, null))!;
  client = await actorOf("E-0000000004");
  adv = await actorOf("E-0000000001");
});
afterAll(realClock);

describe("a line termination cancelled", () => {
  it("leaves a suspended line suspended", async () => {
    const ref = "FPC367678"; // 44660's active Forfait mobile Data 20 Go line
    freezeClockAt(START);
    await setLineSuspended(client, ref, true);
    await requestLineTermination(client, ref, { requestedOn: "2026-04-16", comment: "Carte volée" });
    expect(await stateOf(ref)).toBe("RESILIATION_PROGRAMMEE");
    expect((await db.termination.findFirstOrThrow({ where: { resource: { ref }, state: "PROGRAMMEE" } })).resourceStateBefore).toBe("SUSPENDU");
    await cancelLineTermination(client, ref);
    expect(await stateOf(ref)).toBe("SUSPENDU");
    const history = await db.resourceHistory.findFirstOrThrow({ where: { resource: { ref } }, orderBy: { id: "desc" } });
    expect(history.details).toMatchObject({ summary: "Résiliation annulée : la ligne reste suspendue." });
    // Still suspended, it can be resumed, then terminated and cancelled again: it stays active.
    await setLineSuspended(client, ref, false);
    await requestLineTermination(client, ref, { requestedOn: "2026-04-16", comment: null });
    await cancelLineTermination(client, ref);
    expect(await stateOf(ref)).toBe("ACTIF");
  });

  it("restores the state from the line's active suspension reasons, whatever the termination recorded", async () => {
    const ref = "FPC367678";
    await setLineSuspended(client, ref, true);
    await requestLineTermination(client, ref, { requestedOn: "2026-04-16", comment: null });
    await db.termination.updateMany({ where: { resource: { ref }, state: "PROGRAMMEE" }, data: { resourceStateBefore: null } });
    await cancelLineTermination(client, ref);
    expect(await stateOf(ref)).toBe("SUSPENDU");
    await setLineSuspended(client, ref, false);
    await requestLineTermination(client, ref, { requestedOn: "2026-04-16", comment: null });
    await db.termination.updateMany({ where: { resource: { ref }, state: "PROGRAMMEE" }, data: { resourceStateBefore: "SUSPENDU" } });
    await cancelLineTermination(client, ref);
    expect(await stateOf(ref)).toBe("ACTIF");
  });
});

describe("an OC termination cancelled", () => {
  it("gives its services back their state and leaves its SIM lines as they were", async () => {
    const oc = await db.contractedOffer.findFirstOrThrow({
      where: { endClientId: 44660, state: "LIVREE", services: { some: { resources: { some: { state: "ACTIF" } } } } },
      include: { services: { include: { resources: true } } },
    });
    const line = oc.services.flatMap((s) => s.resources).find((r) => r.state === "ACTIF")!;
    await setLineSuspended(client, line.ref, true);
    const before = await db.service.findMany({ where: { contractedOfferId: oc.id }, orderBy: { id: "asc" }, select: { id: true, state: true } });
    await requestTermination(client, oc.ref, { requestedOn: "2026-04-16", comment: null });
    await cancelTermination(client, oc.ref);
    expect(await db.service.findMany({ where: { contractedOfferId: oc.id }, orderBy: { id: "asc" }, select: { id: true, state: true } })).toEqual(before);
    expect((await db.contractedOffer.findUniqueOrThrow({ where: { id: oc.id } })).state).toBe("LIVREE");
    expect(await stateOf(line.ref)).toBe("SUSPENDU");
  });
});

describe("a contestation decided", () => {
  const latestInvoice = () => db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" } }, orderBy: { periodStart: "desc" } });

  // SPEC §13: a contestation never erases a payment; the contestation state is apart from the payments.
  it("leaves a paid invoice paid, whether rejected or accepted", async () => {
    const invoice = await latestInvoice();
    await db.$transaction((tx) => recordPayment(tx, { invoiceId: invoice.id, kind: "VIREMENT", amountCents: invoice.totalTtcCents, receivedOn: formatDay(invoice.issuedOn) }));
    const paid = async () => {
      const row = await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
      return { state: row.state, paidCents: row.paidCents, payment: invoicePaymentState(row, formatDay(row.issuedOn)) };
    };
    freezeClockAt(at(addDays(formatDay(invoice.issuedOn), 2)));
    const rejected = await contestInvoice(client, invoice.number, "Le montant du forfait ne correspond pas.");
    expect(await paid()).toEqual({ state: "CONTESTEE", paidCents: invoice.totalTtcCents, payment: "PAYEE" });
    expect(rejected.invoiceStateBefore).toBe("EMISE");
    await decideContestation(adv, rejected.id, { outcome: "REJETEE", amountCents: null, reason: "Le forfait facturé est le bon." });
    expect(await paid()).toEqual({ state: "EMISE", paidCents: invoice.totalTtcCents, payment: "PAYEE" });

    const accepted = await contestInvoice(client, invoice.number, "Une ligne résiliée est encore facturée.");
    expect(await decideContestation(adv, accepted.id, { outcome: "ACCEPTEE_PARTIELLEMENT", amountCents: 500, reason: "Ligne résiliée : avoir." })).not.toBeNull();
    expect(await paid()).toEqual({ state: "EMISE", paidCents: invoice.totalTtcCents, payment: "PAYEE" });
    expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(1);
  });

  it("gives the invoice back Émise, and so does a contestation opened before the state was kept", async () => {
    const invoice = await latestInvoice();
    const unpaid = await contestInvoice(client, invoice.number, "Je conteste la régularisation.");
    await decideContestation(adv, unpaid.id, { outcome: "REJETEE", amountCents: null, reason: "La régularisation est juste." });
    expect((await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).state).toBe("EMISE");

    const old = await contestInvoice(client, invoice.number, "Encore une question sur la régularisation.");
    await db.contestation.update({ where: { id: old.id }, data: { invoiceStateBefore: null } });
    await decideContestation(adv, old.id, { outcome: "REJETEE", amountCents: null, reason: "Déjà répondu." });
    expect((await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).state).toBe("EMISE");
  });
});
