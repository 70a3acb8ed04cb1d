// SPEC §13: an invoice says how it is paid. Collected by direct debit (an active mandate), it is the debit's
// pre-notification (means 59, amount, collection date, RUM, ICS); otherwise (an account paying by transfer, a SEPA
// account without an active mandate) it is paid by transfer to the operator's account by its due date (means 58).
// On the demo world, through the real billing run; the Factur-X XML stays valid against the EN 16931 XSD.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { issueMonthlyInvoices } from "@/lib/server/billing-run";
import { invoiceDocument, storeMissingInvoicePdfs } from "@/lib/server/invoice-documents";
import { extractFacturXml, renderInvoicePdf } from "@/lib/server/invoice-pdf";
import { today } from "@/lib/server/clock";
import { addDays, formatDay, formatFrenchDate, parseDay } from "@/lib/domain/calendar-day";
import { monthOf, nextMonth } from "@/lib/domain/billing";
import { monthBounds } from "@/lib/domain/plan-change";
import { collectionDate } from "@/lib/domain/collections";
import { formatEuros } from "@/lib/domain/money";
import { seedDemoWorld } from "@/prisma/demo-world";
import { validateFacturX } from "./support/factur-x";

const OPERATOR_IBAN = "FR7630006000011234567890189";
const OPERATOR_ICS = "FR97ZZZ482585";

beforeAll(async () => {
  await seedDemoWorld(db);
});

const latestInvoice = (ref: string) =>
  db.invoice.findFirstOrThrow({ where: { billingAccount: { ref }, pdf: { not: null }, totalTtcCents: { gt: 0 } }, orderBy: { issuedOn: "desc" } });

/** The single value of a regex's first group in `xml`. */
function one(xml: string, pattern: RegExp): string {
  const matches = [...xml.matchAll(new RegExp(pattern.source, "g"))];
  expect(matches, pattern.source).toHaveLength(1);
  return matches[0][1];
}

function notesOf(xml: string): string[] {
  return [...xml.matchAll(/<ram:IncludedNote>\s*<ram:Content>([^<]*)<\/ram:Content>/g)].map((m) => m[1].replaceAll("&apos;", "'"));
}

/** The checks every transfer invoice passes: means 58 to the operator's account, its number as reference, no mandate. */
async function expectTransfer(invoice: { number: string; issuedOn: Date; dueOn: Date; pdf: Uint8Array | null }) {
  const xml = await extractFacturXml(invoice.pdf!);
  expect(await validateFacturX(xml)).toEqual([]);
  const means = one(xml, /<ram:SpecifiedTradeSettlementPaymentMeans>([\s\S]*?)<\/ram:SpecifiedTradeSettlementPaymentMeans>/);
  expect(one(means, /<ram:TypeCode>([^<]+)</)).toBe("58");
  expect(one(means, /<ram:IBANID>([^<]+)</)).toBe(OPERATOR_IBAN);
  expect(one(means, /<ram:BICID>([^<]+)</)).toBe("AGRIFRPPXXX");
  expect(one(xml, /<ram:PaymentReference>([^<]+)</)).toBe(invoice.number);
  expect(xml).not.toContain("DirectDebitMandateID");
  expect(xml).not.toContain("CreditorReferenceID");
  expect(xml).not.toContain("OPENIP-RUM");
  // Due 30 days after issue (the operator's setting), in the XML as in the note.
  const dueOn = addDays(formatDay(invoice.issuedOn), 30);
  expect(formatDay(invoice.dueOn)).toBe(dueOn);
  expect(one(xml, /<ram:DueDateDateTime>\s*<udt:DateTimeString format="102">(\d+)</)).toBe(dueOn.replaceAll("-", ""));
  expect(notesOf(xml)[0]).toBe(
    `Paiement par virement SEPA au plus tard le ${formatFrenchDate(dueOn)} sur le compte FR76 3000 6000 0112 3456 7890 189 (BIC AGRIFRPPXXX) ` +
      `en indiquant le numéro de facture ${invoice.number}.`,
  );
  return xml;
}

describe("the payment instructions of an issued invoice", () => {
  it("CC44660 (direct debit, active mandate): means 59, the RUM and the ICS, the pre-notification of the collection", async () => {
    const invoice = await latestInvoice("CC44660");
    const issuedOn = formatDay(invoice.issuedOn);
    expect(invoice.mandateRef).toBe("OPENIP-RUM-44660-0001");
    expect(formatDay(invoice.collectionOn!)).toBe(collectionDate(issuedOn));
    expect(invoice.dueOn).toEqual(invoice.collectionOn);

    const collectedOn = formatDay(invoice.collectionOn!);
    expect(await invoiceDocument(db, invoice.id)).toMatchObject({
      dueOn: collectedOn,
      payment: { means: "direct-debit", mandateRef: "OPENIP-RUM-44660-0001", creditorId: OPERATOR_ICS, collectionOn: collectedOn },
    });

    const xml = await extractFacturXml(invoice.pdf!);
    expect(await validateFacturX(xml)).toEqual([]);
    expect(one(xml, /<ram:SpecifiedTradeSettlementPaymentMeans>\s*<ram:TypeCode>([^<]+)</)).toBe("59");
    expect(one(xml, /<ram:DirectDebitMandateID>([^<]+)</)).toBe("OPENIP-RUM-44660-0001");
    expect(one(xml, /<ram:CreditorReferenceID>([^<]+)</)).toBe(OPERATOR_ICS);
    expect(xml).not.toContain("PayeePartyCreditorFinancialAccount");
    expect(xml).not.toContain(OPERATOR_IBAN);
    expect(one(xml, /<ram:DueDateDateTime>\s*<udt:DateTimeString format="102">(\d+)</)).toBe(collectedOn.replaceAll("-", ""));

    const notes = notesOf(xml);
    expect(notes[0]).toBe(
      `Paiement par prélèvement SEPA de ${formatEuros(invoice.totalTtcCents)} le ${formatFrenchDate(collectedOn)} ` +
        `(mandat OPENIP-RUM-44660-0001, créancier ${OPERATOR_ICS}) ; pré-notification valant avis de prélèvement (CGV art. 8.1, 8.2).`,
    );
    // The late-payment and contestation mentions stay; the old "debited at issue" sentence is gone.
    expect(notes.some((n) => n.includes("pénalités de retard") && n.includes("40 €"))).toBe(true);
    expect(notes.some((n) => n.includes("réputée acceptée (CGV art. 9.1)"))).toBe(true);
    expect(notes).toContain("Pas d'escompte pour paiement anticipé.");
    expect(xml).not.toContain("date d&apos;émission (conditions générales de vente");
  });

  it("CC44000-R (transfer): means 58, the operator's IBAN and BIC, the invoice number as reference, due 30 days after issue", async () => {
    const invoice = await latestInvoice("CC44000-R");
    expect(invoice.mandateRef).toBeNull();
    expect(invoice.collectionOn).toBeNull();
    expect((await invoiceDocument(db, invoice.id)).payment).toEqual({ means: "transfer", iban: OPERATOR_IBAN, bic: "AGRIFRPPXXX" });
    const xml = await expectTransfer(invoice);
    expect(notesOf(xml).some((n) => n.includes("pénalités de retard"))).toBe(true);
  });

  it("a SEPA account whose mandate was revoked is invoiced as paying by transfer", async () => {
    const account = await db.billingAccount.findUniqueOrThrow({ where: { ref: "CC45001" } });
    expect(account.paymentMethod).toBe("PRELEVEMENT_SEPA");
    await db.sepaMandate.updateMany({ where: { billingAccountId: account.id }, data: { state: "REVOQUE" } });
    const first = monthBounds(nextMonth(monthOf(today()))).first;
    expect(await issueMonthlyInvoices(first, { accountIds: [account.id] })).toBe(1);
    const issued = await db.invoice.findFirstOrThrow({ where: { billingAccountId: account.id, periodStart: parseDay(first) } });
    expect(await storeMissingInvoicePdfs({ invoiceIds: [issued.id] })).toEqual({ stored: 1, failed: [] });

    const invoice = await db.invoice.findUniqueOrThrow({ where: { id: issued.id } });
    expect(invoice).toMatchObject({ mandateRef: null, collectionOn: null, debit: "AUCUN" });
    expect(invoice.totalTtcCents).toBeGreaterThan(0n);
    await expectTransfer(invoice);
  });

  it("an invoice whose collection was given up before its PDF was made, and one with nothing to pay", async () => {
    const collected = await latestInvoice("CC44660");
    // The collection job turns an invoice to transfer (no usable mandate any more) by clearing its collection date.
    const copy = await db.invoice.create({
      data: {
        number: "F99999999", billingAccountId: collected.billingAccountId, issuedOn: collected.issuedOn, dueOn: collected.dueOn,
        periodStart: parseDay("2099-01-01"), periodEnd: parseDay("2099-01-31"), totalHtCents: 1000n, vatCents: 200n, totalTtcCents: 1200n,
        mandateRef: "OPENIP-RUM-44660-0001", collectionOn: null, issuedAt: collected.issuedAt,
        lines: { create: { kind: "ABONNEMENT", label: "Accès fibre", quantity: 1, amountHtCents: 1000, position: 0, endClientId: 44660 } },
      },
    });
    expect((await invoiceDocument(db, copy.id)).payment).toEqual({ means: "transfer", iban: OPERATOR_IBAN, bic: "AGRIFRPPXXX" });

    // Credits that bring an invoice to zero: nothing is collected (SPEC §13), so no payment instructions at all.
    await db.invoiceLine.create({ data: { invoiceId: copy.id, kind: "ABONNEMENT", label: "Avoir déduit", quantity: 1, amountHtCents: -1000, position: 1, endClientId: 44660 } });
    await db.invoice.update({ where: { id: copy.id }, data: { totalHtCents: 0n, vatCents: 0n, totalTtcCents: 0n } });
    const zero = await invoiceDocument(db, copy.id);
    expect(zero.payment).toBeNull();
    const xml = await extractFacturXml(await renderInvoicePdf(zero));
    expect(await validateFacturX(xml)).toEqual([]);
    expect(xml).not.toContain("SpecifiedTradeSettlementPaymentMeans");
    expect(xml).not.toContain("CreditorReferenceID");
    expect(one(xml, /<ram:SpecifiedTradePaymentTerms>\s*<ram:Description>([^<]+)</)).toBe("Aucun montant à régler.");
  });
});
