// The monthly billing run and contestations (SPEC §7, issue 8) on the demo world: a year of invoices,
// gapless numbers, idempotence, two runs at once, a crashed run resumed, a plan change's adjustment,
// Factur-X PDFs, contestations decided into credit notes deducted from the next invoice.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { loadActor, type Actor } from "@/lib/server/authz";
import { issueMonthlyInvoices, runBillingRun } from "@/lib/server/billing-run";
import { storePendingInvoicePdfs } from "@/lib/server/invoice-documents";
import { extractFacturXml } from "@/lib/server/invoice-pdf";
import { contestInvoice, decideContestation } from "@/lib/server/contestations";
import { changeResource } from "@/lib/server/line-actions";
import { csvEuros, filterErrors, listCreditNotes, listInvoices, parseCreditNoteQuery, parseInvoiceQuery } from "@/lib/server/invoices";
import { today } from "@/lib/server/clock";
import { DomainError } from "@/lib/domain/errors";
import { addDays, formatDay, parseDay } from "@/lib/domain/calendar-day";
import { monthBounds } from "@/lib/domain/plan-change";
import { monthOf, nextMonth } from "@/lib/domain/billing";
import { vatCents } from "@/lib/domain/orders";
import { parisMidnight } from "@/lib/domain/terms";
import { seedDemoWorld } from "@/prisma/demo-world";
import { freezeClockAt, realClock, rejectionOf } from "./support/fixtures";
import { validateFacturX } from "./support/factur-x";

const actorOf = async (identifier: string, universe: string | null = null): Promise<Actor> => {
  const user = await db.user.findUniqueOrThrow({ where: { identifier } });
  return (await loadActor(user.id, null, universe))!;
};
const at = (day: string, hour = 10) => new Date(parisMidnight(day).getTime() + hour * 3_600_000);

/** Every issued number, sorted: gapless means exactly F00000001 … F0000000n. */
async function expectGapless() {
  const numbers = (await db.invoice.findMany({ select: { number: true }, orderBy: { number: "asc" } })).map((i) => Number(i.number.slice(1)));
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  const counter = await db.counter.findUnique({ where: { name: "invoice" } });
  expect(counter?.value ?? 0).toBe(numbers.length);
}

async function expectConsistent(invoiceId: number) {
  const invoice = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: { lines: true } });
  const ht = invoice.lines.reduce((sum, l) => sum + l.amountHtCents, 0);
  expect(Number(invoice.totalHtCents)).toBe(ht);
  expect(ht).toBeGreaterThanOrEqual(0);
  expect(Number(invoice.vatCents)).toBe(vatCents(ht));
  expect(Number(invoice.totalTtcCents)).toBe(ht + vatCents(ht));
  return invoice;
}

const thisMonth = () => monthOf(today());
const firstOf = (month: string) => monthBounds(month).first;

let client: Actor; // E-0000000004, 44660 (billed directly)
let adv: Actor; // E-0000000001

beforeAll(async () => {
  await seedDemoWorld(db);
  client = await actorOf("E-0000000004");
  adv = await actorOf("E-0000000001");
});

afterEach(() => realClock());

describe("the demo world's year of invoices", () => {
  it("has twelve monthly invoices for 44660, consistent, gapless, each with its PDF", async () => {
    const invoices = await db.invoice.findMany({ where: { billingAccount: { ref: "CC44660" } }, orderBy: { periodStart: "asc" } });
    expect(invoices).toHaveLength(12);
    expect(formatDay(invoices[11].periodStart)).toBe(firstOf(thisMonth()));
    for (const invoice of invoices) {
      await expectConsistent(invoice.id);
      expect(invoice.pdf?.length).toBeGreaterThan(1000);
    }
    await expectGapless();
    expect(await db.invoice.count({ where: { pdf: null } })).toBe(0);
  });

  it("has a credit note from a partly accepted contestation, deducted from the next invoice", async () => {
    const note = await db.creditNote.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" } }, include: { invoice: true, appliedToInvoice: { include: { lines: true } }, contestation: true } });
    expect(note).toMatchObject({ amountHtCents: BigInt(2000), vatCents: BigInt(400), totalTtcCents: BigInt(2400) });
    expect(note.contestation?.state).toBe("ACCEPTEE_PARTIELLEMENT");
    expect(note.pdf?.length).toBeGreaterThan(1000);
    expect(note.appliedToInvoice!.periodStart.getTime()).toBeGreaterThan(note.invoice.periodStart.getTime());
    expect(note.appliedToInvoice!.lines.find((l) => l.label === `Avoir ${note.number} déduit`)?.amountHtCents).toBe(-2000);
    const numbers = (await db.creditNote.findMany({ orderBy: { number: "asc" } })).map((n) => n.number);
    expect(numbers).toEqual(["A00000001", "A00000002"]); // their own gapless series
    expect(await db.contestation.count({ where: { state: "REJETEE" } })).toBe(1);
  });

  it("issues nothing more when the run is started again for the same month", async () => {
    const before = await db.invoice.count();
    expect(await runBillingRun(today())).toBe(0);
    expect(await db.invoice.count()).toBe(before);
  });
});

describe("the lists", () => {
  it("filter invoices and credit notes by date, amount, account and end client, and say what cannot be read", async () => {
    const all = await listInvoices(client, parseInvoiceQuery({}));
    expect(all.total).toBe(12);
    const ttc = all.rows.map((r) => Number(r.totalTtcCents));
    const threshold = Math.max(...ttc);
    expect((await listInvoices(client, parseInvoiceQuery({ min: csvEuros(threshold) }))).total).toBe(ttc.filter((t) => t >= threshold).length);
    expect((await listInvoices(client, parseInvoiceQuery({ max: "0" }))).total).toBe(0);
    expect((await listInvoices(client, parseInvoiceQuery({ from: firstOf(thisMonth()) }))).total).toBe(1);
    expect((await listInvoices(client, parseInvoiceQuery({ account: "cc44660" }))).total).toBe(12);
    const bad = parseInvoiceQuery({ min: "douze", from: "2026-13-01" });
    expect((await listInvoices(client, bad)).total).toBe(0);
    expect(filterErrors(bad)).toEqual(["Date invalide : choisissez une date au format jj/mm/aaaa.", "Montant invalide : saisissez un montant en euros, par exemple 12,50."]);
    expect((await listCreditNotes(client, parseCreditNoteQuery({}))).total).toBe(1);
    expect((await listCreditNotes(client, parseCreditNoteQuery({ min: "25" }))).total).toBe(0); // 24,00 € TTC
    expect((await listCreditNotes(client, parseCreditNoteQuery({ endClient: "44660" }))).total).toBe(1);
  });
});

describe("the invoice as an e-invoice", () => {
  it("embeds a Factur-X XML valid against the EN 16931 XSD, with the invoice's number, parties and amounts", async () => {
    const invoice = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" } }, orderBy: { periodStart: "desc" }, include: { lines: true } });
    const xml = await extractFacturXml(invoice.pdf!);
    expect(await validateFacturX(xml)).toEqual([]);
    expect(xml).toContain(`<ram:ID>${invoice.number}</ram:ID>`);
    const amount = (tag: string) => new RegExp(`<ram:${tag}[^>]*>([-\\d.]+)</ram:${tag}>`).exec(xml)?.[1];
    const euros = (cents: bigint) => (Number(cents) / 100).toFixed(2);
    expect(amount("TaxBasisTotalAmount")).toBe(euros(invoice.totalHtCents));
    expect(amount("GrandTotalAmount")).toBe(euros(invoice.totalTtcCents));
    expect(amount("DuePayableAmount")).toBe(euros(invoice.totalTtcCents));
    expect(xml.match(/<ram:IncludedSupplyChainTradeLineItem>/g)).toHaveLength(invoice.lines.length);
    const buyer = await db.company.findUniqueOrThrow({ where: { id: 44660 } });
    expect(xml).toContain(`schemeID="0002">${buyer.siret.slice(0, 9)}<`);
    expect(xml).toContain("OPENIP-RUM-44660-0001");
  });
});

describe("the next month's run", () => {
  const next = () => nextMonth(thisMonth());

  it("carries a plan change of this month as an adjustment, so that the month is billed what it owed (§4 rule 6)", async () => {
    const change = addDays(firstOf(thisMonth()), 15); // the 16th
    freezeClockAt(at(change));
    const line = (await db.simResource.findUniqueOrThrow({ where: { ref: "FPC367678" }, include: { line: true } })).line!;
    expect(await changeResource(client, "FPC367678", "FPC367680")).toBe("FPC367680"); // Data 20 Go (25 €) → 50 Go (35 €)
    realClock();
    expect(await runBillingRun(firstOf(next()))).toBeGreaterThan(0);
    const invoice = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" }, periodStart: parseDay(firstOf(next())) }, include: { lines: true } });
    await expectConsistent(invoice.id);
    const ofLine = invoice.lines.filter((l) => l.mobileLineId === line.id);
    expect(ofLine.find((l) => l.kind === "ABONNEMENT" && formatDay(l.periodStart!) === firstOf(next()))?.amountHtCents).toBe(3500);
    // What every invoice billed for this month equals what the month owed: days on each plan.
    const { days } = monthBounds(thisMonth());
    const activation = formatDay(line.activatedOn);
    const start = activation > firstOf(thisMonth()) ? activation : firstOf(thisMonth());
    const on20 = Math.max(0, (Date.parse(change) - Date.parse(start)) / 86_400_000);
    const on50 = days - 15;
    const due = Math.floor((2 * (2500 * on20 + 3500 * on50) + days) / (2 * days));
    const billed = await db.invoiceLine.aggregate({ where: { mobileLineId: line.id, periodStart: parseDay(firstOf(thisMonth())), kind: { in: ["ABONNEMENT", "REGULARISATION"] } }, _sum: { amountHtCents: true } });
    expect(billed._sum.amountHtCents).toBe(due);
    await expectGapless();
  });

  it("two runs at once issue each invoice once, with gapless numbers", async () => {
    const month = nextMonth(next());
    const accounts = await db.billingAccount.count({ where: { contractedOffers: { some: { activationOn: { lt: parseDay(firstOf(month)) } } } } });
    const [a, b] = await Promise.all([issueMonthlyInvoices(firstOf(month), { batchSize: 1 }), issueMonthlyInvoices(firstOf(month), { batchSize: 1 })]);
    expect(a + b).toBe(accounts);
    expect(await db.invoice.count({ where: { periodStart: parseDay(firstOf(month)) } })).toBe(accounts);
    await storePendingInvoicePdfs();
    await expectGapless();
  });

  it("a run that crashes mid-way leaves whole batches and no gap; started again, it finishes the month", async () => {
    const month = nextMonth(nextMonth(next()));
    const crash = issueMonthlyInvoices(firstOf(month), {
      batchSize: 1,
      beforeCommit: (batch) => {
        if (batch === 2) throw new Error("killed");
      },
    });
    expect(String(await rejectionOf(crash))).toContain("killed");
    expect(await db.invoice.count({ where: { periodStart: parseDay(firstOf(month)) } })).toBe(2);
    await expectGapless();
    const rest = await runBillingRun(firstOf(month));
    expect(rest).toBeGreaterThan(0);
    await expectGapless();
    const perAccount = await db.invoice.groupBy({ by: ["billingAccountId"], where: { periodStart: parseDay(firstOf(month)) }, _count: true });
    expect(perAccount.every((g) => g._count === 1)).toBe(true);
  });

  it("loads a batch's SIM lines in slices (a batch can hold more lines than one statement takes): every line is billed", async () => {
    const month = nextMonth(nextMonth(nextMonth(next())));
    const first = parseDay(firstOf(month));
    // Three more lines beside an active one, on the same product sheet: a batch of several lines.
    const model = await db.linePlanSegment.findFirstOrThrow({ where: { endOn: null }, include: { resource: true } });
    for (let i = 1; i <= 3; i++) {
      const line = await db.mobileLine.create({ data: { msisdn: `076000000${i}`, iccid: `893301999999999999${i}`, activatedOn: parseDay(firstOf(thisMonth())) } });
      const resource = await db.simResource.create({
        data: { ref: `FPC-SLICE-${i}`, serviceId: model.resource.serviceId, productSheetId: model.resource.productSheetId, offerId: model.resource.offerId, state: "ACTIF", lineId: line.id },
      });
      await db.linePlanSegment.create({ data: { lineId: line.id, resourceId: resource.id, offerId: model.offerId, startOn: parseDay(firstOf(thisMonth())) } });
    }
    const active = await db.linePlanSegment.findMany({
      where: { startOn: { lt: first }, OR: [{ endOn: null }, { endOn: { gt: first } }] },
      select: { lineId: true },
      distinct: ["lineId"],
    });
    expect(active.length).toBeGreaterThan(1);
    expect(await issueMonthlyInvoices(firstOf(month), { lineSlice: 1 })).toBeGreaterThan(0);
    const billed = await db.invoiceLine.findMany({ where: { kind: "ABONNEMENT", mobileLineId: { not: null }, invoice: { periodStart: first } }, select: { mobileLineId: true } });
    const billedLines = new Set(billed.map((l) => l.mobileLineId));
    expect(active.filter((s) => !billedLines.has(s.lineId))).toEqual([]);
    await expectGapless();
  });
});

describe("contestations", () => {
  it("a customer contests within 30 days; staff accept in part; the credit note has its own gapless number and PDF", async () => {
    const latest = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" } }, orderBy: { periodStart: "desc" } });
    const issuedOn = formatDay(latest.issuedOn);
    freezeClockAt(at(addDays(issuedOn, 31)));
    const late = (await rejectionOf(contestInvoice(client, latest.number, "Montant du trunk SIP incorrect."))) as DomainError;
    expect(late.message).toMatch(/délai de contestation de cette facture est dépassé/);
    freezeClockAt(at(addDays(issuedOn, 30)));
    const contestation = await contestInvoice(client, latest.number, "Montant du trunk SIP incorrect.");
    expect((await db.invoice.findUniqueOrThrow({ where: { id: latest.id } })).state).toBe("CONTESTEE");
    expect(((await rejectionOf(contestInvoice(client, latest.number, "Encore une fois."))) as DomainError).message).toBe("Une contestation de cette facture est déjà en cours d'examen.");
    const tooMuch = (await rejectionOf(decideContestation(adv, contestation.id, { outcome: "ACCEPTEE_PARTIELLEMENT", amountCents: Number(latest.totalHtCents), reason: "Trop" }))) as DomainError;
    expect(tooMuch.message).toMatch(/Le montant accordé doit être compris entre 0,01/);
    expect(await db.creditNote.count()).toBe(2);
    const note = await decideContestation(adv, contestation.id, { outcome: "ACCEPTEE_PARTIELLEMENT", amountCents: 1000, reason: "Erreur de tarif confirmée." });
    expect(note?.number).toBe("A00000003");
    const stored = await db.creditNote.findUniqueOrThrow({ where: { id: note!.id } });
    expect(stored).toMatchObject({ amountHtCents: BigInt(1000), vatCents: BigInt(200), totalTtcCents: BigInt(1200), appliedToInvoiceId: null });
    const xml = await extractFacturXml(stored.pdf!);
    expect(await validateFacturX(xml)).toEqual([]);
    expect(xml).toContain("<ram:TypeCode>381</ram:TypeCode>");
    expect(xml).toContain(latest.number);
    expect((await db.invoice.findUniqueOrThrow({ where: { id: latest.id } })).state).toBe("EMISE");
    expect(await db.outgoingEmail.count({ where: { kind: "contestation-decided", to: client.email } })).toBeGreaterThan(0);
    expect(((await rejectionOf(decideContestation(adv, contestation.id, { outcome: "REJETEE", amountCents: null, reason: "Non" }))) as DomainError).message).toBe("Cette contestation a déjà été traitée.");
  });

  it("a rejection issues no credit note and tells the customer", async () => {
    const latest = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" } }, orderBy: { periodStart: "desc" } });
    freezeClockAt(at(addDays(formatDay(latest.issuedOn), 2)));
    const contestation = await contestInvoice(client, latest.number, "Je conteste la régularisation.");
    expect(await decideContestation(adv, contestation.id, { outcome: "REJETEE", amountCents: null, reason: "La régularisation correspond au changement de forfait du 16." })).toBeNull();
    expect(await db.creditNote.count()).toBe(3);
    expect((await db.contestation.findUniqueOrThrow({ where: { id: contestation.id } })).state).toBe("REJETEE");
  });

  it("staff do not contest and customers do not decide", async () => {
    const latest = await db.invoice.findFirstOrThrow({ where: { billingAccount: { ref: "CC44660" } }, orderBy: { periodStart: "desc" } });
    const isNotFound = (e: unknown) => String((e as { digest?: string })?.digest ?? "").includes("404");
    expect(isNotFound(await rejectionOf(contestInvoice(adv, latest.number, "Le personnel ne conteste pas.")))).toBe(true);
    const open = await db.contestation.create({ data: { invoiceId: latest.id, companyId: 44660, requestedById: client.userId, reason: "x", requestedAt: new Date() } });
    expect(isNotFound(await rejectionOf(decideContestation(client, open.id, { outcome: "ACCEPTEE", amountCents: null, reason: "Moi-même" })))).toBe(true);
  });
});
