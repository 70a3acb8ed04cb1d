// Reminders (SPEC §13, art. 8.6.1): a returned debit and an overdue transfer are each reminded once, the day they
// become unpaid, naming the suspension day; a new return restarts them; an account on hold gets none; the emails go
// to the account owner's billing contacts and administrators, and its reseller's administrators.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { importBankStatement } from "@/lib/server/bank-statements";
import { sendReminders } from "@/lib/server/reminders";
import { runJob } from "@/lib/server/jobs";
import { deliverQueued, queueMails } from "@/lib/server/mail";
import nodemailer from "nodemailer";
import { addDays, formatDay, formatFrenchDate, parseDay } from "@/lib/domain/calendar-day";
import { suspensionDay } from "@/lib/domain/collections";
import { monthBounds } from "@/lib/domain/plan-change";
import { monthOf, previousMonth } from "@/lib/domain/billing";
import { parisMidnight } from "@/lib/domain/terms";
import { seedDemoWorld } from "@/prisma/demo-world";
import { camtStatement } from "../support/camt";
import { freezeClockAt, realClock, useSmtpSink } from "./support/fixtures";

const smtp = useSmtpSink(2623);
const demoMonth = monthOf(formatDay(new Date()));
const invoiceOf = (account: string, month: string) => db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: account }, periodStart: parseDay(monthBounds(month).first), kind: "FACTURE" }, include: { directDebit: true } });
let iban = "";

beforeAll(async () => {
  await seedDemoWorld(db);
  iban = (await db.operatorSettings.findFirstOrThrow()).iban;
});

afterEach(() => realClock());

describe("reminders", () => {
  it("a returned debit is reminded the day it is recorded, once, naming the day after the 8th following", async () => {
    const invoice = await invoiceOf("CC44660", previousMonth(previousMonth(demoMonth)));
    const returnedOn = addDays(formatDay(invoice.directDebit!.collectionOn), 3);
    const amount = Number(invoice.totalTtcCents);
    freezeClockAt(new Date(parisMidnight(returnedOn).getTime() + 17 * 3_600_000));
    const xml = camtStatement({ format: "camt.054", iban, messageId: "REMIND-1", entries: [{ kind: "RETURN", amountCents: amount, bookedOn: returnedOn, ref: "REMIND-R1", transactions: [{ endToEndId: invoice.number, amountCents: amount, reason: "AM04" }] }] });
    expect(await importBankStatement(xml, null)).toMatchObject({ matched: 1 });

    expect(await sendReminders(addDays(returnedOn, -1))).toBe(0);
    expect(await sendReminders(returnedOn)).toBe(1);
    const reminder = await db.reminder.findFirstOrThrow({ where: { invoiceId: invoice.id } });
    expect(formatDay(reminder.sentOn)).toBe(returnedOn);
    expect(formatDay(reminder.suspendOn)).toBe(suspensionDay(returnedOn));
    expect(formatDay(reminder.suspendOn)).toBe(addDays(returnedOn, 9));
    const [again, later] = [await sendReminders(returnedOn), await sendReminders(addDays(returnedOn, 1))];
    expect(again + later).toBe(0);

    // The owner's administrators and billing contacts, and its reseller's administrators (44660 is a client of 44000).
    const mail = await smtp().waitFor("secretariat@cabinet-oliviers.example", new RegExp(`relance — facture ${invoice.number}`));
    expect(mail.text).toContain("Provision insuffisante");
    expect(mail.text).toContain(`seront suspendues le ${formatFrenchDate(suspensionDay(returnedOn))}`);
    const to = smtp().mails.filter((m) => m.subject.includes(`relance — facture ${invoice.number}`)).flatMap((m) => m.to);
    const resellerAdmins = await db.user.findMany({ where: { companyId: 44000, role: "ADMINISTRATEUR", active: true } });
    for (const admin of resellerAdmins) expect(to).toContain(admin.email);
    expect(new Set(to).size).toBe(to.length);
  });

  it("two runs at once send each reminder once; an account on hold gets none until the hold ends", async () => {
    const invoice = await invoiceOf("CC44705", demoMonth);
    const held = await invoiceOf("CC44000-R", demoMonth);
    expect(formatDay(held.dueOn)).toBe(formatDay(invoice.dueOn));
    const day = addDays(formatDay(invoice.dueOn), 1);
    await db.accountHold.create({ data: { billingAccountId: held.billingAccountId, reason: "Échéancier accordé", until: parseDay(addDays(day, 5)), createdById: 1, createdAt: new Date() } });
    const [a, b] = await Promise.all([sendReminders(day), sendReminders(day)]);
    expect(a + b).toBe(1);
    expect(await db.reminder.count({ where: { invoiceId: invoice.id } })).toBe(1);
    expect(await db.reminder.count({ where: { invoiceId: held.id } })).toBe(0);
    expect(await sendReminders(addDays(day, 5))).toBe(0);
    // Its monthly invoice and its penalty invoice of the month (SPEC §16), due the same day.
    expect(await sendReminders(addDays(day, 6))).toBe(2);
    expect(await db.reminder.findFirstOrThrow({ where: { invoiceId: held.id } })).toMatchObject({ sentOn: parseDay(addDays(day, 6)) });
  });

  it("a run that dies after its claims loses no email: deliver-emails sends what it queued, once", async () => {
    const invoice = await invoiceOf("CC44000", demoMonth);
    const returnedOn = addDays(formatDay(invoice.directDebit!.collectionOn), 2);
    const amount = Number(invoice.totalTtcCents);
    freezeClockAt(new Date(parisMidnight(returnedOn).getTime() + 17 * 3_600_000));
    const xml = camtStatement({ format: "camt.054", iban, messageId: "REMIND-2", entries: [{ kind: "RETURN", amountCents: amount, bookedOn: returnedOn, ref: "REMIND-R2", transactions: [{ endToEndId: invoice.number, amountCents: amount, reason: "MS03" }] }] });
    expect(await importBankStatement(xml, null)).toMatchObject({ matched: 1 });
    // The run claims the reminder and queues its emails, then dies before sending them (no mailer: nothing taken).
    const holder = globalThis as unknown as { __myopenipMailer?: unknown };
    const mailer = holder.__myopenipMailer;
    holder.__myopenipMailer = null;
    try {
      expect(await sendReminders(returnedOn)).toBe(1);
    } finally {
      holder.__myopenipMailer = mailer;
    }
    const queued = await db.outgoingEmail.findMany({ where: { kind: "payment-reminder", subject: { contains: invoice.number } } });
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.filter((m) => m.claimedAt !== null || m.sentAt !== null)).toEqual([]);
    expect(await sendReminders(returnedOn)).toBe(0);

    const [a, b] = await Promise.all([runJob("deliver-emails"), runJob("deliver-emails")]);
    expect(a + b).toBe(queued.length);
    realClock();
    await smtp().waitFor("compta@provence-telecom.example", new RegExp(`relance — facture ${invoice.number}`));
    await expect.poll(() => db.outgoingEmail.count({ where: { id: { in: queued.map((m) => m.id) }, sentAt: null } })).toBe(0);
    expect(smtp().mails.filter((m) => m.subject.includes(`relance — facture ${invoice.number}`))).toHaveLength(queued.length);
    expect(await runJob("deliver-emails")).toBe(0);
  });

  it("credit waiting on the account pays an overdue invoice before it is reminded", async () => {
    const account = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC44705" } });
    const day = "2027-03-10";
    freezeClockAt(new Date(parisMidnight(day).getTime() + 6 * 3_600_000));
    const invoice = await db.invoice.create({
      data: {
        number: "F09980001", billingAccountId: account.id, issuedOn: parseDay("2027-02-01"), dueOn: parseDay("2027-03-03"), periodStart: parseDay("2027-02-01"),
        periodEnd: parseDay("2027-02-28"), totalHtCents: 5_000n, vatCents: 1_000n, totalTtcCents: 6_000n, issuedAt: parisMidnight("2027-02-01"),
      },
    });
    // Left by a transfer whose invoice was held by another import at the time, say.
    await db.payment.create({ data: { billingAccountId: account.id, invoiceId: null, kind: "VIREMENT", amountCents: 1_000_000n, receivedOn: parseDay("2027-02-20") } });
    await sendReminders(day);
    expect(await db.reminder.count({ where: { invoiceId: invoice.id } })).toBe(0);
    expect(await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ paidCents: 6_000n, paidOn: parseDay("2027-02-20") });
    // Its older invoices owed by transfer were paid first; none is left owing.
    expect(await db.invoice.count({ where: { billingAccountId: account.id, debit: { not: "PROGRAMME" }, paidCents: { lt: db.invoice.fields.totalTtcCents } } })).toBe(0);
  });

  it("a queued email the server refused is sent again by deliver-emails 15 minutes later, once", async () => {
    const at = new Date("2027-03-11T08:00:00Z");
    freezeClockAt(at);
    const [id] = await db.$transaction((tx) => queueMails(tx, [{ to: "compta@transports-giraud.example", kind: "payment-reminder", subject: "MyOpenIP : relance — essai F09980002", text: "Bonjour" }]));
    const holder = globalThis as unknown as { __myopenipMailer?: unknown };
    const mailer = holder.__myopenipMailer;
    holder.__myopenipMailer = nodemailer.createTransport("smtp://127.0.0.1:1"); // nobody listens there
    try {
      expect(await deliverQueued([id])).toBe(1);
    } finally {
      holder.__myopenipMailer = mailer;
    }
    expect(await db.outgoingEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ sentAt: null, error: expect.stringContaining("ECONNREFUSED") });
    expect(await runJob("deliver-emails")).toBe(0);
    freezeClockAt(new Date(at.getTime() + 16 * 60_000));
    expect(await runJob("deliver-emails")).toBe(1);
    expect(await db.outgoingEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ sentAt: expect.any(Date), error: null });
    realClock();
    await smtp().waitFor("compta@transports-giraud.example", /relance — essai F09980002/);
    expect(await runJob("deliver-emails")).toBe(0);
  });
});
