/**
 * Bank statements of SPEC §13: a camt.053.001.02 statement or a camt.054.001.02 debit/credit notification read
 * into booked entries, for the matching of payments to invoices. Pure: the text of the file in, entries and
 * French errors out. The ISO bank transaction codes followed: PMNT/IDDT (direct debits issued, ours) for collections
 * and their returns, PMNT/RDDT (direct debits received: a supplier's) being no customer payment, PMNT/RCDT for
 * received credit transfers, EndToEndId = invoice number, PmtInfId = our pain.008 payment block.
 */
import { createHash } from "node:crypto";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { normalizeIban } from "./bank";
import { isValidDay, type CalendarDay } from "./calendar-day";
import { formatEuros } from "./money";

export type CamtTransaction = {
  endToEndId: string | null; // null when absent or NOTPROVIDED
  pmtInfId: string | null; // Refs/PmtInfId, else the PmtInfId of the batch it is booked in
  amountCents: number;
  reasonCode: string | null; // RtrInf/Rsn (Cd, else Prtry)
  reasonText: string | null; // RtrInf/AddtlInf lines joined with " "
  remittance: string | null; // RmtInf/Ustrd lines joined with " "
  counterparty: string | null; // the debtor for credits and direct debits, else the creditor
  invoiceNumbers: string[]; // found in Ustrd and in structured references (Strd)
};

export type CamtEntryKind = "COLLECTION" | "RETURN" | "TRANSFER" | "OTHER";

export type CamtEntry = {
  /**
   * Stable and unique across re-imports, and shared by a camt.054 and a camt.053 booking the same entry:
   * `ref:<IBAN>:<AcctSvcrRef>` when the bank gives its reference (it always names one booking), else
   * `sha256:<hash>` of IBAN, booking day, amount, direction, reversal and the references (EndToEndIds, else the
   * batch PmtInfId, else NtryRef, else the texts). A second identical entry in one file gets `#2`, and so on.
   */
  key: string;
  index: number; // 1-based position among all the file's Ntry (booked or not), as messages name it
  bookedOn: CalendarDay;
  valueOn: CalendarDay | null;
  amountCents: number; // always positive
  direction: "CREDIT" | "DEBIT";
  reversal: boolean;
  kind: CamtEntryKind;
  batch: { pmtInfId: string | null; count: number | null } | null; // NtryDtls/Btch, when the entry has one
  transactions: CamtTransaction[]; // may be empty (a batch booked without details)
  additionalInfo: string | null; // AddtlNtryInf: French banks' label, the only text of an entry without TxDtls
};

export type CamtStatement = { format: "camt.053" | "camt.054"; messageId: string; iban: string; entries: CamtEntry[] };
export type CamtReadResult = { statement: CamtStatement | null; errors: string[] };

/**
 * Invoice numbers as `invoiceNumber` (lib/domain/billing.ts) writes them, `F` + 8 digits, as payers type them:
 * any case, a hyphen, space or dot after the F; never inside a longer word or number.
 */
const INVOICE_NUMBER = /(?<![\p{L}\p{N}])F[-. ]?(\d{8})(?![\p{L}\p{N}])/giu;

/** The invoice numbers in a free text, normalised (`f-00000123` → `F00000123`), each once, in order. */
export function invoiceNumbersIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(INVOICE_NUMBER)) found.add(`F${match[1]}`);
  return [...found];
}

// ---------------------------------------------------------------------------------------------
// The XML tree as fast-xml-parser gives it (attributes as `@name`, text beside attributes as `#text`)

type XmlNode = { [name: string]: XmlValue };
type XmlValue = string | XmlNode | XmlValue[];

function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function values(node: XmlNode | undefined, name: string): XmlValue[] {
  const value = node?.[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The child elements `name` (an empty element is an empty node). */
function nodes(node: XmlNode | undefined, name: string): XmlNode[] {
  return values(node, name).map((value) => (isNode(value) ? value : {}));
}

/** The first element down a path of names. */
function at(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) {
    const value = current?.[name];
    const first = Array.isArray(value) ? value[0] : value;
    current = first === undefined ? undefined : isNode(first) ? first : {};
  }
  return current;
}

function textOf(value: XmlValue | undefined): string | null {
  const raw = isNode(value) ? value["#text"] : value;
  const text = typeof raw === "string" ? raw.trim() : "";
  return text === "" ? null : text;
}

/** The text of the first element down a path, trimmed, or null. */
function text(node: XmlNode | undefined, ...path: string[]): string | null {
  const name = path[path.length - 1];
  const parent = at(node, ...path.slice(0, -1));
  return textOf(values(parent, name)[0]);
}

/** The texts of every element `name` under the path, whitespace collapsed, joined with " ", or null. */
function joined(node: XmlNode | undefined, path: string[], name: string): string | null {
  const lines = values(at(node, ...path), name)
    .map(textOf)
    .filter((line): line is string => line !== null);
  return lines.length === 0 ? null : lines.join(" ").replace(/\s+/g, " ");
}

// ---------------------------------------------------------------------------------------------
// Reading the file

const NOT_XML = "Ce fichier n'est pas un fichier XML lisible.";
const NOT_CAMT = "Ce fichier n'est pas un relevé camt.053 ou camt.054.";
const DOCTYPE = "Ce fichier contient une déclaration DOCTYPE, refusée par sécurité : un relevé bancaire n'en a pas.";
const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.(\d{3}\.\d{2})$/;
const SUPPORTED_VERSION = "001.02";
const MESSAGES = {
  "camt.053": { message: "BkToCstmrStmt", report: "Stmt", name: "relevé", theName: "Le relevé" },
  "camt.054": { message: "BkToCstmrDbtCdtNtfctn", report: "Ntfctn", name: "avis", theName: "L'avis" },
} as const;

type Format = keyof typeof MESSAGES;

/** Parses a camt.053.001.02 or camt.054.001.02 file; bad entries are left out with an error naming each. */
export function readCamt(xml: string): CamtReadResult {
  const source = xml.replace(/^\uFEFF/, "");
  // No DTD means no entity but the five of XML: nothing to expand (billion laughs, external entities).
  if (/<!DOCTYPE/i.test(source)) return failure(DOCTYPE);
  if (source.trim() === "" || XMLValidator.validate(source) !== true) return failure(NOT_XML);

  let rootName: string | null = null;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseTagValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    htmlEntities: true, // also decodes character references (&#233;), which XML has without a DTD
    jPath: false, // no path string built per tag for the callbacks: faster on large files
    transformTagName: (name) => {
      rootName ??= name; // the first tag seen is the root, with its namespace prefix if any
      return name.slice(name.indexOf(":") + 1);
    },
  });
  const parsed: unknown = parser.parse(source);
  if (!isNode(parsed) || rootName === null) return failure(NOT_XML);
  const root = at(parsed, "Document");
  const rootTag: string = rootName; // set by the callback, which TypeScript's narrowing does not follow
  const prefix = rootTag.includes(":") ? rootTag.slice(0, rootTag.indexOf(":")) : null;
  const namespace = root ? textOf(root[prefix ? `@xmlns:${prefix}` : "@xmlns"]) : null;
  const match = namespace ? NAMESPACE.exec(namespace) : null;
  if (!root || !match) return failure(NOT_CAMT);
  const format = match[1] as Format;
  if (match[2] !== SUPPORTED_VERSION) {
    return failure(`Ce fichier est au format ${format}.${match[2]} : seule la version ${SUPPORTED_VERSION} est acceptée (camt.053.${SUPPORTED_VERSION} ou camt.054.${SUPPORTED_VERSION}).`);
  }
  const message = at(root, MESSAGES[format].message);
  if (!message) return failure(NOT_CAMT);
  return readMessage(format, message);
}

function failure(error: string): CamtReadResult {
  return { statement: null, errors: [error] };
}

function readMessage(format: Format, message: XmlNode): CamtReadResult {
  const { report: reportName, name, theName } = MESSAGES[format];
  const messageId = text(message, "GrpHdr", "MsgId");
  if (!messageId) return failure(`Le fichier n'a pas d'identifiant de message (GrpHdr/MsgId).`);
  const reports = nodes(message, reportName);
  if (reports.length === 0) return failure(`Le fichier ne contient aucun ${name} de compte (${reportName}).`);

  const ibans: string[] = [];
  for (const [i, report] of reports.entries()) {
    const iban = normalizeIban(text(report, "Acct", "Id", "IBAN") ?? "");
    if (!iban) return failure(`${theName} n° ${i + 1} n'indique pas l'IBAN du compte (Acct/Id/IBAN).`);
    if (!ibans.includes(iban)) ibans.push(iban);
  }
  if (ibans.length > 1) return failure(`Ce fichier concerne plusieurs comptes (${ibans.join(", ")}) : importez un fichier par compte.`);
  const iban = ibans[0];

  const errors: string[] = [];
  const entries: CamtEntry[] = [];
  const occurrences = new Map<string, number>();
  let index = 0;
  for (const report of reports) {
    for (const ntry of nodes(report, "Ntry")) {
      index += 1;
      if ((text(ntry, "Sts") ?? text(ntry, "Sts", "Cd")) !== "BOOK") continue; // pending or information only
      const read = readEntry(ntry, index, iban);
      if ("problem" in read) {
        errors.push(read.problem);
        continue;
      }
      const seen = (occurrences.get(read.entry.key) ?? 0) + 1;
      occurrences.set(read.entry.key, seen);
      entries.push(seen === 1 ? read.entry : { ...read.entry, key: `${read.entry.key}#${seen}` });
    }
  }
  return { statement: { format, messageId, iban, entries }, errors };
}

// ---------------------------------------------------------------------------------------------
// One entry

type Amount = { cents: number } | { problem: string };

/** `1234.5` EUR → 123450, exact (digits, not floats); at most 2 decimals, euros only. */
function readAmount(amount: XmlNode | undefined): Amount {
  const raw = textOf(amount);
  if (raw === null) return { problem: "le montant est absent." };
  const currency = amount ? textOf(amount["@Ccy"]) : null;
  if (currency !== "EUR") return { problem: `la devise ${currency ?? "(absente)"} n'est pas acceptée : seuls les montants en euros (EUR) le sont.` };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(raw);
  if (!m) return { problem: `le montant « ${raw} » n'est pas un nombre.` };
  if ((m[2] ?? "").length > 2) return { problem: `le montant « ${raw} » a plus de 2 décimales.` };
  const units = m[1].replace(/^0+(?=\d)/, "");
  if (units.length > 13) return { problem: `le montant « ${raw} » est trop grand.` };
  const cents = Number(units) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (cents === 0) return { problem: "le montant est nul." };
  return { cents };
}

/** A `Dt` or a `DtTm` (its day, as the bank wrote it), or null. */
function readDay(node: XmlNode | undefined): CalendarDay | null | "invalid" {
  if (!node) return null;
  const day = text(node, "Dt") ?? text(node, "DtTm")?.slice(0, 10) ?? null;
  return day && isValidDay(day) ? day : "invalid";
}

const DIRECT_DEBIT_FAMILIES = new Set(["IDDT"]);
/** ISO sub-families of a direct debit that undo a collection: unpaid/returned, reversed, cancelled. */
const UNDOING_DIRECT_DEBIT = new Set(["UPDD", "PRDD", "RCDD"]);
/** ISO sub-families of a received transfer that bring back our own money rather than a payment. */
const UNDOING_TRANSFER = new Set(["RRTN", "RPCR"]);

/**
 * A debit of a direct debit family is a return or refund, whatever the sub-family; a credit reversing one
 * (CRDT + RvslInd: the original was a debit) is left to ADV. Banks giving only proprietary codes: a debit
 * with return information is a return.
 */
function kindOf(ntry: XmlNode, direction: CamtEntry["direction"], reversal: boolean, hasReturnInfo: boolean): CamtEntryKind {
  const domain = at(ntry, "BkTxCd", "Domn");
  const family = text(domain, "Fmly", "Cd");
  const subFamily = text(domain, "Fmly", "SubFmlyCd") ?? "";
  if (!domain) return direction === "DEBIT" && hasReturnInfo ? "RETURN" : "OTHER";
  if (text(domain, "Cd") !== "PMNT") return "OTHER";
  if (family && DIRECT_DEBIT_FAMILIES.has(family)) {
    if (direction === "DEBIT") return "RETURN";
    return reversal || UNDOING_DIRECT_DEBIT.has(subFamily) ? "OTHER" : "COLLECTION";
  }
  if (family === "RCDT" && direction === "CREDIT" && !reversal && !UNDOING_TRANSFER.has(subFamily)) return "TRANSFER";
  return "OTHER";
}

type ReadEntry = { entry: CamtEntry } | { problem: string };

function readEntry(ntry: XmlNode, index: number, iban: string): ReadEntry {
  const reference = text(ntry, "AcctSvcrRef") ?? text(ntry, "NtryRef");
  const fail = (problem: string): ReadEntry => ({ problem: `Écriture n° ${index}${reference ? ` (réf. ${reference})` : ""} : ${problem}` });

  const amount = readAmount(at(ntry, "Amt"));
  if ("problem" in amount) return fail(amount.problem);
  const indicator = text(ntry, "CdtDbtInd");
  if (indicator !== "CRDT" && indicator !== "DBIT") return fail("le sens de l'écriture (CdtDbtInd) doit être CRDT ou DBIT.");
  const direction = indicator === "CRDT" ? "CREDIT" : "DEBIT";
  const reversal = ["true", "1"].includes(text(ntry, "RvslInd") ?? "");
  const bookedOn = readDay(at(ntry, "BookgDt"));
  if (bookedOn === null || bookedOn === "invalid") return fail("la date de comptabilisation (BookgDt) est absente ou invalide.");
  const valueOn = readDay(at(ntry, "ValDt"));
  if (valueOn === "invalid") return fail("la date de valeur (ValDt) est invalide.");

  const details = nodes(ntry, "NtryDtls");
  const batches = details.filter((detail) => at(detail, "Btch"));
  const btch = batches.length === 1 && details.length === 1 ? at(batches[0], "Btch") : undefined;
  if (btch && at(btch, "TtlAmt")) {
    const total = readAmount(at(btch, "TtlAmt"));
    if ("problem" in total) return fail(`total du lot : ${total.problem}`);
    if (total.cents !== amount.cents) return fail(`le montant ${formatEuros(amount.cents)} ne correspond pas au total du lot (${formatEuros(total.cents)}).`);
  }
  const count = text(btch, "NbOfTxs");
  const batch = btch ? { pmtInfId: text(btch, "PmtInfId"), count: count && /^\d{1,15}$/.test(count) ? Number(count) : null } : null;

  const txDetails = details.flatMap((detail) => nodes(detail, "TxDtls").map((tx) => ({ tx, batchPmtInfId: text(detail, "Btch", "PmtInfId") })));
  const hasReturnInfo = txDetails.some(({ tx }) => at(tx, "RtrInf"));
  const kind = kindOf(ntry, direction, reversal, hasReturnInfo);
  const transactions: CamtTransaction[] = [];
  for (const [i, { tx, batchPmtInfId }] of txDetails.entries()) {
    const txAmount = at(tx, "AmtDtls", "TxAmt", "Amt") ?? at(tx, "AmtDtls", "InstdAmt", "Amt");
    let cents: number;
    if (txAmount) {
      const read = readAmount(txAmount);
      if ("problem" in read) return fail(`transaction n° ${i + 1} : ${read.problem}`);
      cents = read.cents;
    } else if (txDetails.length === 1) {
      cents = amount.cents;
    } else {
      return fail(`la transaction n° ${i + 1} n'a pas de montant (AmtDtls/TxAmt).`);
    }
    transactions.push(readTransaction(tx, cents, batchPmtInfId, direction === "CREDIT" || kind === "RETURN"));
  }
  const sum = transactions.reduce((total, tx) => total + tx.amountCents, 0);
  if (transactions.length > 0 && sum !== amount.cents) {
    return fail(`le montant ${formatEuros(amount.cents)} ne correspond pas au total de ses transactions (${formatEuros(sum)}).`);
  }

  const entry: Omit<CamtEntry, "key"> = {
    index, bookedOn, valueOn, amountCents: amount.cents, direction, reversal, kind, batch, transactions,
    additionalInfo: joined(ntry, [], "AddtlNtryInf"),
  };
  return { entry: { key: entryKey(iban, text(ntry, "AcctSvcrRef"), text(ntry, "NtryRef"), entry), ...entry } };
}

function readTransaction(tx: XmlNode, amountCents: number, batchPmtInfId: string | null, debtorSide: boolean): CamtTransaction {
  const endToEndId = text(tx, "Refs", "EndToEndId");
  const remittance = joined(tx, ["RmtInf"], "Ustrd");
  const structured = nodes(at(tx, "RmtInf"), "Strd").flatMap((strd) => [text(strd, "CdtrRefInf", "Ref"), ...nodes(strd, "RfrdDocInf").map((doc) => text(doc, "Nb"))]);
  const parties = at(tx, "RltdPties");
  const counterparty = debtorSide
    ? (text(parties, "Dbtr", "Nm") ?? text(parties, "UltmtDbtr", "Nm"))
    : (text(parties, "Cdtr", "Nm") ?? text(parties, "UltmtCdtr", "Nm"));
  return {
    endToEndId: endToEndId && endToEndId.toUpperCase() !== "NOTPROVIDED" ? endToEndId : null,
    pmtInfId: text(tx, "Refs", "PmtInfId") ?? batchPmtInfId,
    amountCents,
    reasonCode: text(tx, "RtrInf", "Rsn", "Cd") ?? text(tx, "RtrInf", "Rsn", "Prtry"),
    reasonText: joined(tx, ["RtrInf"], "AddtlInf"),
    remittance,
    counterparty,
    invoiceNumbers: invoiceNumbersIn([remittance, ...structured].filter((t) => t !== null).join(" ")),
  };
}

/** See `CamtEntry.key`: the bank's reference when it gives one, else what a camt.054 and a camt.053 share. */
function entryKey(iban: string, accountServicerRef: string | null, entryRef: string | null, entry: Omit<CamtEntry, "key">): string {
  if (accountServicerRef) return `ref:${iban}:${accountServicerRef}`;
  const endToEndIds = entry.transactions.flatMap((tx) => (tx.endToEndId ? [tx.endToEndId] : [])).sort();
  const references: (string | null)[] =
    endToEndIds.length > 0 ? ["e2e", ...endToEndIds]
    : entry.batch?.pmtInfId ? ["pmtinf", entry.batch.pmtInfId]
    : entryRef ? ["ntryref", entryRef]
    : ["text", entry.additionalInfo, ...entry.transactions.flatMap((tx) => [tx.remittance, tx.counterparty])];
  const basis = JSON.stringify([iban, entry.bookedOn, entry.amountCents, entry.direction, entry.reversal, references]);
  return `sha256:${createHash("sha256").update(basis).digest("hex").slice(0, 40)}`;
}
