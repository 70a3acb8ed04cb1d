import "server-only";

/**
 * Invoice and credit-note PDFs (SPEC §7): a Factur-X e-invoice, EN 16931 profile — a PDF/A-3 file
 * whose pages are the readable French invoice and which embeds the CII XML as `factur-x.xml`.
 *
 * - The pages are drawn here with `@cantoo/pdf-lib`, in DejaVu Sans (embedded and subset, as PDF/A
 *   requires: the standard 14 fonts are never embedded, so they are not used at all).
 * - `@e-invoice-eu/core` maps its JSON invoice format (UBL-like) to CII, embeds the XML and turns the
 *   PDF into PDF/A-3 (XMP metadata, sRGB output intent, associated file).
 * - `completeFacturX` then fixes what e-invoice-eu 2.3.4 cannot express or gets wrong, in the
 *   embedded XML and the document information dictionary (see there).
 *
 * Amounts are never recomputed: the caller's lines and totals (VAT computed once per rate on the sum
 * of the lines, rounded half up, BR-CO-17) go to the XML as they are; `checkTotals` refuses a document
 * whose figures do not add up, as an EN 16931 validator would.
 */
import path from "node:path";
import { createRequire } from "node:module";
import { FormatFactoryService, invoiceSchema, ValidationService, type Invoice, type Logger } from "@e-invoice-eu/core";
import {
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFArray,
  PDFRawStream,
  PDFRef,
  PDFString,
  decodePDFRawStream,
  rgb,
  type PDFFont,
  type PDFPage,
  type RGB,
} from "@cantoo/pdf-lib";
import { friendlyFormatIBAN } from "ibantools";
import { fontkit, loadFonts } from "@/lib/server/pdf-fonts";
import type { CalendarDay } from "@/lib/domain/calendar-day";
import { formatFrenchDate } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { notSubjectToVatViolations, type VatFacts } from "@/lib/domain/penalties";

export type InvoiceParty = {
  name: string;
  siret: string;
  vatNumber: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  companyId: number;
};

export type InvoiceDocumentLine = {
  label: string;
  detail: string | null;
  quantity: number;
  amountHtCents: number;
  vatRateBp: number;
};

/**
 * How an invoice is paid (SPEC §13): collected by SEPA direct debit on the announced date under the account's
 * mandate (the invoice is then the debit's pre-notification), or by the buyer's SEPA transfer to the operator's account.
 */
export type InvoicePayment =
  | { means: "direct-debit"; mandateRef: string; creditorId: string; collectionOn: CalendarDay }
  | { means: "transfer"; iban: string; bic: string | null };

/**
 * An invoice, a credit note, or a penalty invoice (SPEC §13): late-payment interest and recovery indemnities, not
 * subject to VAT (category O, every line at rate 0), which names no VAT number (EN 16931 BR-O-02).
 */
export type InvoiceDocument = {
  type: "invoice" | "credit-note" | "penalties";
  number: string;
  issuedOn: CalendarDay;
  dueOn: CalendarDay | null;
  period: { start: CalendarDay; end: CalendarDay } | null;
  seller: InvoiceParty & { legalMentions: string[] };
  buyer: InvoiceParty;
  billingAccountRef: string;
  /** Null when there is nothing to pay: a credit note, or an invoice whose credits bring it to zero. */
  payment: InvoicePayment | null;
  precedingInvoice: { number: string; issuedOn: CalendarDay } | null;
  groups: { title: string; lines: InvoiceDocumentLine[] }[];
  totals: { htCents: number; vatCents: number; ttcCents: number; vatByRate: { rateBp: number; baseCents: number; vatCents: number }[] };
  /** The document's own notes (BT-22); the renderer puts the one saying how to pay, written from `payment`, before them. */
  notes: string[];
};

const FACTUR_X_FILENAME = "factur-x.xml";

/**
 * The French reform's "catégorie de l'opération" (livraison de biens / prestation de services /
 * mixte). The reform's external specifications carry it in BT-23, the business process type
 * ("cadre de facturation", CII `BusinessProcessSpecifiedDocumentContextParameter`, rule BR-FR-08):
 * B1 goods, S1 services, M1 mixed — so S1 here. A readable note says the same (subject AAI, general
 * information) and the PDF prints it.
 */
const BUSINESS_PROCESS_SERVICES = "S1";
const OPERATION_CATEGORY_TEXT = "Catégorie de l'opération : prestations de services";

/** The Factur-X (EN 16931 profile) PDF/A-3 file: a readable French PDF with the CII XML embedded as factur-x.xml. */
export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Uint8Array> {
  checkTotals(doc);
  checkPayment(doc);
  const problems = vatCategoryProblems(doc);
  if (problems.length > 0) throw new Error(`Invoice ${doc.number} breaks the rules of VAT category O: ${problems.join(" ; ")}`);
  const data = toInvoiceData(doc);
  const visible = await renderVisiblePdf(doc);
  let facturX: string | Uint8Array;
  try {
    facturX = await generateFacturX(data, {
      format: "Factur-X-EN16931",
      lang: "fr-fr",
      pdf: { buffer: visible, filename: `${doc.number}.pdf`, mimetype: "application/pdf" },
      noWarnings: true,
    });
  } catch (error) {
    // e-invoice-eu's ValidationError carries ajv's errors: say which fields, not just "validation failed".
    const details = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
    const summary = details?.map((e) => `${e.instancePath ?? ""} ${e.message ?? ""}`.trim()).join("; ");
    throw new Error(`Factur-X generation failed for ${doc.number}${summary ? `: ${summary}` : ""}`, { cause: error });
  }
  if (typeof facturX === "string") throw new Error("e-invoice-eu returned XML instead of a Factur-X PDF");
  return completeFacturX(facturX, doc);
}

type GenerateOptions = { format: string; lang: string; pdf: { buffer: Uint8Array; filename: string; mimetype: string }; noWarnings: boolean };
type Validator = Parameters<ValidationService["validate"]>[1];
const facturXFormat = "Factur-X-EN16931";
let validator: Validator | undefined;

/**
 * What `InvoiceService.generate` does, with the JSON schema compiled once per process instead of on
 * every call (ajv's compilation was two thirds of an invoice's rendering time). Ajv is the one
 * e-invoice-eu depends on (8.x, draft 2019-09), resolved from its package.
 */
async function generateFacturX(input: Invoice, options: GenerateOptions): Promise<string | Uint8Array> {
  const formatter = new FormatFactoryService().createFormatService(facturXFormat, quietLogger);
  if (!validator) {
    const requireFromLibrary = createRequire(createRequire(path.join(process.cwd(), "package.json")).resolve("@e-invoice-eu/core"));
    const Ajv2019 = requireFromLibrary("ajv/dist/2019").default as new (options: object) => { compile(schema: object): Validator };
    const schema = structuredClone(invoiceSchema);
    formatter.patchSchema(schema);
    validator = new Ajv2019({ strict: true, allErrors: true, useDefaults: true }).compile(schema);
  }
  const invoice = new ValidationService(quietLogger).validate("invoice data", validator, structuredClone(input)) as Invoice;
  formatter.fillInvoiceDefaults(invoice);
  return formatter.generate(invoice, { ...options, format: facturXFormat } as Parameters<typeof formatter.generate>[1]);
}

/** The embedded factur-x.xml of a Factur-X PDF (for tests and for the XML download). */
export async function extractFacturXml(pdf: Uint8Array): Promise<string> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const attachment = document.getAttachments().find((a) => a.name === FACTUR_X_FILENAME);
  if (!attachment) throw new Error(`No ${FACTUR_X_FILENAME} in this PDF`);
  return new TextDecoder("utf-8").decode(attachment.data);
}

// ---------------------------------------------------------------------------------------------------
// Consistency of the figures

function checkTotals(doc: InvoiceDocument): void {
  const lines = doc.groups.flatMap((g) => g.lines);
  const problems: string[] = [];
  if (lines.length === 0) problems.push("no line (EN 16931 requires at least one)");
  for (const line of lines) {
    if (!Number.isSafeInteger(line.amountHtCents)) problems.push(`line "${line.label}": amount is not whole cents`);
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) problems.push(`line "${line.label}": quantity must be a positive integer`);
    if (notSubjectToVat(doc)) {
      if (line.vatRateBp !== 0) problems.push(`line "${line.label}": a penalty invoice is not subject to VAT (category O, rate 0)`);
    } else if (!Number.isInteger(line.vatRateBp) || line.vatRateBp <= 0) problems.push(`line "${line.label}": only standard-rated VAT (S, rate > 0) is supported`);
  }
  const sumLines = lines.reduce((s, l) => s + l.amountHtCents, 0);
  if (sumLines !== doc.totals.htCents) problems.push(`sum of lines ${sumLines} ≠ total HT ${doc.totals.htCents}`);
  const rates = new Set(lines.map((l) => l.vatRateBp));
  if (doc.totals.vatByRate.length !== rates.size) problems.push("one VAT breakdown per rate used by the lines is expected");
  for (const v of doc.totals.vatByRate) {
    const base = lines.filter((l) => l.vatRateBp === v.rateBp).reduce((s, l) => s + l.amountHtCents, 0);
    if (base !== v.baseCents) problems.push(`VAT ${v.rateBp} bp: base ${v.baseCents} ≠ sum of its lines ${base}`);
    // BR-CO-17: the category's VAT is its base times its rate, rounded to the cent (half up, like XPath round()).
    const expected = Math.round((v.baseCents * v.rateBp) / 10_000);
    if (expected !== v.vatCents) problems.push(`VAT ${v.rateBp} bp: ${v.vatCents} ≠ round(${v.baseCents} × rate) = ${expected}`);
  }
  const sumVat = doc.totals.vatByRate.reduce((s, v) => s + v.vatCents, 0);
  if (sumVat !== doc.totals.vatCents) problems.push(`sum of VAT per rate ${sumVat} ≠ total VAT ${doc.totals.vatCents}`);
  if (doc.totals.htCents + doc.totals.vatCents !== doc.totals.ttcCents) problems.push("total HT + VAT ≠ total TTC");
  if (!notSubjectToVat(doc) && !doc.seller.vatNumber) problems.push("the seller's VAT number is required for standard-rated VAT (BR-S-02)");
  if (problems.length > 0) throw new Error(`Invoice ${doc.number} is inconsistent: ${problems.join("; ")}`);
}

/**
 * An invoice with an amount to pay says how, and nothing else does; a transfer names the account to pay (BR-61)
 * and its due date (Code de commerce L441-9), a direct debit its mandate and creditor (the pre-notification).
 */
function checkPayment(doc: InvoiceDocument): void {
  const { payment } = doc;
  const problems: string[] = [];
  if (doc.type === "credit-note" || doc.totals.ttcCents === 0) {
    if (payment) problems.push("nothing to pay: no payment instructions expected");
  } else if (!payment) {
    problems.push("an amount to pay needs payment instructions");
  } else if (payment.means === "transfer") {
    if (!payment.iban.trim()) problems.push("a transfer needs the payee's account (BR-61)");
    if (!doc.dueOn) problems.push("a transfer needs a due date");
  } else if (!payment.mandateRef.trim() || !payment.creditorId.trim()) {
    problems.push("a direct debit needs the mandate reference and the creditor identifier");
  }
  if (problems.length > 0) throw new Error(`Invoice ${doc.number} is inconsistent: ${problems.join("; ")}`);
}

// ---------------------------------------------------------------------------------------------------
// How to pay, in French: the note (BT-22), the payment terms (BT-20) and the PDF's "Règlement" block

/** "FR7630006000011234567890189" → "FR76 3000 6000 0112 3456 7890 189". */
function groupedIban(iban: string, separator = " "): string {
  return friendlyFormatIBAN(iban, separator) ?? iban;
}

/** The day the money is expected: the announced collection date, or the last day to pay by transfer. */
function payBy(doc: InvoiceDocument, payment: InvoicePayment): CalendarDay {
  const day = payment.means === "direct-debit" ? payment.collectionOn : doc.dueOn;
  if (!day) throw new Error(`Invoice ${doc.number}: a transfer needs a due date`);
  return day;
}

/** The note saying how to pay; for a direct debit it is the pre-notification: amount, date, RUM and ICS (SPEC §13). */
function paymentNote(doc: InvoiceDocument): string | null {
  const { payment } = doc;
  if (!payment) return null;
  const day = formatFrenchDate(payBy(doc, payment));
  if (payment.means === "direct-debit") {
    return (
      `Paiement par prélèvement SEPA de ${formatEuros(doc.totals.ttcCents)} le ${day} (mandat ${payment.mandateRef}, créancier ${payment.creditorId}) ; ` +
      "pré-notification valant avis de prélèvement (CGV art. 8.1, 8.2)."
    );
  }
  const bic = payment.bic ? ` (BIC ${payment.bic})` : "";
  return `Paiement par virement SEPA au plus tard le ${day} sur le compte ${groupedIban(payment.iban)}${bic} en indiquant le numéro de facture ${doc.number}.`;
}

/** Payment terms BT-20, short: BR-CO-25 wants them (or a due date) whenever an amount is due. */
function paymentTerms(doc: InvoiceDocument): string {
  const { payment } = doc;
  if (doc.type === "credit-note") return "Montant déduit de la prochaine facture.";
  if (!payment) return "Aucun montant à régler.";
  const day = formatFrenchDate(payBy(doc, payment));
  return payment.means === "direct-debit" ? `Prélèvement SEPA le ${day}.` : `Virement SEPA au plus tard le ${day}.`;
}

/** The notes in the order they are printed and sent: how to pay first, then the document's own. */
function allNotes(doc: InvoiceDocument): string[] {
  const note = paymentNote(doc);
  return note ? [note, ...doc.notes] : doc.notes;
}

/** BG-16: a direct debit (59, mandate BT-89) or a transfer to the operator's account (58, BT-84/86, reference BT-83). */
function paymentMeans(doc: InvoiceDocument, payment: InvoicePayment): NonNullable<Invoice["ubl:Invoice"]["cac:PaymentMeans"]> {
  if (payment.means === "direct-debit") {
    // The creditor identifier BT-90 is added by `completeFacturX`: e-invoice-eu only takes it from a payee
    // party (BG-10), which is for a payee other than the seller.
    return [{ "cbc:PaymentMeansCode": "59", "cbc:PaymentMeansCode@name": "Prélèvement SEPA", "cac:PaymentMandate": { "cbc:ID": payment.mandateRef } }];
  }
  return [
    {
      "cbc:PaymentMeansCode": "58",
      "cbc:PaymentMeansCode@name": "Virement SEPA",
      "cbc:PaymentID": doc.number,
      "cac:PayeeFinancialAccount": {
        "cbc:ID": payment.iban,
        ...(payment.bic ? { "cac:FinancialInstitutionBranch": { "cbc:ID": payment.bic } } : {}),
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// VAT category O: penalty invoices (SPEC §13, EN 16931 BR-O-01 … BR-O-14)

/** A penalty invoice is not subject to VAT: category O on every line and in its single VAT breakdown. */
function notSubjectToVat(doc: InvoiceDocument): boolean {
  return doc.type === "penalties";
}

/** BT-120 and BT-121 of the category O breakdown (CEF VATEX code list). */
const NOT_SUBJECT_TO_VAT = { reason: "Non soumis à TVA", code: "VATEX-EU-O" } as const;

const centsOf = (amount: string | undefined) => Math.round(Number(amount ?? "0") * 100);
const rateOf = (percent: string | undefined) => (percent === undefined ? null : Number(percent));

/** The VAT facts of the e-invoice data as they go into the CII XML (e-invoice-eu maps them one to one). */
function vatFactsOf(data: Invoice): VatFacts {
  const invoice = data["ubl:Invoice"];
  const sellerVat = invoice["cac:AccountingSupplierParty"]["cac:Party"]["cac:PartyTaxScheme"]?.find((t) => t["cac:TaxScheme"]["cbc:ID"] === "VAT");
  const buyerTax = invoice["cac:AccountingCustomerParty"]["cac:Party"]["cac:PartyTaxScheme"];
  return {
    lines: invoice["cac:InvoiceLine"].map((l) => {
      const category = l["cac:Item"]["cac:ClassifiedTaxCategory"];
      return { id: l["cbc:ID"], category: category["cbc:ID"], ratePercent: rateOf(category["cbc:Percent"]), netCents: centsOf(l["cbc:LineExtensionAmount"]) };
    }),
    breakdown: (invoice["cac:TaxTotal"] ?? []).flatMap((t) => t["cac:TaxSubtotal"] ?? []).map((sub) => ({
      category: sub["cac:TaxCategory"]["cbc:ID"],
      ratePercent: rateOf(sub["cac:TaxCategory"]["cbc:Percent"]),
      taxableCents: centsOf(sub["cbc:TaxableAmount"]),
      taxCents: centsOf(sub["cbc:TaxAmount"]),
      exemptionReason: sub["cac:TaxCategory"]["cbc:TaxExemptionReason"] ?? null,
      exemptionReasonCode: sub["cac:TaxCategory"]["cbc:TaxExemptionReasonCode"] ?? null,
    })),
    allowances: (invoice["cac:AllowanceCharge"] ?? []).filter((a) => a["cbc:ChargeIndicator"] === "false").map((a) => ({ category: a["cac:TaxCategory"]["cbc:ID"], ratePercent: rateOf(a["cac:TaxCategory"]["cbc:Percent"]), amountCents: centsOf(a["cbc:Amount"]) })),
    charges: (invoice["cac:AllowanceCharge"] ?? []).filter((a) => a["cbc:ChargeIndicator"] === "true").map((a) => ({ category: a["cac:TaxCategory"]["cbc:ID"], ratePercent: rateOf(a["cac:TaxCategory"]["cbc:Percent"]), amountCents: centsOf(a["cbc:Amount"]) })),
    sellerVatId: sellerVat?.["cbc:CompanyID"] ?? null,
    sellerTaxRepresentativeVatId: invoice["cac:TaxRepresentativeParty"]?.["cac:PartyTaxScheme"]?.["cbc:CompanyID"] ?? null,
    buyerVatId: buyerTax?.["cbc:CompanyID"] ?? null,
  };
}

/**
 * The EN 16931 category O rules a document breaks, in French, checked on the data its XML is made from (besides the
 * XSD): the renderer refuses such a document, and the run that issues a penalty invoice checks it before committing.
 */
export function vatCategoryProblems(doc: InvoiceDocument): string[] {
  return notSubjectToVatViolations(vatFactsOf(toInvoiceData(doc)));
}

// ---------------------------------------------------------------------------------------------------
// The e-invoice-eu JSON invoice (UBL-like; e-invoice-eu maps it to CII)

const quietLogger: Logger = { log: () => {}, warn: () => {}, error: () => {} };

const EUR = "EUR" as const;

/** Cents as an XML decimal: 123456 → "1234.56", -1000 → "-10.00". */
function decimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Basis points as a percentage: 2000 → "20", 550 → "5.5". */
function percent(rateBp: number): string {
  return String(rateBp / 100);
}

function siren(siret: string): string {
  return siret.slice(0, 9);
}

function postalAddress(party: InvoiceParty) {
  return {
    ...(party.address ? { "cbc:StreetName": party.address } : {}),
    ...(party.city ? { "cbc:CityName": party.city } : {}),
    ...(party.postcode ? { "cbc:PostalZone": party.postcode } : {}),
    "cac:Country": { "cbc:IdentificationCode": "FR" as const },
  };
}

const VAT_SCHEME = { "cbc:ID": "VAT" };

function toInvoiceLine(line: InvoiceDocumentLine, groupTitle: string, id: number, exempt: boolean): Invoice["ubl:Invoice"]["cac:InvoiceLine"][number] {
  // BR-27: the item net price (BT-146) is never negative. A negative line (an adjustment, a credit
  // deducted) is a negative quantity at a positive price, so its net amount (BT-131) is negative.
  const sign = line.amountHtCents < 0 ? -1 : 1;
  const abs = Math.abs(line.amountHtCents);
  // Prices have two decimals here: when the amount does not divide by the quantity, the price is
  // given for the whole quantity (item price base quantity BT-149), so quantity × price / base is exact.
  const divisible = abs % line.quantity === 0;
  return {
    "cbc:ID": String(id),
    ...(line.detail ? { "cbc:Note": line.detail } : {}),
    "cbc:InvoicedQuantity": String(sign * line.quantity),
    "cbc:InvoicedQuantity@unitCode": "C62",
    "cbc:LineExtensionAmount": decimal(line.amountHtCents),
    "cbc:LineExtensionAmount@currencyID": EUR,
    "cac:Item": {
      "cbc:Description": groupTitle,
      "cbc:Name": line.label,
      // BR-O-05: a line not subject to VAT carries no rate.
      "cac:ClassifiedTaxCategory": exempt ? { "cbc:ID": "O", "cac:TaxScheme": VAT_SCHEME } : { "cbc:ID": "S", "cbc:Percent": percent(line.vatRateBp), "cac:TaxScheme": VAT_SCHEME },
    },
    "cac:Price": divisible
      ? { "cbc:PriceAmount": decimal(abs / line.quantity), "cbc:PriceAmount@currencyID": EUR }
      : {
          "cbc:PriceAmount": decimal(abs),
          "cbc:PriceAmount@currencyID": EUR,
          "cbc:BaseQuantity": String(line.quantity),
          "cbc:BaseQuantity@unitCode": "C62",
        },
  };
}

function toInvoiceData(doc: InvoiceDocument): Invoice {
  const [first, ...rest] = doc.groups.flatMap((g) => g.lines.map((line) => ({ line, title: g.title })));
  let id = 0;
  const exempt = notSubjectToVat(doc);
  const lines = [first, ...rest].map(({ line, title }) => toInvoiceLine(line, title, ++id, exempt));
  const isInvoice = doc.type !== "credit-note";
  const { seller, buyer, totals } = doc;
  return {
    "ubl:Invoice": {
      "cbc:ProfileID": BUSINESS_PROCESS_SERVICES,
      "cbc:ID": doc.number,
      "cbc:IssueDate": doc.issuedOn,
      ...(doc.dueOn ? { "cbc:DueDate": doc.dueOn } : {}),
      // Credit notes: type 381 with every amount positive (EN 16931), not negative invoices.
      "cbc:InvoiceTypeCode": isInvoice ? "380" : "381",
      // The notes (BT-21/BT-22) are added by `completeFacturX`: e-invoice-eu 2.3.4 puts every note in
      // one IncludedNote (invalid against the XSD) and has no subject code.
      "cbc:DocumentCurrencyCode": EUR,
      "cbc:BuyerReference": doc.billingAccountRef,
      ...(doc.period ? { "cac:InvoicePeriod": { "cbc:StartDate": doc.period.start, "cbc:EndDate": doc.period.end } } : {}),
      "cac:AccountingSupplierParty": {
        "cac:Party": {
          "cac:PostalAddress": postalAddress(seller),
          "cac:PartyTaxScheme": seller.vatNumber ? [{ "cbc:CompanyID": seller.vatNumber, "cac:TaxScheme": VAT_SCHEME }] : [],
          "cac:PartyLegalEntity": {
            "cbc:RegistrationName": seller.name,
            // BT-30 with scheme 0009 (SIRET).
            "cbc:CompanyID": seller.siret,
            "cbc:CompanyID@schemeID": "0009",
          },
        },
      },
      "cac:AccountingCustomerParty": {
        "cac:Party": {
          // BT-46: the buyer's number in the portal.
          "cac:PartyIdentification": { "cbc:ID": String(buyer.companyId) },
          "cac:PostalAddress": postalAddress(buyer),
          ...(buyer.vatNumber ? { "cac:PartyTaxScheme": { "cbc:CompanyID": buyer.vatNumber, "cac:TaxScheme": VAT_SCHEME } } : {}),
          "cac:PartyLegalEntity": {
            "cbc:RegistrationName": buyer.name,
            // BT-47 with scheme 0002 (SIREN): the buyer SIREN the French reform requires.
            "cbc:CompanyID": siren(buyer.siret),
            "cbc:CompanyID@schemeID": "0002",
          },
        },
      },
      ...(doc.payment ? { "cac:PaymentMeans": paymentMeans(doc, doc.payment) } : {}),
      // BT-20. BR-CO-25: a positive amount due needs a due date or payment terms (credit notes have no due date).
      "cac:PaymentTerms": { "cbc:Note": paymentTerms(doc) },
      "cac:TaxTotal": [
        {
          "cbc:TaxAmount": decimal(totals.vatCents),
          "cbc:TaxAmount@currencyID": EUR,
          "cac:TaxSubtotal": totals.vatByRate.map((v) => ({
            "cbc:TaxableAmount": decimal(v.baseCents),
            "cbc:TaxableAmount@currencyID": EUR,
            "cbc:TaxAmount": decimal(v.vatCents),
            "cbc:TaxAmount@currencyID": EUR,
            "cac:TaxCategory": exempt
              ? { "cbc:ID": "O" as const, "cbc:TaxExemptionReasonCode": NOT_SUBJECT_TO_VAT.code, "cbc:TaxExemptionReason": NOT_SUBJECT_TO_VAT.reason, "cac:TaxScheme": VAT_SCHEME }
              : { "cbc:ID": "S" as const, "cbc:Percent": percent(v.rateBp), "cac:TaxScheme": VAT_SCHEME },
          })),
        },
      ],
      "cac:LegalMonetaryTotal": {
        "cbc:LineExtensionAmount": decimal(totals.htCents),
        "cbc:LineExtensionAmount@currencyID": EUR,
        "cbc:TaxExclusiveAmount": decimal(totals.htCents),
        "cbc:TaxExclusiveAmount@currencyID": EUR,
        "cbc:TaxInclusiveAmount": decimal(totals.ttcCents),
        "cbc:TaxInclusiveAmount@currencyID": EUR,
        "cbc:PayableAmount": decimal(totals.ttcCents),
        "cbc:PayableAmount@currencyID": EUR,
      },
      "cac:InvoiceLine": [lines[0], ...lines.slice(1)],
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Completing e-invoice-eu's output

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c);
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e] ?? "");
}

function yyyymmdd(day: CalendarDay): string {
  return day.replaceAll("-", "");
}

/**
 * UNTDID 4451 subject codes (BT-21) of the French mandatory mentions (rule BR-FR-05 of the reform):
 * PMT the 40 € recovery indemnity, PMD the late-payment penalties, AAB the early-payment discount
 * terms. Each at most once; other notes go without a code.
 */
function subjectCode(note: string, used: Set<string>): string | null {
  const n = note.toLowerCase();
  const code = /recouvrement|indemnit/.test(n) ? "PMT" : /pénalit|penalit|retard/.test(n) ? "PMD" : /escompte/.test(n) ? "AAB" : null;
  if (!code || used.has(code)) return null;
  used.add(code);
  return code;
}

/** Inserts `fragment` at the single place `anchor` matches (before or after the match). */
function insertAt(xml: string, anchor: RegExp, fragment: string, where: "before" | "after"): string {
  const matches = [...xml.matchAll(new RegExp(anchor.source, "g"))];
  if (matches.length !== 1) throw new Error(`factur-x.xml: expected one ${anchor.source}, found ${matches.length}`);
  const m = matches[0];
  const at = where === "before" ? m.index : m.index + m[0].length;
  return xml.slice(0, at) + fragment + xml.slice(at);
}

/**
 * What e-invoice-eu 2.3.4 cannot say (or says wrong) in CII, added to its XML in schema order:
 * - notes BT-22 each in its own IncludedNote, with subject codes BT-21;
 * - the seller's additional legal information BT-33 (capital, RCS…): its mapping reads `cbc:LegalForm`
 *   while its schema only accepts `cbc:CompanyLegalForm`, so it never reaches the XML;
 * - ApplicableHeaderTradeDelivery, mandatory in CII, omitted when there is no delivery information;
 * - the SEPA creditor identifier BT-90 (CreditorReferenceID) of an invoice collected by direct debit, and only
 *   then: on an invoice paid by transfer it would announce a debit that never comes;
 * - the preceding invoice BT-25/BT-26 of a credit note: its BillingReference mapping looks for the
 *   number one level too high (so it is silently dropped) and would write the date in udt instead of qdt.
 */
function completeCii(xml: string, doc: InvoiceDocument): string {
  let out = xml;
  const used = new Set<string>();
  const notes = [
    ...allNotes(doc).map((content) => ({ content, code: subjectCode(content, used) })),
    { content: OPERATION_CATEGORY_TEXT, code: "AAI" },
  ];
  const notesXml = notes
    .map(
      (n) =>
        `\n\t\t<ram:IncludedNote>\n\t\t\t<ram:Content>${escapeXml(n.content)}</ram:Content>` +
        (n.code ? `\n\t\t\t<ram:SubjectCode>${n.code}</ram:SubjectCode>` : "") +
        `\n\t\t</ram:IncludedNote>`,
    )
    .join("");
  out = insertAt(out, /<\/ram:IssueDateTime>/, notesXml, "after");

  if (doc.seller.legalMentions.length > 0) {
    const description = `\n\t\t\t\t<ram:Description>${escapeXml(doc.seller.legalMentions.join(" — "))}</ram:Description>`;
    out = insertAt(out, /<ram:SellerTradeParty>\s*<ram:Name>[^<]*<\/ram:Name>/, description, "after");
  }

  if (!out.includes("<ram:ApplicableHeaderTradeDelivery")) {
    out = insertAt(out, /<ram:ApplicableHeaderTradeSettlement>/, "<ram:ApplicableHeaderTradeDelivery/>\n\t\t", "before");
  }

  if (doc.payment?.means === "direct-debit") {
    out = insertAt(
      out,
      /<ram:ApplicableHeaderTradeSettlement>/,
      `\n\t\t\t<ram:CreditorReferenceID>${escapeXml(doc.payment.creditorId)}</ram:CreditorReferenceID>`,
      "after",
    );
  }

  if (doc.precedingInvoice) {
    const reference =
      `\n\t\t\t<ram:InvoiceReferencedDocument>` +
      `\n\t\t\t\t<ram:IssuerAssignedID>${escapeXml(doc.precedingInvoice.number)}</ram:IssuerAssignedID>` +
      `\n\t\t\t\t<ram:FormattedIssueDateTime>` +
      `\n\t\t\t\t\t<qdt:DateTimeString format="102">${yyyymmdd(doc.precedingInvoice.issuedOn)}</qdt:DateTimeString>` +
      `\n\t\t\t\t</ram:FormattedIssueDateTime>` +
      `\n\t\t\t</ram:InvoiceReferencedDocument>`;
    out = insertAt(out, /<\/ram:SpecifiedTradeSettlementHeaderMonetarySummation>/, reference, "after");
  }
  return out;
}

function metadataText(xmp: string, pattern: RegExp): string | null {
  const m = pattern.exec(xmp);
  return m ? unescapeXml(m[1]) : null;
}

/** What pdf-lib's `context.stream(string)` writes for a string: each UTF-16 unit cut to its low byte. */
function lowBytes(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(text.charCodeAt(i) & 0xff);
  return out;
}

/**
 * The XMP packet as UTF-8, as it declares. e-invoice-eu hands pdf-lib the packet as a JS string,
 * which pdf-lib writes one byte per character: right for ASCII and for its (Latin-1 spelled) BOM,
 * wrong for "é" (one byte E9) and lossy beyond U+00FF ("—" becomes 0x14). The bytes are read back
 * as those characters, the values it took from the document (seller name, number) are restored,
 * and the whole is encoded in UTF-8. Its dates get their right time zone.
 */
function repairXmp(bytes: Uint8Array, doc: InvoiceDocument): string {
  let xmp = "";
  for (const byte of bytes) xmp += String.fromCharCode(byte);
  const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  for (const value of [doc.seller.name, doc.number]) {
    const written = lowBytes(escapeText(value));
    if (written !== escapeText(value)) xmp = xmp.split(written).join(escapeText(value));
  }
  // Its dates are UTC digits (toISOString) followed by the server's own offset: say UTC.
  xmp = xmp.replace(/(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})[+-]\d{2}:\d{2}/g, "$1+00:00");
  return xmp.replace('begin="\u00EF\u00BB\u00BF"', 'begin="\uFEFF"');
}

/**
 * Rewrites the embedded factur-x.xml with `completeCii`, in place (same file specification, same
 * associated-file entry); re-encodes the XMP metadata in UTF-8 (`repairXmp`); and aligns the
 * document information dictionary with the XMP as PDF/A requires: e-invoice-eu 2.3.4 writes a
 * different Title, Creator and Producer in each, and Keywords only in the dictionary.
 */
async function completeFacturX(pdf: Uint8Array, doc: InvoiceDocument): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const context = document.context;

  const embeddedFiles = document.catalog.lookup(PDFName.of("Names"), PDFDict).lookup(PDFName.of("EmbeddedFiles"), PDFDict);
  const names = embeddedFiles.lookup(PDFName.of("Names"), PDFArray);
  let replaced = false;
  for (let i = 0; i < names.size(); i += 2) {
    const name = names.lookup(i);
    if (!(name instanceof PDFString || name instanceof PDFHexString) || name.decodeText() !== FACTUR_X_FILENAME) continue;
    const ef = names.lookup(i + 1, PDFDict).lookup(PDFName.of("EF"), PDFDict);
    const streamRef = ef.get(PDFName.of("F"));
    const old = ef.lookup(PDFName.of("F"));
    if (!(streamRef instanceof PDFRef) || !(old instanceof PDFRawStream)) throw new Error("factur-x.xml: unexpected embedded file stream");
    const xml = new TextDecoder("utf-8").decode(decodePDFRawStream(old).decode());
    const bytes = new TextEncoder().encode(completeCii(xml, doc));
    const stream = context.flateStream(bytes);
    for (const [key, value] of old.dict.entries()) {
      if (key === PDFName.of("Length") || key === PDFName.of("Filter") || key === PDFName.of("DecodeParms")) continue;
      stream.dict.set(key, value);
    }
    const params = old.dict.lookup(PDFName.of("Params"));
    if (params instanceof PDFDict) {
      const copy = params.clone(context);
      copy.set(PDFName.of("Size"), context.obj(bytes.length));
      stream.dict.set(PDFName.of("Params"), copy);
    }
    context.assign(streamRef, stream);
    replaced = true;
  }
  if (!replaced) throw new Error("e-invoice-eu did not embed factur-x.xml");

  const metadataRef = document.catalog.get(PDFName.of("Metadata"));
  const metadata = document.catalog.lookup(PDFName.of("Metadata"));
  if (metadataRef instanceof PDFRef && metadata instanceof PDFRawStream) {
    const xmp = repairXmp(decodePDFRawStream(metadata).decode(), doc);
    // Unfiltered, as PDF/A-1 required of the metadata stream and readers expect.
    context.assign(metadataRef, context.stream(new TextEncoder().encode(xmp), { Type: "Metadata", Subtype: "XML" }));
    const title = metadataText(xmp, /<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>([^<]*)<\/rdf:li>/);
    const producer = metadataText(xmp, /<pdf:Producer>([^<]*)<\/pdf:Producer>/);
    const creatorTool = metadataText(xmp, /<xmp:CreatorTool>([^<]*)<\/xmp:CreatorTool>/);
    if (title !== null) document.setTitle(title);
    if (producer !== null) document.setProducer(producer);
    if (creatorTool !== null) document.setCreator(creatorTool);
    const info = context.lookup(context.trailerInfo.Info);
    if (info instanceof PDFDict && !/<pdf:Keywords>/.test(xmp)) info.delete(PDFName.of("Keywords"));
  }
  return document.save();
}

// ---------------------------------------------------------------------------------------------------
// The readable PDF


const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
const MARGIN = 42;
const RIGHT = PAGE_WIDTH - MARGIN;
const CONTENT_WIDTH = RIGHT - MARGIN;
const FOOTER_Y = 24;
const BOTTOM = 56; // lowest baseline of the content, above the footer

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.4, 0.44);
const ACCENT = rgb(0.05, 0.27, 0.52);
const RULE = rgb(0.78, 0.8, 0.84);
const BAND = rgb(0.92, 0.94, 0.97);

const COL_QTY_RIGHT = RIGHT - 100;
const COL_LABEL_WIDTH = COL_QTY_RIGHT - 40 - MARGIN - 6;

type TextStyle = { font: PDFFont; size: number; color: RGB };

class Layout {
  readonly pdf: PDFDocument;
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  private readonly charset: [Set<number>, Set<number>];
  page!: PDFPage;
  y = 0;

  constructor(pdf: PDFDocument, regular: PDFFont, bold: PDFFont) {
    this.pdf = pdf;
    this.regular = regular;
    this.bold = bold;
    this.charset = [new Set(regular.getCharacterSet()), new Set(bold.getCharacterSet())];
  }

  style(kind: "body" | "bold" | "small" | "muted" | "title" | "heading"): TextStyle {
    switch (kind) {
      case "body":
        return { font: this.regular, size: 9, color: INK };
      case "bold":
        return { font: this.bold, size: 9, color: INK };
      case "small":
        return { font: this.regular, size: 7.5, color: MUTED };
      case "muted":
        return { font: this.regular, size: 8.5, color: MUTED };
      case "heading":
        return { font: this.bold, size: 11, color: INK };
      case "title":
        return { font: this.bold, size: 20, color: ACCENT };
    }
  }

  /** Text the font can draw: line breaks and tabs become spaces, characters without a glyph "?". */
  clean(text: string, font: PDFFont): string {
    const set = this.charset[font === this.bold ? 1 : 0];
    let out = "";
    for (const ch of text.replace(/[\r\n\t]+/g, " ")) {
      const cp = ch.codePointAt(0) ?? 0x3f;
      out += set.has(cp) ? ch : /\s/.test(ch) ? " " : "?";
    }
    return out;
  }

  width(text: string, style: TextStyle): number {
    return style.font.widthOfTextAtSize(this.clean(text, style.font), style.size);
  }

  draw(text: string, x: number, y: number, style: TextStyle, align: "left" | "right" | "center" = "left"): void {
    const clean = this.clean(text, style.font);
    const w = style.font.widthOfTextAtSize(clean, style.size);
    const at = align === "left" ? x : align === "right" ? x - w : x - w / 2;
    this.page.drawText(clean, { x: at, y, size: style.size, font: style.font, color: style.color });
  }

  /** Word-wrapped lines no wider than `maxWidth` (a word too long for a line is cut). */
  wrap(text: string, style: TextStyle, maxWidth: number): string[] {
    const words = this.clean(text, style.font).split(" ").filter((w) => w.length > 0);
    const lines: string[] = [];
    let current = "";
    for (const word of words) {
      const candidate = current ? `${current} ${word}` : word;
      if (style.font.widthOfTextAtSize(candidate, style.size) <= maxWidth) {
        current = candidate;
        continue;
      }
      if (current) lines.push(current);
      let rest = word;
      while (style.font.widthOfTextAtSize(rest, style.size) > maxWidth && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && style.font.widthOfTextAtSize(rest.slice(0, cut), style.size) > maxWidth) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      current = rest;
    }
    if (current) lines.push(current);
    return lines.length > 0 ? lines : [""];
  }

  /** Draws wrapped text from the cursor down; returns the new cursor. */
  paragraph(text: string, x: number, y: number, style: TextStyle, maxWidth: number, leading = style.size * 1.3): number {
    let cursor = y;
    for (const line of this.wrap(text, style, maxWidth)) {
      this.draw(line, x, cursor, style);
      cursor -= leading;
    }
    return cursor;
  }

  rule(y: number, x1 = MARGIN, x2 = RIGHT, color = RULE, thickness = 0.6): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color });
  }

  band(x: number, yTop: number, w: number, h: number, color = BAND): void {
    this.page.drawRectangle({ x, y: yTop - h, width: w, height: h, color });
  }
}

function formatSiret(siret: string): string {
  return /^\d{14}$/.test(siret) ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}` : siret;
}

function formatSiren(sirenNumber: string): string {
  return /^\d{9}$/.test(sirenNumber) ? `${sirenNumber.slice(0, 3)} ${sirenNumber.slice(3, 6)} ${sirenNumber.slice(6)}` : sirenNumber;
}

function formatRate(rateBp: number): string {
  return `${String(rateBp / 100).replace(".", ",")} %`;
}

function cityLine(party: InvoiceParty): string | null {
  const text = [party.postcode, party.city].filter(Boolean).join(" ");
  return text || null;
}

function documentTitle(doc: InvoiceDocument): string {
  return doc.type === "invoice" ? "Facture" : doc.type === "penalties" ? "Pénalités de retard" : "Avoir";
}

/** The "Règlement" block: how to pay, then when. No-break spaces keep each reference with its label when a line wraps. */
function settlementLines(doc: InvoiceDocument): string[] {
  const { payment } = doc;
  if (doc.type === "credit-note") return ["Montant déduit de la prochaine facture."];
  if (!payment) return ["Aucun montant à régler."];
  const day = formatFrenchDate(payBy(doc, payment));
  if (payment.means === "direct-debit") {
    return [`Prélèvement SEPA — RUM\u00A0${payment.mandateRef}, ICS\u00A0${payment.creditorId}`, `Prélevé le ${day}`];
  }
  const bic = payment.bic ? `, BIC\u00A0${payment.bic}` : "";
  return [`Virement SEPA — IBAN\u00A0${groupedIban(payment.iban, "\u00A0")}${bic}, référence\u00A0${doc.number}`, `À régler au plus tard le ${day}`];
}

async function renderVisiblePdf(doc: InvoiceDocument): Promise<Uint8Array> {
  const fonts = await loadFonts();
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });
  const layout = new Layout(pdf, regular, bold);
  const title = `${documentTitle(doc)} N° ${doc.number}`;

  const newPage = (continuation: boolean) => {
    layout.page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    layout.y = PAGE_HEIGHT - MARGIN;
    if (continuation) {
      layout.draw(`${title} (suite)`, MARGIN, layout.y - 11, layout.style("heading"));
      layout.draw(doc.seller.name, RIGHT, layout.y - 11, layout.style("muted"), "right");
      layout.y -= 20;
      layout.rule(layout.y);
      layout.y -= 14;
    }
  };

  const tableHeader = () => {
    const s = layout.style("bold");
    layout.band(MARGIN, layout.y + 4, CONTENT_WIDTH, 17);
    layout.draw("Désignation", MARGIN + 6, layout.y - 8, s);
    layout.draw("Qté", COL_QTY_RIGHT, layout.y - 8, s, "right");
    layout.draw(notSubjectToVat(doc) ? "Montant" : "Montant HT", RIGHT - 6, layout.y - 8, s, "right");
    layout.y -= 24;
  };

  /** Starts a new page when `height` does not fit above the footer. */
  const ensure = (height: number, onBreak?: () => void): void => {
    if (layout.y - height >= BOTTOM) return;
    newPage(true);
    onBreak?.();
  };

  // --- Page 1: seller, title, dates, buyer, payment -------------------------------------------------
  newPage(false);
  const top = layout.y;
  const leftWidth = 265;
  const rightX = MARGIN + leftWidth + 30;
  const rightWidth = RIGHT - rightX;

  let left = top - 12;
  layout.draw(doc.seller.name, MARGIN, left, { ...layout.style("heading"), size: 13, color: ACCENT });
  left -= 15;
  const body = layout.style("body");
  for (const line of [doc.seller.address, cityLine(doc.seller)]) {
    if (!line) continue;
    left = layout.paragraph(line, MARGIN, left, body, leftWidth);
  }
  left = layout.paragraph(`SIRET ${formatSiret(doc.seller.siret)}`, MARGIN, left, body, leftWidth);
  if (doc.seller.vatNumber) left = layout.paragraph(`N° TVA intracommunautaire ${doc.seller.vatNumber}`, MARGIN, left, body, leftWidth);
  left -= 2;
  for (const mention of doc.seller.legalMentions) left = layout.paragraph(mention, MARGIN, left, layout.style("small"), leftWidth);

  let right = top - 16;
  const titleStyle = layout.style("title");
  // "Pénalités de retard" is wider than the column at 20 pt: smaller, never wider.
  const titleSize = Math.min(titleStyle.size, (titleStyle.size * rightWidth) / layout.width(documentTitle(doc), titleStyle));
  layout.draw(documentTitle(doc), rightX, right, { ...titleStyle, size: titleSize });
  right -= 17;
  layout.draw(`N° ${doc.number}`, rightX, right, layout.style("heading"));
  right -= 16;
  const facts: string[] = [`Date d'émission : ${formatFrenchDate(doc.issuedOn)}`];
  if (doc.dueOn) facts.push(`Date d'échéance : ${formatFrenchDate(doc.dueOn)}`);
  if (doc.period) facts.push(`Période du ${formatFrenchDate(doc.period.start)} au ${formatFrenchDate(doc.period.end)}`);
  for (const fact of facts) right = layout.paragraph(fact, rightX, right, body, rightWidth);
  if (doc.precedingInvoice) {
    right -= 2;
    right = layout.paragraph(
      `Avoir sur la facture N°\u00A0${doc.precedingInvoice.number} du\u00A0${formatFrenchDate(doc.precedingInvoice.issuedOn)}`,
      rightX,
      right,
      layout.style("bold"),
      rightWidth,
    );
  }

  // Buyer box (right) and payment (left), side by side.
  let blockTop = Math.min(left, right) - 14;
  const buyerLines: { text: string; style: TextStyle }[] = [{ text: doc.buyer.name, style: layout.style("bold") }];
  for (const line of [doc.buyer.address, cityLine(doc.buyer)]) if (line) buyerLines.push({ text: line, style: body });
  buyerLines.push({ text: `SIRET ${formatSiret(doc.buyer.siret)}`, style: body });
  buyerLines.push({ text: `SIREN ${formatSiren(siren(doc.buyer.siret))}`, style: body });
  if (doc.buyer.vatNumber) buyerLines.push({ text: `N° TVA ${doc.buyer.vatNumber}`, style: body });
  buyerLines.push({ text: `Compte client ${doc.billingAccountRef}`, style: body });
  const boxPadding = 8;
  const wrappedBuyer = buyerLines.flatMap((l) => layout.wrap(l.text, l.style, rightWidth - 2 * boxPadding).map((text) => ({ text, style: l.style })));
  const boxHeight = 14 + wrappedBuyer.length * 11.7 + boxPadding + 4;
  layout.page.drawRectangle({ x: rightX, y: blockTop - boxHeight, width: rightWidth, height: boxHeight, borderColor: RULE, borderWidth: 0.8 });
  let by = blockTop - boxPadding - 7;
  layout.draw("Client", rightX + boxPadding, by, layout.style("small"));
  by -= 13;
  for (const l of wrappedBuyer) {
    layout.draw(l.text, rightX + boxPadding, by, l.style);
    by -= 11.7;
  }

  let py = blockTop - boxPadding - 7;
  layout.draw("Règlement", MARGIN, py, layout.style("small"));
  py -= 13;
  for (const [i, text] of settlementLines(doc).entries()) {
    py = layout.paragraph(text, MARGIN, py, i === 0 ? body : layout.style("muted"), leftWidth);
  }
  py -= 4;
  py = layout.paragraph(OPERATION_CATEGORY_TEXT, MARGIN, py, layout.style("muted"), leftWidth);

  blockTop = Math.min(blockTop - boxHeight, py) - 18;
  layout.y = blockTop;

  // --- Lines, grouped by end client and site ------------------------------------------------------------
  tableHeader();
  const lineStyle = layout.style("body");
  const detailStyle = layout.style("small");
  for (const group of doc.groups) {
    const groupTitleHeight = 17;
    // A group title is never left alone at the bottom of a page: keep room for its first line.
    ensure(groupTitleHeight + 26, tableHeader);
    const drawGroupTitle = (suffix: string) => {
      layout.draw(`${group.title}${suffix}`, MARGIN + 6, layout.y - 2, { ...layout.style("bold"), color: ACCENT });
      layout.y -= 7;
      layout.rule(layout.y, MARGIN, RIGHT, RULE, 0.5);
      layout.y -= 11;
    };
    drawGroupTitle("");
    for (const line of group.lines) {
      const labelLines = layout.wrap(line.label, lineStyle, COL_LABEL_WIDTH);
      const detailLines = line.detail ? layout.wrap(line.detail, detailStyle, COL_LABEL_WIDTH) : [];
      const height = labelLines.length * 11.5 + detailLines.length * 9.5 + 4;
      ensure(height, () => {
        tableHeader();
        drawGroupTitle(" (suite)");
      });
      const baseline = layout.y;
      labelLines.forEach((text, i) => layout.draw(text, MARGIN + 14, baseline - i * 11.5, lineStyle));
      detailLines.forEach((text, i) => layout.draw(text, MARGIN + 14, baseline - labelLines.length * 11.5 - i * 9.5 + 2, detailStyle));
      layout.draw(String(line.quantity), COL_QTY_RIGHT, baseline, lineStyle, "right");
      layout.draw(formatEuros(line.amountHtCents), RIGHT - 6, baseline, lineStyle, "right");
      layout.y -= height;
    }
    layout.y -= 4;
  }

  // --- VAT table and totals ------------------------------------------------------------------------------
  const rowHeight = 15;
  // Header row + one row per rate on the left; Total HT + one TVA row per rate + Total TTC on the right.
  const summaryHeight = 14 + (doc.totals.vatByRate.length + 2) * rowHeight + 24;
  ensure(summaryHeight);
  layout.rule(layout.y + 2, MARGIN, RIGHT, RULE, 0.8);
  layout.y -= 14;
  const summaryTop = layout.y;

  const vatX = [MARGIN + 6, MARGIN + 150, MARGIN + 245];
  const bold9 = layout.style("bold");
  let vy = summaryTop - rowHeight;
  if (notSubjectToVat(doc)) {
    // Category O: no rate, no VAT amount (EN 16931 BR-O-05, BR-O-09), the exemption reason instead.
    layout.draw("TVA non applicable", vatX[0], summaryTop, bold9);
    vy = layout.paragraph(`${NOT_SUBJECT_TO_VAT.reason} : pénalités de retard et indemnités forfaitaires de recouvrement (art. L441-10 du Code de commerce).`, vatX[0], vy, layout.style("muted"), 250);
  } else {
    layout.band(MARGIN, summaryTop + 11, 250, rowHeight);
    layout.draw("Taux TVA", vatX[0], summaryTop, bold9);
    layout.draw("Base HT", vatX[1], summaryTop, bold9, "right");
    layout.draw("Montant TVA", vatX[2], summaryTop, bold9, "right");
    for (const v of doc.totals.vatByRate) {
      layout.draw(formatRate(v.rateBp), vatX[0], vy, body);
      layout.draw(formatEuros(v.baseCents), vatX[1], vy, body, "right");
      layout.draw(formatEuros(v.vatCents), vatX[2], vy, body, "right");
      vy -= rowHeight;
    }
  }

  const totalsX = RIGHT - 215;
  let ty = summaryTop;
  const totalRow = (label: string, cents: number, style: TextStyle) => {
    layout.draw(label, totalsX + 8, ty, style);
    layout.draw(formatEuros(cents), RIGHT - 6, ty, style, "right");
    ty -= rowHeight;
  };
  if (notSubjectToVat(doc)) {
    totalRow("Total", doc.totals.htCents, body);
    layout.draw("TVA", totalsX + 8, ty, body);
    layout.draw("non applicable", RIGHT - 6, ty, body, "right");
    ty -= rowHeight;
    layout.band(totalsX, ty + 11, RIGHT - totalsX, rowHeight + 2);
    totalRow("Net à payer", doc.totals.ttcCents, { ...layout.style("bold"), size: 10 });
  } else {
    totalRow("Total HT", doc.totals.htCents, body);
    for (const v of doc.totals.vatByRate) totalRow(`TVA ${formatRate(v.rateBp)}`, v.vatCents, body);
    layout.band(totalsX, ty + 11, RIGHT - totalsX, rowHeight + 2);
    totalRow("Total TTC", doc.totals.ttcCents, { ...layout.style("bold"), size: 10 });
  }
  layout.y = Math.min(vy, ty) - 14;

  // --- Notes ---------------------------------------------------------------------------------------------
  const noteStyle = layout.style("small");
  for (const note of allNotes(doc)) {
    const lines = layout.wrap(note, noteStyle, CONTENT_WIDTH);
    ensure(lines.length * 9.5);
    for (const line of lines) {
      layout.draw(line, MARGIN, layout.y, noteStyle);
      layout.y -= 9.5;
    }
    layout.y -= 2;
  }

  // --- Footers, now that the page count is known -------------------------------------------------------
  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    layout.page = page;
    layout.rule(FOOTER_Y + 11, MARGIN, RIGHT, RULE, 0.5);
    layout.draw(`${doc.seller.name} — ${title}`, MARGIN, FOOTER_Y, layout.style("small"));
    layout.draw(`Page ${i + 1}/${pages.length}`, RIGHT, FOOTER_Y, layout.style("small"), "right");
  });

  return pdf.save();
}
