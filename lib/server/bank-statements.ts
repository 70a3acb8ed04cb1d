import "server-only";
import { reviewAfterPayment } from "@/lib/server/account-suspensions";
import { createHash } from "node:crypto";
import { db, type Tx } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { payOwedFromCredit, refreshPaid } from "@/lib/server/payments";
import { invoiceNumbersIn, readCamt, type CamtEntry, type CamtReadResult, type CamtTransaction } from "@/lib/domain/camt";
import { returnReason } from "@/lib/domain/sepa";
import { groupedIban } from "@/lib/domain/mandates";
import { normalizeIban } from "@/lib/domain/bank";
import { formatEuros } from "@/lib/domain/money";
import { parseDay, type CalendarDay } from "@/lib/domain/calendar-day";

/**
 * Bank statements (SPEC §13): the booked entries of a camt.053/054 file matched to invoices in one transaction.
 * Each entry is recorded once (`BankEntry.key` unique, ON CONFLICT DO NOTHING): a re-import, or a second import
 * running at the same time, finds it taken and changes nothing. Collections confirm the debit (by EndToEndId = the
 * invoice number, or by the batch's PmtInfId), returns and refunds take it back (the invoice becomes *Impayée*, a
 * rejection fee waits for the next invoice), transfers pay the invoices their remittance names, the rest of a
 * credit going to the account; entries that name no known invoice wait for ADV.
 */
export type ImportOutcome = { recorded: number; alreadyImported: number; matched: number; toAssign: number; ignored: number; errors: string[] };

type InvoiceRow = {
  id: number; number: string; billingAccountId: number; totalTtcCents: bigint; paidCents: bigint; paidOn: Date | null; debit: "AUCUN" | "PROGRAMME" | "REJETE";
  /** Its direct debit, if it was presented, and whether a statement booked it yet. */
  directDebitId: number | null; confirmedOn: Date | null;
};
type PlannedPayment = { invoiceId: number | null; billingAccountId: number; kind: "PRELEVEMENT" | "VIREMENT" | "REJET"; amountCents: bigint; receivedOn: CalendarDay; reference: string | null; reasonCode: string | null; reason: string | null; entryKey: string };

export async function importBankStatement(xml: string, actorId: number | null): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { recorded: 0, alreadyImported: 0, matched: 0, toAssign: 0, ignored: 0, errors: [] };
  const { statement, errors } = readSafely(xml);
  outcome.errors.push(...errors);
  if (!statement) return outcome;
  const settings = await db.operatorSettings.findFirst({ select: { iban: true, debitReturnFeeCents: true } });
  if (!settings || normalizeIban(settings.iban) !== statement.iban) {
    outcome.errors.unshift(
      `Ce relevé est celui du compte ${groupedIban(statement.iban)}, qui n'est pas le compte d'encaissement de l'opérateur${settings ? ` (${groupedIban(settings.iban)})` : ""} : rien n'a été enregistré.`,
    );
    return outcome;
  }
  if (statement.entries.length === 0) return outcome;
  for (const entry of statement.entries) entry.key = storedKey(entry.key);

  const paidAccounts = new Set<number>();
  await db.$transaction(
    async (tx) => {
      const fresh = await insertEntries(tx, statement.messageId, statement.entries, actorId);
      outcome.recorded = fresh.size;
      outcome.alreadyImported = statement.entries.length - fresh.size;
      const entries = statement.entries.filter((e) => fresh.has(e.key));
      if (entries.length === 0) return;

      const batches = await batchDebits(tx, entries);
      const invoices = await lockInvoices(tx, entries, batches);
      const payments: PlannedPayment[] = [];
      const returned = new Map<number, InvoiceRow>();
      const states = new Map<string, { state: "RAPPROCHEE" | "A_AFFECTER" | "IGNOREE"; unassignedCents: bigint }>();
      const name = (e: CamtEntry) => `Écriture n° ${e.index}${e.key.startsWith("ref:") ? ` (réf. ${e.key.split(":").slice(2).join(":")})` : ""}`;
      const pay = (invoice: InvoiceRow, p: Omit<PlannedPayment, "invoiceId" | "billingAccountId">) => {
        payments.push({ ...p, invoiceId: invoice.id, billingAccountId: invoice.billingAccountId });
        invoice.paidCents += p.amountCents;
      };
      // A debit is credited once: by its collection entry, or by its return when that is imported first (the
      // bank booked the collection before taking it back), and a later collection entry then adds nothing.
      const confirmed = new Map<number, CalendarDay>();
      const confirm = (invoice: InvoiceRow, t: { endToEndId: string | null; amountCents: number }, base: { receivedOn: CalendarDay; entryKey: string; reasonCode: null; reason: null }) => {
        if (invoice.directDebitId !== null && invoice.confirmedOn !== null) return;
        pay(invoice, { ...base, kind: "PRELEVEMENT", amountCents: BigInt(t.amountCents), reference: t.endToEndId });
        if (invoice.directDebitId !== null) {
          invoice.confirmedOn = parseDay(base.receivedOn);
          confirmed.set(invoice.directDebitId, base.receivedOn);
        }
      };

      for (const entry of entries) {
        let unassigned = 0n;
        const unknown: string[] = [];
        const uncollected: string[] = [];
        const base = { receivedOn: entry.bookedOn, entryKey: entry.key, reasonCode: null, reason: null };
        if (entry.kind === "COLLECTION") {
          for (const t of collectedTransactions(entry, batches)) {
            const invoice = t.endToEndId ? invoices.get(t.endToEndId) : undefined;
            if (!invoice) {
              unassigned += BigInt(t.amountCents);
              unknown.push(t.endToEndId ?? "sans référence");
              continue;
            }
            confirm(invoice, t, base);
          }
        } else if (entry.kind === "RETURN") {
          for (const t of entry.transactions) {
            const invoice = t.endToEndId ? invoices.get(t.endToEndId) : undefined;
            if (!invoice || invoice.directDebitId === null) {
              unassigned += BigInt(t.amountCents);
              if (invoice) uncollected.push(invoice.number);
              else unknown.push(t.endToEndId ?? "sans référence");
              continue;
            }
            const code = t.reasonCode ?? "";
            confirm(invoice, t, base);
            pay(invoice, { ...base, kind: "REJET", amountCents: -BigInt(t.amountCents), reference: t.endToEndId, reasonCode: code.slice(0, 4) || null, reason: returnReason(code || "NARR", t.reasonText).slice(0, 300) });
            invoice.debit = "REJETE";
            returned.set(invoice.id, invoice);
          }
          if (entry.transactions.length === 0) {
            unassigned = BigInt(entry.amountCents);
            unknown.push("sans détail");
          }
        } else if (entry.kind === "TRANSFER") {
          const transactions: Pick<CamtTransaction, "amountCents" | "invoiceNumbers" | "remittance">[] = entry.transactions.length > 0
            ? entry.transactions
            : [{ amountCents: entry.amountCents, invoiceNumbers: invoiceNumbersIn(entry.additionalInfo ?? ""), remittance: entry.additionalInfo }];
          for (const t of transactions) unassigned += allocateTransfer(t, invoices, base, pay, payments, unknown);
        } else if (entry.direction === "CREDIT") {
          // Money in that is neither a collection nor a plain transfer (a reversal, a bank's own codes): ADV decide.
          unassigned = BigInt(entry.amountCents);
        } else {
          states.set(entry.key, { state: "IGNOREE", unassignedCents: 0n });
          outcome.ignored++;
          continue;
        }
        if (unassigned > 0n) {
          const named = unknown.filter((n) => n !== "sans référence" && n !== "sans détail");
          const what = [
            ...(named.length === 1 ? [`facture ${named[0]} inconnue`] : named.length > 1 ? [`factures ${named.join(", ")} inconnues`] : []),
            ...uncollected.map((n) => `aucun prélèvement présenté pour la facture ${n}`),
          ].join(", ") || "aucune facture reconnue";
          outcome.errors.push(`${name(entry)} : ${what} ; ${formatEuros(unassigned)} à affecter (liste des écritures à affecter).`);
          states.set(entry.key, { state: "A_AFFECTER", unassignedCents: unassigned });
          outcome.toAssign++;
        } else {
          states.set(entry.key, { state: "RAPPROCHEE", unassignedCents: 0n });
          outcome.matched++;
        }
      }

      await writePayments(tx, payments, fresh);
      for (const p of payments) if (p.amountCents > 0n) paidAccounts.add(p.billingAccountId);
      const byId = new Map([...invoices.values()].map((i) => [i.id, i]));
      await writeInvoices(tx, [...new Set(payments.filter((p) => p.invoiceId !== null).map((p) => p.invoiceId!))].map((id) => byId.get(id)!));
      for (const id of await payOwedFromCredit(tx, [...new Set(payments.map((p) => p.billingAccountId))])) paidAccounts.add(id);
      await writeReturnFees(tx, [...returned.values()], payments, settings.debitReturnFeeCents);
      await writeEntryStates(tx, states);
      await writeConfirmations(tx, confirmed);
      await audit(tx, {
        actorId, action: "bank-statement.import", targetType: "bank-statement", targetId: statement.messageId, companyId: null,
        details: { recorded: outcome.recorded, matched: outcome.matched, toAssign: outcome.toAssign, ignored: outcome.ignored, alreadyImported: outcome.alreadyImported },
      });
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
  // A payment lifts at once the suspensions it settles (SPEC §13).
  await reviewAfterPayment([...paidAccounts]);
  return outcome;
}

/** `readCamt`, whose parser may still throw on a malformed file it did not foresee: then the file is refused. */
function readSafely(xml: string): CamtReadResult {
  try {
    return readCamt(xml);
  } catch {
    return { statement: null, errors: ["Ce fichier n'est pas un relevé camt.053 ou camt.054 lisible."] };
  }
}

/** A transfer pays the invoices its remittance names, in that order, up to what each still owes; the rest is a credit on the first one's account. */
function allocateTransfer(
  t: Pick<CamtTransaction, "amountCents" | "invoiceNumbers" | "remittance">,
  invoices: Map<string, InvoiceRow>,
  base: { receivedOn: CalendarDay; entryKey: string; reasonCode: null; reason: null },
  pay: (invoice: InvoiceRow, p: Omit<PlannedPayment, "invoiceId" | "billingAccountId">) => void,
  payments: PlannedPayment[],
  unknown: string[],
): bigint {
  const named = t.invoiceNumbers.map((n) => invoices.get(n)).filter((i): i is InvoiceRow => i !== undefined);
  unknown.push(...t.invoiceNumbers.filter((n) => !invoices.has(n)));
  if (named.length === 0) return BigInt(t.amountCents);
  let left = BigInt(t.amountCents);
  const reference = (t.remittance ?? "").slice(0, 140) || null;
  for (const invoice of named) {
    const owed = invoice.totalTtcCents - invoice.paidCents;
    const part = owed > 0n ? (left < owed ? left : owed) : 0n;
    if (part > 0n) pay(invoice, { ...base, kind: "VIREMENT", amountCents: part, reference });
    left -= part;
  }
  if (left > 0n) payments.push({ ...base, invoiceId: null, billingAccountId: named[0].billingAccountId, kind: "VIREMENT", amountCents: left, reference });
  return 0n;
}

/** A collection's transactions: its own details, or the debits of the batch its PmtInfId names. */
function collectedTransactions(entry: CamtEntry, batches: Map<string, { endToEndId: string; amountCents: number }[]>): { endToEndId: string | null; amountCents: number }[] {
  if (entry.transactions.some((t) => t.endToEndId)) return entry.transactions;
  const batch = entry.batch?.pmtInfId ?? entry.transactions[0]?.pmtInfId ?? null;
  const debits = batch ? batches.get(batch) : undefined;
  if (debits && debits.reduce((sum, d) => sum + d.amountCents, 0) === entry.amountCents) return debits;
  return [{ endToEndId: null, amountCents: entry.amountCents }];
}

/** The entry's key as stored (120 characters): a bank reference longer than that is kept as its hash. */
function storedKey(key: string): string {
  return key.length <= 120 ? key : `sha256:${createHash("sha256").update(key).digest("hex")}`;
}

async function insertEntries(tx: Tx, messageId: string, entries: CamtEntry[], actorId: number | null): Promise<Set<string>> {
  const label = (e: CamtEntry) =>
    [e.transactions.map((t) => [t.counterparty, t.remittance ?? t.endToEndId].filter(Boolean).join(" — ")).join(" | "), e.additionalInfo].filter(Boolean).join(" · ").slice(0, 500);
  const rows = await tx.$queryRaw<{ key: string }[]>`
    INSERT INTO "BankEntry" ("key", "messageId", "position", "bookedOn", "amountCents", "direction", "kind", "label", "state", "importedAt", "importedById")
    SELECT k, ${messageId.slice(0, 35)}, p, b, a, d, kd, l, 'IGNOREE', ${now()}::timestamptz, ${actorId}::int
    FROM unnest(${entries.map((e) => e.key)}::text[], ${entries.map((e) => e.index)}::int[], ${entries.map((e) => e.bookedOn)}::date[],
      ${entries.map((e) => String(e.amountCents))}::bigint[], ${entries.map((e) => e.direction)}::text[], ${entries.map((e) => e.kind)}::text[],
      ${entries.map(label)}::text[]) AS t(k, p, b, a, d, kd, l)
    ON CONFLICT ("key") DO NOTHING
    RETURNING "key"`;
  return new Set(rows.map((r) => r.key));
}

/** The invoices the entries name, locked in id order (hand entries and other imports wait). */
async function lockInvoices(tx: Tx, entries: CamtEntry[], batches: Map<string, { endToEndId: string }[]>): Promise<Map<string, InvoiceRow>> {
  const numbers = new Set<string>([...batches.values()].flat().map((d) => d.endToEndId));
  for (const e of entries) for (const t of e.transactions) {
    if (t.endToEndId) numbers.add(t.endToEndId);
    for (const n of t.invoiceNumbers) numbers.add(n);
  }
  const rows = await tx.$queryRaw<InvoiceRow[]>`
    SELECT i."id", i."number", i."billingAccountId", i."totalTtcCents", i."paidCents", i."paidOn", i."debit", d."id" AS "directDebitId",
      -- a debit recorded as collected without a statement (the demo's, a migrated *Payée*) is confirmed too
      COALESCE(d."confirmedOn", (SELECT MIN(p."receivedOn") FROM "Payment" p WHERE p."invoiceId" = i."id" AND p."kind" = 'PRELEVEMENT')) AS "confirmedOn"
    FROM "Invoice" i LEFT JOIN "DirectDebit" d ON d."invoiceId" = i."id"
    WHERE i."number" = ANY(${[...numbers]}::text[]) ORDER BY i."id" FOR UPDATE OF i`;
  return new Map(rows.map((r) => [r.number, r]));
}

async function batchDebits(tx: Tx, entries: CamtEntry[]) {
  const ids = [...new Set(entries.filter((e) => e.kind === "COLLECTION").map((e) => e.batch?.pmtInfId ?? e.transactions[0]?.pmtInfId).filter((id): id is string => !!id))];
  const batches = new Map<string, { endToEndId: string; amountCents: number }[]>();
  if (ids.length === 0) return batches;
  const debits = await tx.directDebit.findMany({ where: { paymentInfoId: { in: ids } }, select: { paymentInfoId: true, amountCents: true, invoice: { select: { number: true } } } });
  for (const d of debits) (batches.get(d.paymentInfoId) ?? batches.set(d.paymentInfoId, []).get(d.paymentInfoId)!).push({ endToEndId: d.invoice.number, amountCents: Number(d.amountCents) });
  return batches;
}

async function writePayments(tx: Tx, payments: PlannedPayment[], fresh: Set<string>) {
  if (payments.length === 0) return;
  const ids = new Map((await tx.bankEntry.findMany({ where: { key: { in: [...fresh] } }, select: { id: true, key: true } })).map((e) => [e.key, e.id]));
  await tx.$executeRaw`
    INSERT INTO "Payment" ("billingAccountId", "invoiceId", "kind", "amountCents", "receivedOn", "reference", "reasonCode", "reason", "bankEntryId")
    SELECT * FROM unnest(${payments.map((p) => p.billingAccountId)}::int[], ${payments.map((p) => p.invoiceId)}::int[], ${payments.map((p) => p.kind)}::"PaymentKind"[],
      ${payments.map((p) => String(p.amountCents))}::bigint[], ${payments.map((p) => p.receivedOn)}::date[], ${payments.map((p) => p.reference)}::text[],
      ${payments.map((p) => p.reasonCode)}::text[], ${payments.map((p) => p.reason)}::text[], ${payments.map((p) => ids.get(p.entryKey)!)}::int[])`;
}

/** The returned invoices' debit state, then every touched invoice's paid amount and settlement day. */
async function writeInvoices(tx: Tx, touched: InvoiceRow[]) {
  if (touched.length === 0) return;
  const returned = touched.filter((i) => i.debit === "REJETE").map((i) => i.id);
  if (returned.length > 0) await tx.invoice.updateMany({ where: { id: { in: returned } }, data: { debit: "REJETE" } });
  await refreshPaid(tx, touched.map((i) => i.id));
}

/** SPEC §13: a returned debit bills the *Frais de rejet de prélèvement* on the account's next invoice, once per return. */
async function writeReturnFees(tx: Tx, returned: InvoiceRow[], payments: PlannedPayment[], feeCents: number) {
  const rows = payments.filter((p) => p.kind === "REJET" && p.invoiceId !== null).map((p) => {
    const invoice = returned.find((i) => i.id === p.invoiceId)!;
    return { billingAccountId: invoice.billingAccountId, label: `Frais de rejet de prélèvement — facture ${invoice.number} (${p.reason})`.slice(0, 300), amountHtCents: feeCents, sourceKey: `rejet:${p.entryKey}:${invoice.number}`.slice(0, 160), createdAt: now() };
  });
  if (rows.length > 0 && feeCents > 0) await tx.pendingCharge.createMany({ data: rows, skipDuplicates: true });
}

async function writeConfirmations(tx: Tx, confirmed: Map<number, CalendarDay>) {
  if (confirmed.size === 0) return;
  await tx.$executeRaw`
    UPDATE "DirectDebit" d SET "confirmedOn" = t.day
    FROM unnest(${[...confirmed.keys()]}::int[], ${[...confirmed.values()]}::date[]) AS t(id, day)
    WHERE d."id" = t.id`;
}

async function writeEntryStates(tx: Tx, states: Map<string, { state: string; unassignedCents: bigint }>) {
  const list = [...states];
  await tx.$executeRaw`
    UPDATE "BankEntry" e SET "state" = t.state::"BankEntryState", "unassignedCents" = t.unassigned
    FROM unnest(${list.map(([key]) => key)}::text[], ${list.map(([, s]) => s.state)}::text[], ${list.map(([, s]) => String(s.unassignedCents))}::bigint[]) AS t(key, state, unassigned)
    WHERE e."key" = t.key`;
}
