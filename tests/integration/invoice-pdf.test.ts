// The Factur-X PDF of invoices and credit notes (SPEC §7): a PDF/A-3 whose embedded factur-x.xml is
// valid against the official EN 16931 XSD and carries exactly the document's figures.
import { describe, expect, it } from "vitest";
import { PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from "@cantoo/pdf-lib";
import { extractFacturXml, renderInvoicePdf, type InvoiceDocument, type InvoiceDocumentLine, type InvoicePayment } from "@/lib/server/invoice-pdf";
import { validateFacturX } from "./support/factur-x";
import { pageText } from "./support/pdf-text";

const seller: InvoiceDocument["seller"] = {
  name: "OpenIP",
  siret: "45123456700042",
  vatNumber: "FR61451234567",
  address: "12 rue de la République",
  postcode: "75011",
  city: "Paris",
  companyId: 1,
  legalMentions: ["SAS au capital de 1 250 000 €", "RCS Paris 451 234 567", "Opérateur déclaré auprès de l'ARCEP"],
};

const buyer: InvoiceDocument["buyer"] = {
  name: "Réseaux & Télécoms du Sud",
  siret: "81234567800019",
  vatNumber: "FR40812345678",
  address: "5 avenue Victor Hugo",
  postcode: "13100",
  city: "Aix-en-Provence",
  companyId: 44660,
};

const NOTES = [
  "En cas de retard de paiement, des pénalités de retard sont exigibles au taux de trois fois le taux d'intérêt légal.",
  "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €.",
  "Pas d'escompte pour paiement anticipé.",
];

function line(label: string, amountHtCents: number, quantity = 1, detail: string | null = null): InvoiceDocumentLine {
  return { label, detail, quantity, amountHtCents, vatRateBp: 2000 };
}

/** Totals the way the caller computes them: VAT 20 % once on the summed lines, rounded half up. */
function totalsOf(groups: InvoiceDocument["groups"]): InvoiceDocument["totals"] {
  const htCents = groups.flatMap((g) => g.lines).reduce((s, l) => s + l.amountHtCents, 0);
  const vatCents = Math.round((htCents * 2000) / 10_000);
  return { htCents, vatCents, ttcCents: htCents + vatCents, vatByRate: [{ rateBp: 2000, baseCents: htCents, vatCents }] };
}

const DIRECT_DEBIT: InvoicePayment = { means: "direct-debit", mandateRef: "RUM-CC44660-0001", creditorId: "FR12ZZZ123456", collectionOn: "2026-12-07" };

function invoice(groups: InvoiceDocument["groups"], overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    type: "invoice",
    number: "F2026-000123",
    issuedOn: "2026-12-01",
    // Issued Tue 01/12/2026 + 5 days = Sun 06/12 → collected Mon 07/12 (SPEC §13).
    dueOn: "2026-12-07",
    period: { start: "2026-11-01", end: "2026-11-30" },
    seller,
    buyer,
    billingAccountRef: "CC44660",
    payment: DIRECT_DEBIT,
    precedingInvoice: null,
    groups,
    totals: totalsOf(groups),
    notes: NOTES,
    ...overrides,
  };
}

const GROUPS: InvoiceDocument["groups"] = [
  {
    title: "Cabinet Médical des Oliviers — AIX-EN-PROVENCE",
    lines: [
      line("Forfait mobile Data 20 Go — 06 12 34 56 78", 1990, 1, "du 01/12/2026 au 31/12/2026"),
      line("Forfait mobile Data 20 Go — 06 98 76 54 32", 1990, 1, "du 01/12/2026 au 31/12/2026"),
      line("Ajustement changement de forfait — 06 12 34 56 78", -548, 1, "du 15/11/2026 au 30/11/2026"),
    ],
  },
  {
    title: "Pharmacie Saint-Éloi — MARSEILLE",
    lines: [
      line("Accès fibre FTTH 1 Gb/s", 4900, 1, "du 01/12/2026 au 31/12/2026"),
      // 10,00 € for 3: not a whole number of cents per unit.
      line("Numéros SDA supplémentaires", 1000, 3),
    ],
  },
];

function euros(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The single value of a regex's first group in `xml`. */
function one(xml: string, pattern: RegExp): string {
  const matches = [...xml.matchAll(new RegExp(pattern.source, "g"))];
  expect(matches, pattern.source).toHaveLength(1);
  return matches[0][1];
}

function summation(xml: string, element: string): string {
  const block = one(xml, /<ram:SpecifiedTradeSettlementHeaderMonetarySummation>([\s\S]*?)<\/ram:SpecifiedTradeSettlementHeaderMonetarySummation>/);
  return one(block, new RegExp(`<ram:${element}(?: currencyID="EUR")?>([^<]+)</ram:${element}>`));
}

function lineItems(xml: string): string[] {
  return [...xml.matchAll(/<ram:IncludedSupplyChainTradeLineItem>([\s\S]*?)<\/ram:IncludedSupplyChainTradeLineItem>/g)].map((m) => m[1]);
}

function expectTotals(xml: string, doc: InvoiceDocument): void {
  expect(summation(xml, "LineTotalAmount")).toBe(euros(doc.totals.htCents));
  expect(summation(xml, "TaxBasisTotalAmount")).toBe(euros(doc.totals.htCents));
  expect(summation(xml, "TaxTotalAmount")).toBe(euros(doc.totals.vatCents));
  expect(summation(xml, "GrandTotalAmount")).toBe(euros(doc.totals.ttcCents));
  expect(summation(xml, "DuePayableAmount")).toBe(euros(doc.totals.ttcCents));
  // BR-CO-10: the line total is the sum of the line net amounts.
  const lineCents = lineItems(xml).map((item) => Math.round(Number(one(item, /<ram:LineTotalAmount>([^<]+)<\/ram:LineTotalAmount>/)) * 100));
  expect(lineCents.reduce((s, c) => s + c, 0)).toBe(doc.totals.htCents);
  const tax = one(xml, /<ram:ApplicableHeaderTradeSettlement>[\s\S]*?<ram:ApplicableTradeTax>([\s\S]*?)<\/ram:ApplicableTradeTax>/);
  expect(one(tax, /<ram:BasisAmount>([^<]+)</)).toBe(euros(doc.totals.vatByRate[0].baseCents));
  expect(one(tax, /<ram:CalculatedAmount>([^<]+)</)).toBe(euros(doc.totals.vatByRate[0].vatCents));
  expect(one(tax, /<ram:CategoryCode>([^<]+)</)).toBe("S");
  expect(one(tax, /<ram:RateApplicablePercent>([^<]+)</)).toBe("20");
}

async function render(doc: InvoiceDocument): Promise<{ pdf: Uint8Array; xml: string }> {
  const pdf = await renderInvoicePdf(doc);
  expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-");
  const xml = await extractFacturXml(pdf);
  expect(await validateFacturX(xml)).toEqual([]);
  return { pdf, xml };
}

/** Every run of spaces (no-break ones included) as one space. */
function flat(text: string): string {
  return text.replace(/[\s\u00A0\u202F]+/g, " ");
}

/** The XMP metadata packet, which must be well-formed UTF-8. */
function xmpOf(pdf: PDFDocument): string {
  const stream = pdf.catalog.lookup(PDFName.of("Metadata"));
  if (!(stream instanceof PDFRawStream)) throw new Error("no XMP metadata");
  return new TextDecoder("utf-8", { fatal: true }).decode(decodePDFRawStream(stream).decode());
}

describe("renderInvoicePdf", () => {
  it("produces a Factur-X EN 16931 invoice whose XML carries the document", async () => {
    const doc = invoice(GROUPS);
    const { pdf, xml } = await render(doc);

    expect(one(xml, /<rsm:ExchangedDocument>\s*<ram:ID>([^<]+)<\/ram:ID>/)).toBe("F2026-000123");
    expect(one(xml, /<ram:TypeCode>(38\d)<\/ram:TypeCode>/)).toBe("380");
    expect(one(xml, /<ram:IssueDateTime>\s*<udt:DateTimeString format="102">(\d+)<\/udt:DateTimeString>/)).toBe("20261201");
    expect(one(xml, /<ram:DueDateDateTime>\s*<udt:DateTimeString format="102">(\d+)</)).toBe("20261207");
    expect(one(xml, /<ram:GuidelineSpecifiedDocumentContextParameter>\s*<ram:ID>([^<]+)</)).toBe("urn:cen.eu:en16931:2017");
    // The French reform's category of operation: services (BT-23 "cadre de facturation" S1).
    expect(one(xml, /<ram:BusinessProcessSpecifiedDocumentContextParameter>\s*<ram:ID>([^<]+)</)).toBe("S1");
    expect(one(xml, /<ram:InvoiceCurrencyCode>([^<]+)</)).toBe("EUR");
    expect(one(xml, /<ram:BuyerReference>([^<]+)</)).toBe("CC44660");
    expect(one(xml, /<ram:BillingSpecifiedPeriod>\s*<ram:StartDateTime>\s*<udt:DateTimeString format="102">(\d+)</)).toBe("20261101");
    expect(one(xml, /<ram:EndDateTime>\s*<udt:DateTimeString format="102">(\d+)</)).toBe("20261130");

    const sellerXml = one(xml, /<ram:SellerTradeParty>([\s\S]*?)<\/ram:SellerTradeParty>/);
    expect(one(sellerXml, /<ram:Name>([^<]+)</)).toBe("OpenIP");
    expect(one(sellerXml, /<ram:SpecifiedLegalOrganization>\s*<ram:ID schemeID="0009">([^<]+)</)).toBe(seller.siret);
    expect(one(sellerXml, /<ram:SpecifiedTaxRegistration>\s*<ram:ID schemeID="VA">([^<]+)</)).toBe(seller.vatNumber);
    expect(one(sellerXml, /<ram:Description>([^<]+)</)).toContain("RCS Paris 451 234 567");
    expect(one(sellerXml, /<ram:CountryID>([^<]+)</)).toBe("FR");

    const buyerXml = one(xml, /<ram:BuyerTradeParty>([\s\S]*?)<\/ram:BuyerTradeParty>/);
    expect(one(buyerXml, /<ram:Name>([^<]+)</)).toBe("Réseaux &amp; Télécoms du Sud");
    expect(one(buyerXml, /<ram:SpecifiedLegalOrganization>\s*<ram:ID schemeID="0002">([^<]+)</)).toBe("812345678");
    expect(one(buyerXml, /<ram:SpecifiedTaxRegistration>\s*<ram:ID schemeID="VA">([^<]+)</)).toBe(buyer.vatNumber);
    expect(one(buyerXml, /<ram:CityName>([^<]+)</)).toBe("Aix-en-Provence");
    expect(one(buyerXml, /<ram:CountryID>([^<]+)</)).toBe("FR");

    // SEPA direct debit: means 59, mandate BT-89, creditor identifier BT-90.
    expect(one(xml, /<ram:SpecifiedTradeSettlementPaymentMeans>\s*<ram:TypeCode>([^<]+)</)).toBe("59");
    expect(one(xml, /<ram:DirectDebitMandateID>([^<]+)</)).toBe("RUM-CC44660-0001");
    expect(one(xml, /<ram:CreditorReferenceID>([^<]+)</)).toBe("FR12ZZZ123456");

    // Notes, each with the French reform's subject code.
    expect(one(xml, /<ram:Content>([^<]*pénalités[^<]*)<\/ram:Content>\s*<ram:SubjectCode>PMD</)).toContain("pénalités de retard");
    expect(one(xml, /<ram:Content>([^<]*40 €[^<]*)<\/ram:Content>\s*<ram:SubjectCode>PMT</)).toContain("recouvrement");
    expect(one(xml, /<ram:Content>([^<]*escompte[^<]*)<\/ram:Content>\s*<ram:SubjectCode>AAB</)).toContain("escompte");
    expect(xml).toContain("Catégorie de l&apos;opération : prestations de services");

    // One XML line per document line, numbered 1..n, with the group title as item description.
    const items = lineItems(xml);
    expect(items).toHaveLength(5);
    expect(items.map((item) => one(item, /<ram:LineID>([^<]+)</))).toEqual(["1", "2", "3", "4", "5"]);
    expect(one(items[0], /<ram:Name>([^<]+)</)).toBe("Forfait mobile Data 20 Go — 06 12 34 56 78");
    expect(one(items[0], /<ram:Description>([^<]+)</)).toBe("Cabinet Médical des Oliviers — AIX-EN-PROVENCE");
    expect(one(items[0], /<ram:IncludedNote>\s*<ram:Content>([^<]+)</)).toBe("du 01/12/2026 au 31/12/2026");
    expect(one(items[3], /<ram:Description>([^<]+)</)).toBe("Pharmacie Saint-Éloi — MARSEILLE");
    // The negative adjustment: negative quantity, positive net price (BR-27), negative net amount.
    expect(one(items[2], /<ram:BilledQuantity unitCode="C62">([^<]+)</)).toBe("-1");
    expect(one(items[2], /<ram:NetPriceProductTradePrice>\s*<ram:ChargeAmount>([^<]+)</)).toBe("5.48");
    expect(one(items[2], /<ram:LineTotalAmount>([^<]+)</)).toBe("-5.48");
    // 3 for 10,00 €: the price is for the whole quantity (base quantity 3), so 3 × 10.00 / 3 = 10.00.
    expect(one(items[4], /<ram:ChargeAmount>([^<]+)</)).toBe("10.00");
    expect(one(items[4], /<ram:BasisQuantity unitCode="C62">([^<]+)</)).toBe("3");
    expect(one(items[4], /<ram:BilledQuantity unitCode="C62">([^<]+)</)).toBe("3");
    for (const item of items) {
      expect(one(item, /<ram:CategoryCode>([^<]+)</)).toBe("S");
      expect(one(item, /<ram:RateApplicablePercent>([^<]+)</)).toBe("20");
    }

    expect(doc.totals).toEqual({ htCents: 9332, vatCents: 1866, ttcCents: 11198, vatByRate: [{ rateBp: 2000, baseCents: 9332, vatCents: 1866 }] });
    expectTotals(xml, doc);

    // PDF/A-3 with the XML as associated file, fonts embedded, metadata consistent.
    const loaded = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(loaded.getPageCount()).toBe(1);
    const [page] = loaded.getPages();
    expect(page.getSize()).toEqual({ width: 595.28, height: 841.89 });
    const xmp = xmpOf(loaded);
    expect(xmp).toContain("<pdfaid:part>3</pdfaid:part>");
    expect(xmp).toContain("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>");
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${loaded.getTitle()}</rdf:li>`);
    expect(xmp).toContain(`<pdf:Producer>${loaded.getProducer()}</pdf:Producer>`);
    expect(xmp).toContain(`<xmp:CreatorTool>${loaded.getCreator()}</xmp:CreatorTool>`);
    expect(loaded.getKeywords()).toBeUndefined();
    expect(loaded.catalog.get(PDFName.of("OutputIntents"))).toBeDefined();
    expect(loaded.catalog.get(PDFName.of("AF"))).toBeDefined();
    const fonts = loaded.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((object): object is PDFDict => object instanceof PDFDict && object.get(PDFName.of("Type")) === PDFName.of("FontDescriptor"));
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const descriptor of fonts) expect(descriptor.get(PDFName.of("FontFile2"))).toBeDefined();
    const attachment = loaded.getAttachments().find((a) => a.name === "factur-x.xml");
    expect(attachment?.afRelationship).toBe("Alternative");
    expect(attachment?.mimeType).toBe("text/xml");
  });

  it("paginates a long invoice and keeps every line in the XML", async () => {
    const groups: InvoiceDocument["groups"] = Array.from({ length: 4 }, (_, g) => ({
      title: `Site ${g + 1} — Agence de ${["Lyon", "Nice", "Toulouse", "Lille"][g]}`,
      lines: Array.from({ length: 20 }, (_, i) =>
        g === 2 && i === 7
          ? line(`Régularisation de la ligne 06 00 00 ${String(g).padStart(2, "0")} ${String(i).padStart(2, "0")}`, -995, 1, "du 10/11/2026 au 30/11/2026")
          : line(
              `Forfait mobile Data 20 Go — 06 00 00 ${String(g).padStart(2, "0")} ${String(i).padStart(2, "0")}`,
              1990 + i,
              1,
              "du 01/12/2026 au 31/12/2026",
            ),
      ),
    }));
    const doc = invoice(groups, { number: "F2026-000124" });
    const { pdf, xml } = await render(doc);

    const pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
    expect(pages).toBeGreaterThanOrEqual(2);
    const items = lineItems(xml);
    expect(items).toHaveLength(80);
    expect(items.map((item) => one(item, /<ram:LineID>([^<]+)</))).toEqual(Array.from({ length: 80 }, (_, i) => String(i + 1)));
    expect(one(items[47], /<ram:BilledQuantity unitCode="C62">([^<]+)</)).toBe("-1");
    expectTotals(xml, doc);
  });

  it("produces a credit note with positive amounts and the corrected invoice", async () => {
    const groups: InvoiceDocument["groups"] = [
      {
        title: "Cabinet Médical des Oliviers — AIX-EN-PROVENCE",
        lines: [line("Geste commercial — interruption de service du 12/11/2026", 1500, 1, null)],
      },
    ];
    const doc = invoice(groups, {
      type: "credit-note",
      // Not ASCII, not even Latin-1 ("—"): the PDF metadata still says it right.
      seller: { ...seller, name: "Société OpenIP — Télécoms" },
      number: "A2026-000004",
      issuedOn: "2026-12-10",
      dueOn: null,
      period: null,
      payment: null,
      precedingInvoice: { number: "F2026-000123", issuedOn: "2026-12-01" },
    });
    // A server in Paris: the metadata dates must still name the same instant.
    const timeZone = process.env.TZ;
    process.env.TZ = "Europe/Paris";
    const { pdf, xml } = await render(doc).finally(() => {
      if (timeZone === undefined) delete process.env.TZ;
      else process.env.TZ = timeZone;
    });

    expect(one(xml, /<rsm:ExchangedDocument>\s*<ram:ID>([^<]+)<\/ram:ID>/)).toBe("A2026-000004");
    expect(one(xml, /<ram:SellerTradeParty>\s*<ram:Name>([^<]+)</)).toBe("Société OpenIP — Télécoms");
    expect(one(xml, /<ram:TypeCode>(38\d)<\/ram:TypeCode>/)).toBe("381");
    expect(one(xml, /<ram:IssueDateTime>\s*<udt:DateTimeString format="102">(\d+)</)).toBe("20261210");
    const reference = one(xml, /<ram:InvoiceReferencedDocument>([\s\S]*?)<\/ram:InvoiceReferencedDocument>/);
    expect(one(reference, /<ram:IssuerAssignedID>([^<]+)</)).toBe("F2026-000123");
    expect(one(reference, /<qdt:DateTimeString format="102">(\d+)</)).toBe("20261201");
    expect(xml).not.toContain("DueDateDateTime");
    expect(xml).not.toContain("BillingSpecifiedPeriod");
    // Nothing to collect: no direct debit.
    expect(xml).not.toContain("SpecifiedTradeSettlementPaymentMeans");
    expect(xml).not.toContain("CreditorReferenceID");
    // BR-CO-25: the positive amount due comes with payment terms, since there is no due date.
    expect(one(xml, /<ram:SpecifiedTradePaymentTerms>\s*<ram:Description>([^<]+)</)).toBe("Montant déduit de la prochaine facture.");
    const [item] = lineItems(xml);
    expect(one(item, /<ram:BilledQuantity unitCode="C62">([^<]+)</)).toBe("1");
    expect(one(item, /<ram:LineTotalAmount>([^<]+)</)).toBe("15.00");
    expectTotals(xml, doc);
    expect(summation(xml, "DuePayableAmount")).toBe("18.00");

    const loaded = await PDFDocument.load(pdf, { updateMetadata: false });
    const xmp = xmpOf(loaded);
    expect(xmp).toContain("<rdf:li>Société OpenIP — Télécoms</rdf:li>");
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${loaded.getTitle()}</rdf:li>`);
    expect(loaded.getTitle()).toContain("A2026-000004");
    expect(loaded.getAuthor()).toBe("Société OpenIP — Télécoms");
    const created = one(xmp, /<xmp:CreateDate>([^<]+)</);
    expect(new Date(created).getTime()).toBe(loaded.getCreationDate()?.getTime());
  });

  it("reads back the text it draws", async () => {
    // The helper below the payment tests rely on: it would pass vacuously if it read nothing.
    const text = await pageText(await renderInvoicePdf(invoice(GROUPS)));
    expect(text).toContain("Facture N° F2026-000123");
    expect(text).toContain("Pharmacie Saint-Éloi — MARSEILLE");
    expect(text).toContain("Total TTC 111,98 €");
  });

  it("refuses a document whose totals do not add up", async () => {
    const doc = invoice(GROUPS);
    await expect(renderInvoicePdf({ ...doc, totals: { ...doc.totals, vatCents: doc.totals.vatCents + 1, ttcCents: doc.totals.ttcCents + 1 } })).rejects.toThrow(
      /inconsistent/,
    );
  });
});

const TRANSFER: InvoicePayment = { means: "transfer", iban: "FR7630006000011234567890189", bic: "AGRIFRPPXXX" };

/** The header settlement's payment means (BG-16), the one there is. */
function paymentMeansOf(xml: string): string {
  return one(xml, /<ram:SpecifiedTradeSettlementPaymentMeans>([\s\S]*?)<\/ram:SpecifiedTradeSettlementPaymentMeans>/);
}

/** The notes BT-22 in document order. */
function notesOf(xml: string): string[] {
  const header = one(xml, /<rsm:ExchangedDocument>([\s\S]*?)<\/rsm:ExchangedDocument>/);
  return [...header.matchAll(/<ram:IncludedNote>\s*<ram:Content>([^<]*)<\/ram:Content>/g)].map((m) => m[1].replaceAll("&apos;", "'"));
}

describe("how an invoice is paid (SPEC §13)", () => {
  it("collected by direct debit: means 59 with the RUM (BT-89) and the ICS (BT-90), and the pre-notification", async () => {
    const doc = invoice(GROUPS);
    const { pdf, xml } = await render(doc);

    const means = paymentMeansOf(xml);
    expect(one(means, /<ram:TypeCode>([^<]+)</)).toBe("59");
    expect(one(means, /<ram:Information>([^<]+)</)).toBe("Prélèvement SEPA");
    expect(means).not.toContain("PayeePartyCreditorFinancialAccount");
    expect(one(xml, /<ram:DirectDebitMandateID>([^<]+)</)).toBe("RUM-CC44660-0001");
    expect(one(xml, /<ram:ApplicableHeaderTradeSettlement>\s*<ram:CreditorReferenceID>([^<]+)</)).toBe("FR12ZZZ123456");
    expect(xml).not.toContain("<ram:PaymentReference>");
    expect(one(xml, /<ram:SpecifiedTradePaymentTerms>\s*<ram:Description>([^<]+)</)).toBe("Prélèvement SEPA le 07/12/2026.");
    expect(one(xml, /<ram:DueDateDateTime>\s*<udt:DateTimeString format="102">(\d+)</)).toBe("20261207");

    // The pre-notification: amount, collection date, RUM and ICS; the document's own notes follow.
    const preNotification =
      "Paiement par prélèvement SEPA de 111,98\u00A0€ le 07/12/2026 (mandat RUM-CC44660-0001, créancier FR12ZZZ123456) ; " +
      "pré-notification valant avis de prélèvement (CGV art. 8.1, 8.2).";
    expect(notesOf(xml)).toEqual([preNotification, ...NOTES, "Catégorie de l'opération : prestations de services"]);

    const text = await pageText(pdf);
    expect(text).toContain("Règlement Prélèvement SEPA — RUM RUM-CC44660-0001, ICS FR12ZZZ123456 Prélevé le 07/12/2026");
    expect(text).toContain("Date d'échéance : 07/12/2026");
    expect(text).toContain(flat(preNotification));
    expect(text).not.toContain("Virement");
  });

  it("paid by transfer: means 58 with the operator's IBAN (BT-84) and BIC (BT-86), the number as reference (BT-83), no mandate", async () => {
    const doc = invoice(GROUPS, { dueOn: "2026-12-31", payment: TRANSFER });
    const { pdf, xml } = await render(doc);

    const means = paymentMeansOf(xml);
    expect(one(means, /<ram:TypeCode>([^<]+)</)).toBe("58");
    expect(one(means, /<ram:Information>([^<]+)</)).toBe("Virement SEPA");
    expect(one(means, /<ram:PayeePartyCreditorFinancialAccount>\s*<ram:IBANID>([^<]+)</)).toBe("FR7630006000011234567890189");
    expect(one(means, /<ram:PayeeSpecifiedCreditorFinancialInstitution>\s*<ram:BICID>([^<]+)</)).toBe("AGRIFRPPXXX");
    expect(one(xml, /<ram:PaymentReference>([^<]+)</)).toBe("F2026-000123");
    // No direct debit: neither the mandate (BT-89) nor the creditor identifier (BT-90), nor the debtor's account (BT-91).
    expect(xml).not.toContain("DirectDebitMandateID");
    expect(xml).not.toContain("CreditorReferenceID");
    expect(xml).not.toContain("PayerPartyDebtorFinancialAccount");
    expect(xml).not.toContain("RUM-CC44660-0001");
    // BR-CO-25: an amount due, with its due date and payment terms.
    expect(summation(xml, "DuePayableAmount")).toBe("111.98");
    expect(one(xml, /<ram:DueDateDateTime>\s*<udt:DateTimeString format="102">(\d+)</)).toBe("20261231");
    expect(one(xml, /<ram:SpecifiedTradePaymentTerms>\s*<ram:Description>([^<]+)</)).toBe("Virement SEPA au plus tard le 31/12/2026.");

    const transferNote =
      "Paiement par virement SEPA au plus tard le 31/12/2026 sur le compte FR76 3000 6000 0112 3456 7890 189 (BIC AGRIFRPPXXX) " +
      "en indiquant le numéro de facture F2026-000123.";
    expect(notesOf(xml)[0]).toBe(transferNote);
    expect(notesOf(xml).slice(1)).toEqual([...NOTES, "Catégorie de l'opération : prestations de services"]);

    const text = await pageText(pdf);
    expect(text).toContain("Règlement Virement SEPA — IBAN FR76 3000 6000 0112 3456 7890 189, BIC AGRIFRPPXXX, référence F2026-000123 À régler au plus tard le 31/12/2026");
    expect(text).toContain("Date d'échéance : 31/12/2026");
    expect(text).toContain(transferNote);
    expect(text).not.toMatch(/prélev|RUM|ICS/i);
  });

  it("paid by transfer to an account without a BIC: the IBAN alone", async () => {
    const { pdf, xml } = await render(invoice(GROUPS, { dueOn: "2026-12-31", payment: { ...TRANSFER, bic: null } }));
    const means = paymentMeansOf(xml);
    expect(one(means, /<ram:TypeCode>([^<]+)</)).toBe("58");
    expect(one(means, /<ram:IBANID>([^<]+)</)).toBe("FR7630006000011234567890189");
    expect(means).not.toContain("BICID");
    expect(notesOf(xml)[0]).toBe(
      "Paiement par virement SEPA au plus tard le 31/12/2026 sur le compte FR76 3000 6000 0112 3456 7890 189 en indiquant le numéro de facture F2026-000123.",
    );
    expect(await pageText(pdf)).toContain("Virement SEPA — IBAN FR76 3000 6000 0112 3456 7890 189, référence F2026-000123");
  });

  it("nothing to pay (credits bring the total to zero): no payment instructions, still valid", async () => {
    const groups: InvoiceDocument["groups"] = [
      { title: "Cabinet Médical des Oliviers — AIX-EN-PROVENCE", lines: [line("Accès fibre FTTH 1 Gb/s", 4900), line("Avoir A2026-000004 déduit", -4900)] },
    ];
    const { pdf, xml } = await render(invoice(groups, { payment: null }));
    expect(summation(xml, "DuePayableAmount")).toBe("0.00");
    expect(xml).not.toContain("SpecifiedTradeSettlementPaymentMeans");
    expect(xml).not.toContain("CreditorReferenceID");
    expect(xml).not.toContain("DirectDebitMandateID");
    expect(one(xml, /<ram:SpecifiedTradePaymentTerms>\s*<ram:Description>([^<]+)</)).toBe("Aucun montant à régler.");
    expect(notesOf(xml)).toEqual([...NOTES, "Catégorie de l'opération : prestations de services"]);
    const text = await pageText(pdf);
    expect(text).toContain("Règlement Aucun montant à régler.");
    expect(text).not.toMatch(/prélev|virement/i);
  });

  it("refuses payment instructions that do not fit the document", async () => {
    const cases: [Partial<InvoiceDocument>, RegExp][] = [
      [{ payment: null }, /an amount to pay needs payment instructions/],
      [{ payment: TRANSFER, dueOn: null }, /a transfer needs a due date/],
      [{ payment: { ...TRANSFER, iban: " " } }, /payee's account \(BR-61\)/],
      [{ payment: { ...DIRECT_DEBIT, creditorId: "" } }, /mandate reference and the creditor identifier/],
      [{ type: "credit-note", dueOn: null, payment: TRANSFER }, /nothing to pay/],
    ];
    for (const [overrides, message] of cases) await expect(renderInvoicePdf(invoice(GROUPS, overrides))).rejects.toThrow(message);
  });
});
