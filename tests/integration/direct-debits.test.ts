// The collection run (SPEC §13, issue 33): each invoice of an account with an active mandate goes once into the
// pain.008 file of its collection date, written when the date's deadline comes, valid against the XSD; idempotent,
// two runs at once, a killed run, a late run that moves the date (and tells the customer), a revoked mandate, a
// change of bank (SMNDA), the files written for the bank, the download by ADV only.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { issueMonthlyInvoices } from "@/lib/server/billing-run";
import { accountsWithoutMandate, collectDirectDebits, directDebitFileResponse, lastDateDueBy } from "@/lib/server/direct-debits";
import { pain008Errors } from "@/lib/server/pain008";
import { getInvoice, listInvoices, parseInvoiceQuery } from "@/lib/server/invoices";
import { emailIssuedInvoices } from "@/lib/server/invoice-emails";
import { storeMissingInvoicePdfs } from "@/lib/server/invoice-documents";
import { formatEuros } from "@/lib/domain/money";
import { addDays, formatDay, formatFrenchDate, parseDay } from "@/lib/domain/calendar-day";
import { collectionDate, fileDeadline } from "@/lib/domain/collections";
import { monthBounds } from "@/lib/domain/plan-change";
import { monthOf, nextMonth } from "@/lib/domain/billing";
import { parisMidnight } from "@/lib/domain/terms";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf, useSmtpSink } from "./support/fixtures";

const smtp = useSmtpSink(2621);
const at = (day: string, hour = 7) => new Date(parisMidnight(day).getTime() + hour * 3_600_000);
const actorOf = async (identifier: string): Promise<Actor> => (await loadActor((await db.user.findUniqueOrThrow({ where: { identifier } })).id, null, null))!;
const SEPA_ACCOUNTS = ["CC44000", "CC44660", "CC45001"];

/** The month after the demo's, and so on: each test bills its own month. */
let month = monthOf(formatDay(new Date()));
async function billNextMonth() {
  month = nextMonth(month);
  const first = monthBounds(month).first;
  freezeClockAt(at(first, 6));
  await issueMonthlyInvoices(first);
  const invoices = await db.invoice.findMany({ where: { periodStart: parseDay(first) }, include: { billingAccount: true } });
  return { first, invoices, collected: invoices.filter((i) => i.mandateRef !== null) };
}

async function run(asOf: string, options: Parameters<typeof collectDirectDebits>[1] = {}) {
  freezeClockAt(at(asOf));
  return collectDirectDebits(asOf, options);
}

async function expectEachInvoiceInOneFileAtMost() {
  const debits = await db.directDebit.findMany({ select: { invoiceId: true } });
  expect(new Set(debits.map((d) => d.invoiceId)).size).toBe(debits.length);
}

beforeAll(async () => {
  await seedDemoWorld(db);
});

afterEach(() => realClock());

describe("the demo year", () => {
  it("collected every invoice of the SEPA accounts once, in files valid against the ISO 20022 schema", async () => {
    const files = await db.directDebitFile.findMany({ orderBy: { id: "asc" }, include: { debits: { include: { invoice: { include: { billingAccount: true } } } } } });
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const file of files) {
      expect(await pain008Errors(file.xml)).toEqual([]);
      expect(file.count).toBe(file.debits.length);
      expect(file.totalCents).toBe(file.debits.reduce((sum, d) => sum + d.amountCents, 0n));
      expect(file.debits.map((d) => d.invoice.billingAccount.ref).sort()).toEqual(SEPA_ACCOUNTS);
      for (const d of file.debits) {
        expect(file.xml).toContain(`<EndToEndId>${d.invoice.number}</EndToEndId>`);
        expect(formatDay(d.collectionOn)).toBe(formatDay(d.invoice.collectionOn!));
      }
    }
    // The demo mandates were used before the demo year (their last collection is set): RCUR throughout.
    expect(files.every((f) => f.debits.every((d) => d.sequenceType === "RCUR"))).toBe(true);
    await expectEachInvoiceInOneFileAtMost();
    const transfer = await db.invoice.findMany({ where: { billingAccount: { paymentMethod: "VIREMENT" } } });
    expect(transfer.every((i) => i.mandateRef === null && i.collectionOn === null && i.debit === "AUCUN")).toBe(true);
    expect(transfer.every((i) => formatDay(i.dueOn) === addDays(formatDay(i.issuedOn), 30))).toBe(true);
  });
});

describe("a month's collection", () => {
  it("waits for the deadline, then writes one file for the date; a second run changes nothing", async () => {
    const { first, collected } = await billNextMonth();
    expect(collected.map((i) => i.billingAccount.ref).sort()).toEqual(SEPA_ACCOUNTS);
    const on = collectionDate(first, 5);
    for (const invoice of collected) {
      expect(formatDay(invoice.collectionOn!)).toBe(on);
      expect(formatDay(invoice.dueOn)).toBe(on);
      expect(invoice.debit).toBe("PROGRAMME");
    }
    const deadline = fileDeadline(on);
    expect(await run(addDays(deadline, -1))).toEqual({ files: 0, debits: 0, moved: 0, toTransfer: 0, refused: [] });
    expect(lastDateDueBy(deadline) >= on).toBe(true);

    expect(await run(deadline)).toEqual({ files: 1, debits: 3, moved: 0, toTransfer: 0, refused: [] });
    const file = await db.directDebitFile.findFirstOrThrow({ where: { collectionOn: parseDay(on) }, include: { debits: true } });
    expect(file.messageId).toMatch(new RegExp(`^PRLV-${on.replaceAll("-", "")}-\\d{6}$`));
    expect(file.xml).toContain(`<ReqdColltnDt>${on}</ReqdColltnDt>`);
    expect(file.xml).toContain("<Cd>CORE</Cd>");
    expect(file.xml).toContain("<Id>FR97ZZZ482585</Id>");
    expect(await pain008Errors(file.xml)).toEqual([]);
    const stored = file.xml;

    expect(await run(deadline)).toEqual({ files: 0, debits: 0, moved: 0, toTransfer: 0, refused: [] });
    expect(await run(on)).toEqual({ files: 0, debits: 0, moved: 0, toTransfer: 0, refused: [] });
    expect((await db.directDebitFile.findUniqueOrThrow({ where: { id: file.id } })).xml).toBe(stored);

    // The client reads it on its invoice: announced, presented, not yet paid.
    const client = await actorOf("E-0000000004");
    const mine = collected.find((i) => i.billingAccount.ref === "CC44660")!;
    const { invoice } = await getInvoice(client, mine.number);
    expect(invoice.paymentState).toBe("PRELEVEMENT_PROGRAMME");
    expect(invoice.directDebit).toMatchObject({ amountCents: mine.totalTtcCents });
    const listed = await listInvoices(client, parseInvoiceQuery({ state: "PRELEVEMENT_PROGRAMME" }));
    expect(listed.rows.map((r) => r.number)).toContain(mine.number);
    expect(listed.rows.every((r) => r.paymentState === "PRELEVEMENT_PROGRAMME")).toBe(true);
  });

  it("two runs at once put each invoice in one file", async () => {
    const { first } = await billNextMonth();
    const deadline = fileDeadline(collectionDate(first, 5));
    freezeClockAt(at(deadline));
    const [a, b] = await Promise.all([collectDirectDebits(deadline), collectDirectDebits(deadline)]);
    expect(a.debits + b.debits).toBe(3);
    expect(await db.directDebit.count({ where: { collectionOn: parseDay(collectionDate(first, 5)) } })).toBe(3);
    await expectEachInvoiceInOneFileAtMost();
  });

  it("a run killed before it commits leaves nothing; the next one writes the file", async () => {
    const { first } = await billNextMonth();
    const on = collectionDate(first, 5);
    const filesBefore = await db.directDebitFile.count();
    const killed = run(fileDeadline(on), { beforeCommit: () => { throw new Error("killed"); } });
    expect(String(await rejectionOf(killed))).toContain("killed");
    expect(await db.directDebitFile.count()).toBe(filesBefore);
    expect(await db.directDebit.count({ where: { collectionOn: parseDay(on) } })).toBe(0);
    expect(await run(fileDeadline(on))).toMatchObject({ files: 1, debits: 3 });
    await expectEachInvoiceInOneFileAtMost();
  });

  it("a late run moves the collection to the first date it can still meet, and tells the customer", async () => {
    const { first, collected } = await billNextMonth();
    const planned = collectionDate(first, 5);
    const late = addDays(fileDeadline(planned), 1);
    const result = await run(late);
    expect(result).toMatchObject({ files: 1, debits: 3, moved: 3 });
    const file = await db.directDebitFile.findFirstOrThrow({ orderBy: { id: "desc" } });
    const movedTo = formatDay(file.collectionOn);
    expect(movedTo > planned).toBe(true);
    expect(fileDeadline(movedTo) >= late).toBe(true);
    expect(fileDeadline(addDays(movedTo, -1)) < late || movedTo === planned).toBe(true);
    // Its due date moves with it: the operator's delay makes no one late (no penalty, no reminder).
    for (const invoice of collected) expect(await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ collectionOn: parseDay(movedTo), dueOn: parseDay(movedTo) });
    const mail = await smtp().waitFor("secretariat@cabinet-oliviers.example", /prélèvement de la facture .* reporté/);
    expect(mail.text).toContain(collected.find((i) => i.billingAccount.ref === "CC44660")!.number);
  });

  it("an invoice whose mandate was revoked is left to pay by transfer; a change of bank is presented FRST with SMNDA", async () => {
    const { first, collected } = await billNextMonth();
    const on = collectionDate(first, 5);
    await db.sepaMandate.updateMany({ where: { billingAccount: { ref: "CC45001" } }, data: { state: "REVOQUE", revokedAt: at(first) } });
    const mandate = await db.sepaMandate.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" }, state: "ACTIF" } });
    // Moved to another bank (La Banque Postale): the bank must be told the original debtor agent is unknown.
    await db.sepaMandate.update({ where: { id: mandate.id }, data: { amendedFromIban: mandate.iban, amendedFromBic: mandate.bic, iban: "FR1420041010050500013M02606", bic: "PSSTFRPPMAR" } });

    expect(await run(fileDeadline(on))).toMatchObject({ files: 1, debits: 2, toTransfer: 1 });
    const revoked = await db.invoice.findUniqueOrThrow({ where: { id: collected.find((i) => i.billingAccount.ref === "CC45001")!.id } });
    expect(revoked).toMatchObject({ debit: "AUCUN", collectionOn: null });
    // Payable by transfer now: due no earlier than a transfer would be, and the customer is told how to pay.
    expect(formatDay(revoked.dueOn) >= addDays(first, 30)).toBe(true);
    const told = await smtp().waitFor("factures@alpes-reseaux.example", /à régler par virement/);
    expect(told.text).toContain(`au plus tard le ${formatFrenchDate(formatDay(revoked.dueOn))}`);
    // ADV see the account in the *Mandat manquant* list (SPEC §17); nobody else sees the list.
    expect((await accountsWithoutMandate(await actorOf("E-0000000001"))).map((a) => a.ref)).toContain("CC45001");
    expect(String(((await rejectionOf(accountsWithoutMandate(await actorOf("E-0000000003")))) as { digest?: string }).digest)).toContain("404");
    const file = await db.directDebitFile.findFirstOrThrow({ orderBy: { id: "desc" }, include: { debits: true } });
    expect(await pain008Errors(file.xml)).toEqual([]);
    expect(file.debits.find((d) => d.mandateId === mandate.id)?.sequenceType).toBe("FRST");
    expect(file.xml).toContain("<AmdmntInd>true</AmdmntInd>");
    expect(file.xml).toMatch(/<OrgnlDbtrAgt>\s*<FinInstnId>\s*<Othr>\s*<Id>SMNDA<\/Id>/);
    expect(await db.sepaMandate.findUniqueOrThrow({ where: { id: mandate.id } })).toMatchObject({ amendedFromIban: null, lastCollectionOn: parseDay(on) });
  });
});

describe("an account credit (SPEC §17)", () => {
  it("pays the next invoice at issue: its email announces the smaller debit, the file debits it; a larger one pays it and waits", async () => {
    const [small, large] = await Promise.all(["CC44660", "CC44000"].map((ref) => db.billingAccount.findUniqueOrThrow({ where: { ref } })));
    const credit = (accountId: number, amountCents: bigint) =>
      db.payment.create({ data: { billingAccountId: accountId, invoiceId: null, kind: "VIREMENT", amountCents, receivedOn: parseDay(formatDay(new Date())), reference: "TROP-PERCU" } });
    await credit(small.id, 1_000n);
    await credit(large.id, 10_000_000n);
    const { first, collected } = await billNextMonth();
    const [smallInvoice, largeInvoice] = [small, large].map((a) => collected.find((i) => i.billingAccountId === a.id)!);
    expect(smallInvoice.paidCents).toBe(1_000n);
    expect(largeInvoice.paidCents).toBe(largeInvoice.totalTtcCents);
    const left = await db.payment.findMany({ where: { billingAccountId: { in: [small.id, large.id] }, invoiceId: null, amountCents: { gt: 0 } } });
    expect(left.map((p) => [p.billingAccountId, p.amountCents])).toEqual([[large.id, 10_000_000n - largeInvoice.totalTtcCents]]);

    // The pre-notification names what will be debited.
    await storeMissingInvoicePdfs();
    realClock();
    await emailIssuedInvoices();
    const mail = await smtp().waitFor("secretariat@cabinet-oliviers.example", new RegExp(`facture ${smallInvoice.number}`));
    expect(mail.text).toContain("Le crédit de votre compte en règle 10,00\u00A0€.");
    expect(mail.text).toContain(`Pré-notification de prélèvement SEPA : ${formatEuros(smallInvoice.totalTtcCents - 1_000n)} seront prélevés`);

    const deadline = fileDeadline(collectionDate(first, 5));
    const [a, b] = await Promise.all([run(deadline), run(deadline)]);
    // Every invoice of the month but the one its credit paid.
    expect(a.debits + b.debits).toBe(collected.length - 1);
    const debits = await db.directDebit.findMany({ where: { invoiceId: { in: [smallInvoice.id, largeInvoice.id] } } });
    expect(debits.map((d) => [d.invoiceId, d.amountCents])).toEqual([[smallInvoice.id, smallInvoice.totalTtcCents - 1_000n]]);
    const file = await db.directDebitFile.findUniqueOrThrow({ where: { id: debits[0].fileId } });
    expect(file.xml).toContain(`<InstdAmt Ccy="EUR">${((Number(smallInvoice.totalTtcCents) - 1_000) / 100).toFixed(2)}</InstdAmt>`);
    expect(await db.invoice.findUniqueOrThrow({ where: { id: largeInvoice.id } })).toMatchObject({ paidCents: largeInvoice.totalTtcCents, debit: "AUCUN" });
    await expectEachInvoiceInOneFileAtMost();
    // Refunded to the customer, say: the next tests' invoices are collected in full.
    await db.payment.deleteMany({ where: { billingAccountId: large.id, invoiceId: null } });
  });
});

describe("a debit the bank would refuse", () => {
  it("is set aside and said, and every other debit is collected", async () => {
    const { first, collected } = await billNextMonth();
    const on = collectionDate(first, 5);
    const mandate = await db.sepaMandate.findFirstOrThrow({ where: { billingAccount: { ref: "CC44000" }, state: "ACTIF" } });
    await db.sepaMandate.update({ where: { id: mandate.id }, data: { debtorName: "東京商事" } });
    const result = await run(fileDeadline(on));
    expect(result).toMatchObject({ files: 1, debits: 1 });
    const refusedInvoice = collected.find((i) => i.billingAccount.ref === "CC44000")!;
    expect(result.refused).toEqual([`${refusedInvoice.number} (mandat ${mandate.rum}) : le nom du débiteur n'a aucun caractère latin`]);
    expect(await db.directDebit.count({ where: { invoiceId: refusedInvoice.id } })).toBe(0);
    // A Swiss bank (outside the EEA) needs the debtor's address (EPC): set aside while the company has none.
    const company = await db.company.findUniqueOrThrow({ where: { id: 44000 } });
    await db.sepaMandate.update({ where: { id: mandate.id }, data: { debtorName: mandate.debtorName, iban: "CH9300762011623852957", bic: null } });
    await db.company.update({ where: { id: 44000 }, data: { street: null } });
    expect((await run(fileDeadline(on))).refused).toEqual([
      `${refusedInvoice.number} (mandat ${mandate.rum}) : banque hors EEE : l'adresse du débiteur (celle de la société) est obligatoire et incomplète`,
    ]);
    await db.company.update({ where: { id: 44000 }, data: { street: "12 boulevard Longchamp" } });
    expect(await run(fileDeadline(on))).toMatchObject({ files: 1, debits: 1 });
    const file = await db.directDebitFile.findFirstOrThrow({ where: { debits: { some: { invoiceId: refusedInvoice.id } } } });
    expect(file.xml).toMatch(new RegExp(`<PstlAdr>\\s*<Ctry>${company.country}</Ctry>\\s*<AdrLine>12 boulevard Longchamp</AdrLine>`));
    await db.company.update({ where: { id: 44000 }, data: { street: company.street } });
    await db.sepaMandate.update({ where: { id: mandate.id }, data: { iban: mandate.iban, bic: mandate.bic } });
  });
});

describe("the files, for the bank and for ADV", () => {
  it("--out writes each file of a collection to come once, and again when it went missing", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "pain008-"));
    try {
      const { first } = await billNextMonth();
      const on = collectionDate(first, 5);
      await run(fileDeadline(on), { outDir: dir });
      const file = await db.directDebitFile.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(await readdir(dir)).toEqual([`${file.messageId}.xml`]);
      expect(await readFile(path.join(dir, `${file.messageId}.xml`), "utf8")).toBe(file.xml);
      await rm(path.join(dir, `${file.messageId}.xml`));
      await run(fileDeadline(on), { outDir: dir });
      expect(await readdir(dir)).toEqual([`${file.messageId}.xml`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("ADV download a file as stored; a client or a reseller gets not found", async () => {
    const file = await db.directDebitFile.findFirstOrThrow({ orderBy: { id: "asc" } });
    const response = await directDebitFileResponse(await actorOf("E-0000000001"), file.messageId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(`${file.messageId}.xml`);
    expect(await response.text()).toBe(file.xml);
    for (const identifier of ["E-0000000004", "E-0000000003"]) {
      expect((await directDebitFileResponse(await actorOf(identifier), file.messageId)).status).toBe(404);
    }
    expect((await directDebitFileResponse(null, file.messageId)).status).toBe(404);
  });
});
