import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { invoiceNumber } from "@/lib/domain/billing";
import { invoiceNumbersIn, readCamt, type CamtEntry, type CamtReadResult } from "@/lib/domain/camt";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/camt/${name}`, import.meta.url)), "utf8");
const IBAN = "FR7630006000011234567890189";
const NBSP = "\u00A0";

function entriesOf(result: CamtReadResult): CamtEntry[] {
  expect(result.statement).not.toBeNull();
  return result.statement?.entries ?? [];
}

/** A minimal camt.053.001.02 around the given `Ntry` elements. */
function statement(entries: string, iban = IBAN): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>TEST-053-1</MsgId><CreDtTm>2026-04-08T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>S1</Id><CreDtTm>2026-04-08T06:00:00</CreDtTm>
      <Acct><Id><IBAN>${iban}</IBAN></Id></Acct>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-07</Dt></Dt></Bal>
      ${entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
}

type NtryOptions = {
  amount?: string; currency?: string; indicator?: string; reversal?: boolean; status?: string; booked?: string; ref?: string | null;
  code?: string; details?: string; info?: string;
};

function ntry(o: NtryOptions = {}): string {
  const [domain, family, subFamily] = (o.code ?? "PMNT/IDDT/ESDD").split("/");
  return `<Ntry>
    <Amt Ccy="${o.currency ?? "EUR"}">${o.amount ?? "36.00"}</Amt>
    <CdtDbtInd>${o.indicator ?? "CRDT"}</CdtDbtInd>
    ${o.reversal ? "<RvslInd>true</RvslInd>" : ""}
    <Sts>${o.status ?? "BOOK"}</Sts>
    ${o.booked ?? "<BookgDt><Dt>2026-04-07</Dt></BookgDt>"}
    ${o.ref === null ? "" : `<AcctSvcrRef>${o.ref ?? "REF-1"}</AcctSvcrRef>`}
    <BkTxCd>${domain === "PRTRY" ? "<Prtry><Cd>B1</Cd><Issr>CFONB</Issr></Prtry>" : `<Domn><Cd>${domain}</Cd><Fmly><Cd>${family}</Cd><SubFmlyCd>${subFamily}</SubFmlyCd></Fmly></Domn>`}</BkTxCd>
    ${o.details ?? ""}
    ${o.info ? `<AddtlNtryInf>${o.info}</AddtlNtryInf>` : ""}
  </Ntry>`;
}

function tx(endToEndId: string, amount: string | null, extra = ""): string {
  return `<TxDtls><Refs><EndToEndId>${endToEndId}</EndToEndId></Refs>${amount === null ? "" : `<AmtDtls><TxAmt><Amt Ccy="EUR">${amount}</Amt></TxAmt></AmtDtls>`}${extra}</TxDtls>`;
}

const details = (...transactions: string[]) => `<NtryDtls>${transactions.join("")}</NtryDtls>`;

describe("camt.053, collections booked one per transaction", () => {
  const result = readCamt(fixture("camt053-collections-per-transaction.xml"));

  it("reads the statement and its three collections", () => {
    expect(result.errors).toEqual([]);
    expect(result.statement).toMatchObject({ format: "camt.053", messageId: "AGRI053202604080615020001", iban: IBAN });
    const entries = entriesOf(result);
    expect(entries[0]).toEqual({
      key: `ref:${IBAN}:AGR2609700045101`,
      index: 1,
      bookedOn: "2026-04-07",
      valueOn: "2026-04-07",
      amountCents: 123450,
      direction: "CREDIT",
      reversal: false,
      kind: "COLLECTION",
      batch: null,
      transactions: [
        {
          endToEndId: "F00000121", pmtInfId: "PRLV-20260407-000001-RCUR", amountCents: 123450, reasonCode: null, reasonText: null,
          remittance: "Facture F00000121", counterparty: "Provence Telecom Services", invoiceNumbers: ["F00000121"],
        },
      ],
      additionalInfo: "PRLV SEPA PROVENCE TELECOM SERVICES",
    });
    expect(entries.map((e) => [e.index, e.key, e.amountCents, e.kind, e.transactions.map((t) => [t.endToEndId, t.amountCents, t.counterparty])])).toEqual([
      [1, `ref:${IBAN}:AGR2609700045101`, 123450, "COLLECTION", [["F00000121", 123450, "Provence Telecom Services"]]],
      [2, `ref:${IBAN}:AGR2609700045102`, 8490, "COLLECTION", [["F00000122", 8490, "Cabinet Medical des Oliviers"]]],
      [3, `ref:${IBAN}:AGR2609700045103`, 3600, "COLLECTION", [["F00000123", 3600, "Alpes Reseaux MSP"]]],
    ]);
  });

  it("gives the same keys on a re-read", () => {
    const again = readCamt(fixture("camt053-collections-per-transaction.xml"));
    expect(entriesOf(again).map((e) => e.key)).toEqual(entriesOf(result).map((e) => e.key));
    expect(new Set(entriesOf(result).map((e) => e.key)).size).toBe(3);
  });
});

describe("camt.053, a batch booked as one entry", () => {
  const result = readCamt(fixture("camt053-batch-one-entry.xml"));

  it("reads the batch with its transactions, which take the batch's PmtInfId", () => {
    expect(result.errors).toEqual([]);
    const [batch] = entriesOf(result);
    expect(batch).toMatchObject({
      key: `ref:${IBAN}:AGR2612600078301`, index: 1, bookedOn: "2026-05-06", amountCents: 132090, direction: "CREDIT", kind: "COLLECTION",
      batch: { pmtInfId: "PRLV-20260506-000001-RCUR", count: 3 },
      additionalInfo: "REMISE PRLV SEPA PRLV-20260506-000001-RCUR 3 OPERATIONS",
    });
    expect(batch.transactions).toEqual([
      { endToEndId: "F00000201", pmtInfId: "PRLV-20260506-000001-RCUR", amountCents: 118840, reasonCode: null, reasonText: null, remittance: "Facture F00000201", counterparty: "Provence Telecom Services", invoiceNumbers: ["F00000201"] },
      { endToEndId: "F00000202", pmtInfId: "PRLV-20260506-000001-RCUR", amountCents: 9600, reasonCode: null, reasonText: null, remittance: "Facture F00000202", counterparty: "Cabinet Medical des Oliviers", invoiceNumbers: ["F00000202"] },
      { endToEndId: "F00000203", pmtInfId: "PRLV-20260506-000001-RCUR", amountCents: 3650, reasonCode: null, reasonText: null, remittance: "Facture F00000203", counterparty: "Alpes Reseaux MSP", invoiceNumbers: ["F00000203"] },
    ]);
  });

  it("reads the bank's fee as OTHER and ignores the pending entry", () => {
    const entries = entriesOf(result);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toEqual({
      key: `ref:${IBAN}:AGR2612600078302`, index: 2, bookedOn: "2026-05-06", valueOn: "2026-05-06", amountCents: 1240, direction: "DEBIT",
      reversal: false, kind: "OTHER", batch: null, transactions: [], additionalInfo: "FRAIS REMISE PRELEVEMENTS SEPA 3 OPERATIONS",
    });
  });

  it("refuses a batch whose total is not the entry's amount", () => {
    const xml = fixture("camt053-batch-one-entry.xml").replace('<TtlAmt Ccy="EUR">1320.90</TtlAmt>', '<TtlAmt Ccy="EUR">1320.00</TtlAmt>');
    const read = readCamt(xml);
    expect(read.errors).toEqual([`Écriture n° 1 (réf. AGR2612600078301) : le montant 1${NBSP}320,90${NBSP}€ ne correspond pas au total du lot (1${NBSP}320,00${NBSP}€).`]);
    expect(entriesOf(read).map((e) => e.index)).toEqual([2]);
  });
});

describe("camt.054, a return and a refund", () => {
  const result = readCamt(fixture("camt054-returns.xml"));

  it("reads both as returns with their reason", () => {
    expect(result.errors).toEqual([]);
    expect(result.statement).toMatchObject({ format: "camt.054", messageId: "AGRI054202604101702310007", iban: IBAN });
    expect(entriesOf(result)).toEqual([
      {
        key: `ref:${IBAN}:AGR2610000061201`, index: 1, bookedOn: "2026-04-10", valueOn: "2026-04-07", amountCents: 3600, direction: "DEBIT",
        reversal: true, kind: "RETURN", batch: null, additionalInfo: "IMPAYE PRLV SEPA ALPES RESEAUX MSP MOTIF AM04",
        transactions: [{
          endToEndId: "F00000123", pmtInfId: "PRLV-20260407-000001-RCUR", amountCents: 3600, reasonCode: "AM04", reasonText: "PROVISION INSUFFISANTE",
          remittance: "Facture F00000123", counterparty: "Alpes Reseaux MSP", invoiceNumbers: ["F00000123"],
        }],
      },
      {
        key: `ref:${IBAN}:AGR2610000061202`, index: 2, bookedOn: "2026-04-10", valueOn: "2026-04-10", amountCents: 120000, direction: "DEBIT",
        reversal: false, kind: "RETURN", batch: null, additionalInfo: "REMBOURSEMENT PRLV SEPA CABINET MEDICAL DES OLIVIERS MOTIF MD06",
        transactions: [{
          endToEndId: "F00000098", pmtInfId: "PRLV-20260306-000001-RCUR", amountCents: 120000, reasonCode: "MD06", reasonText: "REMBOURSEMENT DEMANDE PAR LE DEBITEUR",
          remittance: "Facture F00000098", counterparty: "Cabinet Medical des Oliviers", invoiceNumbers: ["F00000098"],
        }],
      },
    ]);
  });
});

describe("camt.053, credit transfers", () => {
  const result = readCamt(fixture("camt053-transfers.xml"));

  it("reads the transfers with the invoice numbers of their remittance", () => {
    expect(result.errors).toEqual([]);
    const [full, partial] = entriesOf(result);
    expect(full).toMatchObject({ key: `ref:${IBAN}:AGR2611200093401`, index: 1, bookedOn: "2026-04-22", amountCents: 144000, direction: "CREDIT", kind: "TRANSFER", batch: null });
    expect(full.transactions).toEqual([
      { endToEndId: null, pmtInfId: null, amountCents: 144000, reasonCode: null, reasonText: null, remittance: "Facture F00000131", counterparty: "TRANSPORTS GIRAUD", invoiceNumbers: ["F00000131"] },
    ]);
    expect(partial).toMatchObject({ key: `ref:${IBAN}:AGR2611200093402`, index: 2, amountCents: 50000, kind: "TRANSFER" });
    expect(partial.transactions).toEqual([
      {
        endToEndId: "VIR-PTS-2026-0412", pmtInfId: null, amountCents: 50000, reasonCode: null, reasonText: null,
        remittance: "REGLT FACT f00000132 ET F-00000133 ACOMPTE", counterparty: "PROVENCE TELECOM SERVICES", invoiceNumbers: ["F00000132", "F00000133"],
      },
    ]);
  });

  it("also finds invoice numbers in structured references", () => {
    const xml = statement(ntry({ code: "PMNT/RCDT/ESCT", details: details(tx("NOTPROVIDED", null, "<RmtInf><Strd><RfrdDocInf><Nb>F00000140</Nb></RfrdDocInf><CdtrRefInf><Ref>F-00000141</Ref></CdtrRefInf></Strd></RmtInf>")) }));
    expect(entriesOf(readCamt(xml))[0].transactions[0]).toMatchObject({ remittance: null, invoiceNumbers: ["F00000141", "F00000140"] });
  });
});

describe("files that are not a camt statement", () => {
  it("refuses a file that is not XML", () => {
    expect(readCamt(fixture("not-xml.xml"))).toEqual({ statement: null, errors: ["Ce fichier n'est pas un fichier XML lisible."] });
    expect(readCamt("")).toEqual({ statement: null, errors: ["Ce fichier n'est pas un fichier XML lisible."] });
  });

  it("refuses a truncated file", () => {
    const xml = fixture("camt053-collections-per-transaction.xml");
    expect(readCamt(xml.slice(0, xml.length / 2)).errors).toEqual(["Ce fichier n'est pas un fichier XML lisible."]);
  });

  it("refuses XML of another kind", () => {
    const notCamt = "Ce fichier n'est pas un relevé camt.053 ou camt.054.";
    expect(readCamt(fixture("not-camt.xml"))).toEqual({ statement: null, errors: [notCamt] });
    const xml = fixture("camt053-collections-per-transaction.xml");
    expect(readCamt(xml.replace("camt.053.001.02", "camt.052.001.02")).errors).toEqual([notCamt]);
    expect(readCamt(xml.replace(' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"', "")).errors).toEqual([notCamt]);
    expect(readCamt(xml.replace("camt.053.001.02", "camt.054.001.02")).errors).toEqual([notCamt]); // a statement under the notification's namespace
    expect(readCamt("<html><body>Relevé</body></html>").errors).toEqual([notCamt]);
  });

  it("names the version it refuses", () => {
    const xml = fixture("camt053-collections-per-transaction.xml").replace("camt.053.001.02", "camt.053.001.08");
    expect(readCamt(xml)).toEqual({
      statement: null,
      errors: ["Ce fichier est au format camt.053.001.08 : seule la version 001.02 est acceptée (camt.053.001.02 ou camt.054.001.02)."],
    });
    expect(readCamt(fixture("camt054-returns.xml").replace("camt.054.001.02", "camt.054.001.04")).errors[0]).toContain("camt.054.001.04");
  });

  it("refuses a DOCTYPE, so no entity is ever expanded", () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>&c;</MsgId></GrpHdr></BkToCstmrStmt></Document>`;
    expect(readCamt(bomb)).toEqual({ statement: null, errors: ["Ce fichier contient une déclaration DOCTYPE, refusée par sécurité : un relevé bancaire n'en a pas."] });
  });

  it("refuses a file covering several accounts", () => {
    const other = "FR7610278089000002030405104";
    const xml = statement(ntry()).replace("</Stmt>", `</Stmt><Stmt><Id>S2</Id><CreDtTm>2026-04-08T06:00:00</CreDtTm><Acct><Id><IBAN>${other}</IBAN></Id></Acct>${ntry({ ref: "REF-2" })}</Stmt>`);
    expect(readCamt(xml)).toEqual({ statement: null, errors: [`Ce fichier concerne plusieurs comptes (${IBAN}, ${other}) : importez un fichier par compte.`] });
  });

  it("refuses a statement without IBAN or message id", () => {
    expect(readCamt(statement(ntry()).replace(`<IBAN>${IBAN}</IBAN>`, "<Othr><Id>00011234567</Id></Othr>")).errors).toEqual(["Le relevé n° 1 n'indique pas l'IBAN du compte (Acct/Id/IBAN)."]);
    expect(readCamt(statement(ntry()).replace("<MsgId>TEST-053-1</MsgId>", "")).errors).toEqual(["Le fichier n'a pas d'identifiant de message (GrpHdr/MsgId)."]);
    const notification = fixture("camt054-returns.xml");
    expect(readCamt(notification.replace(`<IBAN>${IBAN}</IBAN>`, "<Othr><Id>00011234567</Id></Othr>")).errors).toEqual(["L'avis n° 1 n'indique pas l'IBAN du compte (Acct/Id/IBAN)."]);
    expect(readCamt(notification.replace(/<Ntfctn>[\s\S]*<\/Ntfctn>/, "")).errors).toEqual(["Le fichier ne contient aucun avis de compte (Ntfctn)."]);
  });
});

describe("entries with errors", () => {
  it("keeps the good entries and names the bad one", () => {
    const result = readCamt(fixture("camt053-amount-mismatch.xml"));
    expect(result.errors).toEqual([`Écriture n° 2 (réf. AGR2609700045199) : le montant 120,00${NBSP}€ ne correspond pas au total de ses transactions (110,00${NBSP}€).`]);
    expect(entriesOf(result).map((e) => [e.index, e.key, e.amountCents])).toEqual([[1, `ref:${IBAN}:AGR2609700045101`, 123450]]);
  });

  it.each([
    ["36.005", "le montant « 36.005 » a plus de 2 décimales."],
    ["36,00", "le montant « 36,00 » n'est pas un nombre."],
    ["-36.00", "le montant « -36.00 » n'est pas un nombre."],
    ["0.00", "le montant est nul."],
    ["", "le montant est absent."],
    ["12345678901234.00", "le montant « 12345678901234.00 » est trop grand."],
  ])("refuses the amount %j", (amount, problem) => {
    const result = readCamt(statement(ntry({ ref: "OK-1" }) + ntry({ amount, ref: "BAD-2" })));
    expect(result.errors).toEqual([`Écriture n° 2 (réf. BAD-2) : ${problem}`]);
    expect(entriesOf(result).map((e) => e.key)).toEqual([`ref:${IBAN}:OK-1`]);
  });

  it("refuses a currency other than the euro, on the entry or a transaction", () => {
    expect(readCamt(statement(ntry({ currency: "USD" }))).errors).toEqual(["Écriture n° 1 (réf. REF-1) : la devise USD n'est pas acceptée : seuls les montants en euros (EUR) le sont."]);
    const xml = statement(ntry({ details: details(tx("F00000001", "36.00").replace('Ccy="EUR"', 'Ccy="CHF"')) }));
    expect(readCamt(xml).errors).toEqual(["Écriture n° 1 (réf. REF-1) : transaction n° 1 : la devise CHF n'est pas acceptée : seuls les montants en euros (EUR) le sont."]);
  });

  it("refuses a missing booking day, a bad direction, a transaction without amount among several", () => {
    const result = readCamt(statement([
      ntry({ booked: "", ref: "A" }),
      ntry({ indicator: "CREDIT", ref: "B" }),
      ntry({ amount: "50.00", ref: "C", details: details(tx("F00000001", "20.00"), tx("F00000002", null)) }),
      ntry({ ref: null, booked: "<BookgDt><Dt>2026-02-30</Dt></BookgDt>" }),
    ].join("")));
    expect(result.errors).toEqual([
      "Écriture n° 1 (réf. A) : la date de comptabilisation (BookgDt) est absente ou invalide.",
      "Écriture n° 2 (réf. B) : le sens de l'écriture (CdtDbtInd) doit être CRDT ou DBIT.",
      "Écriture n° 3 (réf. C) : la transaction n° 2 n'a pas de montant (AmtDtls/TxAmt).",
      "Écriture n° 4 : la date de comptabilisation (BookgDt) est absente ou invalide.",
    ]);
    expect(result.statement?.entries).toEqual([]);
  });

  it("ignores entries that are not booked, without error, and keeps counting them", () => {
    const result = readCamt(statement(ntry({ status: "PDNG", amount: "bad", ref: "P" }) + ntry({ status: "INFO", ref: "I" }) + ntry({ ref: "B" })));
    expect(result.errors).toEqual([]);
    expect(entriesOf(result).map((e) => [e.index, e.key])).toEqual([[3, `ref:${IBAN}:B`]]);
  });
});

describe("amounts", () => {
  it("reads decimals as exact cents", () => {
    const xml = fixture("camt053-collections-per-transaction.xml").replaceAll(">1234.50<", ">1234.5<");
    expect(entriesOf(readCamt(xml))[0]).toMatchObject({ amountCents: 123450, transactions: [{ amountCents: 123450 }] });
    expect(entriesOf(readCamt(statement(ntry({ amount: "7" }))))[0].amountCents).toBe(700);
    expect(entriesOf(readCamt(statement(ntry({ amount: "007.10" }))))[0].amountCents).toBe(710);
  });

  it("adds transactions in cents, without float error (0.10 + 0.20 = 0.30)", () => {
    const result = readCamt(statement(ntry({ amount: "0.30", details: details(tx("F00000001", "0.10"), tx("F00000002", "0.20")) })));
    expect(result.errors).toEqual([]);
    expect(entriesOf(result)[0].transactions.map((t) => t.amountCents)).toEqual([10, 20]);
  });

  it("gives a single transaction without amount the entry's amount", () => {
    expect(entriesOf(readCamt(statement(ntry({ amount: "84.90", details: details(tx("F00000001", null)) }))))[0].transactions[0].amountCents).toBe(8490);
  });

  it("reads any amount written with 0 to 2 decimals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999 }), fc.constantFrom(0, 1, 2), (cents, decimals) => {
        fc.pre(decimals === 2 || cents % (decimals === 1 ? 10 : 100) === 0);
        const units = Math.floor(cents / 100);
        const fraction = String(cents % 100).padStart(2, "0").slice(0, decimals);
        const amount = decimals === 0 ? String(units) : `${units}.${fraction}`;
        expect(entriesOf(readCamt(statement(ntry({ amount }))))[0].amountCents).toBe(cents);
      }),
      { numRuns: 100 },
    );
  });
});

describe("kinds of entries", () => {
  const kindOf = (o: NtryOptions) => entriesOf(readCamt(statement(ntry(o))))[0].kind;

  it("reads direct debits, returns and transfers from BkTxCd", () => {
    expect(kindOf({ code: "PMNT/IDDT/ESDD" })).toBe("COLLECTION");
    expect(kindOf({ code: "PMNT/IDDT/BBDD" })).toBe("COLLECTION");
    expect(kindOf({ code: "PMNT/IDDT/UPDD", indicator: "DBIT" })).toBe("RETURN");
    expect(kindOf({ code: "PMNT/IDDT/ESDD", indicator: "DBIT", reversal: true })).toBe("RETURN");
    expect(kindOf({ code: "PMNT/RCDT/ESCT" })).toBe("TRANSFER");
    expect(kindOf({ code: "PMNT/RCDT/DMCT" })).toBe("TRANSFER");
  });

  it("leaves to ADV what is not plainly one of them", () => {
    expect(kindOf({ code: "PMNT/IDDT/ESDD", reversal: true })).toBe("OTHER"); // a credit undoing a return
    expect(kindOf({ code: "PMNT/IDDT/UPDD" })).toBe("OTHER");
    // RDDT are direct debits received: a supplier debiting the operator, not a customer's payment.
    expect(kindOf({ code: "PMNT/RDDT/ESDD", indicator: "DBIT" })).toBe("OTHER");
    expect(kindOf({ code: "PMNT/RDDT/ESDD" })).toBe("OTHER");
    expect(kindOf({ code: "PMNT/RCDT/ESCT", indicator: "DBIT" })).toBe("OTHER");
    expect(kindOf({ code: "PMNT/RCDT/RRTN" })).toBe("OTHER"); // our own transfer coming back
    expect(kindOf({ code: "PMNT/ICDT/ESCT", indicator: "DBIT" })).toBe("OTHER");
    expect(kindOf({ code: "ACMT/MDOP/CHRG", indicator: "DBIT" })).toBe("OTHER");
    expect(kindOf({ code: "PRTRY" })).toBe("OTHER");
  });

  it("reads a debit with return information as a return when the bank gives only proprietary codes", () => {
    const returned = details(tx("F00000123", "36.00", "<RtrInf><Rsn><Prtry>AC04</Prtry></Rsn><AddtlInf>COMPTE</AddtlInf><AddtlInf>CLOTURE</AddtlInf></RtrInf>"));
    const [entry] = entriesOf(readCamt(statement(ntry({ code: "PRTRY", indicator: "DBIT", details: returned }))));
    expect(entry.kind).toBe("RETURN");
    expect(entry.transactions[0]).toMatchObject({ reasonCode: "AC04", reasonText: "COMPTE CLOTURE" });
  });

  it("names the debtor of a return and the creditor of another debit", () => {
    const parties = "<RltdPties><Dbtr><Nm>DUPONT &amp; FILS</Nm></Dbtr><Cdtr><Nm>&#201;NERGIE SUD</Nm></Cdtr></RltdPties>";
    const entry = (code: string) => entriesOf(readCamt(statement(ntry({ code, indicator: "DBIT", details: details(tx("E2E", "36.00", parties)) }))))[0];
    expect(entry("PMNT/IDDT/UPDD").transactions[0].counterparty).toBe("DUPONT & FILS");
    expect(entry("PMNT/ICDT/ESCT").transactions[0].counterparty).toBe("ÉNERGIE SUD");
  });
});

describe("other shapes of a valid file", () => {
  it("reads a file whose elements carry a namespace prefix, with a byte order mark", () => {
    const plain = fixture("camt054-returns.xml");
    const prefixed = "\uFEFF" + plain
      .replace(/<(\/?)([A-Za-z]+)([ >])/g, "<$1ns2:$2$3")
      .replace('xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"', 'xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"');
    expect(prefixed).toContain("<ns2:Ntry>");
    expect(readCamt(prefixed)).toEqual(readCamt(plain));
  });

  it("reads several statements of the same account, counting entries through the file", () => {
    const second = fixture("camt053-transfers.xml");
    const stmt = second.slice(second.indexOf("<Stmt>"), second.indexOf("</Stmt>") + "</Stmt>".length);
    const xml = fixture("camt053-collections-per-transaction.xml").replace("</Stmt>", `</Stmt>\n${stmt}`);
    const result = readCamt(xml);
    expect(result.errors).toEqual([]);
    expect(entriesOf(result).map((e) => [e.index, e.kind, e.bookedOn])).toEqual([
      [1, "COLLECTION", "2026-04-07"], [2, "COLLECTION", "2026-04-07"], [3, "COLLECTION", "2026-04-07"], [4, "TRANSFER", "2026-04-22"], [5, "TRANSFER", "2026-04-22"],
    ]);
  });

  it("takes the day of a booking given as a date and time", () => {
    const [entry] = entriesOf(readCamt(statement(ntry({ booked: "<BookgDt><DtTm>2026-04-07T23:30:00+02:00</DtTm></BookgDt><ValDt><Dt>2026-04-08</Dt></ValDt>" }))));
    expect(entry).toMatchObject({ bookedOn: "2026-04-07", valueOn: "2026-04-08" });
  });
});

describe("entry keys", () => {
  const withoutBankRefs = (xml: string) => xml.replace(/\s*<AcctSvcrRef>[^<]*<\/AcctSvcrRef>/g, "");

  it("hashes what a camt.054 and a camt.053 share when the bank gives no reference", () => {
    const notification = withoutBankRefs(fixture("camt054-returns.xml"));
    const asStatement = notification
      .replace("camt.054.001.02", "camt.053.001.02")
      .replaceAll("BkToCstmrDbtCdtNtfctn>", "BkToCstmrStmt>")
      .replaceAll("Ntfctn>", "Stmt>")
      .replaceAll("<Ntry>", "<Ntry><NtryRef>053-LINE</NtryRef>");
    const fromNotification = entriesOf(readCamt(notification)).map((e) => e.key);
    const fromStatement = entriesOf(readCamt(asStatement)).map((e) => e.key);
    expect(fromNotification).toHaveLength(2);
    for (const key of fromNotification) expect(key).toMatch(/^sha256:[0-9a-f]{40}$/);
    expect(new Set(fromNotification).size).toBe(2);
    expect(fromStatement).toEqual(fromNotification);
    expect(entriesOf(readCamt(notification)).map((e) => e.key)).toEqual(fromNotification);
  });

  it("changes with the amount, the day or the direction", () => {
    const key = (o: NtryOptions) => entriesOf(readCamt(statement(ntry({ ref: null, details: details(tx("F00000001", null)), ...o }))))[0].key;
    const base = key({});
    expect(key({})).toBe(base);
    expect(key({ amount: "36.01" })).not.toBe(base);
    expect(key({ booked: "<BookgDt><Dt>2026-04-08</Dt></BookgDt>" })).not.toBe(base);
    expect(key({ indicator: "DBIT" })).not.toBe(base);
  });

  it("tells apart two identical entries of one file by their rank", () => {
    const same = ntry({ ref: null, code: "PMNT/RCDT/ESCT", details: details(tx("NOTPROVIDED", null, "<RmtInf><Ustrd>LOYER AVRIL</Ustrd></RmtInf>")) });
    const keys = entriesOf(readCamt(statement(same + same + same))).map((e) => e.key);
    expect(keys[1]).toBe(`${keys[0]}#2`);
    expect(keys[2]).toBe(`${keys[0]}#3`);
    const byRef = entriesOf(readCamt(statement(ntry({ ref: "SAME" }) + ntry({ ref: "SAME" })))).map((e) => e.key);
    expect(byRef).toEqual([`ref:${IBAN}:SAME`, `ref:${IBAN}:SAME#2`]);
  });
});

describe("invoiceNumbersIn", () => {
  it("finds invoice numbers as payers write them, normalised", () => {
    expect(invoiceNumbersIn("Facture F00000123")).toEqual(["F00000123"]);
    expect(invoiceNumbersIn("fact f00000123")).toEqual(["F00000123"]);
    expect(invoiceNumbersIn("F-00000123")).toEqual(["F00000123"]);
    expect(invoiceNumbersIn("F 00000123 / F.00000124")).toEqual(["F00000123", "F00000124"]);
    expect(invoiceNumbersIn("REGLT FACT F00000124 ET F-00000125")).toEqual(["F00000124", "F00000125"]);
    expect(invoiceNumbersIn("FACT:F00000123/2026 (F00000123)")).toEqual(["F00000123"]);
  });

  it("finds nothing in a too short number or inside a longer token", () => {
    expect(invoiceNumbersIn("F0000012")).toEqual([]); // 7 digits
    expect(invoiceNumbersIn("F000001234")).toEqual([]); // 9 digits
    expect(invoiceNumbersIn("REF00000123")).toEqual([]);
    expect(invoiceNumbersIn("F00000123A")).toEqual([]);
    expect(invoiceNumbersIn("2F00000123")).toEqual([]);
    expect(invoiceNumbersIn("FF00000123")).toEqual([]);
    expect(invoiceNumbersIn("F--00000123")).toEqual([]);
    expect(invoiceNumbersIn("LOYER AVRIL 2026 FR7630006000011234567890189")).toEqual([]);
  });

  it("does not take another numbering for this product's (F + 8 digits)", () => {
    expect(invoiceNumbersIn("Facture F2026-000123")).toEqual([]);
    expect(invoiceNumbersIn("F2026-00012")).toEqual([]);
  });

  it("finds every number the billing run issues, whatever surrounds it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), fc.constantFrom("", "Facture ", "REGLT FACT ", "fact:"), fc.constantFrom("", " merci", "/2026", "."), (n, before, after) => {
        const number = invoiceNumber(n);
        expect(invoiceNumbersIn(`${before}${number}${after}`)).toEqual([number]);
        expect(invoiceNumbersIn(`${before}${number.toLowerCase().replace("f", "f-")}${after}`)).toEqual([number]);
      }),
    );
  });
});

describe("large files", () => {
  it("reads 10 000 entries", () => {
    const entry = (i: number) => {
      const amount = `${i}.${String(i % 100).padStart(2, "0")}`;
      const number = invoiceNumber(i);
      return ntry({ amount, ref: `AGR${i}`, info: `PRLV SEPA CLIENT ${i}`, details: details(tx(number, amount, `<RltdPties><Dbtr><Nm>Client ${i}</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Facture ${number}</Ustrd></RmtInf>`)) });
    };
    const xml = statement(Array.from({ length: 10_000 }, (_, i) => entry(i + 1)).join("\n"));
    const result = readCamt(xml);
    expect(result.errors).toEqual([]);
    const entries = entriesOf(result);
    expect(entries).toHaveLength(10_000);
    expect(new Set(entries.map((e) => e.key)).size).toBe(10_000);
    expect(entries[9_999]).toMatchObject({ index: 10_000, amountCents: 1_000_000, kind: "COLLECTION", transactions: [{ endToEndId: "F00010000", invoiceNumbers: ["F00010000"] }] });
  }, 30_000);
});
