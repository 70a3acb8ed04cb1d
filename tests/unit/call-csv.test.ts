// The call records (CDR) CSV file (issue 9): good rows (service, start instant, direction, destination
// type of a placed call, received calls, answered flag, duration), header errors, every kind of
// malformed row by its line number with the good rows kept, and repeated ids.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CALL_CSV_EXAMPLE, CALL_CSV_HEADER, parseCallCsv, type CallInput } from "@/lib/domain/call-csv";

const HEADER = CALL_CSV_HEADER;
const csv = (...lines: string[]) => lines.join("\n");
const messages = (text: string) => parseCallCsv(text).rejected;
const INSTANT_HELP = "date et heure ISO 8601 avec fuseau attendues (par exemple 2026-03-31T22:30:00Z ou 2026-04-01T00:30:00+02:00)";

describe("parseCallCsv: good rows", () => {
  it("reads the example of the upload page", () => {
    expect(parseCallCsv(CALL_CSV_EXAMPLE)).toEqual({
      records: [{ line: 2, id: "cdr-v-000001", serviceRef: "SRV150944", startedAt: new Date("2026-11-30T08:15:02Z"), category: "FIXE_FRANCE", answered: true, durationSeconds: 125 }],
      rejected: [],
    });
  });

  it("reads each field: service uppercased, instant with its offset, direction in any case, destination type, answered flag, duration", () => {
    const { records, rejected } = parseCallCsv(
      csv(
        HEADER,
        "cdr-1,srv150944,2026-11-30T09:15:02+01:00,SORTANT,04 91 23 45 67,oui,125",
        "cdr-2,SRV150944,2026-11-30T10:00:00Z,sortant,+33 6 12 34 56 78,1,0",
        "cdr-3,Srv-a1,2026-11-30T23:30:00.5-02:00,Sortant,+44 20 7946 0958,true,7201",
        "cdr-4,SRV150944,2026-12-01T08:00:00Z,SORTANT,3949,non,0",
        "cdr-5,SRV150944,2026-12-01T08:05:00Z,ENTRANT,,0,0",
        "cdr-6,SRV150944,2026-12-01T08:10:00Z,entrant,anonyme,FALSE,0",
        "cdr-7,SRV150944,2026-12-01T08:15:00Z,Entrant,04 91 23 45 67,OUI,86400",
        "cdr-8,SRV150944,2026-12-01T08:20:00Z,SORTANT,0892 68 01 22,True,42",
        "cdr-9,SRV150944,2026-12-01T08:25:00Z,SORTANT,0033491234567,Non,0",
      ),
    );
    expect(rejected).toEqual([]);
    expect(records).toEqual<CallInput[]>([
      { line: 2, id: "cdr-1", serviceRef: "SRV150944", startedAt: new Date("2026-11-30T08:15:02Z"), category: "FIXE_FRANCE", answered: true, durationSeconds: 125 },
      { line: 3, id: "cdr-2", serviceRef: "SRV150944", startedAt: new Date("2026-11-30T10:00:00Z"), category: "MOBILE_FRANCE", answered: true, durationSeconds: 0 },
      { line: 4, id: "cdr-3", serviceRef: "SRV-A1", startedAt: new Date("2026-12-01T01:30:00.500Z"), category: "INTERNATIONAL", answered: true, durationSeconds: 7201 },
      { line: 5, id: "cdr-4", serviceRef: "SRV150944", startedAt: new Date("2026-12-01T08:00:00Z"), category: "SPECIAL", answered: false, durationSeconds: 0 },
      { line: 6, id: "cdr-5", serviceRef: "SRV150944", startedAt: new Date("2026-12-01T08:05:00Z"), category: "ENTRANT", answered: false, durationSeconds: 0 },
      { line: 7, id: "cdr-6", serviceRef: "SRV150944", startedAt: new Date("2026-12-01T08:10:00Z"), category: "ENTRANT", answered: false, durationSeconds: 0 },
      { line: 8, id: "cdr-7", serviceRef: "SRV150944", startedAt: new Date("2026-12-01T08:15:00Z"), category: "ENTRANT", answered: true, durationSeconds: 86400 },
      { line: 9, id: "cdr-8", serviceRef: "SRV150944", startedAt: new Date("2026-12-01T08:20:00Z"), category: "SPECIAL", answered: true, durationSeconds: 42 },
      { line: 10, id: "cdr-9", serviceRef: "SRV150944", startedAt: new Date("2026-12-01T08:25:00Z"), category: "FIXE_FRANCE", answered: false, durationSeconds: 0 },
    ]);
  });

  it("accepts `;`, CRLF, a BOM, quoted fields, blank lines, header names in any case and columns in any order", () => {
    const text = "\uFEFF" + ["Duree_Secondes;ID;Sens;Numero;Service;Debut;Decroche", '60;"c1";SORTANT;"06 12 34 56 78";SRV1;2026-12-01T08:00:00Z;oui', "", '0 ; c2 ; ENTRANT ; "" ; SRV1 ; 2026-12-01T09:00:00+01:00 ; non'].join("\r\n") + "\r\n";
    const { records, rejected } = parseCallCsv(text);
    expect(rejected).toEqual([]);
    expect(records).toEqual<CallInput[]>([
      { line: 2, id: "c1", serviceRef: "SRV1", startedAt: new Date("2026-12-01T08:00:00Z"), category: "MOBILE_FRANCE", answered: true, durationSeconds: 60 },
      { line: 4, id: "c2", serviceRef: "SRV1", startedAt: new Date("2026-12-01T08:00:00Z"), category: "ENTRANT", answered: false, durationSeconds: 0 },
    ]);
  });
});

describe("parseCallCsv: header errors", () => {
  it("refuses an empty file", () => {
    expect(messages("")).toEqual([{ line: 1, message: `Ligne 1 : le fichier est vide ; la première ligne doit être l'en-tête « ${HEADER} ».` }]);
  });

  it("refuses a header with a missing column, every column being required", () => {
    expect(messages(csv("id,service,debut,sens,numero,decroche", "a,SRV1,2026-12-01T08:00:00Z,SORTANT,0491234567,oui"))).toEqual([
      { line: 1, message: `Ligne 1 : en-tête invalide (colonne manquante « duree_secondes ») ; en-tête attendu « ${HEADER} ».` },
    ]);
    expect(messages("id,service,debut,sens,decroche,duree_secondes")).toEqual([
      { line: 1, message: `Ligne 1 : en-tête invalide (colonne manquante « numero ») ; en-tête attendu « ${HEADER} ».` },
    ]);
    expect(messages("id,service")).toEqual([
      { line: 1, message: `Ligne 1 : en-tête invalide (colonnes manquantes « debut », « sens », « numero », « decroche », « duree_secondes ») ; en-tête attendu « ${HEADER} ».` },
    ]);
  });

  it("refuses a header with an unknown or repeated column, and imports nothing", () => {
    const unknown = parseCallCsv(csv(`${HEADER},cout`, "a,SRV1,2026-12-01T08:00:00Z,SORTANT,0491234567,oui,10,5"));
    expect(unknown).toEqual({ records: [], rejected: [{ line: 1, message: `Ligne 1 : en-tête invalide (colonne inconnue « cout ») ; en-tête attendu « ${HEADER} ».` }] });
    expect(messages("id,service,horodatage,sens,numero,decroche,duree_secondes")).toEqual([
      { line: 1, message: `Ligne 1 : en-tête invalide (colonne inconnue « horodatage ») ; en-tête attendu « ${HEADER} ».` },
    ]);
    expect(messages(`${HEADER},id`)[0].message).toBe(`Ligne 1 : en-tête invalide (colonne « id » en double) ; en-tête attendu « ${HEADER} ».`);
  });

  it("gives the header's own line when blank lines come first", () => {
    expect(messages(csv("", "", "nope"))).toEqual([{ line: 3, message: `Ligne 3 : en-tête invalide (colonne inconnue « nope ») ; en-tête attendu « ${HEADER} ».` }]);
  });
});

describe("parseCallCsv: malformed rows, by file line number", () => {
  const AT = "2026-12-01T08:00:00Z";
  it("reports each kind of error with its line and keeps the good rows", () => {
    const text = csv(
      HEADER,
      `ok1,SRV1,${AT},SORTANT,0491234567,oui,10`, // 2
      `,SRV1,${AT},SORTANT,0491234567,oui,10`, // 3
      `bad id!,SRV1,${AT},SORTANT,0491234567,oui,10`, // 4
      `s1,,${AT},SORTANT,0491234567,oui,10`, // 5
      `s2,ABC123,${AT},SORTANT,0491234567,oui,10`, // 6
      `s3,SRV,${AT},SORTANT,0491234567,oui,10`, // 7: nothing after SRV
      `s4,SRV${"1".repeat(18)},${AT},SORTANT,0491234567,oui,10`, // 8: too long
      `t1,SRV1,2026-12-01 08:00:00,SORTANT,0491234567,oui,10`, // 9: no offset
      `t2,SRV1,,SORTANT,0491234567,oui,10`, // 10
      `t3,SRV1,2026-02-30T08:00:00Z,SORTANT,0491234567,oui,10`, // 11: no such day
      `d1,SRV1,${AT},X,0491234567,oui,10`, // 12
      `d2,SRV1,${AT},,0491234567,oui,10`, // 13
      `n1,SRV1,${AT},SORTANT,,oui,10`, // 14
      `n2,SRV1,${AT},SORTANT,0612,oui,10`, // 15
      `n3,SRV1,${AT},SORTANT,anonyme,non,0`, // 16: only a received call may be anonymous
      `a1,SRV1,${AT},SORTANT,0491234567,peut-être,10`, // 17
      `a2,SRV1,${AT},SORTANT,0491234567,,10`, // 18
      `u1,SRV1,${AT},SORTANT,0491234567,oui,12.5`, // 19
      `u2,SRV1,${AT},SORTANT,0491234567,oui,-3`, // 20
      `u3,SRV1,${AT},SORTANT,0491234567,oui,86401`, // 21
      `u4,SRV1,${AT},SORTANT,0491234567,non,30`, // 22
      `u5,SRV1,${AT},ENTRANT,,0,1`, // 23
      `u6,SRV1,${AT},SORTANT,0491234567,oui,`, // 24
      `c1,SRV1,${AT},SORTANT,0491234567,oui`, // 25: a field short
      `c2,SRV1,${AT},SORTANT,0491234567,oui,10,extra`, // 26: a field more
      `q1,SRV1,${AT},SORTANT,"0491234567,oui,10`, // 27
      ",,,,,,", // 28
      `ok2,SRV2,${AT},ENTRANT,anonyme,oui,300`, // 29
      "m1,XYZ,2026-02-30T08:00:00Z,SORTANT,12345678901234567890,oui,abc", // 30
    );
    const { records, rejected } = parseCallCsv(text);
    expect(records.map((r) => [r.line, r.id])).toEqual([
      [2, "ok1"],
      [29, "ok2"],
    ]);
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30]);
    const at = (line: number) => rejected.find((r) => r.line === line)!.message;
    expect(at(3)).toBe("Ligne 3 : identifiant manquant.");
    expect(at(4)).toBe("Ligne 4 : identifiant « bad id! » invalide : 1 à 64 caractères parmi lettres, chiffres et . _ : -.");
    expect(at(5)).toBe("Ligne 5 : service manquant.");
    expect(at(6)).toBe("Ligne 6 : service « ABC123 » : référence de service attendue (par exemple SRV150944).");
    expect(at(7)).toBe("Ligne 7 : service « SRV » : référence de service attendue (par exemple SRV150944).");
    expect(at(8)).toBe(`Ligne 8 : service « SRV${"1".repeat(18)} » : référence de service attendue (par exemple SRV150944).`);
    expect(at(9)).toBe(`Ligne 9 : début « 2026-12-01 08:00:00 » invalide : ${INSTANT_HELP}.`);
    expect(at(10)).toBe("Ligne 10 : début manquant.");
    expect(at(11)).toBe(`Ligne 11 : début « 2026-02-30T08:00:00Z » invalide : ${INSTANT_HELP}.`);
    expect(at(12)).toBe("Ligne 12 : sens « X » : SORTANT ou ENTRANT attendu.");
    expect(at(13)).toBe("Ligne 13 : sens manquant.");
    expect(at(14)).toBe("Ligne 14 : numéro appelé manquant pour un appel sortant.");
    expect(at(15)).toBe("Ligne 15 : numéro appelé « 0612 » invalide.");
    expect(at(16)).toBe("Ligne 16 : numéro appelé « anonyme » invalide.");
    expect(at(17)).toBe("Ligne 17 : décroché « peut-être » : oui ou non attendu.");
    expect(at(18)).toBe("Ligne 18 : décroché manquant.");
    expect(at(19)).toBe("Ligne 19 : durée « 12.5 » : nombre entier de secondes positif ou nul attendu.");
    expect(at(20)).toBe("Ligne 20 : durée « -3 » : nombre entier de secondes positif ou nul attendu.");
    expect(at(21)).toBe("Ligne 21 : durée « 86401 » : valeur trop grande (24 heures au plus).");
    expect(at(22)).toBe("Ligne 22 : durée non nulle pour un appel non décroché.");
    expect(at(23)).toBe("Ligne 23 : durée non nulle pour un appel non décroché.");
    expect(at(24)).toBe("Ligne 24 : durée manquante.");
    expect(at(25)).toBe("Ligne 25 : 6 champs au lieu de 7 (séparateur « , »).");
    expect(at(26)).toBe("Ligne 26 : 8 champs au lieu de 7 (séparateur « , »).");
    expect(at(27)).toBe("Ligne 27 : guillemets non fermés.");
    expect(at(28)).toBe("Ligne 28 : identifiant manquant ; service manquant ; début manquant ; sens manquant ; décroché manquant ; durée manquante.");
    expect(at(30)).toBe(
      `Ligne 30 : service « XYZ » : référence de service attendue (par exemple SRV150944) ; début « 2026-02-30T08:00:00Z » invalide : ${INSTANT_HELP} ; numéro appelé « 12345678901234567890 » invalide ; durée « abc » : nombre entier de secondes positif ou nul attendu.`,
    );
  });

  it("cuts a long value at 40 characters in the message", () => {
    const long = `0${"1".repeat(49)}`;
    expect(messages(csv(HEADER, `x,SRV1,${AT},SORTANT,${long},oui,10`))).toEqual([{ line: 2, message: `Ligne 2 : numéro appelé « ${long.slice(0, 40)}… » invalide.` }]);
  });

  it("keeps the first of repeated ids and reports the others", () => {
    const { records, rejected } = parseCallCsv(
      csv(HEADER, `d,SRV1,${AT},SORTANT,0491234567,oui,1`, `e,SRV1,${AT},SORTANT,0491234567,oui,2`, `d,SRV1,${AT},SORTANT,0612345678,oui,3`, `d,SRV2,${AT},ENTRANT,,non,0`),
    );
    expect(records.map((r) => [r.id, r.durationSeconds])).toEqual([
      ["d", 1],
      ["e", 2],
    ]);
    expect(rejected).toEqual([
      { line: 4, message: "Ligne 4 : identifiant « d » en double (déjà ligne 2) ; ligne ignorée." },
      { line: 5, message: "Ligne 5 : identifiant « d » en double (déjà ligne 2) ; ligne ignorée." },
    ]);
  });

  it("keeps a repeated id when its first row was refused", () => {
    const { records, rejected } = parseCallCsv(csv(HEADER, `d,SRV1,${AT},SORTANT,0612,oui,1`, `d,SRV1,${AT},SORTANT,0491234567,oui,2`));
    expect(records.map((r) => [r.line, r.durationSeconds])).toEqual([[3, 2]]);
    expect(rejected.map((r) => r.line)).toEqual([2]);
  });
});

describe("parseCallCsv: what an object's own keys must not let through", () => {
  it("refuses `constructor`, `__proto__` and `toString` as décroché", () => {
    const { records, rejected } = parseCallCsv(csv(HEADER, ...["constructor", "__proto__", "toString"].map((v, i) => `p${i},SRV1,2026-11-30T09:00:00Z,SORTANT,0491234567,${v},10`)));
    expect(records).toEqual([]);
    expect(rejected.map((r) => r.message)).toEqual([
      "Ligne 2 : décroché « constructor » : oui ou non attendu.",
      "Ligne 3 : décroché « __proto__ » : oui ou non attendu.",
      "Ligne 4 : décroché « toString » : oui ou non attendu.",
    ]);
  });
});

describe("properties", () => {
  const NUMBERS = [
    ["04 91 23 45 67", "FIXE_FRANCE"],
    ["+33 6 12 34 56 78", "MOBILE_FRANCE"],
    ["+44 20 7946 0958", "INTERNATIONAL"],
    ["3949", "SPECIAL"],
  ] as const;
  const call = fc.record({
    id: fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/),
    serviceRef: fc.stringMatching(/^SRV[0-9A-Z-]{1,17}$/),
    startedAt: fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }),
    placed: fc.oneof(fc.constantFrom(...NUMBERS), fc.constant(null)),
    answered: fc.boolean(),
    duration: fc.integer({ min: 0, max: 86_400 }),
  });

  it("reads back what was written", () => {
    fc.assert(
      fc.property(fc.uniqueArray(call, { selector: (c) => c.id, maxLength: 30 }), (calls) => {
        const lines = calls.map((c) => {
          const duration = c.answered ? c.duration : 0;
          return [c.id, c.serviceRef.toLowerCase(), c.startedAt.toISOString(), c.placed ? "sortant" : "entrant", c.placed ? c.placed[0] : "anonyme", c.answered ? "oui" : "non", duration].join(",");
        });
        const { records, rejected } = parseCallCsv([HEADER, ...lines].join("\n"));
        expect(rejected).toEqual([]);
        expect(records).toEqual(
          calls.map<CallInput>((c, i) => ({
            line: i + 2,
            id: c.id,
            serviceRef: c.serviceRef,
            startedAt: c.startedAt,
            category: c.placed ? c.placed[1] : "ENTRANT",
            answered: c.answered,
            durationSeconds: c.answered ? c.duration : 0,
          })),
        );
      }),
    );
  });
});
