// The payment settings (SPEC §13, §17): a staff administrator changes them, audited with the values before and after;
// the next billing run and the next returned debit follow them; bad input changes nothing; anyone else gets not found.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { paymentSettings, updatePaymentSettings } from "@/lib/server/operator-settings";
import { issueMonthlyInvoices } from "@/lib/server/billing-run";
import { importBankStatement } from "@/lib/server/bank-statements";
import { DomainError } from "@/lib/domain/errors";
import { addDays, formatDay, parseDay } from "@/lib/domain/calendar-day";
import { collectionDate } from "@/lib/domain/collections";
import { monthBounds } from "@/lib/domain/plan-change";
import { monthOf, nextMonth } from "@/lib/domain/billing";
import { parisMidnight } from "@/lib/domain/terms";
import { seedDemoWorld } from "@/prisma/demo-world";
import { camtStatement } from "../support/camt";
import { freezeClockAt, realClock, rejectionOf } from "./support/fixtures";

const at = (day: string, hour = 6) => new Date(parisMidnight(day).getTime() + hour * 3_600_000);
const actorOf = async (identifier: string): Promise<Actor> => (await loadActor((await db.user.findUniqueOrThrow({ where: { identifier } })).id, null, null))!;
const stored = () => db.operatorSettings.findFirstOrThrow({ select: { preNotificationDays: true, transferPaymentDays: true, debitReturnFeeCents: true } });
const settingsEvents = () => db.auditEvent.findMany({ where: { action: "settings.payment" }, orderBy: { id: "asc" } });
const DEFAULTS = { preNotificationDays: 5, transferPaymentDays: 30, debitReturnFeeCents: 1500 };
const demoMonth = monthOf(formatDay(new Date()));

let admin: Actor;

beforeAll(async () => {
  await seedDemoWorld(db);
  admin = await actorOf("E-0000000002");
});

afterEach(() => realClock());

describe("who may read and change the settings", () => {
  it("a staff administrator reads them as saved", async () => {
    expect(await paymentSettings(admin)).toMatchObject(DEFAULTS);
  });

  it("ADV staff without the Administrateur flag, a reseller and a customer get not found, and nothing changes", async () => {
    for (const identifier of ["E-0000000001", "E-0000000003", "E-0000000004"]) {
      const actor = await actorOf(identifier);
      expect(String(((await rejectionOf(paymentSettings(actor))) as { digest?: string }).digest)).toMatch(/404/);
      const refusedUpdate = updatePaymentSettings(actor, { preNotificationDays: "9", transferPaymentDays: "45", debitReturnFee: "20,00" });
      expect(String(((await rejectionOf(refusedUpdate)) as { digest?: string }).digest)).toMatch(/404/);
    }
    expect(await stored()).toEqual(DEFAULTS);
    expect(await settingsEvents()).toEqual([]);
  });
});

describe("bad input", () => {
  it("is refused field by field in French, and nothing is saved, not even the valid fields", async () => {
    const error = await rejectionOf(updatePaymentSettings(admin, { preNotificationDays: "20", transferPaymentDays: "61", debitReturnFee: "20,00" }));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors).toEqual({
      preNotificationDays: ["Indiquez un nombre entier de jours, de 2 à 14."],
      transferPaymentDays: ["Indiquez un nombre entier de jours, de 1 à 60 (Code de commerce, art. L441-10)."],
    });
    const fee = await rejectionOf(updatePaymentSettings(admin, { preNotificationDays: "9", transferPaymentDays: "45", debitReturnFee: "150,00" }));
    expect((fee as DomainError).fieldErrors).toEqual({ debitReturnFee: ["Les frais de rejet ne peuvent pas dépasser 100,00 € HT."] });
    expect(await stored()).toEqual(DEFAULTS);
    expect(await settingsEvents()).toEqual([]);
  });

  it("the same values again change nothing and audit nothing", async () => {
    expect(await updatePaymentSettings(admin, { preNotificationDays: "5", transferPaymentDays: "30", debitReturnFee: "15,00" })).toEqual({ changed: [] });
    expect(await settingsEvents()).toEqual([]);
  });
});

describe("a change", () => {
  it("is audited with the values before and after, and the next run's invoices follow it", async () => {
    const changedOn = formatDay(new Date());
    expect(await updatePaymentSettings(admin, { preNotificationDays: "9", transferPaymentDays: "45", debitReturnFee: "20,00" })).toEqual({
      changed: ["preNotificationDays", "transferPaymentDays", "debitReturnFeeCents"],
    });
    expect(await stored()).toEqual({ preNotificationDays: 9, transferPaymentDays: 45, debitReturnFeeCents: 2000 });
    const [event] = await settingsEvents();
    expect(event).toMatchObject({
      actorId: admin.userId,
      targetType: "OperatorSettings",
      companyId: admin.company.id,
      details: { preNotificationDays: { from: 5, to: 9 }, transferPaymentDays: { from: 30, to: 45 }, debitReturnFeeCents: { from: 1500, to: 2000 } },
    });
    expect(await paymentSettings(admin)).toMatchObject({ preNotificationDays: 9 });
    expect(formatDay((await paymentSettings(admin))!.updatedAt) >= changedOn).toBe(true);

    const first = monthBounds(nextMonth(demoMonth)).first;
    freezeClockAt(at(first));
    await issueMonthlyInvoices(first);
    const invoices = await db.invoice.findMany({ where: { periodStart: parseDay(first) } });
    const collected = invoices.filter((i) => i.mandateRef !== null);
    const byTransfer = invoices.filter((i) => i.mandateRef === null);
    expect(collected.length).toBeGreaterThan(0);
    expect(byTransfer.length).toBeGreaterThan(0);
    expect(collectionDate(first, 9)).not.toBe(collectionDate(first, 5));
    for (const invoice of collected) {
      expect(formatDay(invoice.collectionOn!)).toBe(collectionDate(first, 9));
      expect(formatDay(invoice.dueOn)).toBe(collectionDate(first, 9));
    }
    for (const invoice of byTransfer) expect(formatDay(invoice.dueOn)).toBe(addDays(formatDay(invoice.issuedOn), 45));
  });

  it("the next returned debit bills the new fee", async () => {
    const invoice = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" }, periodStart: parseDay(monthBounds(demoMonth).first) } });
    const { iban } = await db.operatorSettings.findFirstOrThrow();
    const amountCents = Number(invoice.totalTtcCents);
    const xml = camtStatement({
      format: "camt.054",
      iban,
      messageId: "TEST-SETTINGS-1",
      entries: [{ kind: "RETURN", amountCents, bookedOn: formatDay(invoice.collectionOn!), ref: "REF-SETTINGS-1", transactions: [{ endToEndId: invoice.number, amountCents, reason: "AM04" }] }],
    });
    expect(await importBankStatement(xml, admin.userId)).toMatchObject({ recorded: 1, matched: 1, errors: [] });
    expect(await db.pendingCharge.findFirstOrThrow({ where: { billingAccountId: invoice.billingAccountId, invoiceId: null } })).toMatchObject({ amountHtCents: 2000 });
  });
});
