import "server-only";
import { db, type Tx } from "@/lib/server/db";
import { groupByClient } from "@/lib/server/invoices";
import { renderInvoicePdf, type InvoiceDocument, type InvoiceParty, type InvoicePayment } from "@/lib/server/invoice-pdf";
import { formatDay } from "@/lib/domain/calendar-day";
import { frenchVatNumber } from "@/lib/domain/identifiers";
import { normalizeIban } from "@/lib/domain/bank";
import { VAT_RATE_BP } from "@/lib/domain/billing";
import { isMultiLineText } from "@/lib/domain/text";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * The issued documents as files (SPEC §7): each invoice and credit note gets its Factur-X PDF once,
 * stored with it (`pdf IS NULL` guards every write, so a PDF is never produced twice nor replaced).
 */

// How to pay (direct debit or transfer) is the first note, written by the renderer from the document's payment.
const INVOICE_NOTES = [
  "Catégorie de l'opération : prestations de services.",
  "Pas d'escompte pour paiement anticipé.",
  "Tout retard de paiement entraîne de plein droit des pénalités de retard au taux annuel de 12 % (au moins trois fois le taux d'intérêt légal) et une indemnité forfaitaire pour frais de recouvrement de 40 € (art. L441-10 du Code de commerce ; CGV art. 8.6.1).",
  "Une facture non contestée dans un délai de 30 jours à compter de sa date d'émission est réputée acceptée (CGV art. 9.1).",
];

// Worded without "pénalités" nor "recouvrement": those words give the legal notes above their subject codes (PMD, PMT).
const PENALTY_NOTES = ["TVA non applicable : montants non soumis à la TVA (catégorie O), qui ne rémunèrent aucune opération.", ...INVOICE_NOTES];
const PENALTY_GROUP = "Pénalités de retard et indemnités forfaitaires de recouvrement";

const CREDIT_NOTE_NOTES = ["Catégorie de l'opération : prestations de services.", "Cet avoir est déduit de la prochaine facture du compte client (CGV art. 9.1)."];

type CompanyRow = {
  id: number; name: string; siret: string; vatNumber: string | null; street: string | null; postcode: string | null; city: string | null;
  sites: { address: string | null; postcode: string | null; city: string | null }[];
};
const companySelect = {
  id: true, name: true, siret: true, vatNumber: true, street: true, postcode: true, city: true, universes: true,
  sites: { take: 1, orderBy: { id: "asc" }, select: { address: true, postcode: true, city: true } },
} as const;

/** A party's legal address, or its first site's while it has none (SPEC §12); a company without a VAT number of its own gets its SIREN's. */
function party(company: CompanyRow): InvoiceParty {
  const place = company.street ? { address: company.street, postcode: company.postcode, city: company.city } : company.sites[0];
  return {
    name: company.name, siret: company.siret, vatNumber: company.vatNumber ?? frenchVatNumber(company.siret.slice(0, 9)),
    address: place?.address ?? null, postcode: place?.postcode ?? null, city: place?.city ?? null,
    companyId: company.id,
  };
}

type Operator = { seller: InvoiceDocument["seller"]; creditorId: string; account: { iban: string; bic: string | null } };

/** The operator as the seller, with the seller data `npm run setup` recorded (SPEC §11): its ICS and its bank account. */
async function operator(tx: Reader): Promise<Operator> {
  const company = await tx.company.findFirstOrThrow({ where: { isOperator: true }, orderBy: { id: "asc" }, select: { ...companySelect, operatorSettings: true } });
  const settings = company.operatorSettings;
  if (!settings) throw new Error(`the operator ${company.id} has no seller data: run npm run setup`);
  return {
    seller: { ...party(company), legalMentions: [settings.legalMentions] },
    creditorId: settings.creditorId,
    account: { iban: normalizeIban(settings.iban), bic: settings.bic || null },
  };
}

/**
 * How an issued invoice is paid (SPEC §13): by direct debit when the run announced a collection (a RUM and a
 * collection date), by transfer otherwise — a SEPA account without an active mandate, or a debit the collection job
 * gave up before the PDF was made; nothing when its total is zero.
 */
function invoicePayment(
  invoice: { totalTtcCents: bigint; mandateRef: string | null; collectionOn: Date | null },
  seller: Operator,
): InvoicePayment | null {
  if (invoice.totalTtcCents <= 0n) return null;
  if (invoice.mandateRef && invoice.collectionOn) {
    return { means: "direct-debit", mandateRef: invoice.mandateRef, creditorId: seller.creditorId, collectionOn: formatDay(invoice.collectionOn) };
  }
  return { means: "transfer", ...seller.account };
}

/** The buyer (the account's owner) and the operator's ICS as an invoice of `billingAccountId` prints them: its page shows the same. */
export async function invoiceParties(reader: Reader, billingAccountId: number) {
  const account = await reader.billingAccount.findUniqueOrThrow({ where: { id: billingAccountId }, select: { owner: { select: companySelect } } });
  const { creditorId } = await operator(reader);
  return { buyer: party(account.owner), creditorId };
}

/** A transaction or the client itself: documents are read inside the issuing transaction or after it. */
type Reader = Pick<Tx, "invoice" | "creditNote" | "company" | "billingAccount">;

const vatByRate = (ht: bigint, vat: bigint, rateBp = VAT_RATE_BP) => [{ rateBp, baseCents: Number(ht), vatCents: Number(vat) }];

/**
 * The invoice as its PDF shows it: lines grouped by end client and site as the billing account's owner sees them. A
 * penalty invoice (SPEC §13) is not subject to VAT: no billing period, its lines in one group, and — EN 16931 BR-O-02
 * — no VAT number, the seller's SIRET and the buyer's SIREN identifying them.
 */
export async function invoiceDocument(tx: Reader, invoiceId: number): Promise<InvoiceDocument> {
  const invoice = await tx.invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    select: {
      kind: true, number: true, issuedOn: true, dueOn: true, periodStart: true, periodEnd: true, totalHtCents: true, vatCents: true, totalTtcCents: true, mandateRef: true, collectionOn: true,
      billingAccount: { select: { ref: true, owner: { select: companySelect } } },
      lines: {
        orderBy: { position: "asc" },
        select: { label: true, detail: true, quantity: true, amountHtCents: true, vatRateBp: true, endClient: { select: { id: true, name: true, parentId: true, parent: { select: { name: true } } } }, site: { select: { name: true } } },
      },
    },
  });
  const owner = invoice.billingAccount.owner;
  const viewer = { companyId: owner.id, actsAsReseller: owner.universes.some((u) => u !== "CLIENT"), staff: false };
  const seller = await operator(tx);
  if (invoice.kind === "PENALITES") {
    return {
      type: "penalties",
      number: invoice.number,
      issuedOn: formatDay(invoice.issuedOn),
      dueOn: formatDay(invoice.dueOn),
      period: null,
      seller: { ...seller.seller, vatNumber: null },
      buyer: { ...party(owner), vatNumber: null },
      billingAccountRef: invoice.billingAccount.ref,
      payment: invoicePayment(invoice, seller),
      precedingInvoice: null,
      groups: [{ title: PENALTY_GROUP, lines: invoice.lines.map((l) => ({ label: l.label, detail: l.detail, quantity: l.quantity, amountHtCents: l.amountHtCents, vatRateBp: l.vatRateBp })) }],
      totals: { htCents: Number(invoice.totalHtCents), vatCents: Number(invoice.vatCents), ttcCents: Number(invoice.totalTtcCents), vatByRate: vatByRate(invoice.totalHtCents, invoice.vatCents, 0) },
      notes: PENALTY_NOTES,
    };
  }
  return {
    type: "invoice",
    number: invoice.number,
    issuedOn: formatDay(invoice.issuedOn),
    dueOn: formatDay(invoice.dueOn),
    period: { start: formatDay(invoice.periodStart), end: formatDay(invoice.periodEnd) },
    seller: seller.seller,
    buyer: party(owner),
    billingAccountRef: invoice.billingAccount.ref,
    payment: invoicePayment(invoice, seller),
    precedingInvoice: null,
    groups: groupByClient(viewer, invoice.lines).map((g) => ({
      title: g.title,
      lines: g.lines.map((l) => ({ label: l.label, detail: l.detail, quantity: l.quantity, amountHtCents: l.amountHtCents, vatRateBp: l.vatRateBp })),
    })),
    totals: { htCents: Number(invoice.totalHtCents), vatCents: Number(invoice.vatCents), ttcCents: Number(invoice.totalTtcCents), vatByRate: vatByRate(invoice.totalHtCents, invoice.vatCents) },
    notes: INVOICE_NOTES,
  };
}

export async function creditNoteDocument(tx: Reader, creditNoteId: number): Promise<InvoiceDocument> {
  const note = await tx.creditNote.findUniqueOrThrow({
    where: { id: creditNoteId },
    select: {
      number: true, issuedOn: true, amountHtCents: true, vatCents: true, totalTtcCents: true, reason: true,
      invoice: { select: { number: true, issuedOn: true, periodStart: true, periodEnd: true } },
      billingAccount: { select: { ref: true, owner: { select: companySelect } } },
    },
  });
  return {
    type: "credit-note",
    number: note.number,
    issuedOn: formatDay(note.issuedOn),
    dueOn: null,
    period: { start: formatDay(note.invoice.periodStart), end: formatDay(note.invoice.periodEnd) },
    seller: (await operator(tx)).seller,
    buyer: party(note.billingAccount.owner),
    billingAccountRef: note.billingAccount.ref,
    payment: null,
    precedingInvoice: { number: note.invoice.number, issuedOn: formatDay(note.invoice.issuedOn) },
    groups: [{ title: `Avoir sur la facture ${note.invoice.number}`, lines: [{ label: note.reason.slice(0, 300), detail: null, quantity: 1, amountHtCents: Number(note.amountHtCents), vatRateBp: VAT_RATE_BP }] }],
    totals: { htCents: Number(note.amountHtCents), vatCents: Number(note.vatCents), ttcCents: Number(note.totalTtcCents), vatByRate: vatByRate(note.amountHtCents, note.vatCents) },
    notes: CREDIT_NOTE_NOTES,
  };
}

/** The first text of a document that XML 1.0 cannot carry (a control character), by its path; null when none. */
function forbiddenTextIn(value: unknown, path: string): string | null {
  if (typeof value === "string") return isMultiLineText(value) ? null : path;
  if (value === null || typeof value !== "object") return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = forbiddenTextIn(inner, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/**
 * A document's PDF, or null when it cannot be made: the failure is logged with the document's number and the
 * document stays without a PDF, for the next run to try again (issue 32: one bad document never stops the others).
 * A text with a control character (written before the forms refused them) would make the Factur-X XML invalid.
 */
async function pdfOrNull(number: string, load: () => Promise<InvoiceDocument>): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    const doc = await load();
    const forbidden = forbiddenTextIn(doc, "document");
    if (forbidden) throw new Error(`${forbidden} holds a control character`);
    return new Uint8Array(await renderInvoicePdf(doc));
  } catch (error) {
    console.error(`[pdf] ${number}: no PDF produced, the next run tries again`, error);
    return null;
  }
}

/** Produces and stores a credit note's PDF inside the transaction that issues it; left to the next run if it fails. */
export async function storeCreditNotePdf(tx: Tx, creditNote: { id: number; number: string }) {
  const pdf = await pdfOrNull(creditNote.number, () => creditNoteDocument(tx, creditNote.id));
  if (pdf) await tx.creditNote.updateMany({ where: { id: creditNote.id, pdf: null }, data: { pdf } });
}

/** One share of the pending PDFs: the invoices whose `id % count = index` (0 ≤ index < count). */
export type PdfShard = { index: number; count: number };

/** What a pass over the missing PDFs did: how many it stored, and the numbers of the documents that failed. */
export type PdfOutcome = { stored: number; failed: string[] };

/**
 * Produces the PDFs of the invoices issued without one yet (the billing run issues in batches, then
 * calls this): each is rendered on its own from the stored invoice and written only if still missing; one
 * that fails is reported and left for the next run. Rendering is CPU-bound: with `shard`, N processes (one
 * per core) each take their share, `id % count = index`.
 */
export async function storeMissingInvoicePdfs(options: { invoiceIds?: number[]; shard?: PdfShard } = {}): Promise<PdfOutcome> {
  const { shard, invoiceIds } = options;
  if (shard && !(Number.isInteger(shard.count) && Number.isInteger(shard.index) && shard.count >= 1 && shard.index >= 0 && shard.index < shard.count)) {
    throw new RangeError(`Invalid shard ${shard.index}/${shard.count}`);
  }
  const outcome: PdfOutcome = { stored: 0, failed: [] };
  let after = 0;
  for (;;) {
    const pending = shard
      ? await db.$queryRaw<{ id: number; number: string }[]>`
          SELECT "id", "number" FROM "Invoice"
          WHERE "pdf" IS NULL AND "id" > ${after} AND "id" % ${shard.count} = ${shard.index} ${invoiceIds ? Prisma.sql`AND "id" = ANY(${invoiceIds})` : Prisma.empty}
          ORDER BY "id" LIMIT 100`
      : await db.invoice.findMany({
          where: { pdf: null, id: { gt: after, ...(invoiceIds ? { in: invoiceIds } : {}) } },
          orderBy: { id: "asc" }, take: 100, select: { id: true, number: true },
        });
    if (pending.length === 0) return outcome;
    for (const { id, number } of pending) {
      after = id;
      const pdf = await pdfOrNull(number, () => invoiceDocument(db, id));
      if (!pdf) {
        outcome.failed.push(number);
        continue;
      }
      const { count } = await db.invoice.updateMany({ where: { id, pdf: null }, data: { pdf } });
      outcome.stored += count;
    }
  }
}

/** The invoices' missing PDFs, as `storeMissingInvoicePdfs`; how many were stored (failures are logged). */
export async function storePendingInvoicePdfs(options: { invoiceIds?: number[]; shard?: PdfShard } = {}): Promise<number> {
  return (await storeMissingInvoicePdfs(options)).stored;
}

/** The credit notes whose PDF failed when they were issued (they are few: one pass, in one process). */
export async function storeMissingCreditNotePdfs(): Promise<PdfOutcome> {
  const outcome: PdfOutcome = { stored: 0, failed: [] };
  for (const { id, number } of await db.creditNote.findMany({ where: { pdf: null }, orderBy: { id: "asc" }, select: { id: true, number: true } })) {
    const pdf = await pdfOrNull(number, () => creditNoteDocument(db, id));
    if (!pdf) {
      outcome.failed.push(number);
      continue;
    }
    const { count } = await db.creditNote.updateMany({ where: { id, pdf: null }, data: { pdf } });
    outcome.stored += count;
  }
  return outcome;
}
