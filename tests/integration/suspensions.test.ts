// Suspension for non-payment (SPEC §13, art. 8.6.1 and 12.1), SPEC's example as of each day: invoice issued Wed
// 01/04/2026, collected Tue 07/04, returned AM04 Fri 10/04 → reminder 10/04 → still unpaid → the account's SIM lines
// and SIP trunks suspended Sun 19/04 (reason *Impayé*, through the provisioning interface, emailed) → transfer
// recorded Wed 22/04 → reactivated 22/04; a line the client had suspended itself stays suspended. Then: two reviews
// at once, a refused network request finished by the next review, a hold.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { collectDirectDebits } from "@/lib/server/direct-debits";
import { importBankStatement } from "@/lib/server/bank-statements";
import { sendReminders } from "@/lib/server/reminders";
import { recordManualPayment, recordPayment } from "@/lib/server/payments";
import { reviewSuspensions } from "@/lib/server/account-suspensions";
import { setLineSuspended } from "@/lib/server/line-actions";
import { dunningOverview } from "@/lib/server/dunning";
import { accountBalance } from "@/lib/server/balance";
import { failNextNetworkRequests } from "@/lib/server/provisioning";
import { addDays, parseDay } from "@/lib/domain/calendar-day";
import { parisMidnight } from "@/lib/domain/terms";
import { DomainError } from "@/lib/domain/errors";
import { seedDemoWorld } from "@/prisma/demo-world";
import { camtStatement } from "../support/camt";
import { freezeClockAt, realClock, rejectionOf, useSmtpSink } from "./support/fixtures";

const smtp = useSmtpSink(2640);
const on = (day: string, hour = 10) => freezeClockAt(new Date(parisMidnight(day).getTime() + hour * 3_600_000));
const actorOf = async (identifier: string): Promise<Actor> => (await loadActor((await db.user.findUniqueOrThrow({ where: { identifier } })).id, null, null))!;
const NUMBER = "F09990001";
let accountId = 0;
let iban = "";
let adv: Actor;
let client: Actor;

/** The account's lines and trunks with their active reasons. */
async function suspended() {
  const rows = await db.suspension.findMany({ where: { liftedAt: null }, select: { reason: true, resource: { select: { ref: true, state: true } }, service: { select: { ref: true } } }, orderBy: { id: "asc" } });
  return rows.map((r) => `${r.resource ? `${r.resource.ref}/${r.resource.state}` : r.service!.ref}:${r.reason}`);
}
const lineRefs = () => db.simResource.findMany({ where: { lineId: { not: null }, productSheet: { contractedOffer: { billingAccountId: accountId } } }, select: { id: true, ref: true, state: true } });
const trunkRefs = async () =>
  (await db.service.findMany({ where: { type: "TELEPHONIE_IP", state: { not: "RESILIE" }, contractedOffer: { billingAccountId: accountId, offer: { voiceChannelsPerUnit: { not: null } } } }, select: { ref: true }, orderBy: { id: "asc" } })).map((s) => s.ref);

beforeAll(async () => {
  await seedDemoWorld(db);
  iban = (await db.operatorSettings.findFirstOrThrow()).iban;
  [adv, client] = await Promise.all([actorOf("E-0000000001"), actorOf("E-0000000004")]);
  const account = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44660" }, include: { mandates: { where: { state: "ACTIF" } } } });
  accountId = account.id;
  // SPEC's invoice: 1 200,00 € TTC issued 01/04/2026, collected 07/04 (06/04 is Easter Monday), under the account's mandate.
  await db.sepaMandate.update({ where: { id: account.mandates[0].id }, data: { signedOn: parseDay("2026-03-02"), lastCollectionOn: null } });
  await db.invoice.create({
    data: {
      number: NUMBER, billingAccountId: accountId, issuedOn: parseDay("2026-04-01"), dueOn: parseDay("2026-04-07"), collectionOn: parseDay("2026-04-07"), debit: "PROGRAMME",
      periodStart: parseDay("2026-04-02"), periodEnd: parseDay("2026-04-30"), totalHtCents: 100_000n, vatCents: 20_000n, totalTtcCents: 120_000n,
      mandateRef: account.mandates[0].rum, issuedAt: parisMidnight("2026-04-01"), emailedAt: parisMidnight("2026-04-01"),
    },
  });
});

afterEach(() => realClock());

describe("SPEC's example as of each day", () => {
  it("is collected, returned, reminded, suspended on 19/04 and reactivated by the transfer of 22/04", async () => {
    on("2026-04-01");
    expect(await collectDirectDebits("2026-04-01")).toMatchObject({ debits: 1, refused: [] });
    const debit = await db.directDebit.findFirstOrThrow({ where: { invoice: { number: NUMBER } } });
    expect(debit.collectionOn).toEqual(parseDay("2026-04-07"));

    on("2026-04-07", 18);
    const collected = camtStatement({ format: "camt.054", iban, messageId: "SPEC-0704", entries: [{ kind: "COLLECTION", amountCents: 120_000, bookedOn: "2026-04-07", ref: "SPEC-C1", transactions: [{ endToEndId: NUMBER, amountCents: 120_000 }] }] });
    expect(await importBankStatement(collected, adv.userId)).toMatchObject({ matched: 1, errors: [] });

    // A client's own suspension of its line, before: it must outlive the *Impayé* one.
    const [line] = await lineRefs();
    expect(line.state).toBe("ACTIF");
    on("2026-04-08");
    expect(await setLineSuspended(client, line.ref, true)).toEqual(["DEMANDE_CLIENT"]);

    on("2026-04-10", 17);
    const returned = camtStatement({ format: "camt.054", iban, messageId: "SPEC-1004", entries: [{ kind: "RETURN", amountCents: 120_000, bookedOn: "2026-04-10", ref: "SPEC-R1", transactions: [{ endToEndId: NUMBER, amountCents: 120_000, reason: "AM04" }] }] });
    expect(await importBankStatement(returned, adv.userId)).toMatchObject({ matched: 1, errors: [] });
    expect(await sendReminders("2026-04-10")).toBe(1);
    const { id: invoiceId } = await db.invoice.findUniqueOrThrow({ where: { number: NUMBER } });
    expect(await db.reminder.findFirstOrThrow({ where: { invoiceId } })).toMatchObject({ sentOn: parseDay("2026-04-10"), suspendOn: parseDay("2026-04-19") });

    // The client's balance names the day.
    expect((await accountBalance(client, "CC44660")).unpaidSuspensionOn).toBe("2026-04-19");
    // 10/04 → 18/04: reminded, nothing suspended for non-payment yet.
    for (let day = "2026-04-10"; day < "2026-04-19"; day = addDays(day, 1)) {
      on(day);
      expect(await reviewSuspensions(day), day).toEqual({ applied: 0, lifted: 0, failed: 0 });
      expect(await suspended(), day).toEqual([`${line.ref}/SUSPENDU:DEMANDE_CLIENT`]);
    }

    // Sun 19/04: the line and each SIP trunk, through the network; the line keeps both reasons.
    on("2026-04-19", 2);
    const trunks = await trunkRefs();
    expect(trunks.length).toBeGreaterThanOrEqual(2);
    expect(await reviewSuspensions("2026-04-19")).toEqual({ applied: 1 + trunks.length, lifted: 0, failed: 0 });
    expect(await suspended()).toEqual([`${line.ref}/SUSPENDU:DEMANDE_CLIENT`, `${line.ref}/SUSPENDU:IMPAYE`, ...trunks.map((t) => `${t}:IMPAYE`)]);
    const trunkRequests = await db.provisioningRequest.findMany({ where: { service: { ref: { in: trunks } } }, select: { action: true, status: true } });
    expect(trunkRequests).toEqual(trunks.map(() => ({ action: "SUSPENSION", status: "REUSSIE" })));
    // The line was already off the network (its client's suspension): no second request.
    expect(await db.provisioningRequest.count({ where: { resourceId: line.id, action: "SUSPENSION" } })).toBe(1);
    const mail = await smtp().waitFor("secretariat@cabinet-oliviers.example", /lignes suspendues \(impayé\) — compte CC44660/);
    expect(mail.text).toContain("motif : Impayé");
    expect(mail.text).toContain("Montant échu restant dû : 1\u00A0200,00\u00A0€ TTC");
    expect(mail.text).toContain("sauf les appels d'urgence");

    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "account.suspend", targetId: "CC44660" } })).toMatchObject({ actorId: null, companyId: 44660, details: { reason: "IMPAYE" } });
    expect((await db.resourceHistory.findFirstOrThrow({ where: { resourceId: line.id }, orderBy: { id: "desc" } })).details).toEqual({ summary: "Ligne suspendue (motif Impayé)." });
    expect(await accountBalance(client, "CC44660")).toMatchObject({ unpaidSuspensionOn: null, suspensions: [{ reason: "IMPAYE", appliedAt: expect.any(Date) }] });
    expect((await dunningOverview(adv)).accounts.find((a) => a.ref === "CC44660")).toMatchObject({ stage: "SUSPENDU", suspended: { since: "2026-04-19", reasons: ["IMPAYE"] } });

    // Mon 20/04, Tue 21/04: nothing more, nothing emailed twice.
    for (const day of ["2026-04-20", "2026-04-21"]) {
      on(day);
      expect(await reviewSuspensions(day)).toEqual({ applied: 0, lifted: 0, failed: 0 });
    }
    expect(smtp().mails.filter((m) => /lignes suspendues/.test(m.subject) && m.to.includes("secretariat@cabinet-oliviers.example"))).toHaveLength(1);

    // Wed 22/04: ADV record the transfer; the *Impayé* reason is lifted at once, the client's own stays.
    on("2026-04-22", 11);
    await recordManualPayment(adv, { invoice: NUMBER, kind: "VIREMENT", amount: "1200,00", receivedOn: "2026-04-22", reference: "VIR SPEC", requestKey: "spec-transfer-0123456789" });
    expect(await suspended()).toEqual([`${line.ref}/SUSPENDU:DEMANDE_CLIENT`]);
    expect(await db.provisioningRequest.count({ where: { service: { ref: { in: trunks } }, action: "REACTIVATION", status: "REUSSIE" } })).toBe(trunks.length);
    expect(await db.provisioningRequest.count({ where: { resourceId: line.id, action: "REACTIVATION" } })).toBe(0);
    const lifted = await smtp().waitFor("secretariat@cabinet-oliviers.example", /lignes réactivées — compte CC44660/);
    expect(await db.auditEvent.count({ where: { action: "account.suspension-lift", targetId: "CC44660" } })).toBe(1);
    expect(lifted.text).toContain("« Impayé » est levé");
    expect(await db.accountSuspension.findFirstOrThrow({ where: { billingAccountId: accountId, reason: "IMPAYE" } })).toMatchObject({ appliedAt: expect.any(Date), liftedAt: expect.any(Date), openKey: null });

    // The client's reactivation now puts the line back in service.
    expect(await setLineSuspended(client, line.ref, false)).toEqual([]);
    expect((await db.simResource.findUniqueOrThrow({ where: { id: line.id } })).state).toBe("ACTIF");
    expect(await reviewSuspensions("2026-04-22")).toEqual({ applied: 0, lifted: 0, failed: 0 });
  });
});

describe("reasons kept apart, runs at once, network refusals, holds", () => {
  async function unpaidAndReminded(day: string, number: string) {
    await db.invoice.create({
      data: {
        number, billingAccountId: accountId, issuedOn: parseDay(addDays(day, -40)), dueOn: parseDay(addDays(day, -10)), periodStart: parseDay(addDays(day, -39)),
        periodEnd: parseDay(addDays(day, -10)), totalHtCents: 10_000n, vatCents: 2_000n, totalTtcCents: 12_000n, issuedAt: parisMidnight(addDays(day, -40)),
      },
    });
    await db.reminder.create({ data: { billingAccountId: accountId, invoiceId: (await db.invoice.findUniqueOrThrow({ where: { number } })).id, cause: `test:${number}`, sentOn: parseDay(addDays(day, -9)), suspendOn: parseDay(day), createdAt: new Date() } });
  }

  it("the client cannot lift the *Impayé* reason; two reviews at once suspend and email once; a refused request is finished next time", async () => {
    const day = "2026-06-15";
    on(day);
    await unpaidAndReminded(day, "F09990002");
    const [line] = await lineRefs();
    const suspensionMails = () => smtp().mails.filter((m) => m.subject.includes("lignes suspendues (impayé)") && m.to.includes("secretariat@cabinet-oliviers.example")).length;
    const mailsBefore = suspensionMails();
    failNextNetworkRequests(1);
    const [a, b] = await Promise.all([reviewSuspensions(day), reviewSuspensions(day)]);
    const trunks = await trunkRefs();
    // One target refused by the network; the other run may have done it meanwhile.
    expect(a.applied + b.applied).toBeGreaterThanOrEqual(trunks.length);
    expect(a.failed + b.failed).toBe(1);
    expect(await db.accountSuspension.count({ where: { billingAccountId: accountId, reason: "IMPAYE", liftedAt: null } })).toBe(1);
    await reviewSuspensions(day);
    expect((await suspended()).sort()).toEqual([`${line.ref}/SUSPENDU:IMPAYE`, ...trunks.map((t) => `${t}:IMPAYE`)].sort());
    await smtp().waitFor("secretariat@cabinet-oliviers.example", /lignes suspendues \(impayé\)/);
    expect(suspensionMails()).toBe(mailsBefore + 1);

    const refusal = await rejectionOf(setLineSuspended(client, line.ref, false));
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).message).toBe("La ligne n'est pas suspendue à votre demande : elle l'est pour Impayé et sera réactivée quand ce motif sera levé.");
    // Suspending it at its own request too adds the reason without a network request.
    const requests = await db.provisioningRequest.count({ where: { resourceId: line.id } });
    expect(await setLineSuspended(client, line.ref, true)).toEqual(["IMPAYE", "DEMANDE_CLIENT"]);
    expect(await db.provisioningRequest.count({ where: { resourceId: line.id } })).toBe(requests);
    expect(await setLineSuspended(client, line.ref, false)).toEqual(["IMPAYE"]);
    expect((await db.simResource.findUniqueOrThrow({ where: { id: line.id } })).state).toBe("SUSPENDU");

    // A hold does not lift a suspension applied; payment does.
    await db.accountHold.create({ data: { billingAccountId: accountId, reason: "Échéancier", until: parseDay(addDays(day, 20)), createdById: adv.userId, createdAt: new Date() } });
    expect((await reviewSuspensions(day)).lifted).toBe(0);
    await recordManualPayment(adv, { invoice: "F09990002", kind: "CHEQUE", amount: "120,00", receivedOn: day, reference: "", requestKey: "spec-cheque-0123456789ab" });
    expect(await suspended()).toEqual([]);
    expect((await db.simResource.findUniqueOrThrow({ where: { id: line.id } })).state).toBe("ACTIF");
  });

  it("an account on hold is not suspended; once the hold ends, it is", async () => {
    const day = "2026-06-20";
    on(day);
    await unpaidAndReminded(day, "F09990003");
    expect(await reviewSuspensions(day)).toEqual({ applied: 0, lifted: 0, failed: 0 });
    expect(await suspended()).toEqual([]);
    const after = addDays(day, 16);
    on(after);
    expect((await reviewSuspensions(after)).applied).toBeGreaterThan(0);
  });

  it("one reason giving way to the other in a review never reactivates a line in between", async () => {
    // CC44660's lines are suspended for *Impayé* (F09990003, above); its threshold is set and announced.
    on("2026-07-10", 9);
    const [line] = await lineRefs();
    expect(await suspended()).toContain(`${line.ref}/SUSPENDU:IMPAYE`);
    await db.billingAccount.update({ where: { id: accountId }, data: { creditLimitCents: 0 } });
    await reviewSuspensions("2026-07-10");
    expect(await db.accountSuspension.findFirstOrThrow({ where: { billingAccountId: accountId, reason: "SEUIL_ENCOURS", liftedAt: null } })).toMatchObject({ appliedAt: null });
    // The unpaid invoice is paid (a statement, reviewed with the rest at the next run) and the 24 h have passed.
    const unpaid = await db.invoice.findUniqueOrThrow({ where: { number: "F09990003" } });
    await db.$transaction((tx) => recordPayment(tx, { invoiceId: unpaid.id, kind: "VIREMENT", amountCents: unpaid.totalTtcCents, receivedOn: "2026-07-10", reference: unpaid.number }));
    const requests = await db.provisioningRequest.count({ where: { resourceId: line.id } });
    on("2026-07-11", 10);
    await reviewSuspensions("2026-07-11");
    expect((await suspended()).filter((s) => s.startsWith(line.ref))).toEqual([`${line.ref}/SUSPENDU:SEUIL_ENCOURS`]);
    expect(await db.provisioningRequest.count({ where: { resourceId: line.id } })).toBe(requests);
    await db.billingAccount.update({ where: { id: accountId }, data: { creditLimitCents: null } });
    await reviewSuspensions("2026-07-11");
    expect(await suspended()).toEqual([]);
  });

  it("a hold given during the threshold's 24 h notice stops that suspension", async () => {
    const account = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44000-R" } });
    on("2026-07-01", 9);
    await db.billingAccount.update({ where: { id: account.id }, data: { creditLimitCents: 0 } });
    await reviewSuspensions("2026-07-01");
    expect(await db.accountSuspension.findFirstOrThrow({ where: { billingAccountId: account.id, reason: "SEUIL_ENCOURS" } })).toMatchObject({ appliedAt: null, liftedAt: null });
    await db.accountHold.create({ data: { billingAccountId: account.id, reason: "Échéancier", until: parseDay("2026-07-20"), createdById: adv.userId, createdAt: new Date() } });
    on("2026-07-02", 10);
    expect(await reviewSuspensions("2026-07-02")).toEqual({ applied: 0, lifted: 0, failed: 0 });
    expect(await db.accountSuspension.findFirstOrThrow({ where: { billingAccountId: account.id, reason: "SEUIL_ENCOURS" } })).toMatchObject({ appliedAt: null, liftedAt: expect.any(Date), openKey: null });
    expect(await db.suspension.count({ where: { billingAccountId: account.id, liftedAt: null } })).toBe(0);
  });
});
