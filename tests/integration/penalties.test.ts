// Late-payment penalties (SPEC §13, §16, §17; seed 003 art. 8.6.1): the monthly run issues, per account, one penalty
// invoice (VAT category O, same gapless series, valid Factur-X) for the invoices settled late the month before;
// idempotent, safe twice at once, resumed after a crash; a missing legal rate skips the account; ADV set the rates
// and waive. The old invoices below are dated 2020 (the demo world's year of invoices is the last twelve months).
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { issueMonthlyInvoices } from "@/lib/server/billing-run";
import { issuePenaltyInvoices, penaltiesOverview, setLegalInterestRate, waivePenalties } from "@/lib/server/penalties";
import { recordPayment } from "@/lib/server/payments";
import { contestInvoice, PENALTIES_NOT_CONTESTABLE } from "@/lib/server/contestations";
import { nextNumber } from "@/lib/server/counters";
import { storeMissingInvoicePdfs } from "@/lib/server/invoice-documents";
import { extractFacturXml } from "@/lib/server/invoice-pdf";
import { today } from "@/lib/server/clock";
import { addDays, formatDay, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { invoiceNumber, lastDayOf, monthOf, nextMonth } from "@/lib/domain/billing";
import { monthBounds } from "@/lib/domain/plan-change";
import { collectionDate, dueDate } from "@/lib/domain/collections";
import { halfYearStart, invoicePenalty, notSubjectToVatViolations, type PenaltyPayment } from "@/lib/domain/penalties";
import { DomainError } from "@/lib/domain/errors";
import { seedDemoWorld } from "@/prisma/demo-world";
import { rejectionOf } from "./support/fixtures";
import { validateFacturX } from "./support/factur-x";
import { pageText } from "./support/pdf-text";
import { vatFactsFromCii } from "./support/cii-vat";

const actorOf = async (identifier: string, universe: string | null = null): Promise<Actor> =>
  (await loadActor((await db.user.findUniqueOrThrow({ where: { identifier } })).id, null, universe))!;
const accountOf = (ref: string) => db.billingAccount.findUniqueOrThrow({ where: { ref } });
const isNotFound = (error: unknown) => String((error as { digest?: string })?.digest ?? "").includes("404");
const first = (month: string) => monthBounds(month).first;

let adv: Actor;
let terms: { preNotificationDays: number; transferPaymentDays: number };

beforeAll(async () => {
  await seedDemoWorld(db);
  adv = await actorOf("E-0000000001");
  const settings = await db.operatorSettings.findFirstOrThrow();
  terms = { preNotificationDays: settings.preNotificationDays, transferPaymentDays: settings.transferPaymentDays };
});

afterEach(() => vi.restoreAllMocks());

/** Every issued number, sorted: gapless means exactly F00000001 … F0000000n, the counter's value. */
async function expectGapless() {
  const numbers = (await db.invoice.findMany({ select: { number: true }, orderBy: { number: "asc" } })).map((i) => Number(i.number.slice(1)));
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  expect((await db.counter.findUniqueOrThrow({ where: { name: "invoice" } })).value).toBe(numbers.length);
}

let oldPeriods = 0;
/** An invoice of an old month of its own (from 2010), numbered from the series' counter, already sent. */
async function oldInvoice(ref: string, dueOn: CalendarDay, totalTtcCents: number) {
  const account = await accountOf(ref);
  const k = oldPeriods++;
  const month = `${2010 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
  const ht = Math.round(totalTtcCents / 1.2);
  return db.$transaction(async (tx) =>
    tx.invoice.create({
      data: {
        number: invoiceNumber(await nextNumber(tx, "invoice")), billingAccountId: account.id, issuedOn: parseDay(addDays(dueOn, -30)), dueOn: parseDay(dueOn),
        periodStart: parseDay(first(month)), periodEnd: parseDay(lastDayOf(month)), totalHtCents: ht, vatCents: totalTtcCents - ht, totalTtcCents,
        issuedAt: new Date(), emailedAt: new Date(), pdf: new Uint8Array(Buffer.from("%PDF-1.4\n%%EOF\n")),
      },
    }),
  );
}

async function pay(invoiceId: number, ...payments: PenaltyPayment[]) {
  await db.$transaction(async (tx) => {
    for (const p of payments) await recordPayment(tx, { invoiceId, kind: p.kind, amountCents: BigInt(p.amountCents), receivedOn: p.receivedOn, reference: "test" });
  });
}

const penaltyInvoicesOf = (ref: string, periodStart: CalendarDay) =>
  db.invoice.findMany({ where: { billingAccount: { ref }, kind: "PENALITES", periodStart: parseDay(periodStart) }, include: { lines: { orderBy: { position: "asc" } }, penalized: true } });

describe("the demo world (SPEC §16)", () => {
  it("has CC44000-R's invoice paid late last month on this month's penalty invoice, whose Factur-X is valid and not subject to VAT", async () => {
    const [penalty, ...others] = await db.invoice.findMany({ where: { kind: "PENALITES" }, include: { lines: { orderBy: { position: "asc" } }, penalized: { include: { payments: true } }, billingAccount: true } });
    expect(others).toHaveLength(0);
    expect(penalty.billingAccount.ref).toBe("CC44000-R");
    expect(formatDay(penalty.issuedOn)).toBe(first(monthOf(today())));
    expect(formatDay(penalty.periodStart)).toBe(first(monthOf(today())));
    expect(penalty.number).toBe(invoiceNumber((await db.invoice.count({ where: { kind: "FACTURE" } })) + 1));
    const [late] = penalty.penalized;
    expect(monthOf(formatDay(late.paidOn!))).toBe(monthOf(addDays(first(monthOf(today())), -1)));
    const rate = await db.legalInterestRate.findUniqueOrThrow({ where: { halfYearStart: parseDay(halfYearStart(formatDay(late.dueOn))) } });
    const expected = invoicePenalty({
      dueOn: formatDay(late.dueOn), totalTtcCents: late.totalTtcCents, legalRateBp: rate.rateBp,
      payments: late.payments.map((p) => ({ kind: p.kind, amountCents: p.amountCents, receivedOn: formatDay(p.receivedOn) })),
    })!;
    expect(expected.portions[0].days).toBe(15);
    expect(penalty.lines.map((l) => [l.kind, l.amountHtCents, l.vatRateBp])).toEqual([["PENALITES_RETARD", expected.interestCents, 0], ["INDEMNITE_RECOUVREMENT", 4000, 0]]);
    expect(penalty.lines[0].label).toContain(`facture ${late.number} : 15 jours`);
    expect(penalty).toMatchObject({ totalHtCents: BigInt(expected.totalCents), vatCents: 0n, totalTtcCents: BigInt(expected.totalCents), mandateRef: null, debit: "AUCUN" });
    expect(formatDay(penalty.dueOn)).toBe(dueDate(formatDay(penalty.issuedOn), { collected: false, transferDays: terms.transferPaymentDays }));
    expect(await db.auditEvent.count({ where: { action: "invoice.issue", targetId: penalty.number } })).toBe(1);
    await expectGapless();

    const xml = await extractFacturXml(penalty.pdf!);
    expect(await validateFacturX(xml)).toEqual([]);
    expect(notSubjectToVatViolations(vatFactsFromCii(xml))).toEqual([]);
    expect(vatFactsFromCii(xml)).toMatchObject({ sellerVatId: null, buyerVatId: null, breakdown: [{ category: "O", ratePercent: null, taxCents: 0, exemptionReason: "Non soumis à TVA", exemptionReasonCode: "VATEX-EU-O" }] });
    expect(xml).not.toContain('schemeID="VA"');
    expect(xml).not.toContain("<ram:RateApplicablePercent>");
    // The buyer identified by its SIREN (BT-47, scheme 0002), the seller by its SIRET (BT-30, 0009).
    const owner = await db.company.findUniqueOrThrow({ where: { id: 44000 } });
    expect(xml).toContain(`<ram:ID schemeID="0002">${owner.siret.slice(0, 9)}</ram:ID>`);
    expect(xml).toMatch(/<ram:ID schemeID="0009">\d{14}<\/ram:ID>/);
    const text = await pageText(penalty.pdf!);
    expect(text).toContain(`Pénalités de retard N° ${penalty.number}`);
    expect(text).toContain("TVA non applicable");
    expect(text).toContain(`Indemnité forfaitaire pour frais de recouvrement — facture ${late.number}`);
    expect(text).not.toMatch(/TVA 20|N° TVA/);
  });
});

describe("the penalty run", () => {
  it("SPEC's example: one penalty invoice per account, 5,92 € + 40,00 € per late invoice, next numbers of the series; a re-run issues nothing", async () => {
    await setLegalInterestRate(adv, { year: "2020", half: "S1", rate: "3,15" }); // 3 × 3,15 % < 12 %: 12 %
    const simple = await oldInvoice("CC44000-R", "2020-04-07", 120_000);
    await pay(simple.id, { kind: "VIREMENT", amountCents: 120_000, receivedOn: "2020-04-22" });
    // Collected 07/04, returned 10/04, transfer 22/04: 15 days on 1 200 €.
    const returned = await oldInvoice("CC44000-R", "2020-04-07", 120_000);
    await pay(returned.id, { kind: "PRELEVEMENT", amountCents: 120_000, receivedOn: "2020-04-07" }, { kind: "REJET", amountCents: -120_000, receivedOn: "2020-04-10" }, { kind: "VIREMENT", amountCents: 120_000, receivedOn: "2020-04-22" });
    const collected = await oldInvoice("CC45001", "2020-04-07", 120_000);
    await pay(collected.id, { kind: "VIREMENT", amountCents: 50_000, receivedOn: "2020-04-07" }, { kind: "VIREMENT", amountCents: 70_000, receivedOn: "2020-04-22" });
    const onTime = await oldInvoice("CC45001", "2020-04-07", 30_000);
    await pay(onTime.id, { kind: "PRELEVEMENT", amountCents: 30_000, receivedOn: "2020-04-07" });
    const waived = await oldInvoice("CC44660", "2020-04-07", 60_000);
    await pay(waived.id, { kind: "VIREMENT", amountCents: 60_000, receivedOn: "2020-04-30" });
    expect(await waivePenalties(adv, waived.number, "Geste commercial : retard de la banque")).toBe(waived.number);
    // Settled in May: next month's run.
    const nextRun = await oldInvoice("CC44660", "2020-04-07", 60_000);
    await pay(nextRun.id, { kind: "VIREMENT", amountCents: 60_000, receivedOn: "2020-05-02" });

    const counter = (await db.counter.findUniqueOrThrow({ where: { name: "invoice" } })).value;
    expect(await issuePenaltyInvoices("2020-05-01")).toBe(2);
    const [reseller] = await penaltyInvoicesOf("CC44000-R", "2020-05-01");
    const [msp] = await penaltyInvoicesOf("CC45001", "2020-05-01");
    expect([reseller.number, msp.number].sort()).toEqual([invoiceNumber(counter + 1), invoiceNumber(counter + 2)]);
    expect(await penaltyInvoicesOf("CC44660", "2020-05-01")).toEqual([]);

    expect(reseller.lines.map((l) => [l.kind, l.amountHtCents, l.vatRateBp])).toEqual([
      ["PENALITES_RETARD", 592, 0], ["INDEMNITE_RECOUVREMENT", 4000, 0], ["PENALITES_RETARD", 592, 0], ["INDEMNITE_RECOUVREMENT", 4000, 0],
    ]);
    expect(reseller.lines[0].label).toBe(`Pénalités de retard — facture ${simple.number} : 15 jours au taux de 12\u00A0%`);
    expect(reseller.lines[2].detail).toBe("Échéance le 07/04/2020 ; 1\u00A0200,00\u00A0€ reçus le 22/04/2020 × 12\u00A0% × 15 j / 365 = 5,92\u00A0€");
    expect(reseller).toMatchObject({ kind: "PENALITES", totalHtCents: 9184n, vatCents: 0n, totalTtcCents: 9184n, debit: "AUCUN", collectionOn: null, mandateRef: null });
    expect(formatDay(reseller.issuedOn)).toBe("2020-05-01");
    expect(formatDay(reseller.periodEnd)).toBe("2020-05-31");
    expect(formatDay(reseller.dueOn)).toBe(dueDate("2020-05-01", { collected: false, transferDays: terms.transferPaymentDays }));
    expect(reseller.penalized.map((i) => i.number).sort()).toEqual([simple.number, returned.number].sort());

    // CC45001 pays by direct debit: its penalty invoice is collected like its other invoices. 700 € × 12 % × 15 / 365 = 3,45 €.
    expect(msp.lines.map((l) => [l.kind, l.amountHtCents])).toEqual([["PENALITES_RETARD", 345], ["INDEMNITE_RECOUVREMENT", 4000]]);
    const collectedOn = collectionDate("2020-05-01", terms.preNotificationDays);
    expect(msp).toMatchObject({ totalTtcCents: 4345n, debit: "PROGRAMME", mandateRef: "OPENIP-RUM-45001-0001" });
    expect(formatDay(msp.dueOn)).toBe(collectedOn);
    expect(formatDay(msp.collectionOn!)).toBe(collectedOn);
    expect(msp.penalized.map((i) => i.number)).toEqual([collected.number]);
    for (const invoice of [onTime, waived, nextRun]) expect((await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).penaltyInvoiceId).toBeNull();
    const audits = await db.auditEvent.findMany({ where: { action: "invoice.issue", targetId: { in: [reseller.number, msp.number] } } });
    expect(audits.map((a) => (a.details as { kind: string }).kind)).toEqual(["PENALITES", "PENALITES"]);

    expect(await issuePenaltyInvoices("2020-05-01")).toBe(0);
    expect(await issuePenaltyInvoices("2020-05-20")).toBe(0);
    await expectGapless();

    // Its Factur-X: XSD-valid, category O rules kept, the debit announced (a pre-notification like any invoice).
    expect(await storeMissingInvoicePdfs({ invoiceIds: [msp.id] })).toEqual({ stored: 1, failed: [] });
    const pdf = (await db.invoice.findUniqueOrThrow({ where: { id: msp.id } })).pdf!;
    const xml = await extractFacturXml(pdf);
    expect(await validateFacturX(xml)).toEqual([]);
    expect(notSubjectToVatViolations(vatFactsFromCii(xml))).toEqual([]);
    expect(vatFactsFromCii(xml).lines.map((l) => [l.category, l.ratePercent, l.netCents])).toEqual([["O", null, 345], ["O", null, 4000]]);
    expect(xml).toContain("<ram:CreditorReferenceID>FR97ZZZ482585</ram:CreditorReferenceID>");
    const text = await pageText(pdf);
    expect(text).toContain("Prélèvement SEPA — RUM OPENIP-RUM-45001-0001");
    expect(text).toContain("Net à payer 43,45 €");
  });

  it("skips an account whose half-year has no legal rate, with a message naming it, and bills the others; the next run bills it once the rate is set", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const missing = await oldInvoice("CC44000-R", "2020-09-15", 100_000); // 2nd half of 2020: no rate yet
    await pay(missing.id, { kind: "VIREMENT", amountCents: 100_000, receivedOn: "2020-10-05" });
    const known = await oldInvoice("CC45001", "2020-06-20", 100_000);
    await pay(known.id, { kind: "VIREMENT", amountCents: 100_000, receivedOn: "2020-10-02" });

    // CC45001's, and CC44660's invoice settled in May that no run billed since: a late settlement is never lost.
    expect(await issuePenaltyInvoices("2020-11-01")).toBe(2);
    expect(await penaltyInvoicesOf("CC45001", "2020-11-01")).toHaveLength(1);
    expect((await penaltyInvoicesOf("CC44660", "2020-11-01"))[0].penalized.map((i) => formatDay(i.paidOn!))).toEqual(["2020-05-02"]);
    expect(await penaltyInvoicesOf("CC44000-R", "2020-11-01")).toEqual([]);
    const message = errors.mock.calls.map((c) => String(c[0])).find((m) => m.includes("CC44000-R"));
    expect(message).toContain("taux d'intérêt légal manquant pour le 2e semestre 2020");

    await setLegalInterestRate(adv, { year: "2020", half: "S2", rate: "4,5" }); // 3 × 4,5 % = 13,5 %
    expect(await issuePenaltyInvoices("2020-11-05")).toBe(1);
    const [billed] = await penaltyInvoicesOf("CC44000-R", "2020-11-01");
    // 1 000 € × 13,5 % × 20 / 365 = 7,397… → 7,40 €
    expect(billed.lines.map((l) => [l.label, l.amountHtCents])).toEqual([
      [`Pénalités de retard — facture ${missing.number} : 20 jours au taux de 13,50\u00A0%`, 740],
      [`Indemnité forfaitaire pour frais de recouvrement — facture ${missing.number}`, 4000],
    ]);
    await expectGapless();
  });

  it("two runs at once issue each account's penalty invoice once, without a gap", async () => {
    for (const ref of ["CC44000-R", "CC45001", "CC44660"]) {
      const invoice = await oldInvoice(ref, "2020-06-05", 24_000);
      await pay(invoice.id, { kind: "VIREMENT", amountCents: 24_000, receivedOn: "2020-06-25" });
    }
    const [a, b] = await Promise.all([issuePenaltyInvoices("2020-07-01"), issuePenaltyInvoices("2020-07-01")]);
    expect(a + b).toBe(3);
    for (const ref of ["CC44000-R", "CC45001", "CC44660"]) expect(await penaltyInvoicesOf(ref, "2020-07-01"), ref).toHaveLength(1);
    await expectGapless();
  });

  it("a run killed after an account leaves whole invoices and no gap; run again, it bills the rest once", async () => {
    const late = [];
    for (const ref of ["CC44000-R", "CC45001"]) {
      const invoice = await oldInvoice(ref, "2020-06-26", 36_500); // the 1st half of 2020: 12 %
      await pay(invoice.id, { kind: "CHEQUE", amountCents: 36_500, receivedOn: "2020-07-06" });
      late.push(invoice);
    }
    let committed = 0;
    const crash = issuePenaltyInvoices("2020-08-01", {
      beforeCommit: () => {
        if (++committed === 2) throw new Error("killed");
      },
    });
    expect(String(await rejectionOf(crash))).toContain("killed");
    expect(await db.invoice.count({ where: { kind: "PENALITES", periodStart: parseDay("2020-08-01") } })).toBe(1);
    expect((await db.invoice.findUniqueOrThrow({ where: { id: late[1].id } })).penaltyInvoiceId).toBeNull();
    await expectGapless();
    expect(await issuePenaltyInvoices("2020-08-01")).toBe(1);
    for (const invoice of late) expect((await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).penaltyInvoiceId).not.toBeNull();
    // 365 € × 12 % × 10 / 365 = 1,20 €
    const [invoice] = await penaltyInvoicesOf("CC45001", "2020-08-01");
    expect(invoice.totalTtcCents).toBe(4120n);
    await expectGapless();
  });

  it("a penalty invoice of the month never stops its monthly invoice, which still carries the credit of the monthly invoice before", async () => {
    const month = monthOf(today());
    const next = nextMonth(month);
    const account = await accountOf("CC44000-R");
    // CC44000-R already has this month's penalty invoice (the demo): the monthly invoice before next month's is this month's.
    expect(await db.invoice.count({ where: { billingAccountId: account.id, periodStart: parseDay(first(month)) } })).toBe(2);
    const current = await db.invoice.findFirstOrThrow({ where: { billingAccountId: account.id, periodStart: parseDay(first(month)), kind: "FACTURE" } });
    await db.invoice.update({ where: { id: current.id }, data: { creditCarriedCents: 1234n } });
    const late = await oldInvoice("CC44000-R", addDays(first(month), -10), 60_000);
    await pay(late.id, { kind: "VIREMENT", amountCents: 60_000, receivedOn: first(month) });

    // The penalties first: the monthly run must not take them for the month's invoice.
    expect(await issuePenaltyInvoices(first(next), { accountIds: [account.id] })).toBe(1);
    expect(await issueMonthlyInvoices(first(next), { accountIds: [account.id] })).toBe(1);
    const invoices = await db.invoice.findMany({ where: { billingAccountId: account.id, periodStart: parseDay(first(next)) }, include: { lines: true }, orderBy: { id: "asc" } });
    expect(invoices.map((i) => i.kind)).toEqual(["PENALITES", "FACTURE"]);
    const carried = invoices[1].lines.find((l) => l.label.startsWith("Crédit reporté"));
    expect(carried).toMatchObject({ label: `Crédit reporté de la facture ${current.number}`, amountHtCents: -1234 });
    expect(invoices[1].lines.every((l) => l.vatRateBp === 2000)).toBe(true);
    expect(await issueMonthlyInvoices(first(next), { accountIds: [account.id] })).toBe(0);
    expect(await issuePenaltyInvoices(first(next), { accountIds: [account.id] })).toBe(0);
    await expectGapless();
  });
});

describe("ADV: legal rates, the invoices paid late, waivers", () => {
  it("lists the invoices settled late since last month, to bill, waived or billed, with the rate that applies", async () => {
    const billedDemo = await db.invoice.findFirstOrThrow({ where: { penaltyInvoice: { kind: "PENALITES", periodStart: parseDay(first(monthOf(today()))) }, billingAccount: { ref: "CC44000-R" } }, include: { penaltyInvoice: true } });
    const toBill = await oldInvoice("CC45001", addDays(today(), -40), 100_000);
    await pay(toBill.id, { kind: "VIREMENT", amountCents: 100_000, receivedOn: today() });
    const noRate = await oldInvoice("CC44660", "2019-03-01", 10_000);
    await pay(noRate.id, { kind: "VIREMENT", amountCents: 10_000, receivedOn: today() });

    const overview = await penaltiesOverview(adv);
    const row = (number: string) => overview.invoices.find((r) => r.number === number);
    expect(row(billedDemo.number)).toMatchObject({ status: "FACTUREE", penaltyInvoice: billedDemo.penaltyInvoice!.number, accountRef: "CC44000-R", days: 15 });
    expect(row(toBill.number)).toMatchObject({ status: "A_FACTURER", days: 40, billedBy: first(nextMonth(monthOf(today()))), waiver: null });
    expect(row(toBill.number)!.penalty!.indemnityCents).toBe(4000);
    expect(row(noRate.number)).toMatchObject({ status: "A_FACTURER", penalty: null, halfYear: "2019-01-01" });
    expect(overview.missingHalfYears).toEqual(["2019-01-01"]);
    expect(overview.rates.map((r) => r.halfYearStart)).toContain(halfYearStart(today()));

    // Waive: a reason of 3 to 300 characters; once; never an invoice paid on time or already billed.
    const refused = await rejectionOf(waivePenalties(adv, toBill.number, " a "));
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).fieldErrors).toEqual({ reason: ["Indiquez le motif (3 caractères au moins)."] });
    expect((await rejectionOf(waivePenalties(adv, toBill.number, "x".repeat(301))) as DomainError).fieldErrors).toEqual({ reason: ["Le motif a au plus 300 caractères."] });
    expect(await waivePenalties(adv, toBill.number.toLowerCase(), "  Retard dû à notre changement de banque  ")).toBe(toBill.number);
    expect(await db.penaltyWaiver.findUniqueOrThrow({ where: { invoiceId: toBill.id } })).toMatchObject({ reason: "Retard dû à notre changement de banque", createdById: adv.userId });
    expect(await db.auditEvent.count({ where: { action: "invoice.penalty-waive", targetId: toBill.number, actorId: adv.userId } })).toBe(1);
    expect(String(await rejectionOf(waivePenalties(adv, toBill.number, "Encore une fois")))).toContain("sont déjà abandonnées");
    expect(String(await rejectionOf(waivePenalties(adv, billedDemo.number, "Trop tard")))).toContain(`déjà facturées (facture ${billedDemo.penaltyInvoice!.number})`);
    const onTime = await db.invoice.findFirstOrThrow({ where: { kind: "FACTURE", paidOn: { not: null }, billingAccount: { ref: "CC44660" }, penaltyInvoiceId: null, penaltyWaiver: null, issuedOn: { gt: parseDay("2021-01-01") } } });
    expect(String(await rejectionOf(waivePenalties(adv, onTime.number, "Pas de retard")))).toContain("n'a pas été payée en retard");
    expect((await penaltiesOverview(adv)).invoices.find((r) => r.number === toBill.number)).toMatchObject({ status: "RENONCEE", waiver: { reason: "Retard dû à notre changement de banque", by: "Charlotte M. (E-0000000001)" } });
    // The run skips the waived invoice.
    expect(await issuePenaltyInvoices(first(nextMonth(monthOf(today()))), { accountIds: [(await accountOf("CC45001")).id] })).toBe(0);
  });

  it("sets a half-year's legal rate (year, S1/S2, \"7,21\"), audited; refuses bad input in French, per field", async () => {
    expect(await setLegalInterestRate(adv, { year: "2018", half: "S2", rate: "7,21" })).toEqual({ halfYearStart: "2018-07-01", rateBp: 721 });
    expect(await setLegalInterestRate(adv, { year: "2018", half: "S2", rate: "0,86 %" })).toEqual({ halfYearStart: "2018-07-01", rateBp: 86 });
    expect(await db.legalInterestRate.findUniqueOrThrow({ where: { halfYearStart: parseDay("2018-07-01") } })).toMatchObject({ rateBp: 86, updatedById: adv.userId });
    const audits = await db.auditEvent.findMany({ where: { action: "penalty.legal-rate", targetId: "2018-07-01" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.details)).toEqual([
      { halfYear: "2e semestre 2018", rateBp: 721, previousRateBp: null },
      { halfYear: "2e semestre 2018", rateBp: 86, previousRateBp: 721 },
    ]);
    const fields = async (input: { year: string; half: string; rate: string }) => ((await rejectionOf(setLegalInterestRate(adv, input))) as DomainError).fieldErrors;
    expect(await fields({ year: "18", half: "S2", rate: "25" })).toEqual({
      year: ["Indiquez l'année sur 4 chiffres, entre 2000 et 2099 (par exemple 2026)."],
      rate: ["Le taux doit être compris entre 0 et 20 %."],
    });
    expect(await fields({ year: "2018", half: "S3", rate: "sept" })).toEqual({
      half: ["Choisissez le semestre : S1 (janvier à juin) ou S2 (juillet à décembre)."],
      rate: ["Indiquez le taux en pourcentage, par exemple 7,21."],
    });
    expect((await db.legalInterestRate.findUniqueOrThrow({ where: { halfYearStart: parseDay("2018-07-01") } })).rateBp).toBe(86);
  });

  it("is ADV's: support staff and customers get not found", async () => {
    for (const actor of [await actorOf("E-0000000002"), await actorOf("E-0000000003", "REVENDEUR"), await actorOf("E-0000000004")]) {
      expect(isNotFound(await rejectionOf(penaltiesOverview(actor)))).toBe(true);
      expect(isNotFound(await rejectionOf(setLegalInterestRate(actor, { year: "2017", half: "S1", rate: "1" })))).toBe(true);
      expect(isNotFound(await rejectionOf(waivePenalties(actor, "F00000001", "Intrusion")))).toBe(true);
    }
    expect(await db.legalInterestRate.count({ where: { halfYearStart: parseDay("2017-01-01") } })).toBe(0);
  });
});

describe("a penalty invoice contested", () => {
  it("is refused online with a French message, and nothing changes (its credit note would be deducted at 20 % VAT)", async () => {
    const penalty = await db.invoice.findFirstOrThrow({ where: { kind: "PENALITES", billingAccount: { ref: "CC44000-R" } }, orderBy: { id: "asc" } });
    const reseller = await actorOf("E-0000000003", "REVENDEUR");
    const refusal = await rejectionOf(contestInvoice(reseller, penalty.number, "Le virement est parti à temps, la banque l'a retardé."));
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).message).toBe(PENALTIES_NOT_CONTESTABLE);
    expect(await db.contestation.count({ where: { invoiceId: penalty.id } })).toBe(0);
    expect((await db.invoice.findUniqueOrThrow({ where: { id: penalty.id } })).state).toBe("EMISE");
  });
});
