// Dunning (SPEC §13, art. 8.6.1): ADV's overview of the accounts reminded, due for suspension or on hold, with their
// overdue amounts; a hold stops the reminders until lifted, a new one replaces the previous; bad input is refused in
// French and changes nothing; anyone but ADV staff finds nothing.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { sendReminders } from "@/lib/server/reminders";
import { dunningOverview, holdAccount, liftHold } from "@/lib/server/dunning";
import { DomainError } from "@/lib/domain/errors";
import { addDays, addMonthsClamped, formatDay, parseDay } from "@/lib/domain/calendar-day";
import { suspensionDay } from "@/lib/domain/collections";
import { monthBounds } from "@/lib/domain/plan-change";
import { monthOf } from "@/lib/domain/billing";
import { parisMidnight } from "@/lib/domain/terms";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf, useSmtpSink } from "./support/fixtures";

useSmtpSink(2624);
const demoMonth = monthOf(formatDay(new Date()));
const invoiceOf = (account: string) => db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: account }, periodStart: parseDay(monthBounds(demoMonth).first), kind: "FACTURE" } });
const actorOf = async (identifier: string): Promise<Actor> => (await loadActor((await db.user.findUniqueOrThrow({ where: { identifier } })).id, null, null))!;
const on = (day: string) => freezeClockAt(new Date(parisMidnight(day).getTime() + 10 * 3_600_000));
const rowOf = async (ref: string) => (await dunningOverview(adv)).accounts.find((a) => a.ref === ref);
/** What the overview must say an account owes: its unpaid invoices that have a reminder. */
const owedOnReminded = async (ref: string) => {
  const reminded = await db.reminder.findMany({ where: { billingAccount: { ref } }, select: { invoiceId: true } });
  const invoices = await db.invoice.findMany({ where: { id: { in: reminded.map((r) => r.invoiceId) } } });
  const unpaid = invoices.filter((i) => i.paidCents < i.totalTtcCents);
  return { cents: unpaid.reduce((sum, i) => sum + Number(i.totalTtcCents - i.paidCents), 0), oldest: unpaid.map((i) => formatDay(i.dueOn)).sort()[0] };
};
let adv: Actor;

beforeAll(async () => {
  await seedDemoWorld(db);
  adv = await actorOf("E-0000000001");
});

afterEach(() => realClock());

describe("dunning", () => {
  it("shows a reminded account, then due for suspension; a hold stops its reminders until lifted", async () => {
    const reminded = await invoiceOf("CC44705");
    const held = await invoiceOf("CC44000-R");
    const day = addDays(formatDay(reminded.dueOn), 1);
    on(day);
    const first = await holdAccount(adv, "CC44000-R", { reason: "  Échéancier accordé  ", until: addDays(day, 10) });
    expect(first.replaced).toEqual([]);
    expect(await sendReminders(day)).toBeGreaterThanOrEqual(1);
    expect(await db.reminder.count({ where: { invoiceId: reminded.id } })).toBe(1);
    expect(await db.reminder.count({ where: { invoiceId: held.id } })).toBe(0);

    const expected = await owedOnReminded("CC44705");
    expect(expected.cents).toBeGreaterThanOrEqual(Number(reminded.totalTtcCents - reminded.paidCents));
    expect(await rowOf("CC44705")).toMatchObject({
      stage: "RELANCE", overdueCents: expected.cents, oldestDueOn: expected.oldest, lastReminderOn: day, suspendOn: suspensionDay(day), hold: null,
      ownerId: 44705, ownerName: expect.any(String),
    });
    expect(await rowOf("CC44000-R")).toMatchObject({ stage: "EN_ATTENTE", hold: { id: first.holdId, reason: "Échéancier accordé", until: addDays(day, 10) } });

    on(addDays(suspensionDay(day), -1));
    expect((await rowOf("CC44705"))?.stage).toBe("RELANCE");
    on(suspensionDay(day));
    expect((await rowOf("CC44705"))?.stage).toBe("A_SUSPENDRE");

    // A new hold replaces the active one; the held account still gets no reminder.
    const second = await holdAccount(adv, "CC44000-R", { reason: "Litige en cours", until: addDays(day, 30) });
    expect(second.replaced).toEqual([first.holdId]);
    expect(await db.accountHold.count({ where: { billingAccount: { ref: "CC44000-R" }, liftedAt: null } })).toBe(1);
    expect(await sendReminders(suspensionDay(day))).toBe(0);
    expect((await rowOf("CC44000-R"))?.hold).toMatchObject({ id: second.holdId, reason: "Litige en cours" });

    await expect(liftHold(adv, second.holdId)).resolves.toBe("CC44000-R");
    expect(await rowOf("CC44000-R")).toBeUndefined();
    // Its monthly invoice and its penalty invoice of the month (SPEC §16), due the same day.
    expect(await sendReminders(suspensionDay(day))).toBe(2);
    expect(await rowOf("CC44000-R")).toMatchObject({ stage: "RELANCE", lastReminderOn: suspensionDay(day), suspendOn: suspensionDay(suspensionDay(day)), hold: null });
    await expect(liftHold(adv, second.holdId)).rejects.toThrow("déjà levée");

    const audited = await db.auditEvent.findMany({ where: { targetId: "CC44000-R", action: { startsWith: "account.hold" } }, orderBy: { id: "asc" } });
    expect(audited.map((e) => e.action)).toEqual(["account.hold", "account.hold", "account.hold-lift"]);
    expect(audited.every((e) => e.actorId === adv.userId)).toBe(true);

    // Paid in full: the account leaves the overview.
    await db.$executeRaw`UPDATE "Invoice" SET "paidCents" = "totalTtcCents" WHERE "billingAccountId" = (SELECT "id" FROM "BillingAccount" WHERE "ref" = 'CC44705')`;
    expect(await rowOf("CC44705")).toBeUndefined();
  });

  it("refuses an empty reason, a past or too distant end, an unknown account, in French, changing nothing", async () => {
    const today = "2026-05-04";
    on(today);
    const before = await db.accountHold.count();
    const fieldsOf = async (ref: string, reason: string, until: string) => {
      const error = await rejectionOf(holdAccount(adv, ref, { reason, until }));
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).fieldErrors;
    };
    expect((await fieldsOf("CC44705", "  ", addDays(today, 5)))?.reason?.[0]).toMatch(/motif/);
    expect((await fieldsOf("CC44705", "Échéancier", today))?.until?.[0]).toMatch(/après aujourd'hui/);
    expect((await fieldsOf("CC44705", "Échéancier", addDays(today, -3)))?.until?.[0]).toMatch(/après aujourd'hui/);
    expect((await fieldsOf("CC44705", "Échéancier", "31/12/2026"))?.until?.[0]).toMatch(/date de fin/);
    expect((await fieldsOf("CC44705", "Échéancier", addDays(addMonthsClamped(today, 6), 1)))?.until?.[0]).toMatch(/au plus 6 mois/);
    expect((await fieldsOf("CC99999", "Échéancier", addDays(today, 5)))?.account?.[0]).toMatch(/n'existe pas/);
    expect(await db.accountHold.count()).toBe(before);
    await expect(holdAccount(adv, "CC44705", { reason: "Échéancier", until: addMonthsClamped(today, 6) })).resolves.toMatchObject({ replaced: [] });
    expect(await db.accountHold.count()).toBe(before + 1);
  });

  it("is not found for anyone but ADV staff", async () => {
    const hold = await db.accountHold.findFirstOrThrow({ where: { liftedAt: null } });
    const before = await db.accountHold.count({ where: { liftedAt: null } });
    for (const identifier of ["E-0000000004", "E-0000000003"]) {
      const other = await actorOf(identifier);
      const digests = await Promise.all([
        rejectionOf(dunningOverview(other)),
        rejectionOf(holdAccount(other, "CC44705", { reason: "Échéancier", until: addDays(formatDay(new Date()), 5) })),
        rejectionOf(liftHold(other, hold.id)),
      ]);
      for (const error of digests) expect(String((error as { digest?: string }).digest)).toContain("404");
    }
    expect(await db.accountHold.count({ where: { liftedAt: null } })).toBe(before);
  });
});
