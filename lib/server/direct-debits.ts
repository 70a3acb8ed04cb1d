import "server-only";
import { mkdir, readdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { notFound } from "next/navigation";
import { db, type Tx } from "@/lib/server/db";
import { isStaff, type Actor } from "@/lib/server/authz";
import { now } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { nextNumber } from "@/lib/server/counters";
import { sendMail, portalUrl } from "@/lib/server/mail";
import { buildPain008, pain008Errors, paymentInfoId, type Pain008Debit } from "@/lib/server/pain008";
import { addDays, compareDays, formatDay, formatFrenchDate, parseDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { feasibleCollectionDate, fileDeadline } from "@/lib/domain/collections";
import { lapsesOn } from "@/lib/domain/mandates";
import { bicProblem, ibanProblem, needsDebtorAddress, sameBank } from "@/lib/domain/bank";
import { toSepaText } from "@/lib/domain/sepa";
import { groupedIban } from "@/lib/domain/mandates";
import { paymentTerms } from "@/lib/server/billing-run";
import { formatEuros } from "@/lib/domain/money";

/**
 * The collection run (SPEC §13): each invoice announced for a direct debit goes, once, into the pain.008 file of
 * its collection date, written when that date's deadline comes (2 TARGET business days before). One transaction
 * locks the invoices (`SKIP LOCKED`: two runs at once share them), so a killed run leaves whole files or nothing;
 * `DirectDebit.invoiceId` is unique, so no invoice is ever in two files.
 */
export type CollectionRunResult = { files: number; debits: number; moved: number; toTransfer: number; refused: string[] };

export type CollectionRunOptions = {
  /** Where the bank upload picks the files: each file not there yet is written as `<MsgId>.xml`. */
  outDir?: string;
  /** Called inside the transaction once the files are stored (tests crash a run here). */
  beforeCommit?: () => Promise<void> | void;
};

/** The last collection date whose file is due by `asOf` (its deadline is on or before `asOf`). */
export function lastDateDueBy(asOf: CalendarDay): CalendarDay {
  let day = asOf;
  while (compareDays(fileDeadline(addDays(day, 1)), asOf) <= 0) day = addDays(day, 1);
  return day;
}

type Candidate = {
  id: number; number: string; billingAccountId: number; accountName: string; invoiceEmails: string[];
  dueCents: bigint; collectionOn: Date; mandateRef: string | null; issuedOn: Date; dueOn: Date;
};
type ToTransfer = { id: number; number: string; to: string[]; accountName: string; dueOn: CalendarDay; amountCents: bigint };
type Mandate = {
  id: number; billingAccountId: number; rum: string; debtorName: string; iban: string; bic: string | null;
  signedOn: Date; lastCollectionOn: Date | null; amendedFromIban: string | null; amendedFromBic: string | null;
  /** The account owner's legal address: the debtor's, for a bank outside the EEA. */
  street: string | null; postcode: string | null; city: string | null; country: string;
};
type Moved = { number: string; to: string[]; accountName: string; from: CalendarDay; on: CalendarDay; amountCents: bigint; rum: string };

export async function collectDirectDebits(asOf: CalendarDay, options: CollectionRunOptions = {}): Promise<CollectionRunResult> {
  const result: CollectionRunResult = { files: 0, debits: 0, moved: 0, toTransfer: 0, refused: [] };
  const toTransferMails: ToTransfer[] = [];
  const moved: Moved[] = [];
  await db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<Candidate[]>`
        SELECT i."id", i."number", i."billingAccountId", a."name" AS "accountName", a."invoiceEmails",
          i."totalTtcCents" - i."paidCents" AS "dueCents", i."collectionOn", i."mandateRef", i."issuedOn", i."dueOn"
        FROM "Invoice" i JOIN "BillingAccount" a ON a."id" = i."billingAccountId"
        WHERE i."debit" = 'PROGRAMME' AND i."collectionOn" <= ${lastDateDueBy(asOf)}::date
          AND NOT EXISTS (SELECT 1 FROM "DirectDebit" d WHERE d."invoiceId" = i."id")
        ORDER BY i."id" FOR UPDATE OF i SKIP LOCKED`;
      if (locked.length === 0) return;
      // A new statement sees what a run that held these rows committed before we took them.
      const taken = new Set((await tx.directDebit.findMany({ where: { invoiceId: { in: locked.map((c) => c.id) } }, select: { invoiceId: true } })).map((d) => d.invoiceId));
      const candidates = locked.filter((c) => !taken.has(c.id));
      const creditor = await creditorOf(tx);
      const mandates = await activeMandates(tx, [...new Set(candidates.map((c) => c.billingAccountId))]);

      const byDate = new Map<CalendarDay, { invoice: Candidate; mandate: Mandate }[]>();
      const toTransfer: number[] = [];
      const terms = await paymentTerms(tx);
      for (const invoice of candidates) {
        const planned = formatDay(invoice.collectionOn);
        const on = feasibleCollectionDate(planned, asOf);
        const mandate = mandates.get(invoice.billingAccountId);
        // No usable mandate any more (revoked, lapsed, another payment method): payable by transfer (§17).
        if (!mandate || !creditor || invoice.dueCents <= 0n || compareDays(lapsesOn({ signedOn: formatDay(mandate.signedOn), lastCollectionOn: mandate.lastCollectionOn && formatDay(mandate.lastCollectionOn) }), on) <= 0) {
          toTransfer.push(invoice.id);
          if (invoice.dueCents > 0n) {
            const dueOn = [formatDay(invoice.dueOn), addDays(formatDay(invoice.issuedOn), terms.transferPaymentDays), addDays(asOf, 8)].sort().at(-1)!;
            toTransferMails.push({ id: invoice.id, number: invoice.number, to: invoice.invoiceEmails, accountName: invoice.accountName, dueOn, amountCents: invoice.dueCents });
          }
          continue;
        }
        // What the bank would refuse (a name with no Latin letter, an IBAN or BIC no longer valid) is set aside and
        // said, rather than stop every other customer's collection; the invoice stays announced for the next run.
        const problem = debitProblem(mandate);
        if (problem) {
          result.refused.push(`${invoice.number} (mandat ${mandate.rum}) : ${problem}`);
          continue;
        }
        if (on !== planned) moved.push({ number: invoice.number, to: invoice.invoiceEmails, accountName: invoice.accountName, from: planned, on, amountCents: invoice.dueCents, rum: mandate.rum });
        (byDate.get(on) ?? byDate.set(on, []).get(on)!).push({ invoice, mandate });
      }
      if (toTransfer.length > 0) {
        await tx.invoice.updateMany({ where: { id: { in: toTransfer } }, data: { debit: "AUCUN", collectionOn: null } });
        // Payable by transfer from now on: it is due no earlier than a transfer would be, and a week from today.
        for (const m of toTransferMails) await tx.invoice.update({ where: { id: m.id }, data: { dueOn: parseDay(m.dueOn) } });
        result.toTransfer = toTransfer.length;
      }
      if (moved.length > 0) {
        // The due date of a collected invoice is its collection date (SPEC §13): the operator's delay is not the customer's.
        await tx.$executeRaw`
          UPDATE "Invoice" i SET "collectionOn" = t.day, "dueOn" = t.day FROM unnest(${moved.map((m) => m.number)}::text[], ${moved.map((m) => m.on)}::date[]) AS t(number, day)
          WHERE i."number" = t.number`;
      }
      result.moved = moved.length;

      const presented = new Set<number>();
      for (const [on, debits] of [...byDate].sort(([a], [b]) => compareDays(a, b))) {
        await storeFile(tx, on, debits, creditor!, presented);
        result.files++;
        result.debits += debits.length;
      }
      await options.beforeCommit?.();
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
  for (const m of moved) await sendCollectionMovedEmail(m);
  if (toTransferMails.length > 0) {
    const operator = await db.operatorSettings.findFirst({ select: { iban: true, bic: true } });
    for (const m of toTransferMails) if (operator) await sendPayByTransferEmail(m, operator);
  }
  if (result.refused.length > 0) console.error(`[collections] ${result.refused.length} debit(s) set aside: ${result.refused.slice(0, 20).join(" ; ")}`);
  if (options.outDir) await writeMissingFiles(options.outDir, asOf);
  return result;
}

async function storeFile(tx: Tx, on: CalendarDay, debits: { invoice: Candidate; mandate: Mandate }[], creditor: Creditor, presented: Set<number>) {
  const number = await nextNumber(tx, "direct_debit_file");
  const messageId = `PRLV-${on.replaceAll("-", "")}-${String(number).padStart(6, "0")}`;
  const createdAt = now();
  // One debit per mandate is FRST at most: the first under it, or the first after a change of bank (SMNDA); the
  // amendment goes with the first debit presented after it only.
  const rows = debits.map(({ invoice, mandate }) => {
    const fresh = !presented.has(mandate.id);
    presented.add(mandate.id);
    const amended = fresh && mandate.amendedFromIban !== null;
    const changedBank = amended && !sameBank({ iban: mandate.amendedFromIban!, bic: mandate.amendedFromBic }, mandate);
    const first = fresh && (mandate.lastCollectionOn === null || changedBank);
    const debit: Pain008Debit = {
      endToEndId: invoice.number,
      amountCents: Number(invoice.dueCents),
      sequenceType: first ? "FRST" : "RCUR",
      mandate: {
        rum: mandate.rum,
        signedOn: formatDay(mandate.signedOn),
        amendment: amended ? { originalIban: mandate.amendedFromIban!, changedBank } : null,
      },
      debtor: { name: mandate.debtorName, iban: mandate.iban, bic: mandate.bic, address: { street: mandate.street, postcode: mandate.postcode, city: mandate.city, country: mandate.country } },
      remittance: `Facture ${invoice.number}`,
    };
    return { invoice, mandate, debit };
  });
  const xml = buildPain008({ messageId, createdAt, collectionDate: on, creditor, debits: rows.map((r) => r.debit) });
  const errors = await pain008Errors(xml);
  if (errors.length > 0) throw new Error(`pain.008 ${messageId} refused before storing: ${errors.slice(0, 5).join(" ; ")}`);
  const totalCents = rows.reduce((sum, r) => sum + BigInt(r.debit.amountCents), 0n);
  const file = await tx.directDebitFile.create({ data: { messageId, collectionOn: parseDay(on), createdAt, count: rows.length, totalCents, xml } });
  await tx.directDebit.createMany({
    data: rows.map((r) => ({
      invoiceId: r.invoice.id, fileId: file.id, mandateId: r.mandate.id, amountCents: BigInt(r.debit.amountCents),
      sequenceType: r.debit.sequenceType, paymentInfoId: paymentInfoId(messageId, r.debit.sequenceType), collectionOn: parseDay(on),
    })),
  });
  // The bank now knows the current account: the amendment was presented (SPEC §12's 36 months restart).
  await tx.sepaMandate.updateMany({ where: { id: { in: [...new Set(rows.map((r) => r.mandate.id))] } }, data: { lastCollectionOn: parseDay(on), amendedFromIban: null, amendedFromBic: null } });
  await audit(tx, { actorId: null, action: "direct-debit.file", targetType: "direct-debit-file", targetId: messageId, companyId: null, details: { collectionOn: on, count: rows.length, totalCents: Number(totalCents) } });
}

/** Why the bank would refuse a debit under this mandate, or null. */
function debitProblem(mandate: Mandate): string | null {
  if (toSepaText(mandate.debtorName, 70) === "") return "le nom du débiteur n'a aucun caractère latin";
  const iban = ibanProblem(mandate.iban);
  if (iban) return iban;
  if (needsDebtorAddress(mandate.iban) && (toSepaText(mandate.street ?? "", 70) === "" || toSepaText(mandate.city ?? "", 70) === "")) return "banque hors EEE : l'adresse du débiteur (celle de la société) est obligatoire et incomplète";
  return mandate.bic ? bicProblem(mandate.bic) : null;
}

type Creditor = { name: string; iban: string; bic: string | null; creditorId: string };

async function creditorOf(tx: Tx): Promise<Creditor | null> {
  const settings = await tx.operatorSettings.findFirst({ select: { iban: true, bic: true, creditorId: true, company: { select: { name: true } } } });
  return settings && { name: settings.company.name, iban: settings.iban, bic: settings.bic, creditorId: settings.creditorId };
}

/** Each account's active mandate, when it still pays by direct debit (the newest, as the billing run prints it). */
async function activeMandates(tx: Tx, accountIds: number[]): Promise<Map<number, Mandate>> {
  const rows = await tx.$queryRaw<Mandate[]>`
    SELECT m."id", m."billingAccountId", m."rum", m."debtorName", m."iban", m."bic", m."signedOn",
      m."lastCollectionOn", m."amendedFromIban", m."amendedFromBic", c."street", c."postcode", c."city", c."country"
    FROM "SepaMandate" m JOIN "BillingAccount" a ON a."id" = m."billingAccountId" JOIN "Company" c ON c."id" = a."ownerCompanyId"
    WHERE m."billingAccountId" = ANY(${accountIds}) AND m."state" = 'ACTIF' AND a."paymentMethod" = 'PRELEVEMENT_SEPA'
    ORDER BY m."id"
    FOR UPDATE OF m`;
  return new Map(rows.map((m) => [m.billingAccountId, m])); // in id order: the newest wins
}

/** The files of collections still to come that `dir` does not hold yet (those a killed run did not write too). */
async function writeMissingFiles(dir: string, asOf: CalendarDay) {
  await mkdir(dir, { recursive: true });
  const present = new Set(await readdir(dir));
  const files = await db.directDebitFile.findMany({ where: { collectionOn: { gte: parseDay(asOf) } }, select: { messageId: true, xml: true }, orderBy: { id: "asc" } });
  for (const file of files) {
    const name = `${file.messageId}.xml`;
    if (present.has(name)) continue;
    const partial = path.join(dir, `.${name}.part`);
    await writeFile(partial, file.xml, "utf8");
    await rename(partial, path.join(dir, name));
  }
}

/** An announced debit that cannot be presented (no active mandate any more): the invoice is to pay by transfer. */
async function sendPayByTransferEmail(m: ToTransfer, operator: { iban: string; bic: string | null }) {
  for (const to of m.to) {
    await sendMail({
      to,
      kind: "collection-cancelled",
      subject: `MyOpenIP : facture ${m.number} à régler par virement`,
      text: [
        "Bonjour,",
        "",
        `La facture ${m.number} (${m.accountName}) ne peut pas être prélevée : le compte n'a plus de mandat de prélèvement SEPA actif.`,
        `Merci de régler ${formatEuros(Number(m.amountCents))} par virement au plus tard le ${formatFrenchDate(m.dueOn)} sur le compte ${groupedIban(operator.iban)}${operator.bic ? ` (BIC ${operator.bic})` : ""}, en indiquant la référence ${m.number}.`,
        "",
        portalUrl(`/factures/${m.number}`),
      ].join("\n"),
    });
  }
}

/** SPEC §17: a collection that could not be presented on its announced date is moved, and the customer told. */
async function sendCollectionMovedEmail(m: Moved) {
  for (const to of m.to) {
    await sendMail({
      to,
      kind: "collection-moved",
      subject: `MyOpenIP : prélèvement de la facture ${m.number} reporté au ${formatFrenchDate(m.on)}`,
      text: [
        "Bonjour,",
        "",
        `Le prélèvement SEPA de la facture ${m.number} (${m.accountName}), annoncé pour le ${formatFrenchDate(m.from)}, aura lieu le ${formatFrenchDate(m.on)}.`,
        `Montant : ${formatEuros(Number(m.amountCents))} — mandat ${m.rum}.`,
        "",
        portalUrl(`/factures/${m.number}`),
      ].join("\n"),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// ADV: the files (staff only, SPEC §13)

export const FILES_PAGE_SIZE = 50;

export async function listDirectDebitFiles(actor: Actor, page: number) {
  if (!isStaff(actor, "ADV")) notFound();
  const [rows, total] = await Promise.all([
    db.directDebitFile.findMany({
      orderBy: [{ collectionOn: "desc" }, { id: "desc" }], skip: (page - 1) * FILES_PAGE_SIZE, take: FILES_PAGE_SIZE,
      select: { id: true, messageId: true, collectionOn: true, createdAt: true, count: true, totalCents: true },
    }),
    db.directDebitFile.count(),
  ]);
  return { rows, total };
}

/** The stored file as the bank receives it, byte for byte. */
export async function directDebitFileResponse(actor: Actor | null, messageId: string): Promise<Response> {
  if (!actor || !isStaff(actor, "ADV")) return new Response("Not found", { status: 404 });
  const file = await db.directDebitFile.findUnique({ where: { messageId }, select: { xml: true } });
  if (!file) return new Response("Not found", { status: 404 });
  return new Response(file.xml, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${messageId}.xml"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** SPEC §17: the accounts paying by direct debit with no active mandate; their invoices are payable by transfer. */
export async function accountsWithoutMandate(actor: Actor) {
  if (!isStaff(actor, "ADV")) notFound();
  return db.billingAccount.findMany({
    where: { paymentMethod: "PRELEVEMENT_SEPA", mandates: { none: { state: "ACTIF" } } },
    orderBy: { ref: "asc" },
    take: 500,
    select: { ref: true, name: true, owner: { select: { id: true, name: true } } },
  });
}
