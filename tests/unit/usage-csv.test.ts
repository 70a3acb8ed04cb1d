// The usage CSV file (issue 6): good rows, every kind of malformed row by its line number, BOM, `;`,
// CRLF, quotes, repeated ids.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseUsageCsv, USAGE_CSV_HEADER, USAGE_ZONES, type UsageInput } from "@/lib/domain/usage-csv";
import { csvUploadProblem, parseInstant, CSV_UPLOAD_MAX_BYTES } from "@/lib/domain/csv-import";

const HEADER = USAGE_CSV_HEADER;
const csv = (...lines: string[]) => lines.join("\n");
const messages = (text: string) => parseUsageCsv(text).rejected;

describe("parseUsageCsv: good rows", () => {
  it("reads each field: normalised number, instant, zone in any case, bigint bytes, cents (0 when empty)", () => {
    const { records, rejected } = parseUsageCsv(
      csv(HEADER, "r1,0612345678,2026-03-31T22:30:00Z,FRANCE,524288000,0", "r2,+33 7 12 34 56 78,2026-04-01T00:30:00+02:00,europe,1099511627776,125", "r3,06.12.34.56.78,2026-04-02T10:00:00.1234-01:30,International,0,"),
    );
    expect(rejected).toEqual([]);
    expect(records).toEqual<UsageInput[]>([
      { line: 2, id: "r1", msisdn: "0612345678", at: new Date("2026-03-31T22:30:00Z"), zone: "FRANCE", bytes: BigInt(524288000), amountCents: 0 },
      { line: 3, id: "r2", msisdn: "0712345678", at: new Date("2026-03-31T22:30:00Z"), zone: "EUROPE", bytes: BigInt("1099511627776"), amountCents: 125 },
      { line: 4, id: "r3", msisdn: "0612345678", at: new Date("2026-04-02T11:30:00.123Z"), zone: "INTERNATIONAL", bytes: BigInt(0), amountCents: 0 },
    ]);
  });

  it("accepts a BOM, `;` as separator, CRLF line ends, quoted fields, blank lines and columns in any order", () => {
    const text = "\uFEFF" + ["zone;octets;id;msisdn;horodatage;montant_centimes", 'FRANCE;"1024";"q1";0612345678;2026-01-01T00:00:00Z;3', "", "  ", 'EUROPE ; 5 ; "q2" ;"06 12 34 56 78";2026-01-01T01:00:00+01:00;'].join("\r\n") + "\r\n";
    const { records, rejected } = parseUsageCsv(text);
    expect(rejected).toEqual([]);
    expect(records).toEqual([
      { line: 2, id: "q1", msisdn: "0612345678", at: new Date("2026-01-01T00:00:00Z"), zone: "FRANCE", bytes: BigInt(1024), amountCents: 3 },
      { line: 5, id: "q2", msisdn: "0612345678", at: new Date("2026-01-01T00:00:00Z"), zone: "EUROPE", bytes: BigInt(5), amountCents: 0 },
    ]);
  });

  it("keeps a separator or a doubled quote inside quotes as part of the field", () => {
    const { rejected } = parseUsageCsv(["id;msisdn;horodatage;zone;octets", '"a;b";0612345678;2026-01-01T00:00:00Z;FRANCE;1', '"say ""hi""";0612345678;2026-01-01T00:00:00Z;FRANCE;1'].join("\n"));
    expect(rejected.map((r) => r.message)).toEqual([
      "Ligne 2 : identifiant « a;b » invalide : 1 à 64 caractères parmi lettres, chiffres et . _ : -.",
      'Ligne 3 : identifiant « say "hi" » invalide : 1 à 64 caractères parmi lettres, chiffres et . _ : -.',
    ]);
  });

  it("makes montant_centimes an optional column", () => {
    const { records } = parseUsageCsv(csv("id,msisdn,horodatage,zone,octets", "x,0612345678,2026-01-01T00:00:00Z,FRANCE,1"));
    expect(records).toMatchObject([{ id: "x", amountCents: 0 }]);
  });
});

describe("parseUsageCsv: malformed rows, by file line number", () => {
  it("reports each kind of error with its line and keeps the good rows", () => {
    const text = csv(
      HEADER,
      "ok1,0612345678,2026-03-01T08:00:00Z,FRANCE,100,0", // 2
      ",0612345678,2026-03-01T08:00:00Z,FRANCE,100,0", // 3
      "bad id!,0612345678,2026-03-01T08:00:00Z,FRANCE,100,0", // 4
      `${"x".repeat(65)},0612345678,2026-03-01T08:00:00Z,FRANCE,100,0`, // 5
      "n1,0123456789,2026-03-01T08:00:00Z,FRANCE,100,0", // 6
      "z1,0612345678,2026-03-01T08:00:00Z,MARS,100,0", // 7
      "t1,0612345678,2026-03-01 08:00:00,FRANCE,100,0", // 8: no offset
      "t2,0612345678,2026-02-30T08:00:00Z,FRANCE,100,0", // 9: no such day
      "t3,0612345678,2026-03-01T24:00:00Z,FRANCE,100,0", // 10
      "b1,0612345678,2026-03-01T08:00:00Z,FRANCE,-5,0", // 11
      "b2,0612345678,2026-03-01T08:00:00Z,FRANCE,1.5,0", // 12
      "b3,0612345678,2026-03-01T08:00:00Z,FRANCE,1099511627777,0", // 13
      "m1,0612345678,2026-03-01T08:00:00Z,FRANCE,100,-1", // 14
      "m2,0612345678,2026-03-01T08:00:00Z,FRANCE,100,100001", // 15
      "c1,0612345678,2026-03-01T08:00:00Z,FRANCE,100", // 16: a field short
      'q1,"0612345678,2026-03-01T08:00:00Z,FRANCE,100,0', // 17
      ",,,,,", // 18
      "ok2,0712345678,2026-03-01T08:00:00+01:00,EUROPE,200,7", // 19
      "multi,06,2026-03-01,LUNE,x,0", // 20
    );
    const { records, rejected } = parseUsageCsv(text);
    expect(records.map((r) => [r.line, r.id])).toEqual([
      [2, "ok1"],
      [19, "ok2"],
    ]);
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20]);
    const at = (line: number) => rejected.find((r) => r.line === line)!.message;
    expect(at(3)).toBe("Ligne 3 : identifiant manquant.");
    expect(at(4)).toBe("Ligne 4 : identifiant « bad id! » invalide : 1 à 64 caractères parmi lettres, chiffres et . _ : -.");
    expect(at(5)).toMatch(/^Ligne 5 : identifiant « x{40}… » invalide/);
    expect(at(6)).toBe("Ligne 6 : numéro « 0123456789 » : numéro mobile français attendu (06 ou 07 suivi de 8 chiffres).");
    expect(at(7)).toBe("Ligne 7 : zone inconnue « MARS ».");
    expect(at(8)).toMatch(/^Ligne 8 : horodatage « 2026-03-01 08:00:00 » invalide : date et heure ISO 8601 avec fuseau/);
    expect(at(9)).toMatch(/^Ligne 9 : horodatage « 2026-02-30T08:00:00Z » invalide/);
    expect(at(10)).toMatch(/^Ligne 10 : horodatage/);
    expect(at(11)).toBe("Ligne 11 : octets « -5 » : nombre entier positif ou nul attendu.");
    expect(at(12)).toBe("Ligne 12 : octets « 1.5 » : nombre entier positif ou nul attendu.");
    expect(at(13)).toBe("Ligne 13 : octets « 1099511627777 » : valeur trop grande (au plus 1 Tio par enregistrement).");
    expect(at(14)).toBe("Ligne 14 : montant_centimes « -1 » : nombre entier de centimes positif ou nul attendu.");
    expect(at(15)).toBe("Ligne 15 : montant_centimes « 100001 » : valeur trop grande (au plus 100000 centimes par enregistrement).");
    expect(at(16)).toBe("Ligne 16 : 5 champs au lieu de 6 (séparateur « , »).");
    expect(at(17)).toBe("Ligne 17 : guillemets non fermés.");
    expect(at(18)).toBe("Ligne 18 : identifiant manquant ; numéro manquant ; horodatage manquant ; zone manquante ; octets manquants.");
    expect(at(20)).toBe(
      "Ligne 20 : numéro « 06 » : numéro mobile français attendu (06 ou 07 suivi de 8 chiffres) ; horodatage « 2026-03-01 » invalide : date et heure ISO 8601 avec fuseau attendues (par exemple 2026-03-31T22:30:00Z ou 2026-04-01T00:30:00+02:00) ; zone inconnue « LUNE » ; octets « x » : nombre entier positif ou nul attendu.",
    );
  });

  it("keeps the first of repeated ids and reports the others", () => {
    const { records, rejected } = parseUsageCsv(
      csv(HEADER, "d,0612345678,2026-03-01T08:00:00Z,FRANCE,1,0", "e,0612345678,2026-03-01T08:00:00Z,FRANCE,2,0", "d,0612345678,2026-03-02T08:00:00Z,FRANCE,3,0", "d,0612345678,2026-03-03T08:00:00Z,EUROPE,4,0"),
    );
    expect(records.map((r) => [r.id, r.bytes])).toEqual([
      ["d", BigInt(1)],
      ["e", BigInt(2)],
    ]);
    expect(rejected).toEqual([
      { line: 4, message: "Ligne 4 : identifiant « d » en double (déjà ligne 2) ; ligne ignorée." },
      { line: 5, message: "Ligne 5 : identifiant « d » en double (déjà ligne 2) ; ligne ignorée." },
    ]);
  });

  it("keeps a repeated id when its first row was refused", () => {
    const { records, rejected } = parseUsageCsv(csv(HEADER, "d,0612345678,2026-03-01T08:00:00Z,MARS,1,0", "d,0612345678,2026-03-01T08:00:00Z,FRANCE,2,0"));
    expect(records.map((r) => r.line)).toEqual([3]);
    expect(rejected.map((r) => r.line)).toEqual([2]);
  });

  it("refuses a file without a usable header, at its line", () => {
    expect(messages("")).toEqual([{ line: 1, message: `Ligne 1 : le fichier est vide ; la première ligne doit être l'en-tête « ${HEADER} ».` }]);
    expect(messages("\uFEFF\r\n")).toHaveLength(1);
    expect(messages(csv("id,msisdn,horodatage,zone", "a,0612345678,2026-01-01T00:00:00Z,FRANCE"))).toEqual([
      { line: 1, message: `Ligne 1 : en-tête invalide (colonne manquante « octets ») ; en-tête attendu « ${HEADER} ».` },
    ]);
    expect(messages("id,msisdn,date,zone,octets")[0].message).toMatch(/colonne inconnue « date »/);
    expect(messages("id,id,msisdn,horodatage,zone,octets")[0].message).toMatch(/colonne « id » en double/);
    expect(messages("id,msisdn")[0].message).toMatch(/colonnes manquantes « horodatage », « zone », « octets »/);
    expect(messages(csv("", "", "nope"))).toEqual([{ line: 3, message: expect.stringMatching(/^Ligne 3 : en-tête invalide/) }]);
    expect(parseUsageCsv(csv("nope", "a,0612345678,2026-01-01T00:00:00Z,FRANCE,1,0")).records).toEqual([]);
  });

  it("takes header names in any case", () => {
    expect(parseUsageCsv(csv("ID,MSISDN,Horodatage,Zone,Octets,Montant_Centimes", "a,0612345678,2026-01-01T00:00:00Z,FRANCE,1,0")).records).toHaveLength(1);
  });
});

describe("parseInstant", () => {
  it("takes ISO 8601 instants with Z or an offset, to the millisecond", () => {
    expect(parseInstant("2026-03-31T22:30:00Z")).toEqual(new Date("2026-03-31T22:30:00.000Z"));
    expect(parseInstant("2026-03-31T22:30Z")).toEqual(new Date("2026-03-31T22:30:00.000Z"));
    expect(parseInstant("2026-04-01T00:30:00+02:00")).toEqual(new Date("2026-03-31T22:30:00.000Z"));
    expect(parseInstant("2026-04-01T00:30:00+0200")).toEqual(new Date("2026-03-31T22:30:00.000Z"));
    expect(parseInstant("2026-03-31T21:30:00-01")).toEqual(new Date("2026-03-31T22:30:00.000Z"));
    expect(parseInstant("2026-03-31T22:30:00.987654Z")).toEqual(new Date("2026-03-31T22:30:00.987Z"));
    expect(parseInstant("2024-02-29T00:00:00Z")).toEqual(new Date("2024-02-29T00:00:00Z"));
  });

  it("refuses instants without an offset and impossible dates or times", () => {
    for (const bad of ["2026-03-31T22:30:00", "2026-03-31", "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T00:00:60Z", "2026-01-01T00:00:00+19:00", "1969-12-31T23:59:59Z", "31/03/2026 22:30", " 2026-03-31T22:30:00Z"]) {
      expect(parseInstant(bad), bad).toBeNull();
    }
  });
});

describe("csvUploadProblem (the upload form)", () => {
  const csvFile = (f: Partial<{ name: string; type: string; size: number }>) => ({ name: "cdr.csv", type: "text/csv", size: 1000, ...f });

  it("takes a .csv file of up to 20 Mo, whatever type the browser reports for it", () => {
    for (const type of ["text/csv", "application/vnd.ms-excel", "text/plain", ""]) expect(csvUploadProblem(csvFile({ type })), type).toBeNull();
    expect(csvUploadProblem(csvFile({ name: "AVRIL.CSV", size: CSV_UPLOAD_MAX_BYTES }))).toBeNull();
  });

  it("refuses anything else with a French message", () => {
    expect(csvUploadProblem({ name: "", type: "application/octet-stream", size: 0 })).toBe("Choisissez un fichier CSV.");
    expect(csvUploadProblem(csvFile({ name: "cdr.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }))).toBe("Le fichier doit être un fichier CSV (extension .csv).");
    expect(csvUploadProblem(csvFile({ type: "application/pdf" }))).toBe("Le fichier doit être un fichier CSV (extension .csv).");
    expect(csvUploadProblem(csvFile({ size: 0 }))).toBe("Le fichier est vide.");
    expect(csvUploadProblem(csvFile({ size: CSV_UPLOAD_MAX_BYTES + 1 }))).toBe("Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers.");
  });
});

describe("properties", () => {
  const record = fc.record({
    id: fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/),
    msisdn: fc.stringMatching(/^0[67]\d{8}$/),
    at: fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }),
    zone: fc.constantFrom(...USAGE_ZONES),
    bytes: fc.bigInt({ min: BigInt(0), max: BigInt(1) << BigInt(40) }),
    amountCents: fc.integer({ min: 0, max: 100_000 }),
  });
  const format = fc.record({ separator: fc.constantFrom(",", ";"), eol: fc.constantFrom("\n", "\r\n"), bom: fc.boolean(), trailing: fc.boolean() });

  it("reads back what was written, whatever the separator, line ends and BOM", () => {
    fc.assert(
      fc.property(fc.uniqueArray(record, { selector: (r) => r.id, maxLength: 30 }), format, (rows, f) => {
        const lines = [HEADER.replaceAll(",", f.separator), ...rows.map((r) => [r.id, r.msisdn, r.at.toISOString(), r.zone.toLowerCase(), r.bytes, r.amountCents].join(f.separator))];
        const text = (f.bom ? "\uFEFF" : "") + lines.join(f.eol) + (f.trailing ? f.eol : "");
        const { records, rejected } = parseUsageCsv(text);
        expect(rejected).toEqual([]);
        expect(records).toEqual(rows.map((r, i) => ({ ...r, line: i + 2 })));
      }),
    );
  });

  it("accounts for every data line exactly once: kept or reported at its own line number", () => {
    const line = fc.oneof(
      record.map((r) => [r.id, r.msisdn, r.at.toISOString(), r.zone, r.bytes, r.amountCents].join(",")),
      fc.string({ maxLength: 60 }).filter((s) => !s.includes("\n") && !s.includes("\r") && s.trim() !== ""),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (rows) => {
        const { records, rejected } = parseUsageCsv([HEADER, ...rows].join("\n"));
        const lines = [...records.map((r) => r.line), ...rejected.map((r) => r.line)].sort((a, b) => a - b);
        expect(lines).toEqual(rows.map((_, i) => i + 2));
        for (const r of rejected) expect(r.message.startsWith(`Ligne ${r.line} : `)).toBe(true);
        expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
      }),
    );
  });
});
