// Each issued invoice is emailed once to its account's invoice addresses (SPEC §13, §17): the pre-notification of
// its debit (amount, collection date, RUM, ICS) or the transfer details; two runs at once send it once.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { runBillingRun } from "@/lib/server/billing-run";
import { emailIssuedInvoices } from "@/lib/server/invoice-emails";
import { formatDay, formatFrenchDate } from "@/lib/domain/calendar-day";
import { monthBounds } from "@/lib/domain/plan-change";
import { monthOf, nextMonth } from "@/lib/domain/billing";
import { parisMidnight } from "@/lib/domain/terms";
import { formatEuros } from "@/lib/domain/money";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, useSmtpSink } from "./support/fixtures";

const smtp = useSmtpSink(2622);

beforeAll(async () => {
  await seedDemoWorld(db);
});

afterEach(() => realClock());

describe("the invoice email", () => {
  it("sends nothing for the demo's invoices, already sent", async () => {
    expect(await emailIssuedInvoices()).toBe(0);
  });

  it("is the pre-notification of a debit, or the transfer details, sent once even by two runs at once", async () => {
    const first = monthBounds(nextMonth(monthOf(formatDay(new Date())))).first;
    freezeClockAt(new Date(parisMidnight(first).getTime() + 6 * 3_600_000));
    await runBillingRun(first);
    const issued = await db.invoice.findMany({ where: { issuedOn: new Date(`${first}T00:00:00Z`) }, include: { billingAccount: true } });
    const expected = issued.reduce((sum, i) => sum + i.billingAccount.invoiceEmails.length, 0);
    const [a, b] = await Promise.all([emailIssuedInvoices(), emailIssuedInvoices()]);
    expect(a + b).toBe(expected);
    expect(await emailIssuedInvoices()).toBe(0);

    const collected = issued.find((i) => i.billingAccount.ref === "CC44660")!;
    const mail = await smtp().waitFor("secretariat@cabinet-oliviers.example", new RegExp(`facture ${collected.number}`));
    expect(mail.text).toContain(`${formatEuros(collected.totalTtcCents)} seront prélevés le ${formatFrenchDate(formatDay(collected.collectionOn!))}`);
    expect(mail.text).toContain(`mandat ${collected.mandateRef}, par le créancier FR97ZZZ482585 (ICS)`);
    const transfer = issued.find((i) => i.billingAccount.ref === "CC44705")!;
    const other = await smtp().waitFor("comptabilite@transports-giraud.example", new RegExp(`facture ${transfer.number}`));
    expect(other.text).toContain(`à régler par virement au plus tard le ${formatFrenchDate(formatDay(transfer.dueOn))}`);
    expect(other.text).toContain(`en indiquant la référence ${transfer.number}`);
    expect(smtp().mails.filter((m) => m.subject.includes(collected.number))).toHaveLength(1);
  });

  it("of a penalty invoice names what it bills, not subject to VAT", async () => {
    const penalty = await db.invoice.findFirstOrThrow({ where: { kind: "PENALITES" } });
    await db.invoice.update({ where: { id: penalty.id }, data: { emailedAt: null } });
    expect(await emailIssuedInvoices()).toBe(1);
    const mail = await smtp().waitFor("compta@provence-telecom.example", new RegExp(`facture ${penalty.number} \\(pénalités de retard\\)`));
    expect(mail.text).toContain(`${formatEuros(penalty.totalTtcCents)}, non soumis à TVA.`);
    expect(mail.text).not.toContain("TTC");
  });
});
