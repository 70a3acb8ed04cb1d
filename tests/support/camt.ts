// camt.053.001.02 / camt.054.001.02 statements written to the standard for tests and benchmarks (no camt schema
// ships offline, SPEC §13): booked entries of collections, returns and received transfers.
export type SampleTransaction = { endToEndId?: string; pmtInfId?: string; amountCents: number; reason?: string; remittance?: string; party?: string };
export type SampleEntry = {
  kind: "COLLECTION" | "RETURN" | "TRANSFER" | "FEE";
  amountCents: number;
  bookedOn: string;
  ref: string;
  batch?: { pmtInfId: string; count: number };
  transactions?: SampleTransaction[];
};

const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
const codes = { COLLECTION: ["IDDT", "ESDD"], RETURN: ["IDDT", "UPDD"], TRANSFER: ["RCDT", "ESCT"], FEE: ["CCRD", "CHRG"] } as const;

function transaction(t: SampleTransaction, kind: SampleEntry["kind"]): string {
  const party = t.party ? (kind === "COLLECTION" || kind === "RETURN" || kind === "TRANSFER" ? `<RltdPties><Dbtr><Nm>${t.party}</Nm></Dbtr></RltdPties>` : "") : "";
  return `<TxDtls><Refs>${t.pmtInfId ? `<PmtInfId>${t.pmtInfId}</PmtInfId>` : ""}<EndToEndId>${t.endToEndId ?? "NOTPROVIDED"}</EndToEndId></Refs>`
    + `<AmtDtls><TxAmt><Amt Ccy="EUR">${euros(t.amountCents)}</Amt></TxAmt></AmtDtls>${party}`
    + (t.remittance ? `<RmtInf><Ustrd>${t.remittance}</Ustrd></RmtInf>` : "")
    + (t.reason ? `<RtrInf><Rsn><Cd>${t.reason}</Cd></Rsn></RtrInf>` : "")
    + "</TxDtls>";
}

function entry(e: SampleEntry): string {
  const [family, sub] = codes[e.kind];
  const debit = e.kind === "RETURN" || e.kind === "FEE";
  const details = e.batch || e.transactions?.length
    ? `<NtryDtls>${e.batch ? `<Btch><PmtInfId>${e.batch.pmtInfId}</PmtInfId><NbOfTxs>${e.batch.count}</NbOfTxs></Btch>` : ""}${(e.transactions ?? []).map((t) => transaction(t, e.kind)).join("")}</NtryDtls>`
    : "";
  return `<Ntry><Amt Ccy="EUR">${euros(e.amountCents)}</Amt><CdtDbtInd>${debit ? "DBIT" : "CRDT"}</CdtDbtInd>${e.kind === "RETURN" ? "<RvslInd>true</RvslInd>" : ""}`
    + `<Sts>BOOK</Sts><BookgDt><Dt>${e.bookedOn}</Dt></BookgDt><ValDt><Dt>${e.bookedOn}</Dt></ValDt><AcctSvcrRef>${e.ref}</AcctSvcrRef>`
    + `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${family}</Cd><SubFmlyCd>${sub}</SubFmlyCd></Fmly></Domn></BkTxCd>${details}</Ntry>`;
}

export function camtStatement(options: { format?: "camt.053" | "camt.054"; iban: string; messageId: string; entries: SampleEntry[] }): string {
  const format = options.format ?? "camt.053";
  const [root, block] = format === "camt.053" ? ["BkToCstmrStmt", "Stmt"] : ["BkToCstmrDbtCdtNtfctn", "Ntfctn"];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${format}.001.02"><${root}>`
    + `<GrpHdr><MsgId>${options.messageId}</MsgId><CreDtTm>2026-12-07T18:00:00</CreDtTm></GrpHdr>`
    + `<${block}><Id>${options.messageId}-1</Id><CreDtTm>2026-12-07T18:00:00</CreDtTm><Acct><Id><IBAN>${options.iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>`
    + options.entries.map(entry).join("")
    + `</${block}></${root}></Document>\n`;
}
