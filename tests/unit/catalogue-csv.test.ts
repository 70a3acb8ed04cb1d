// The catalogue file of SPEC §11 and §17: the demo catalogue, the header, each kind of refused row by its
// line number (the header is line 1) with the good rows kept, and repeated codes.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CATALOGUE_CSV_COLUMNS, parseCatalogueCsv, type CatalogueOffer } from "@/lib/domain/catalogue-csv";

const HEADER = CATALOGUE_CSV_COLUMNS.join(",");
const DEMO = readFileSync(fileURLToPath(new URL("../../prisma/demo-catalogue.csv", import.meta.url)), "utf8");
const csv = (...lines: string[]) => lines.join("\n");

type Column = (typeof CATALOGUE_CSV_COLUMNS)[number];
const BASE: Record<Column, string> = {
  code: "TEL-TRUNK-4",
  name: "Trunk SIP 4 canaux",
  family: "IP_TELEPHONY",
  planCategory: "",
  monthlyFeeCents: "4000",
  oneOffFeeCents: "0",
  commitmentMonths: "24",
  renewalMonths: "12",
  noticeMonths: "1",
  terminationFeePerLineCents: "",
  dataAllowanceBytes: "",
  overageMode: "",
  meteredPricePerMibCentiCents: "",
  capCents: "",
  roamingCapCents: "",
  optionOfFamily: "",
  voiceChannelsPerUnit: "4",
  unlimitedCalls: "true",
  gtr: "false",
  active: "true",
};
/** A data line of the full header: BASE with some fields changed. */
const row = (fields: Partial<Record<Column, string>> = {}) => CATALOGUE_CSV_COLUMNS.map((c) => fields[c] ?? BASE[c]).join(",");

describe("parseCatalogueCsv: the demo catalogue", () => {
  const { records, rejected } = parseCatalogueCsv(DEMO);
  const offer = (code: string) => records.find((r) => r.id === code)!.offer;

  it("reads its 13 offers and refuses nothing", () => {
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(13);
    expect(records.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(records.every((r) => r.id === r.offer.code)).toBe(true);
  });

  it("reads each field", () => {
    expect(offer("SIM-COMPTEUR")).toEqual<CatalogueOffer>({
      code: "SIM-COMPTEUR",
      name: "Forfait mobile Data compteur",
      family: "OPENSIM",
      planCategory: "VOIX_DATA_COMPTEUR",
      monthlyFeeCents: 500,
      oneOffFeeCents: 0,
      commitmentMonths: 3,
      renewalMonths: 1,
      noticeMonths: 1,
      terminationFeePerLineCents: null,
      dataAllowanceBytes: null,
      overageMode: "METERED",
      meteredPricePerMibCentiCents: 100,
      capCents: 3000,
      roamingCapCents: 3000,
      optionOfFamily: null,
      voiceChannelsPerUnit: null,
      unlimitedCalls: false,
      gtr: false,
      active: true,
    });
    expect(offer("ACC-FIBRE-100")).toMatchObject({ family: "IP_ACCESS_FIBRE", gtr: true, oneOffFeeCents: 29900, monthlyFeeCents: 8900, commitmentMonths: 36 });
    expect(offer("SIM-DO-5")).toMatchObject({ planCategory: "DATA_ONLY", dataAllowanceBytes: 5_368_709_120n, overageMode: "BLOCKED", capCents: null });
    expect(offer("TEL-TRUNK-SE")).toMatchObject({ terminationFeePerLineCents: 15000, commitmentMonths: 0, voiceChannelsPerUnit: 1 });
    expect(offer("TEL-TRUNK-4")).toMatchObject({ unlimitedCalls: true, voiceChannelsPerUnit: 4 });
    expect(offer("TEL-METACENTREX").name).toBe("Com'Unifiées MetaCentrex");
    expect(offer("OPT-IP-FIXE")).toMatchObject({ family: "OPTION", optionOfFamily: "IP_ACCESS_FIBRE" });
  });
});

describe("parseCatalogueCsv: header", () => {
  it("takes column names in any case and order, and only the required ones", () => {
    const { records, rejected } = parseCatalogueCsv(
      csv("FAMILY,Code,NAME,MonthlyFeeCents,COMMITMENTMONTHS,renewalmonths,Gtr", "ip_access_fibre,acc-x,Accès X,8900,36,12,oui"),
    );
    expect(rejected).toEqual([]);
    expect(records).toEqual([
      {
        id: "ACC-X",
        line: 2,
        offer: expect.objectContaining({ code: "ACC-X", family: "IP_ACCESS_FIBRE", monthlyFeeCents: 8900, oneOffFeeCents: 0, noticeMonths: 1, gtr: true, active: true, unlimitedCalls: false }),
      },
    ]);
  });

  it("refuses a header with a required column missing, and reads nothing", () => {
    const header = HEADER.replace("family,", "");
    expect(parseCatalogueCsv(csv(header, "X,Offre,100,0,3,1,1,,,,,,,,,,false,false,true"))).toEqual({
      records: [],
      rejected: [{ line: 1, message: `Ligne 1 : en-tête invalide (colonne manquante « family ») ; en-tête attendu « ${HEADER} ».` }],
    });
  });

  it("refuses an unknown or repeated column", () => {
    expect(parseCatalogueCsv(`${HEADER},prix`).rejected[0].message).toBe(`Ligne 1 : en-tête invalide (colonne inconnue « prix ») ; en-tête attendu « ${HEADER} ».`);
    expect(parseCatalogueCsv(`${HEADER},CODE`).rejected[0].message).toBe(`Ligne 1 : en-tête invalide (colonne « code » en double) ; en-tête attendu « ${HEADER} ».`);
  });

  it("refuses an empty file", () => {
    expect(parseCatalogueCsv("").rejected).toEqual([{ line: 1, message: `Ligne 1 : le fichier est vide ; la première ligne doit être l'en-tête « ${HEADER} ».` }]);
  });
});

describe("parseCatalogueCsv: refused rows, by file line number", () => {
  it("reports each kind of error with its line and keeps the good rows", () => {
    const { records, rejected } = parseCatalogueCsv(
      csv(
        HEADER,
        row({ code: "OK-1" }), // 2
        row({ code: "NEG", monthlyFeeCents: "-100" }), // 3
        row({ code: "DEC", monthlyFeeCents: "12.50" }), // 4
        row({ code: "FAM", family: "IP_ACCESS_SATELLITE" }), // 5
        row({ code: "SIM", family: "OPENSIM" }), // 6
        row({ code: "OPT", family: "OPTION" }), // 7
        row({ code: "BOOL", gtr: "peut-être" }), // 8
        row({ code: "BAD CODE" }), // 9
        row({ code: "" }), // 10
        row({ code: "OK-2", family: "opensim", planCategory: "data_only", overageMode: "throttled", dataAllowanceBytes: "5368709120" }), // 11
        row({ code: "CAT", planCategory: "DATA_ILLIMITEE" }), // 12
        row({ code: "ALLOW", dataAllowanceBytes: "5 Go" }), // 13
        row({ code: "OVER", overageMode: "SOMETIMES" }), // 14
        row({ code: "NOTICE", noticeMonths: "13" }), // 15
        row({ code: "MAX", oneOffFeeCents: "100000001" }), // 16
        row({ code: "NAME", name: "" }), // 17
        row({ code: "LONG", name: "x".repeat(121) }), // 18
        row({ code: "SHORT" }).replace(/,true$/, ""), // 19
        row({ code: "OK-3", family: "OPTION", optionOfFamily: "IP_ACCESS_FIBRE", unlimitedCalls: "non", gtr: "1", active: "False" }), // 20
        row({ code: "MANY", family: "", monthlyFeeCents: "abc" }), // 21
      ),
    );
    expect(records.map((r) => [r.line, r.id])).toEqual([
      [2, "OK-1"],
      [11, "OK-2"],
      [20, "OK-3"],
    ]);
    expect(records[1].offer).toMatchObject({ family: "OPENSIM", planCategory: "DATA_ONLY", overageMode: "THROTTLED", dataAllowanceBytes: 5_368_709_120n });
    expect(records[2].offer).toMatchObject({ optionOfFamily: "IP_ACCESS_FIBRE", unlimitedCalls: false, gtr: true, active: false });
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 21]);
    const at = (line: number) => rejected.find((r) => r.line === line)!.message;
    expect(at(3)).toBe("Ligne 3 : monthlyFeeCents « -100 » invalide : un entier positif ou nul attendu (en centimes).");
    expect(at(4)).toBe("Ligne 4 : monthlyFeeCents « 12.50 » invalide : un entier positif ou nul attendu (en centimes).");
    expect(at(5)).toBe(
      "Ligne 5 : family « IP_ACCESS_SATELLITE » inconnu : IP_ACCESS_FIBRE, IP_ACCESS_COPPER, IP_ACCESS_CELLULAR, IP_TELEPHONY, OPENSIM, OPTION.",
    );
    expect(at(6)).toBe("Ligne 6 : planCategory obligatoire pour un forfait OpenSIM.");
    expect(at(7)).toBe("Ligne 7 : optionOfFamily obligatoire pour une option.");
    expect(at(8)).toBe("Ligne 8 : gtr « peut-être » invalide : true ou false attendu.");
    expect(at(9)).toBe("Ligne 9 : code « BAD CODE » invalide : 1 à 40 caractères parmi lettres, chiffres, - et _.");
    expect(at(10)).toBe("Ligne 10 : code manquant.");
    expect(at(12)).toBe("Ligne 12 : planCategory « DATA_ILLIMITEE » inconnu : DATA_ONLY, VOIX_DATA_COMPTEUR, DATA_DATA_AU_GO.");
    expect(at(13)).toBe("Ligne 13 : dataAllowanceBytes « 5 Go » invalide : un nombre d'octets attendu.");
    expect(at(14)).toBe("Ligne 14 : overageMode « SOMETIMES » inconnu : BLOCKED, THROTTLED, METERED.");
    expect(at(15)).toBe("Ligne 15 : noticeMonths « 13 » invalide : un entier positif ou nul attendu.");
    expect(at(16)).toBe("Ligne 16 : oneOffFeeCents « 100000001 » invalide : un entier positif ou nul attendu (en centimes).");
    expect(at(17)).toBe("Ligne 17 : name manquant.");
    expect(at(18)).toBe("Ligne 18 : name trop long (120 caractères au plus).");
    expect(at(19)).toBe(`Ligne 19 : ${CATALOGUE_CSV_COLUMNS.length - 1} champs au lieu de ${CATALOGUE_CSV_COLUMNS.length} (séparateur « , »).`);
    expect(at(21)).toBe("Ligne 21 : family manquant ; monthlyFeeCents « abc » invalide : un entier positif ou nul attendu (en centimes).");
  });

  it("refuses a code longer than 40 characters, and upper-cases a good one", () => {
    const long = "A".repeat(41);
    const { records, rejected } = parseCatalogueCsv(csv(HEADER, row({ code: long }), row({ code: "tel_trunk-8" })));
    expect(rejected).toEqual([{ line: 2, message: `Ligne 2 : code « ${long.slice(0, 40)}… » invalide : 1 à 40 caractères parmi lettres, chiffres, - et _.` }]);
    expect(records.map((r) => r.id)).toEqual(["TEL_TRUNK-8"]);
  });

  it("keeps the first of a repeated code, whatever its case, and reports the others", () => {
    const { records, rejected } = parseCatalogueCsv(
      csv(HEADER, row({ code: "TEL-1", monthlyFeeCents: "100" }), row({ code: "TEL-2" }), row({ code: "tel-1", monthlyFeeCents: "200" }), row({ code: "TEL-1" })),
    );
    expect(records.map((r) => [r.id, r.offer.monthlyFeeCents])).toEqual([
      ["TEL-1", 100],
      ["TEL-2", 4000],
    ]);
    expect(rejected).toEqual([
      { line: 4, message: "Ligne 4 : identifiant « TEL-1 » en double (déjà ligne 2) ; ligne ignorée." },
      { line: 5, message: "Ligne 5 : identifiant « TEL-1 » en double (déjà ligne 2) ; ligne ignorée." },
    ]);
  });
});

describe("parseCatalogueCsv: required amounts", () => {
  it("refuses an empty price, commitment or renewal instead of reading 0", () => {
    const { records, rejected } = parseCatalogueCsv(csv(HEADER, row({ monthlyFeeCents: "", commitmentMonths: "", renewalMonths: "" })));
    expect(records).toEqual([]);
    expect(rejected).toEqual([{ line: 2, message: "Ligne 2 : monthlyFeeCents manquant ; commitmentMonths manquant ; renewalMonths manquant." }]);
  });
});
