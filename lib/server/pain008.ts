import "server-only";

/**
 * The SEPA Core direct-debit file of SPEC §13 (ISO 20022 pain.008.001.02, EPC implementation guidelines): one
 * payment block per sequence type, written by the `sepa` package, then completed where sepa 3.0.0 falls short
 * (see `complete`), and checked against the official XSD and the EPC rules the XSD cannot express.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { Document as SepaDocument } from "sepa";
import { validateXML } from "xmllint-wasm";
import { isValidDay, type CalendarDay } from "@/lib/domain/calendar-day";
import { isValidCreditorId } from "@/lib/domain/identifiers";
import { isSepaText, toSepaText } from "@/lib/domain/sepa";
import { needsDebtorAddress } from "@/lib/domain/bank";

export type SequenceType = "FRST" | "RCUR";

export type Pain008Debit = {
  endToEndId: string;
  amountCents: number;
  sequenceType: SequenceType;
  mandate: {
    rum: string;
    signedOn: CalendarDay;
    // A change of the debtor's account since the last collection: with a change of bank the original debtor agent
    // is "SMNDA" (OrgnlDbtrAgt/FinInstnId/Othr/Id = SMNDA); within the same bank the original IBAN (OrgnlDbtrAcct).
    amendment: null | { originalIban: string; changedBank: boolean };
  };
  /** The address is written only where EPC requires it (a bank outside the EEA: `needsDebtorAddress`). */
  debtor: { name: string; iban: string; bic: string | null; address?: DebtorAddress | null };
  remittance: string;
};

export type DebtorAddress = { street: string | null; postcode: string | null; city: string | null; country: string };

export type Pain008Input = {
  messageId: string;
  createdAt: Date;
  collectionDate: CalendarDay;
  creditor: { name: string; iban: string; bic: string | null; creditorId: string };
  debits: Pain008Debit[];
};

const SEQUENCE_TYPES: readonly SequenceType[] = ["FRST", "RCUR"];
/** EPC: at most 999 999 999,99 € per debit. */
const MAX_AMOUNT_CENTS = 99_999_999_999;
const NAME_LENGTH = 70;
const REMITTANCE_LENGTH = 140;
const ID_LENGTH = 35;
const SMNDA = "SMNDA";
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02";
const SCHEMA_FILE = "pain.008.001.02.xsd";

/** The PmtInfId of a sequence type's block in a message. */
export function paymentInfoId(messageId: string, sequenceType: SequenceType): string {
  return `${messageId}-${sequenceType}`;
}

/** 1234567 → "12345.67", exact (no float on the way). */
function euros(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

function sumCents(debits: readonly Pain008Debit[]): number {
  return debits.reduce((sum, debit) => sum + debit.amountCents, 0);
}

/** The XML, one PmtInf block per sequence type present (PmtInfId = `${messageId}-${seq}`), SEPA Core, SLEV, EUR. */
export function buildPain008(input: Pain008Input): string {
  checkInput(input);
  const document = new SepaDocument("pain.008.001.02");
  document.grpHdr.id = input.messageId;
  document.grpHdr.created = input.createdAt;
  document.grpHdr.initiatorName = toSepaText(input.creditor.name, NAME_LENGTH);
  for (const sequenceType of SEQUENCE_TYPES) {
    const debits = input.debits.filter((debit) => debit.sequenceType === sequenceType);
    if (debits.length === 0) continue;
    const block = document.createPaymentInfo();
    block.localInstrumentation = "CORE";
    block.sequenceType = sequenceType;
    // Placeholder: sepa writes dates in the process's local time zone; `complete` writes the calendar day itself.
    block.collectionDate = new Date(`${input.collectionDate}T12:00:00Z`);
    block.creditorName = toSepaText(input.creditor.name, NAME_LENGTH);
    block.creditorIBAN = input.creditor.iban;
    block.creditorBIC = input.creditor.bic ?? "";
    block.creditorId = input.creditor.creditorId;
    document.addPaymentInfo(block);
    for (const debit of debits) {
      const transaction = block.createTransaction();
      transaction.end2endId = debit.endToEndId;
      transaction.amount = debit.amountCents / 100;
      transaction.mandateId = debit.mandate.rum;
      transaction.mandateSignatureDate = new Date(`${debit.mandate.signedOn}T12:00:00Z`);
      transaction.debtorName = toSepaText(debit.debtor.name, NAME_LENGTH);
      transaction.debtorIBAN = debit.debtor.iban;
      transaction.debtorBIC = debit.debtor.bic ?? "";
      if (needsDebtorAddress(debit.debtor.iban)) {
        const address = debit.debtor.address;
        if (!address || !address.street || !address.city) throw new Error(`Adresse du débiteur requise pour « ${debit.endToEndId} » (banque hors EEE).`);
        transaction.debtorStreet = toSepaText(address.street, NAME_LENGTH);
        transaction.debtorCity = toSepaText([address.postcode, address.city].filter(Boolean).join(" "), NAME_LENGTH);
        transaction.debtorCountry = address.country;
      }
      transaction.remittanceInfo = toSepaText(debit.remittance, REMITTANCE_LENGTH);
      block.addTransaction(transaction);
    }
  }
  let xml: string;
  try {
    xml = document.toString();
  } catch (error) {
    // sepa's own checks (IBAN key, BIC length, BIC country…) speak English: keep their text, say where it comes from.
    throw new Error(`Fichier de prélèvement impossible à écrire : ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return complete(xml, input);
}

function checkInput(input: Pain008Input): void {
  if (input.debits.length === 0) throw new Error("Fichier de prélèvement sans aucune opération.");
  if (Number.isNaN(input.createdAt.getTime())) throw new Error("Date de création du fichier de prélèvement invalide.");
  if (!isValidDay(input.collectionDate)) throw new Error(`Date de prélèvement invalide : « ${input.collectionDate} ».`);
  const seen = new Set<string>();
  for (const debit of input.debits) {
    const { endToEndId, amountCents } = debit;
    if (seen.has(endToEndId)) throw new Error(`Référence de bout en bout « ${endToEndId} » en double dans le fichier de prélèvement.`);
    seen.add(endToEndId);
    if (!Number.isSafeInteger(amountCents) || amountCents <= 0 || amountCents > MAX_AMOUNT_CENTS) {
      throw new Error(`Montant invalide pour « ${endToEndId} » : ${amountCents} centimes.`);
    }
    if (!isValidDay(debit.mandate.signedOn)) throw new Error(`Date de signature du mandat invalide pour « ${endToEndId} ».`);
  }
}

/**
 * What sepa 3.0.0 gets wrong or cannot say, fixed on its output: the amounts and control sums from integer cents,
 * the days from the calendar days (it formats Dates in local time), CreDtTm in UTC, our PmtInfId, no InstrId (it
 * would be longer than 35 characters), and the amendment of the debtor's account (it only knows the creditor id).
 */
function complete(xml: string, input: Pain008Input): string {
  const document = parseXml(xml);
  const initiation = at(document, "CstmrDrctDbtInitn");
  const header = at(initiation, "GrpHdr");
  at(header, "CreDtTm").text = input.createdAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  at(header, "CtrlSum").text = euros(sumCents(input.debits));
  const debitsById = new Map(input.debits.map((debit) => [debit.endToEndId, debit]));
  for (const block of childrenNamed(initiation, "PmtInf")) {
    const sequenceType = SEQUENCE_TYPES.find((type) => type === at(block, "PmtTpInf/SeqTp").text);
    if (!sequenceType) throw new Error("pain.008 : type de séquence inattendu dans la sortie de sepa.");
    at(block, "PmtInfId").text = paymentInfoId(input.messageId, sequenceType);
    at(block, "CtrlSum").text = euros(sumCents(input.debits.filter((debit) => debit.sequenceType === sequenceType)));
    at(block, "ReqdColltnDt").text = input.collectionDate;
    for (const transaction of childrenNamed(block, "DrctDbtTxInf")) {
      const paymentId = at(transaction, "PmtId");
      const debit = debitsById.get(at(paymentId, "EndToEndId").text);
      if (!debit) throw new Error("pain.008 : opération inattendue dans la sortie de sepa.");
      paymentId.children = paymentId.children.filter((child) => child.name !== "InstrId");
      at(transaction, "InstdAmt").text = euros(debit.amountCents);
      const mandate = at(transaction, "DrctDbtTx/MndtRltdInf");
      at(mandate, "DtOfSgntr").text = debit.mandate.signedOn;
      if (debit.mandate.amendment) amend(mandate, debit.mandate.amendment);
    }
  }
  return DECLARATION + String(builder.build([toOrdered(document)])).trimStart();
}

/** AmdmntInd true, then its details where the XSD wants them (right after it, before ElctrncSgntr). */
function amend(mandate: XmlElement, amendment: { originalIban: string; changedBank: boolean }): void {
  const indicator = at(mandate, "AmdmntInd");
  indicator.text = "true";
  const details = amendment.changedBank
    ? element("AmdmntInfDtls", [nested("OrgnlDbtrAgt/FinInstnId/Othr/Id", SMNDA)])
    : element("AmdmntInfDtls", [nested("OrgnlDbtrAcct/Id/IBAN", amendment.originalIban)]);
  mandate.children.splice(mandate.children.indexOf(indicator) + 1, 0, details);
}

// --- Checks ---------------------------------------------------------------------------------------------------------

let schema: Promise<string> | undefined;

/** The XSD copied into the app (lib/server/schemas), read once; a failed read is retried next time. */
function loadSchema(): Promise<string> {
  schema ??= fs.readFile(path.join(process.cwd(), "lib/server/schemas", SCHEMA_FILE), "utf8").catch((error: unknown) => {
    schema = undefined;
    throw error;
  });
  return schema;
}

/** Errors (French, each naming what is wrong) from the official XSD and from the EPC rules the XSD cannot express;
 * [] when the file is valid. */
export async function pain008Errors(xml: string): Promise<string[]> {
  const errors = await schemaErrors(xml);
  let document: XmlElement;
  try {
    document = parseXml(xml);
  } catch {
    return errors.length > 0 ? errors : ["Le fichier de prélèvement n'est pas un document XML lisible."];
  }
  const initiation = find(document, "CstmrDrctDbtInitn");
  return initiation ? [...errors, ...epcErrors(initiation)] : errors;
}

async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: "pain.008.xml", contents: xml }],
    schema: [{ fileName: SCHEMA_FILE, contents: await loadSchema() }],
    // 64 KiB pages, grown on demand: the default 16 MiB cap fails on a file of a few thousand debits (10,000: 9 MB).
    maxMemoryPages: 16_384,
  });
  if (result.valid) return [];
  const errors = result.errors.map((error) => {
    const line = error.loc ? ` (ligne ${error.loc.lineNumber})` : "";
    return `Non conforme au schéma pain.008.001.02${line} : ${error.message.replaceAll(`{${NAMESPACE}}`, "").trim()}`;
  });
  return errors.length > 0 ? errors : [`Non conforme au schéma pain.008.001.02 : ${result.rawOutput.trim()}`];
}

function epcErrors(initiation: XmlElement): string[] {
  const errors: string[] = [];
  for (const { path: where, text } of leaves(initiation, "")) {
    if (!isSepaText(text)) errors.push(`Caractère hors du jeu SEPA dans ${where} : « ${text} ».`);
  }
  const messageId = find(initiation, "GrpHdr/MsgId")?.text ?? "";
  if (messageId.length > ID_LENGTH) errors.push(`Identifiant du message (MsgId) de ${messageId.length} caractères : ${ID_LENGTH} au plus.`);

  const blocks = childrenNamed(initiation, "PmtInf");
  const all = blocks.flatMap((block) => childrenNamed(block, "DrctDbtTxInf"));
  errors.push(...countErrors(find(initiation, "GrpHdr"), all, "l'en-tête du fichier"));
  for (const block of blocks) {
    const name = `le lot ${find(block, "PmtInfId")?.text ?? "?"}`;
    const expectValue = (elementPath: string, allowed: readonly string[], label: string) => {
      const value = find(block, elementPath)?.text;
      if (value === undefined || !allowed.includes(value)) errors.push(`${label} « ${value ?? ""} » dans ${name} : ${allowed.join(" ou ")} attendu.`);
    };
    expectValue("PmtTpInf/SvcLvl/Cd", ["SEPA"], "Niveau de service (SvcLvl)");
    expectValue("PmtTpInf/LclInstrm/Cd", ["CORE"], "Instrument local (LclInstrm)");
    expectValue("PmtTpInf/SeqTp", SEQUENCE_TYPES, "Type de séquence (SeqTp)");
    expectValue("ChrgBr", ["SLEV"], "Répartition des frais (ChrgBr)");
    expectValue("CdtrSchmeId/Id/PrvtId/Othr/SchmeNm/Prtry", ["SEPA"], "Schéma de l'identifiant créancier (Prtry)");
    const creditorId = find(block, "CdtrSchmeId/Id/PrvtId/Othr/Id")?.text ?? "";
    if (!/^[A-Z0-9]+$/.test(creditorId) || !isValidCreditorId(creditorId)) {
      errors.push(`Identifiant créancier SEPA (ICS) « ${creditorId} » invalide dans ${name}.`);
    }
    errors.push(...countErrors(block, childrenNamed(block, "DrctDbtTxInf"), name));
  }

  const seen = new Set<string>();
  for (const transaction of all) {
    const endToEndId = find(transaction, "PmtId/EndToEndId")?.text ?? "";
    const name = `l'opération ${endToEndId}`;
    if (endToEndId && seen.has(endToEndId)) errors.push(`Référence de bout en bout (EndToEndId) « ${endToEndId} » en double dans le fichier.`);
    seen.add(endToEndId);
    const amount = find(transaction, "InstdAmt");
    const currency = amount?.attributes.Ccy;
    if (currency !== "EUR") errors.push(`Devise « ${currency ?? ""} » pour ${name} : EUR attendu.`);
    if (amount && centsOf(amount.text) === null) errors.push(`Montant « ${amount.text} » pour ${name} : deux décimales au plus.`);
    const debtorIban = find(transaction, "DbtrAcct/Id/IBAN")?.text ?? "";
    if (needsDebtorAddress(debtorIban) && (!find(transaction, "Dbtr/PstlAdr/Ctry") || !find(transaction, "Dbtr/PstlAdr/AdrLine"))) {
      errors.push(`Adresse du débiteur (Dbtr/PstlAdr) manquante pour ${name} : obligatoire pour une banque hors EEE (${debtorIban.slice(0, 2)}).`);
    }
    const mandate = find(transaction, "DrctDbtTx/MndtRltdInf");
    const amended = find(mandate, "AmdmntInd")?.text;
    const details = find(mandate, "AmdmntInfDtls");
    if ((amended === "true" || amended === "1") && !details) {
      errors.push(`Mandat modifié (AmdmntInd) sans détail de la modification (AmdmntInfDtls) pour ${name}.`);
    }
    if (amended !== "true" && amended !== "1" && details) {
      errors.push(`Détail de modification du mandat (AmdmntInfDtls) pour ${name} alors que AmdmntInd n'est pas true.`);
    }
    const originalAgent = find(details, "OrgnlDbtrAgt");
    const agentId = find(originalAgent, "FinInstnId/Othr/Id")?.text;
    if (originalAgent && agentId !== SMNDA) {
      errors.push(`Banque d'origine du débiteur (OrgnlDbtrAgt) « ${agentId ?? ""} » pour ${name} : ${SMNDA} attendu (changement de banque).`);
    }
  }
  return errors;
}

/** NbOfTxs and CtrlSum of a header or block against the debits it holds. */
function countErrors(holder: XmlElement | undefined, transactions: readonly XmlElement[], name: string): string[] {
  const errors: string[] = [];
  const count = find(holder, "NbOfTxs")?.text;
  if (count !== undefined && count !== String(transactions.length)) {
    errors.push(`Nombre d'opérations (NbOfTxs) « ${count} » dans ${name} : ${transactions.length} attendu.`);
  }
  const controlSum = find(holder, "CtrlSum")?.text;
  const amounts = transactions.map((transaction) => centsOf(find(transaction, "InstdAmt")?.text ?? ""));
  // Unreadable amounts are reported per debit (or by the XSD), not as a wrong sum.
  if (controlSum !== undefined && amounts.every((cents) => cents !== null)) {
    const total = amounts.reduce<number>((sum, cents) => sum + (cents ?? 0), 0);
    if (centsOf(controlSum) !== total) errors.push(`Somme de contrôle (CtrlSum) « ${controlSum} » dans ${name} : ${euros(total)} attendu.`);
  }
  return errors;
}

/** "12.3" → 1230; null beyond 2 decimals or when not an amount. */
function centsOf(amount: string): number | null {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : null;
}

// --- A small element tree over fast-xml-parser's ordered output -----------------------------------------------------

type XmlElement = { name: string; attributes: Record<string, string>; children: XmlElement[]; text: string };

const xmlOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  ignoreDeclaration: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
} as const;
const parser = new XMLParser(xmlOptions);
const builder = new XMLBuilder({ ...xmlOptions, format: true, indentBy: "  ", suppressEmptyNode: true });

/** The root element of `xml`; throws when it is not well-formed. */
function parseXml(xml: string): XmlElement {
  const nodes: unknown = parser.parse(xml, true);
  const root = Array.isArray(nodes) ? nodes.map(fromOrdered).find((node) => node !== null) : undefined;
  if (!root) throw new Error("Document XML vide.");
  return root;
}

function fromOrdered(node: unknown): XmlElement | null {
  if (typeof node !== "object" || node === null) return null;
  const entries = Object.entries(node);
  const tag = entries.find(([key]) => key !== ":@" && key !== "#text");
  if (!tag || !Array.isArray(tag[1])) return null;
  const children: unknown[] = tag[1];
  const attributes: Record<string, string> = {};
  const rawAttributes = entries.find(([key]) => key === ":@")?.[1];
  if (typeof rawAttributes === "object" && rawAttributes !== null) {
    for (const [key, value] of Object.entries(rawAttributes)) attributes[key.replace(/^@_/, "")] = String(value);
  }
  const text = children
    .map((child) => (typeof child === "object" && child !== null && "#text" in child ? String(child["#text"]) : ""))
    .join("");
  const elements = children.map(fromOrdered).filter((child): child is XmlElement => child !== null);
  return { name: tag[0], attributes, children: elements, text };
}

function toOrdered(node: XmlElement): Record<string, unknown> {
  const content = node.children.length > 0 ? node.children.map(toOrdered) : node.text ? [{ "#text": node.text }] : [];
  const attributes = Object.fromEntries(Object.entries(node.attributes).map(([key, value]) => [`@_${key}`, value]));
  return Object.keys(attributes).length > 0 ? { [node.name]: content, ":@": attributes } : { [node.name]: content };
}

function element(name: string, content: string | XmlElement[]): XmlElement {
  return typeof content === "string"
    ? { name, attributes: {}, children: [], text: content }
    : { name, attributes: {}, children: content, text: "" };
}

/** `A/B/C` with `text` in C. */
function nested(elementPath: string, text: string): XmlElement {
  const [name, ...rest] = elementPath.split("/");
  return rest.length === 0 ? element(name, text) : element(name, [nested(rest.join("/"), text)]);
}

function childrenNamed(node: XmlElement, name: string): XmlElement[] {
  return node.children.filter((child) => child.name === name);
}

/** The first element at `A/B/C` below `node`, following the first child of each name. */
function find(node: XmlElement | undefined, elementPath: string): XmlElement | undefined {
  return elementPath.split("/").reduce<XmlElement | undefined>((current, name) => current?.children.find((child) => child.name === name), node);
}

function at(node: XmlElement, elementPath: string): XmlElement {
  const found = find(node, elementPath);
  if (!found) throw new Error(`pain.008 : élément ${elementPath} absent de la sortie de sepa.`);
  return found;
}

/** Each text-bearing element below `node`, with its path (`PmtInf/DrctDbtTxInf/Dbtr/Nm`). */
function leaves(node: XmlElement, prefix: string): { path: string; text: string }[] {
  return node.children.flatMap((child) => {
    const childPath = prefix ? `${prefix}/${child.name}` : child.name;
    return child.children.length > 0 ? leaves(child, childPath) : child.text ? [{ path: childPath, text: child.text }] : [];
  });
}
