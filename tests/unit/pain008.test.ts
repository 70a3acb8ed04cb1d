import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import { buildPain008, pain008Errors, paymentInfoId, type Pain008Debit, type Pain008Input } from "@/lib/server/pain008";

const CREDITOR = { name: "MyOpenIP Télécom", iban: "FR7630006000011234567890189", bic: "BNPAFRPPXXX", creditorId: "FR97ZZZ482585" };

const firstDebit: Pain008Debit = {
  endToEndId: "F2026-000123",
  amountCents: 1_234_567,
  sequenceType: "FRST",
  mandate: { rum: "RUM-2026-000001", signedOn: "2026-03-02", amendment: null },
  debtor: { name: "Société Générale Œuvres & Fils", iban: "FR1420041010050500013M02606", bic: "PSSTFRPPXXX" },
  remittance: "Facture F2026-000123",
};
const newBankDebit: Pain008Debit = {
  endToEndId: "F2026-000124",
  amountCents: 4990,
  sequenceType: "RCUR",
  mandate: { rum: "RUM-2025-000042", signedOn: "2025-01-01", amendment: { originalIban: "FR7630003000701234567890197", changedBank: true } },
  debtor: { name: "Boulangerie Martin", iban: "FR7610096000301234567890136", bic: "CMCIFRPPXXX" },
  remittance: "Facture F2026-000124",
};
const sameBankDebit: Pain008Debit = {
  endToEndId: "F2026-000125",
  amountCents: 10,
  sequenceType: "RCUR",
  mandate: { rum: "RUM-2025-000043", signedOn: "2025-12-31", amendment: { originalIban: "FR7630003000701234567890197", changedBank: false } },
  debtor: { name: "Garage Lambert", iban: "FR7618206000109876543210116", bic: null },
  remittance: "Facture F2026-000125",
};
const plainDebit: Pain008Debit = {
  endToEndId: "F2026-000126",
  amountCents: 20,
  sequenceType: "RCUR",
  mandate: { rum: "RUM-2025-000044", signedOn: "2025-06-15", amendment: null },
  debtor: { name: "L'Atelier Bérard", iban: "FR7630006000011234567890189", bic: "BNPAFRPP" },
  remittance: "Facture F2026-000126",
};

const input: Pain008Input = {
  messageId: "PRLV-20260407-01",
  createdAt: new Date("2026-04-02T22:30:15.250Z"),
  collectionDate: "2026-04-07",
  creditor: CREDITOR,
  debits: [newBankDebit, firstDebit, sameBankDebit, plainDebit],
};

type Node = { [name: string]: Node & Node[] & string };
const reader = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, isArray: (name) => ["PmtInf", "DrctDbtTxInf"].includes(name) });
function read(xml: string): Node {
  return (reader.parse(xml) as Node).Document.CstmrDrctDbtInitn;
}
function transaction(xml: string, endToEndId: string): Node {
  const found = read(xml).PmtInf.flatMap((block) => [...block.DrctDbtTxInf]).find((tx) => tx.PmtId.EndToEndId === endToEndId);
  if (!found) throw new Error(endToEndId);
  return found;
}

const valid = buildPain008(input);

describe("pain.008.001.02 file (SPEC §13)", () => {
  it("is valid against the official XSD and the EPC rules", async () => {
    expect(await pain008Errors(valid)).toEqual([]);
  });

  it("writes the header: MsgId, UTC creation time, count and control sum from integer cents", () => {
    expect(valid.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"')).toBe(true);
    const header = read(valid).GrpHdr;
    expect(header.MsgId).toBe("PRLV-20260407-01");
    expect(header.CreDtTm).toBe("2026-04-02T22:30:15Z");
    expect(header.NbOfTxs).toBe("4");
    expect(header.CtrlSum).toBe("12395.87"); // 1 234 567 + 4 990 + 10 + 20 cents
    expect(header.InitgPty.Nm).toBe("MyOpenIP Telecom");
  });

  it("writes one SEPA Core block per sequence type, FRST first, with its count, sum, date, creditor and ICS", () => {
    const [first, recurring, ...rest] = read(valid).PmtInf;
    expect(rest).toEqual([]);
    expect(first.PmtInfId).toBe("PRLV-20260407-01-FRST");
    expect(first.PmtInfId).toBe(paymentInfoId("PRLV-20260407-01", "FRST"));
    expect(recurring.PmtInfId).toBe("PRLV-20260407-01-RCUR");
    expect([first.PmtTpInf.SeqTp, recurring.PmtTpInf.SeqTp]).toEqual(["FRST", "RCUR"]);
    expect([first.NbOfTxs, first.CtrlSum]).toEqual(["1", "12345.67"]);
    expect([recurring.NbOfTxs, recurring.CtrlSum]).toEqual(["3", "50.20"]);
    expect(recurring.DrctDbtTxInf.map((tx) => tx.PmtId.EndToEndId)).toEqual(["F2026-000124", "F2026-000125", "F2026-000126"]);
    for (const block of [first, recurring]) {
      expect(block.PmtMtd).toBe("DD");
      expect(block.PmtTpInf.SvcLvl.Cd).toBe("SEPA");
      expect(block.PmtTpInf.LclInstrm.Cd).toBe("CORE");
      expect(block.ReqdColltnDt).toBe("2026-04-07");
      expect(block.ChrgBr).toBe("SLEV");
      expect(block.Cdtr.Nm).toBe("MyOpenIP Telecom");
      expect(block.CdtrAcct.Id.IBAN).toBe(CREDITOR.iban);
      expect(block.CdtrAgt.FinInstnId.BIC).toBe("BNPAFRPPXXX");
      expect(block.CdtrSchmeId.Id.PrvtId.Othr.Id).toBe("FR97ZZZ482585");
      expect(block.CdtrSchmeId.Id.PrvtId.Othr.SchmeNm.Prtry).toBe("SEPA");
    }
  });

  it("writes each debit: invoice number, amount in EUR, mandate, debtor in the SEPA set, remittance", () => {
    const tx = transaction(valid, "F2026-000123");
    expect(tx.PmtId.InstrId).toBeUndefined();
    expect(tx.InstdAmt).toEqual({ "#text": "12345.67", "@Ccy": "EUR" });
    expect(tx.DrctDbtTx.MndtRltdInf).toEqual({ MndtId: "RUM-2026-000001", DtOfSgntr: "2026-03-02", AmdmntInd: "false" });
    expect(tx.DbtrAgt.FinInstnId.BIC).toBe("PSSTFRPPXXX");
    expect(tx.Dbtr.Nm).toBe("Societe Generale OEuvres + Fils");
    expect(tx.DbtrAcct.Id.IBAN).toBe("FR1420041010050500013M02606");
    expect(tx.RmtInf.Ustrd).toBe("Facture F2026-000123");
    expect(transaction(valid, "F2026-000125").InstdAmt["#text"]).toBe("0.10");
    expect(transaction(valid, "F2026-000126").Dbtr.Nm).toBe("L'Atelier Berard");
  });

  it("says SMNDA after a change of bank, the original IBAN after a change within the bank", () => {
    expect(transaction(valid, "F2026-000124").DrctDbtTx.MndtRltdInf).toEqual({
      MndtId: "RUM-2025-000042",
      DtOfSgntr: "2025-01-01",
      AmdmntInd: "true",
      AmdmntInfDtls: { OrgnlDbtrAgt: { FinInstnId: { Othr: { Id: "SMNDA" } } } },
    });
    expect(transaction(valid, "F2026-000125").DrctDbtTx.MndtRltdInf).toEqual({
      MndtId: "RUM-2025-000043",
      DtOfSgntr: "2025-12-31",
      AmdmntInd: "true",
      AmdmntInfDtls: { OrgnlDbtrAcct: { Id: { IBAN: "FR7630003000701234567890197" } } },
    });
  });

  it("writes NOTPROVIDED for a debtor or a creditor without BIC", async () => {
    expect(transaction(valid, "F2026-000125").DbtrAgt).toEqual({ FinInstnId: { Othr: { Id: "NOTPROVIDED" } } });
    const noBic = buildPain008({ ...input, creditor: { ...CREDITOR, bic: null } });
    for (const block of read(noBic).PmtInf) expect(block.CdtrAgt).toEqual({ FinInstnId: { Othr: { Id: "NOTPROVIDED" } } });
    expect(await pain008Errors(noBic)).toEqual([]);
  });

  it("writes the amounts exactly where floats would drift", () => {
    const cents = [1, 2, 10, 20, 30, 70, 99, 101, 999_999_999_99];
    const xml = buildPain008({
      ...input,
      debits: cents.map((amountCents, i) => ({ ...plainDebit, endToEndId: `F2026-${String(i).padStart(6, "0")}`, amountCents })),
    });
    const block = read(xml).PmtInf[0];
    expect(block.DrctDbtTxInf.map((tx) => tx.InstdAmt["#text"])).toEqual(["0.01", "0.02", "0.10", "0.20", "0.30", "0.70", "0.99", "1.01", "999999999.99"]);
    expect(block.CtrlSum).toBe("1000000003.32");
    expect(read(xml).GrpHdr.CtrlSum).toBe("1000000003.32");
  });

  describe("in any time zone of the process", () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });

    it.each(["Pacific/Kiritimati", "America/Los_Angeles"])("keeps the calendar days in %s", (zone) => {
      process.env.TZ = zone;
      expect(new Date("2026-04-07T12:00:00Z").getDate()).toBe(zone === "Pacific/Kiritimati" ? 8 : 7); // the zone applies
      const xml = buildPain008({ ...input, createdAt: new Date("2026-04-02T23:59:59Z"), collectionDate: "2026-04-07" });
      expect(read(xml).GrpHdr.CreDtTm).toBe("2026-04-02T23:59:59Z");
      expect(read(xml).PmtInf.map((block) => block.ReqdColltnDt)).toEqual(["2026-04-07", "2026-04-07"]);
      expect(transaction(xml, "F2026-000123").DrctDbtTx.MndtRltdInf.DtOfSgntr).toBe("2026-03-02");
      expect(transaction(xml, "F2026-000125").DrctDbtTx.MndtRltdInf.DtOfSgntr).toBe("2025-12-31");
    });
  });

  it("leaves out a sequence type with no debit", async () => {
    const xml = buildPain008({ ...input, debits: [plainDebit] });
    expect(read(xml).PmtInf.map((block) => block.PmtInfId)).toEqual(["PRLV-20260407-01-RCUR"]);
    expect(await pain008Errors(xml)).toEqual([]);
  });

  it("writes the debtor's address for a bank outside the EEA (EPC AT-09), and only there", async () => {
    const swiss: Pain008Debit = {
      ...plainDebit, endToEndId: "F2026-000127", debtor: { name: "Horlogerie Favre SA", iban: "CH9300762011623852957", bic: null, address: { street: "12 rue du Rhône", postcode: "1204", city: "Genève", country: "CH" } },
    };
    const xml = buildPain008({ ...input, debits: [plainDebit, swiss] });
    expect(transaction(xml, "F2026-000127").Dbtr.PstlAdr).toEqual({ Ctry: "CH", AdrLine: ["12 rue du Rhone", "1204 Geneve"] });
    expect(transaction(xml, "F2026-000126").Dbtr.PstlAdr).toBeUndefined();
    expect(await pain008Errors(xml)).toEqual([]);
    expect(await pain008Errors(xml.replace(/<PstlAdr>[\s\S]*?<\/PstlAdr>/, ""))).toEqual([
      "Adresse du débiteur (Dbtr/PstlAdr) manquante pour l'opération F2026-000127 : obligatoire pour une banque hors EEE (CH).",
    ]);
    expect(() => buildPain008({ ...input, debits: [{ ...swiss, debtor: { ...swiss.debtor, address: null } }] })).toThrow("Adresse du débiteur requise pour « F2026-000127 » (banque hors EEE).");
  });

  it("refuses what cannot be a collection file, in French", () => {
    expect(() => buildPain008({ ...input, debits: [] })).toThrow("sans aucune opération");
    expect(() => buildPain008({ ...input, debits: [firstDebit, firstDebit] })).toThrow("« F2026-000123 » en double");
    expect(() => buildPain008({ ...input, debits: [{ ...firstDebit, amountCents: 0 }] })).toThrow("Montant invalide");
    expect(() => buildPain008({ ...input, debits: [{ ...firstDebit, amountCents: 12.5 }] })).toThrow("Montant invalide");
    expect(() => buildPain008({ ...input, collectionDate: "2026-02-30" })).toThrow("Date de prélèvement invalide");
    expect(() => buildPain008({ ...input, debits: [{ ...firstDebit, debtor: { ...firstDebit.debtor, iban: "FR0000000000000000000000000" } }] })).toThrow(
      /^Fichier de prélèvement impossible à écrire : debtorIBAN/,
    );
  });
});

describe("pain.008 checks", () => {
  /** `valid` with its `nth` (1-based) occurrence of `from` replaced. */
  function mutate(from: string, to: string, nth = 1): string {
    const parts = valid.split(from);
    expect(parts.length, `occurrences of ${from}`).toBeGreaterThan(nth);
    return parts.slice(0, nth).join(from) + to + parts.slice(nth).join(from);
  }

  it.each([
    ["a B2B local instrument", "<Cd>CORE</Cd>", "<Cd>B2B</Cd>", "Instrument local (LclInstrm) « B2B » dans le lot PRLV-20260407-01-FRST : CORE attendu."],
    ["a one-off sequence", "<SeqTp>RCUR</SeqTp>", "<SeqTp>OOFF</SeqTp>", "Type de séquence (SeqTp) « OOFF » dans le lot PRLV-20260407-01-RCUR : FRST ou RCUR attendu."],
    ["shared charges", "<ChrgBr>SLEV</ChrgBr>", "<ChrgBr>SHAR</ChrgBr>", "Répartition des frais (ChrgBr) « SHAR » dans le lot PRLV-20260407-01-FRST : SLEV attendu."],
    ["an ICS with a wrong key", "<Id>FR97ZZZ482585</Id>", "<Id>FR96ZZZ482585</Id>", "Identifiant créancier SEPA (ICS) « FR96ZZZ482585 » invalide dans le lot PRLV-20260407-01-FRST."],
    ["an ICS scheme other than SEPA", "<Prtry>SEPA</Prtry>", "<Prtry>XXXX</Prtry>", "Schéma de l'identifiant créancier (Prtry) « XXXX » dans le lot PRLV-20260407-01-FRST : SEPA attendu."],
    ["an accent in a name", "<Nm>Boulangerie Martin</Nm>", "<Nm>Boulangerie Martin Frères</Nm>", "Caractère hors du jeu SEPA dans PmtInf/DrctDbtTxInf/Dbtr/Nm : « Boulangerie Martin Frères »."],
    ["an ampersand in the remittance", "<Ustrd>Facture F2026-000126</Ustrd>", "<Ustrd>Facture &amp; avoir</Ustrd>", "Caractère hors du jeu SEPA dans PmtInf/DrctDbtTxInf/RmtInf/Ustrd : « Facture & avoir »."],
    ["an amendment without its details", "<AmdmntInd>false</AmdmntInd>", "<AmdmntInd>true</AmdmntInd>", "Mandat modifié (AmdmntInd) sans détail de la modification (AmdmntInfDtls) pour l'opération F2026-000123."],
    ["an original debtor agent other than SMNDA", "<Id>SMNDA</Id>", "<Id>CMCIFRPP</Id>", "Banque d'origine du débiteur (OrgnlDbtrAgt) « CMCIFRPP » pour l'opération F2026-000124 : SMNDA attendu (changement de banque)."],
    ["another currency", 'Ccy="EUR"', 'Ccy="USD"', "Devise « USD » pour l'opération F2026-000123 : EUR attendu."],
    ["a duplicated EndToEndId", "<EndToEndId>F2026-000126</EndToEndId>", "<EndToEndId>F2026-000124</EndToEndId>", "Référence de bout en bout (EndToEndId) « F2026-000124 » en double dans le fichier."],
    ["a wrong header count", "<NbOfTxs>4</NbOfTxs>", "<NbOfTxs>5</NbOfTxs>", "Nombre d'opérations (NbOfTxs) « 5 » dans l'en-tête du fichier : 4 attendu."],
    ["a wrong block control sum", "<CtrlSum>50.20</CtrlSum>", "<CtrlSum>50.21</CtrlSum>", "Somme de contrôle (CtrlSum) « 50.21 » dans le lot PRLV-20260407-01-RCUR : 50.20 attendu."],
  ])("names %s", async (_, from, to, error) => {
    expect(await pain008Errors(mutate(from, to))).toEqual([error]);
  });

  it("finds a missing MsgId with the XSD", async () => {
    const errors = await pain008Errors(mutate("<MsgId>PRLV-20260407-01</MsgId>", ""));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Non conforme au schéma pain\.008\.001\.02 \(ligne \d+\) : .*Element 'CreDtTm'.*Expected is \( MsgId \)/);
  });

  it("finds a MsgId over 35 characters with the XSD and the EPC rule", async () => {
    const errors = await pain008Errors(mutate("<MsgId>PRLV-20260407-01</MsgId>", `<MsgId>${"M".repeat(36)}</MsgId>`));
    expect(errors).toContain("Identifiant du message (MsgId) de 36 caractères : 35 au plus.");
    expect(errors.some((e) => e.startsWith("Non conforme au schéma pain.008.001.02") && e.includes("MsgId"))).toBe(true);
  });

  it("refuses a file that is not XML", async () => {
    const errors = await pain008Errors("<Document><CstmrDrctDbtInitn>");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.startsWith("Non conforme au schéma pain.008.001.02") || e.includes("XML"))).toBe(true);
  });
});
