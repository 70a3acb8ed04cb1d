import "server-only";
import { notFound } from "next/navigation";
import { invoiceParties } from "@/lib/server/invoice-documents";
import { db } from "@/lib/server/db";
import { billingAccountScope, viewerOf, type Actor } from "@/lib/server/authz";
import { csvLine } from "@/lib/csv";
import { COUNT_TAKE, parseListQuery, type ListQuery, type SearchParams } from "@/lib/list-query";
import { formatDay, formatFrenchDate, isValidDay, parseDay } from "@/lib/domain/calendar-day";
import { invoiceLineClient, type Viewer } from "@/lib/domain/tenancy";
import type { Prisma } from "@/lib/generated/prisma/client";
import { INVOICE_STATE_FILTER, invoiceStateLabel } from "@/lib/domain/labels";
import { invoicePaymentState } from "@/lib/domain/collections";
import { today } from "@/lib/server/clock";
import { normalizeRef } from "@/lib/domain/identifiers";

// ---------------------------------------------------------------------------------------------
// Lists: *Consultation des factures* and *Consultation des avoirs* (SPEC §7)

export const INVOICE_FILTERS = ["from", "to", "account", "endClient", "min", "max", "state"] as const;
export const INVOICE_SORTS = ["number", "issuedOn", "dueOn", "account", "totalTtcCents"] as const;
type InvoiceColumn = (typeof INVOICE_FILTERS)[number] | (typeof INVOICE_SORTS)[number];
export type InvoiceQuery = ListQuery<InvoiceColumn>;

export function parseInvoiceQuery(params: SearchParams): InvoiceQuery {
  return parseListQuery<InvoiceColumn>(params, { filters: INVOICE_FILTERS, sortable: INVOICE_SORTS, defaultSort: "issuedOn", defaultDir: "desc" });
}

/** `12,50` or `12.50` or `12` → cents; null when it is not an amount. */
export function parseEuros(text: string): number | null {
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s\u00A0€]/g, ""));
  return m ? Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0")) : null;
}

const NOTHING = { id: -1 };

/** What the user typed in the filters that cannot be read, in French (the list then shows nothing). */
export function filterErrors({ filters: f }: { filters: Partial<Record<"from" | "to" | "min" | "max", string>> }): string[] {
  const errors: string[] = [];
  if ((f.from && !isValidDay(f.from)) || (f.to && !isValidDay(f.to))) errors.push("Date invalide : choisissez une date au format jj/mm/aaaa.");
  if ((f.min && parseEuros(f.min) === null) || (f.max && parseEuros(f.max) === null)) errors.push("Montant invalide : saisissez un montant en euros, par exemple 12,50.");
  return errors;
}

/**
 * Filters shared by both lists: billing account (ref or name); end client (identifier or name) of a
 * line, which is how a reseller consults one client's invoices (its own account's, or the reseller's
 * that bill the client's services).
 */
async function accountFilters(f: InvoiceQuery["filters"]): Promise<Prisma.InvoiceWhereInput[]> {
  const and: Prisma.InvoiceWhereInput[] = [];
  if (f.account) and.push({ billingAccount: { OR: [{ ref: { contains: f.account.toUpperCase() } }, { name: { contains: f.account, mode: "insensitive" } }] } });
  if (f.endClient) {
    and.push(/^\d{1,9}$/.test(f.endClient) ? await withEndClient(Number(f.endClient)) : { lines: { some: { endClient: { name: { contains: f.endClient, mode: "insensitive" } } } } });
  }
  return and;
}

/**
 * The invoices with a line for this end client, read off the (endClientId, invoiceId) index first. As an
 * EXISTS per invoice, the planner took the lines of a client's big fleet for as many invoices and walked
 * every invoice in date order (194 ms at 180,000 invoices, for a client with 37,000 lines on 12 invoices).
 */
async function withEndClient(endClientId: number): Promise<Prisma.InvoiceWhereInput> {
  const rows = await db.$queryRaw<{ id: number }[]>`SELECT DISTINCT "invoiceId" AS id FROM "InvoiceLine" WHERE "endClientId" = ${endClientId} LIMIT 10001`;
  // Past 10,000 invoices (a statement takes 65,535 parameters at most), the EXISTS form.
  return rows.length <= 10_000 ? { id: { in: rows.map((r) => r.id) } } : { lines: { some: { endClientId } } };
}

/** Issue date and amount TTC, the same fields on invoices and credit notes; unreadable values match nothing. */
function dateAndAmountFilters(f: Partial<Record<"from" | "to" | "min" | "max", string>>) {
  const and: ({ issuedOn: { gte?: Date; lte?: Date } } | { totalTtcCents: { gte?: bigint; lte?: bigint } } | typeof NOTHING)[] = [];
  if (f.from) and.push(isValidDay(f.from) ? { issuedOn: { gte: parseDay(f.from) } } : NOTHING);
  if (f.to) and.push(isValidDay(f.to) ? { issuedOn: { lte: parseDay(f.to) } } : NOTHING);
  for (const [key, op] of [["min", "gte"], ["max", "lte"]] as const) {
    const value = f[key];
    if (!value) continue;
    const cents = parseEuros(value);
    and.push(cents === null ? NOTHING : { totalTtcCents: { [op]: BigInt(cents) } });
  }
  return and;
}

async function invoiceWhere(actor: Actor, { filters: f }: InvoiceQuery): Promise<Prisma.InvoiceWhereInput> {
  const and: Prisma.InvoiceWhereInput[] = [{ billingAccount: billingAccountScope(actor) }, ...(await accountFilters(f)), ...dateAndAmountFilters(f)];
  if (f.state) and.push(Object.hasOwn(INVOICE_STATE_FILTER, f.state) ? stateWhere(f.state as keyof typeof INVOICE_STATE_FILTER, parseDay(today())) : NOTHING);
  return { AND: and };
}

/** `paymentState` (lib/domain/collections.ts) as a query: the same rules, on the stored facts. */
function stateWhere(state: keyof typeof INVOICE_STATE_FILTER, today: Date): Prisma.InvoiceWhereInput {
  const paid = { paidCents: { gte: db.invoice.fields.totalTtcCents } };
  const unpaid = { paidCents: { lt: db.invoice.fields.totalTtcCents } };
  switch (state) {
    case "CONTESTEE": return { state: "CONTESTEE" };
    case "PAYEE": return paid;
    case "IMPAYEE": return { ...unpaid, debit: "REJETE" };
    case "PRELEVEMENT_PROGRAMME": return { ...unpaid, debit: "PROGRAMME" };
    case "EN_RETARD": return { ...unpaid, debit: "AUCUN", dueOn: { lt: today } };
    case "PARTIELLEMENT_PAYEE": return { ...unpaid, debit: "AUCUN", dueOn: { gte: today }, paidCents: { gt: 0, lt: db.invoice.fields.totalTtcCents } };
    case "EMISE": return { ...unpaid, debit: "AUCUN", dueOn: { gte: today }, paidCents: 0 };
  }
}

function invoiceOrder(query: InvoiceQuery): Prisma.InvoiceOrderByWithRelationInput[] {
  const dir = query.dir;
  if (query.sort === "account") return [{ billingAccount: { ref: dir } }, { issuedOn: "desc" }, { id: "desc" }];
  if (query.sort === "number") return [{ number: dir }];
  return [{ [query.sort]: dir }, { id: dir }];
}

const invoiceListSelect = {
  id: true, number: true, kind: true, issuedOn: true, dueOn: true, periodStart: true, periodEnd: true, totalHtCents: true, vatCents: true, totalTtcCents: true, state: true,
  paidCents: true, debit: true,
  billingAccount: { select: { ref: true, name: true, owner: { select: { id: true, name: true } } } },
} satisfies Prisma.InvoiceSelect;

export async function listInvoices(actor: Actor, query: InvoiceQuery, pageSize = 50) {
  const where = await invoiceWhere(actor, query);
  const [rows, total] = await Promise.all([
    db.invoice.findMany({ where, orderBy: invoiceOrder(query), skip: (query.page - 1) * pageSize, take: pageSize, select: invoiceListSelect }),
    db.invoice.count({ where, take: COUNT_TAKE, orderBy: { billingAccountId: "asc" } }),
  ]);
  const day = today();
  return { rows: rows.map((r) => ({ ...r, paymentState: invoicePaymentState(r, day) })), total };
}
export type InvoiceRow = Awaited<ReturnType<typeof listInvoices>>["rows"][number];

/** `1234` cents → `12,34` (a spreadsheet number in French notation). */
export function csvEuros(cents: number | bigint): string {
  const value = BigInt(cents);
  const abs = value < BigInt(0) ? -value : value;
  return `${value < BigInt(0) ? "-" : ""}${abs / BigInt(100)},${String(abs % BigInt(100)).padStart(2, "0")}`;
}

export async function* invoicesCsv(actor: Actor, query: InvoiceQuery): AsyncGenerator<string> {
  yield csvLine(["N° facture", "Date d'émission", "Période du", "Période au", "Date d'échéance", "Compte client", "Titulaire", "Montant HT", "TVA", "Montant TTC", "État"]);
  const where = await invoiceWhere(actor, query);
  const asOf = today();
  for (let skip = 0; ; skip += 1000) {
    const rows = await db.invoice.findMany({ where, orderBy: invoiceOrder(query), skip, take: 1000, select: invoiceListSelect });
    yield rows
      .map((i) => csvLine([i.number, day(i.issuedOn), ...(i.kind === "PENALITES" ? ["", ""] : [day(i.periodStart), day(i.periodEnd)]), day(i.dueOn), i.billingAccount.ref, i.billingAccount.owner.name, csvEuros(i.totalHtCents), csvEuros(i.vatCents), csvEuros(i.totalTtcCents), invoiceStateLabel(invoicePaymentState(i, asOf), i.state)]))
      .join("");
    if (rows.length < 1000) return;
  }
}

const day = (d: Date) => formatFrenchDate(formatDay(d));

export const CREDIT_NOTE_FILTERS = ["from", "to", "account", "endClient", "min", "max"] as const;
export const CREDIT_NOTE_SORTS = ["number", "issuedOn", "account", "totalTtcCents"] as const;
type CreditNoteColumn = (typeof CREDIT_NOTE_FILTERS)[number] | (typeof CREDIT_NOTE_SORTS)[number];
export type CreditNoteQuery = ListQuery<CreditNoteColumn>;

export function parseCreditNoteQuery(params: SearchParams): CreditNoteQuery {
  return parseListQuery<CreditNoteColumn>(params, { filters: CREDIT_NOTE_FILTERS, sortable: CREDIT_NOTE_SORTS, defaultSort: "issuedOn", defaultDir: "desc" });
}

async function creditNoteWhere(actor: Actor, { filters: f }: CreditNoteQuery): Promise<Prisma.CreditNoteWhereInput> {
  const and: Prisma.CreditNoteWhereInput[] = [{ billingAccount: billingAccountScope(actor) }];
  // A credit note has its invoice's billing account and lines.
  for (const filter of await accountFilters(f)) and.push({ invoice: filter });
  and.push(...dateAndAmountFilters(f));
  return { AND: and };
}

function creditNoteOrder(query: CreditNoteQuery): Prisma.CreditNoteOrderByWithRelationInput[] {
  if (query.sort === "account") return [{ billingAccount: { ref: query.dir } }, { issuedOn: "desc" }, { id: "desc" }];
  if (query.sort === "number") return [{ number: query.dir }];
  return [{ [query.sort]: query.dir }, { id: query.dir }];
}

const creditNoteListSelect = {
  id: true, number: true, issuedOn: true, amountHtCents: true, vatCents: true, totalTtcCents: true, reason: true,
  invoice: { select: { number: true } }, appliedToInvoice: { select: { number: true } },
  billingAccount: { select: { ref: true, name: true, owner: { select: { id: true, name: true } } } },
} satisfies Prisma.CreditNoteSelect;

export async function listCreditNotes(actor: Actor, query: CreditNoteQuery, pageSize = 50) {
  const where = await creditNoteWhere(actor, query);
  const [rows, total] = await Promise.all([
    db.creditNote.findMany({ where, orderBy: creditNoteOrder(query), skip: (query.page - 1) * pageSize, take: pageSize, select: creditNoteListSelect }),
    db.creditNote.count({ where, take: COUNT_TAKE, orderBy: { billingAccountId: "asc" } }),
  ]);
  return { rows, total };
}
export type CreditNoteRow = Awaited<ReturnType<typeof listCreditNotes>>["rows"][number];

export async function* creditNotesCsv(actor: Actor, query: CreditNoteQuery): AsyncGenerator<string> {
  yield csvLine(["N° avoir", "Date d'émission", "Facture", "Compte client", "Titulaire", "Montant HT", "TVA", "Montant TTC", "Déduit sur", "Motif"]);
  const where = await creditNoteWhere(actor, query);
  for (let skip = 0; ; skip += 1000) {
    const rows = await db.creditNote.findMany({ where, orderBy: creditNoteOrder(query), skip, take: 1000, select: creditNoteListSelect });
    yield rows
      .map((c) => csvLine([c.number, day(c.issuedOn), c.invoice.number, c.billingAccount.ref, c.billingAccount.owner.name, csvEuros(c.amountHtCents), csvEuros(c.vatCents), csvEuros(c.totalTtcCents), c.appliedToInvoice?.number ?? "À déduire", c.reason]))
      .join("");
    if (rows.length < 1000) return;
  }
}

// ---------------------------------------------------------------------------------------------
// One invoice, one credit note

export function normalizeInvoiceNumber(number: string): string | null {
  return normalizeRef(number, /^F\d{8}$/);
}

export function normalizeCreditNoteNumber(number: string): string | null {
  return normalizeRef(number, /^A\d{8}$/);
}

/** An invoice the actor may see (billing account owner, its direct parent, staff), or "not found". */
export async function findInvoiceForActor(actor: Actor, number: string) {
  const normalized = normalizeInvoiceNumber(number);
  if (!normalized) notFound();
  const invoice = await db.invoice.findFirst({
    where: { AND: [{ number: normalized }, { billingAccount: billingAccountScope(actor) }] },
    select: { id: true, number: true, kind: true, billingAccountId: true, issuedOn: true, totalHtCents: true, state: true, billingAccount: { select: { ownerCompanyId: true } } },
  });
  if (!invoice) notFound();
  return invoice;
}

/** The invoice page: header, lines grouped by end client and site (masked where SPEC §1 says), credit notes, contestations. */
export async function getInvoice(actor: Actor, number: string) {
  const found = await findInvoiceForActor(actor, number);
  const invoice = await db.invoice.findUniqueOrThrow({
    where: { id: found.id },
    select: {
      ...invoiceListSelect, creditAppliedCents: true, creditCarriedCents: true, issuedAt: true, mandateRef: true, collectionOn: true,
      directDebit: { select: { amountCents: true, collectionOn: true } },
      payments: { orderBy: [{ receivedOn: "asc" }, { id: "asc" }], select: { kind: true, amountCents: true, receivedOn: true, reasonCode: true, reason: true } },
      billingAccount: { select: { ref: true, name: true, owner: { select: { id: true, name: true, siret: true } } } },
      lines: {
        orderBy: { position: "asc" },
        select: {
          id: true, kind: true, label: true, detail: true, quantity: true, amountHtCents: true, vatRateBp: true,
          contractedOffer: { select: { ref: true } },
          endClient: { select: { id: true, name: true, parentId: true, parent: { select: { name: true } } } },
          site: { select: { name: true } },
        },
      },
      creditNotes: { select: { number: true, issuedOn: true, totalTtcCents: true }, orderBy: { id: "asc" } },
      creditNotesApplied: { select: { number: true }, orderBy: { id: "asc" } },
      contestations: { orderBy: { id: "asc" }, select: { id: true, reason: true, state: true, requestedAt: true, decidedAt: true, decisionReason: true, acceptedAmountCents: true, creditNote: { select: { number: true } } } },
      pdf: false,
    },
  });
  return {
    invoice: { ...invoice, paymentState: invoicePaymentState(invoice, today()) },
    groups: groupByClient(viewerOf(actor), invoice.lines),
    ...(await invoiceParties(db, found.billingAccountId)),
  };
}

type LineWithClient = { endClient: { id: number; name: string; parentId: number | null; parent: { name: string } | null } | null; site: { name: string } | null; contractedOffer?: { ref: string } | null };

/**
 * Invoice lines grouped under their end client and site, as `viewer` may see them (SPEC §1): a client's
 * own client is *Client de {raison sociale}*, without site or OC. Credits and carried balances last.
 */
export function groupByClient<L extends LineWithClient>(viewer: Viewer, lines: L[]): { title: string; lines: L[] }[] {
  const groups: { title: string; lines: L[] }[] = [];
  for (const line of lines) {
    let title = "Crédits et reports";
    if (line.endClient) {
      const client = invoiceLineClient(viewer, { id: line.endClient.id, parentId: line.endClient.parentId, name: line.endClient.name, parentName: line.endClient.parent?.name ?? null });
      title = client.showSite && line.site ? `${client.label} — ${line.site.name}` : client.label;
      if (!client.showSite && line.contractedOffer) line.contractedOffer = null;
    }
    const last = groups[groups.length - 1];
    if (last?.title === title) last.lines.push(line);
    else groups.push({ title, lines: [line] });
  }
  return groups;
}
export type InvoiceDetail = Awaited<ReturnType<typeof getInvoice>>;

/** A credit note the actor may see, or "not found". */
export async function findCreditNoteForActor(actor: Actor, number: string) {
  const normalized = normalizeCreditNoteNumber(number);
  if (!normalized) notFound();
  const note = await db.creditNote.findFirst({ where: { AND: [{ number: normalized }, { billingAccount: billingAccountScope(actor) }] }, select: { id: true, number: true } });
  if (!note) notFound();
  return note;
}

/** The stored PDF of an invoice or credit note the actor may see; null while the run is still producing it. */
export async function documentPdf(actor: Actor, number: string): Promise<{ filename: string; pdf: Uint8Array | null }> {
  if (normalizeCreditNoteNumber(number)) {
    const note = await findCreditNoteForActor(actor, number);
    const row = await db.creditNote.findUniqueOrThrow({ where: { id: note.id }, select: { pdf: true } });
    return { filename: `avoir-${note.number}.pdf`, pdf: row.pdf };
  }
  const invoice = await findInvoiceForActor(actor, number);
  const row = await db.invoice.findUniqueOrThrow({ where: { id: invoice.id }, select: { pdf: true } });
  return { filename: `facture-${invoice.number}.pdf`, pdf: row.pdf };
}

const NOT_FOUND = () => new Response("Introuvable", { status: 404, headers: { "cache-control": "no-store" } });

/** The download of a stored PDF: 404 for anything the actor may not see (as for pages). */
export async function documentResponse(actor: Actor | null, number: string): Promise<Response> {
  if (!actor || actor.pendingTermsId !== null) return NOT_FOUND();
  let document: Awaited<ReturnType<typeof documentPdf>>;
  try {
    document = await documentPdf(actor, number);
  } catch (error) {
    if (String((error as { digest?: string })?.digest ?? "").includes("404")) return NOT_FOUND();
    throw error;
  }
  if (!document.pdf) return new Response("Le PDF de ce document est en cours de production : réessayez dans quelques minutes.", { status: 503, headers: { "retry-after": "60", "content-type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(document.pdf), {
    headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${document.filename}"`, "cache-control": "private, no-store" },
  });
}
