// Bank statements and payments (SPEC §13, issue 33) on the demo world: collections confirmed per transaction and per
// batch, a return that makes the invoice *Impayée* and bills the rejection fee once on the next invoice and is never
// presented again, transfers matched by invoice number (partial, overpaid), unmatched entries assigned by ADV, hand
// entries; re-imports and two imports at once record each entry once; bad files change nothing.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { importBankStatement } from "@/lib/server/bank-statements";
import { assignBankEntry, listEntriesToAssign, recordManualPayment } from "@/lib/server/payments";
import { collectDirectDebits } from "@/lib/server/direct-debits";
import { issueMonthlyInvoices } from "@/lib/server/billing-run";
import { DomainError } from "@/lib/domain/errors";
import { formatDay, parseDay } from "@/lib/domain/calendar-day";
import { collectionDate, fileDeadline, invoicePaymentState } from "@/lib/domain/collections";
import { monthBounds } from "@/lib/domain/plan-change";
import { monthOf, nextMonth } from "@/lib/domain/billing";
import { parisMidnight } from "@/lib/domain/terms";
import { seedDemoWorld } from "@/prisma/demo-world";
import { camtStatement, type SampleEntry } from "../support/camt";
import { freezeClockAt, realClock, rejectionOf } from "./support/fixtures";

const at = (day: string, hour = 9) => new Date(parisMidnight(day).getTime() + hour * 3_600_000);
const actorOf = async (identifier: string): Promise<Actor> => (await loadActor((await db.user.findUniqueOrThrow({ where: { identifier } })).id, null, null))!;
let iban = "";
let adv: Actor;
let sequence = 0;
const statement = (entries: SampleEntry[], format: "camt.053" | "camt.054" = "camt.053") => camtStatement({ format, iban, messageId: `TEST-${++sequence}`, entries });
const ref = () => `REF-${++sequence}`;
const invoiceOf = (account: string, month: string) => db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: account }, periodStart: parseDay(monthBounds(month).first) }, include: { directDebit: true } });
const reload = (id: number) => db.invoice.findUniqueOrThrow({ where: { id } });
const stateOf = async (id: number, day: string) => invoicePaymentState(await reload(id), day);
const demoMonth = monthOf(formatDay(new Date()));

beforeAll(async () => {
  await seedDemoWorld(db);
  iban = (await db.operatorSettings.findFirstOrThrow()).iban;
  adv = await actorOf("E-0000000001");
});

afterEach(() => realClock());

describe("collections", () => {
  it("a batch booked as one entry confirms each of its debits; re-importing changes nothing", async () => {
    const file = await db.directDebitFile.findFirstOrThrow({ orderBy: { collectionOn: "desc" }, include: { debits: { include: { invoice: true } } } });
    const on = formatDay(file.collectionOn);
    const total = file.debits.reduce((sum, d) => sum + Number(d.amountCents), 0);
    const xml = statement([{ kind: "COLLECTION", amountCents: total, bookedOn: on, ref: ref(), batch: { pmtInfId: file.debits[0].paymentInfoId, count: file.debits.length } }]);
    expect(await importBankStatement(xml, adv.userId)).toEqual({ recorded: 1, alreadyImported: 0, matched: 1, toAssign: 0, ignored: 0, errors: [] });
    for (const d of file.debits) {
      expect(await reload(d.invoiceId)).toMatchObject({ paidCents: d.amountCents, paidOn: file.collectionOn });
      expect(await stateOf(d.invoiceId, on)).toBe("PAYEE");
    }
    const payments = await db.payment.count();
    expect(await importBankStatement(xml, adv.userId)).toMatchObject({ recorded: 0, alreadyImported: 1, matched: 0, errors: [] });
    expect(await db.payment.count()).toBe(payments);
  });
});

describe("a return, then the next month", () => {
  it("makes the invoice Impayée with its reason in French, bills the rejection fee once, and is never presented again", async () => {
    const invoice = await invoiceOf("CC44660", demoMonth);
    const on = formatDay(invoice.collectionOn!);
    const xml = statement([{ kind: "RETURN", amountCents: Number(invoice.totalTtcCents), bookedOn: on, ref: ref(), transactions: [{ endToEndId: invoice.number, amountCents: Number(invoice.totalTtcCents), reason: "AM04" }] }], "camt.054");
    expect(await importBankStatement(xml, adv.userId)).toMatchObject({ recorded: 1, matched: 1, errors: [] });
    expect(await reload(invoice.id)).toMatchObject({ paidCents: 0n, paidOn: null, debit: "REJETE" });
    expect(await stateOf(invoice.id, on)).toBe("IMPAYEE");
    const rejection = await db.payment.findFirstOrThrow({ where: { invoiceId: invoice.id, kind: "REJET" } });
    expect(rejection).toMatchObject({ amountCents: -invoice.totalTtcCents, reasonCode: "AM04", reason: "Provision insuffisante" });
    // The demo's own return of last month (SPEC §16) waits beside it with its fee.
    const feeOf = { billingAccountId: invoice.billingAccountId, label: { contains: invoice.number } };
    const fee = await db.pendingCharge.findFirstOrThrow({ where: feeOf });
    expect(fee).toMatchObject({ amountHtCents: 1500, invoiceId: null });
    expect(fee.label).toContain(invoice.number);
    expect(await importBankStatement(xml, adv.userId)).toMatchObject({ recorded: 0, alreadyImported: 1 });
    expect(await db.pendingCharge.count({ where: feeOf })).toBe(1);

    // The next month's invoice bills the fee once; the returned invoice is not in the next file.
    const month = nextMonth(demoMonth);
    const first = monthBounds(month).first;
    freezeClockAt(at(first, 6));
    await issueMonthlyInvoices(first);
    const next = await invoiceOf("CC44660", month);
    const lines = await db.invoiceLine.findMany({ where: { invoiceId: next.id, kind: "FRAIS_UNIQUES" } });
    expect(lines.filter((l) => l.label.startsWith("Frais de rejet de prélèvement") && l.label.includes(invoice.number))).toMatchObject([{ amountHtCents: 1500, endClientId: 44660 }]);
    expect(await db.pendingCharge.findUniqueOrThrow({ where: { id: fee.id } })).toMatchObject({ invoiceId: next.id });
    freezeClockAt(at(fileDeadline(collectionDate(first, 5))));
    await collectDirectDebits(fileDeadline(collectionDate(first, 5)));
    expect(await db.directDebit.count({ where: { invoiceId: invoice.id } })).toBe(1);
    expect(await reload(invoice.id)).toMatchObject({ debit: "REJETE" });
  });

  it("a collection confirmed per transaction, by EndToEndId", async () => {
    const month = nextMonth(demoMonth);
    const invoice = await invoiceOf("CC44000", month);
    const on = formatDay(invoice.directDebit!.collectionOn);
    const amount = Number(invoice.directDebit!.amountCents);
    const xml = statement([{ kind: "COLLECTION", amountCents: amount, bookedOn: on, ref: ref(), transactions: [{ endToEndId: invoice.number, pmtInfId: invoice.directDebit!.paymentInfoId, amountCents: amount }] }]);
    expect(await importBankStatement(xml, adv.userId)).toMatchObject({ matched: 1, errors: [] });
    expect(await stateOf(invoice.id, on)).toBe("PAYEE");
  });
});

describe("a return imported before its collection", () => {
  it("credits the debit once and takes it back: nothing owed is lost, the later collection entry adds nothing", async () => {
    const invoice = await invoiceOf("CC45001", nextMonth(demoMonth));
    const on = formatDay(invoice.directDebit!.collectionOn);
    const amount = Number(invoice.totalTtcCents);
    const refund = statement([{ kind: "RETURN", amountCents: amount, bookedOn: on, ref: ref(), transactions: [{ endToEndId: invoice.number, amountCents: amount, reason: "MD06" }] }], "camt.054");
    expect(await importBankStatement(refund, adv.userId)).toMatchObject({ matched: 1, errors: [] });
    expect(await reload(invoice.id)).toMatchObject({ paidCents: 0n, debit: "REJETE" });
    expect((await db.payment.findMany({ where: { invoiceId: invoice.id }, orderBy: { id: "asc" } })).map((p) => [p.kind, p.amountCents, p.reason])).toEqual([
      ["PRELEVEMENT", invoice.totalTtcCents, null],
      ["REJET", -invoice.totalTtcCents, "Remboursement"],
    ]);
    const collection = statement([{ kind: "COLLECTION", amountCents: amount, bookedOn: on, ref: ref(), transactions: [{ endToEndId: invoice.number, amountCents: amount }] }]);
    expect(await importBankStatement(collection, adv.userId)).toMatchObject({ matched: 1, errors: [] });
    expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(2);
    expect(await stateOf(invoice.id, on)).toBe("IMPAYEE");
    freezeClockAt(at("2030-01-01"));
    await recordManualPayment(adv, { invoice: invoice.number, kind: "VIREMENT", amount: (amount / 100).toFixed(2).replace(".", ","), receivedOn: "2029-12-31", reference: "", requestKey: "late-transfer-0123456789" });
    expect(await stateOf(invoice.id, "2029-12-31")).toBe("PAYEE");
  });

  it("a return naming an invoice that was never presented waits for ADV", async () => {
    const invoice = await invoiceOf("CC44705", demoMonth);
    const xml = statement([{ kind: "RETURN", amountCents: 999, bookedOn: "2026-12-05", ref: ref(), transactions: [{ endToEndId: invoice.number, amountCents: 999, reason: "AC04" }] }], "camt.054");
    const outcome = await importBankStatement(xml, adv.userId);
    expect(outcome).toMatchObject({ toAssign: 1, matched: 0 });
    expect(outcome.errors[0]).toContain(`aucun prélèvement présenté pour la facture ${invoice.number}`);
  });
});

describe("transfers", () => {
  it("matched by the invoice number in the remittance: partly, then in full with an overpayment credited to the account", async () => {
    const invoice = await invoiceOf("CC44705", demoMonth);
    const total = Number(invoice.totalTtcCents);
    const day = formatDay(invoice.issuedOn).slice(0, 8) + "10";
    const part = statement([{ kind: "TRANSFER", amountCents: 1000, bookedOn: day, ref: ref(), transactions: [{ amountCents: 1000, remittance: `REGLT FACT ${invoice.number.toLowerCase()} ACOMPTE`, party: "TRANSPORTS GIRAUD" }] }]);
    expect(await importBankStatement(part, adv.userId)).toMatchObject({ matched: 1, errors: [] });
    expect(await stateOf(invoice.id, day)).toBe("PARTIELLEMENT_PAYEE");
    const rest = statement([{ kind: "TRANSFER", amountCents: total - 1000 + 2500, bookedOn: day, ref: ref(), transactions: [{ amountCents: total - 1000 + 2500, remittance: `Facture ${invoice.number}` }] }]);
    expect(await importBankStatement(rest, adv.userId)).toMatchObject({ matched: 1, errors: [] });
    expect(await reload(invoice.id)).toMatchObject({ paidCents: invoice.totalTtcCents, paidOn: parseDay(day) });
    // The 25 € beyond it are credit, which pays at once the account's next invoice, owed by transfer (SPEC §17).
    const next = await invoiceOf("CC44705", nextMonth(demoMonth));
    expect(await db.payment.findMany({ where: { billingAccountId: invoice.billingAccountId, OR: [{ invoiceId: null }, { invoiceId: next.id }] }, select: { invoiceId: true, amountCents: true, kind: true } })).toEqual([
      { invoiceId: next.id, amountCents: 2500n, kind: "VIREMENT" },
    ]);
  });

  it("an unknown invoice is named, the entry waits for ADV, who assign it; the valid entries are recorded", async () => {
    const invoice = await invoiceOf("CC44000-R", demoMonth);
    const day = formatDay(invoice.issuedOn).slice(0, 8) + "11";
    const xml = statement([
      { kind: "TRANSFER", amountCents: 5000, bookedOn: day, ref: ref(), transactions: [{ amountCents: 5000, remittance: "FACTURE F99999999", party: "SARL INCONNUE" }] },
      { kind: "TRANSFER", amountCents: Number(invoice.totalTtcCents), bookedOn: day, ref: ref(), transactions: [{ amountCents: Number(invoice.totalTtcCents), remittance: "virement mensuel", party: "PROVENCE TELECOM" }] },
      { kind: "FEE", amountCents: 350, bookedOn: day, ref: ref() },
    ]);
    const outcome = await importBankStatement(xml, adv.userId);
    expect(outcome).toMatchObject({ recorded: 3, matched: 0, toAssign: 2, ignored: 1 });
    expect(outcome.errors[0]).toMatch(/^Écriture n° 1 \(réf\. REF-\d+\) : facture F99999999 inconnue ; 50,00\s€ à affecter/);
    expect(outcome.errors[1]).toMatch(/^Écriture n° 2 .*aucune facture reconnue/);
    const waiting = await listEntriesToAssign(adv);
    expect(waiting.map((e) => e.label)).toEqual(expect.arrayContaining([expect.stringContaining("SARL INCONNUE"), expect.stringContaining("PROVENCE TELECOM")]));
    const entry = waiting.find((e) => e.label.includes("PROVENCE TELECOM"))!;
    expect(String((await rejectionOf(assignBankEntry(await actorOf("E-0000000003"), entry.id, invoice.number)) as { digest?: string }).digest)).toContain("404");
    await assignBankEntry(adv, entry.id, invoice.number);
    expect(await stateOf(invoice.id, day)).toBe("PAYEE");
    expect(String(await rejectionOf(assignBankEntry(adv, entry.id, invoice.number)))).toContain("déjà été traitée");
    expect(await db.bankEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ state: "AFFECTEE", unassignedCents: 0n });
  });
});

describe("bad files", () => {
  it("not XML, not camt, another account: a French message and nothing recorded", async () => {
    const entries = await db.bankEntry.count();
    expect((await importBankStatement("hello", adv.userId)).errors).toEqual(["Ce fichier n'est pas un fichier XML lisible."]);
    expect((await importBankStatement("<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.008.001.02\"/>", adv.userId)).errors[0]).toContain("camt");
    const other = camtStatement({ iban: "FR7630004000031234567890143", messageId: "OTHER", entries: [{ kind: "TRANSFER", amountCents: 100, bookedOn: "2026-12-01", ref: ref(), transactions: [{ amountCents: 100 }] }] });
    expect((await importBankStatement(other, adv.userId)).errors[0]).toMatch(/^Ce relevé est celui du compte FR76 3000 4000 0312 3456 7890 143, qui n'est pas le compte d'encaissement/);
    expect(await db.bankEntry.count()).toBe(entries);
  });

  it("an entry whose transactions do not add up is named and left out; the others are recorded", async () => {
    const invoice = await invoiceOf("CC45001", demoMonth);
    const xml = statement([
      { kind: "TRANSFER", amountCents: 12000, bookedOn: "2026-12-02", ref: ref(), transactions: [{ amountCents: 11000, remittance: `Facture ${invoice.number}` }] },
      { kind: "FEE", amountCents: 120, bookedOn: "2026-12-02", ref: ref() },
    ]);
    const outcome = await importBankStatement(xml, adv.userId);
    expect(outcome).toMatchObject({ recorded: 1, ignored: 1 });
    expect(outcome.errors).toEqual([expect.stringMatching(/^Écriture n° 1 .*120,00\s€.*110,00\s€/)]);
    expect(await db.payment.count({ where: { invoiceId: invoice.id, reference: { contains: "Facture" } } })).toBe(0);
  });

  it("two imports of one file at once record each entry once", async () => {
    const invoice = await invoiceOf("CC44705", nextMonth(demoMonth));
    const xml = statement([{ kind: "TRANSFER", amountCents: 700, bookedOn: "2026-12-03", ref: ref(), transactions: [{ amountCents: 700, remittance: invoice.number }] }]);
    const [a, b] = await Promise.all([importBankStatement(xml, adv.userId), importBankStatement(xml, adv.userId)]);
    expect(a.recorded + b.recorded).toBe(1);
    // Beside the 25 € of credit the transfers above left on it.
    expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(2);
    expect((await reload(invoice.id)).paidCents).toBe(2500n + 700n);
  });
});

describe("payments recorded by hand", () => {
  const form = (invoice: string, extra: Partial<Parameters<typeof recordManualPayment>[1]> = {}) => ({
    invoice, kind: "CHEQUE", amount: "10,00", receivedOn: "2026-12-04", reference: "Chèque 1234567", requestKey: `key-${++sequence}-abcdefghijklmnop`, ...extra,
  });

  it("refuses 0, a negative amount, an unknown invoice, a future date, and anyone but ADV; records a double click once", async () => {
    const invoice = await invoiceOf("CC44705", nextMonth(demoMonth));
    freezeClockAt(at("2026-12-07"));
    const fields = async (promise: Promise<unknown>) => ((await rejectionOf(promise)) as DomainError).fieldErrors;
    expect(await fields(recordManualPayment(adv, form(invoice.number, { amount: "0" })))).toEqual({ amount: ["Le montant doit être supérieur à 0."] });
    expect(await fields(recordManualPayment(adv, form(invoice.number, { amount: "-5" })))).toEqual({ amount: ["Le montant ne peut pas être négatif."] });
    expect(await fields(recordManualPayment(adv, form("F99999999")))).toEqual({ invoice: ["La facture F99999999 n'existe pas."] });
    expect(await fields(recordManualPayment(adv, form(invoice.number, { receivedOn: "2026-12-08" })))).toEqual({ receivedOn: ["La date de réception ne peut pas être dans le futur."] });
    for (const other of ["E-0000000004", "E-0000000003"]) {
      expect(String((await rejectionOf(recordManualPayment(await actorOf(other), form(invoice.number))) as { digest?: string }).digest)).toContain("404");
    }
    expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(2);

    const once = form(invoice.number, { amount: "12,34" });
    const [a, b] = await Promise.all([recordManualPayment(adv, once), recordManualPayment(adv, once).catch(() => ({ duplicate: true }))]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(3);
    expect((await reload(invoice.id)).paidCents).toBe(2500n + 700n + 1234n);
    expect(await db.auditEvent.count({ where: { action: "payment.record", targetId: invoice.number } })).toBe(1);
  });
});

describe("credit waiting on the account (SPEC §17)", () => {
  const paidInvoiceOf = (account: string) => db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: account }, paidOn: { not: null }, kind: "FACTURE" }, orderBy: { dueOn: "asc" } });
  const creditOf = async (accountId: number) => (await db.payment.aggregate({ where: { billingAccountId: accountId, invoiceId: null }, _sum: { amountCents: true } }))._sum.amountCents ?? 0n;

  it("pays at once a returned invoice when it arrives: the demo's Impayée invoice is settled and its reminders stop", async () => {
    const returned = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" }, debit: "REJETE" }, orderBy: { dueOn: "asc" } });
    expect(returned.paidCents).toBe(0n);
    const older = await paidInvoiceOf("CC44660");
    const today = formatDay(new Date());
    // A cheque for an invoice already paid: all of it is credit, and the credit pays the oldest invoice owed.
    const amount = returned.totalTtcCents + 700n;
    await recordManualPayment(adv, { invoice: older.number, kind: "CHEQUE", amount: (Number(amount) / 100).toFixed(2).replace(".", ","), receivedOn: today, reference: "", requestKey: `credit-${++sequence}-abcdefghijklmnop` });
    expect(await reload(returned.id)).toMatchObject({ paidCents: returned.totalTtcCents });
    expect(await stateOf(returned.id, today)).toBe("PAYEE");
    expect(await reload(older.id)).toMatchObject({ paidCents: older.totalTtcCents });
    // What is left goes to the next invoice owed outside a debit, else waits.
    const owedRest = await db.invoice.findMany({ where: { billingAccountId: returned.billingAccountId, debit: { not: "PROGRAMME" }, paidCents: { gt: 0n } }, select: { id: true, totalTtcCents: true, paidCents: true } });
    const paidFromRest = owedRest.filter((i) => i.id !== returned.id && i.id !== older.id && i.paidCents < i.totalTtcCents).reduce((s, i) => s + i.paidCents, 0n);
    expect(paidFromRest + (await creditOf(returned.billingAccountId))).toBe(700n);
  });

  it("pays a debit returned while credit waits, in the import of the return", async () => {
    const invoice = await invoiceOf("CC44000", nextMonth(demoMonth));
    expect(invoice.paidCents).toBe(invoice.totalTtcCents);
    const today = formatDay(new Date());
    await recordManualPayment(adv, { invoice: (await paidInvoiceOf("CC44000")).number, kind: "VIREMENT", amount: "50,00", receivedOn: today, reference: "", requestKey: `credit-${++sequence}-abcdefghijklmnop` });
    expect(await creditOf(invoice.billingAccountId)).toBe(5000n);
    const amount = Number(invoice.totalTtcCents);
    const on = formatDay(invoice.directDebit!.collectionOn);
    const xml = statement([{ kind: "RETURN", amountCents: amount, bookedOn: on, ref: ref(), transactions: [{ endToEndId: invoice.number, amountCents: amount, reason: "AM04" }] }], "camt.054");
    expect(await importBankStatement(xml, adv.userId)).toMatchObject({ matched: 1, errors: [] });
    expect(await reload(invoice.id)).toMatchObject({ debit: "REJETE", paidCents: 5000n });
    expect(await creditOf(invoice.billingAccountId)).toBe(0n);
  });
});
