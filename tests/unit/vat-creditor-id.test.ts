// The company identifiers of SPEC §12 and §13: the intra-EU VAT number (French key over the SIREN of the
// company's SIRET) and the SEPA creditor identifier (ICS).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { frenchVatNumber, isValidCreditorId, normalizeVatNumber, sirenOfSiret, vatNumberProblem, withLuhnDigit } from "@/lib/domain/identifiers";

const SHAPE = "Le numéro de TVA intracommunautaire doit commencer par le code d'un pays de l'Union européenne (FR…).";
const FRENCH_SHAPE = "Un numéro de TVA français s'écrit FR suivi de 11 chiffres (clé et SIREN).";
const OTHER_SIREN = "Le numéro de TVA ne correspond pas au SIREN de la société.";
const WRONG_KEY = "La clé du numéro de TVA ne correspond pas au SIREN.";

const digits = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: length, maxLength: length });
const alphanumerics = (length: number) => fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), minLength: length, maxLength: length });
/** A 14-digit SIRET that passes Luhn as a whole. */
const siret = digits(13).map(withLuhnDigit);
const twoDigits = (n: number) => String(n).padStart(2, "0");

describe("sirenOfSiret (SPEC §12)", () => {
  it("is the first 9 digits", () => {
    expect(sirenOfSiret("40483304800014")).toBe("404833048");
  });

  it("refuses anything but 14 digits", () => {
    for (const bad of ["", "4048330480001", "404833048000140", "404 833 048 00014", "4048330480001A"]) {
      expect(() => sirenOfSiret(bad), bad).toThrow(RangeError);
    }
  });
});

describe("normalizeVatNumber", () => {
  it("drops spaces, dots and dashes and upper-cases", () => {
    expect(normalizeVatNumber("fr 83 404 833 048")).toBe("FR83404833048");
    expect(normalizeVatNumber(" FR83.404.833-048\t")).toBe("FR83404833048");
    expect(normalizeVatNumber("nl123456789b01")).toBe("NL123456789B01");
  });
});

describe("vatNumberProblem (SPEC §12)", () => {
  it("accepts SPEC's example with its SIRET", () => {
    expect(frenchVatNumber("404833048")).toBe("FR83404833048");
    expect(vatNumberProblem("FR83404833048", "40483304800014")).toBeNull();
  });

  it("accepts lower case, spaces, dots and dashes", () => {
    expect(vatNumberProblem("fr 83 404 833 048", "40483304800014")).toBeNull();
    expect(vatNumberProblem("Fr83.404.833-048", "40483304800014")).toBeNull();
  });

  it("refuses a wrong key", () => {
    expect(vatNumberProblem("FR84404833048", "40483304800014")).toBe(WRONG_KEY);
    expect(vatNumberProblem("FR00404833048", "40483304800014")).toBe(WRONG_KEY);
  });

  it("refuses a VAT number whose SIREN is not the SIRET's", () => {
    const otherSiret = withLuhnDigit("7328293200007");
    expect(vatNumberProblem("FR83404833048", otherSiret)).toBe(OTHER_SIREN);
    // Another company's valid VAT number is still not this company's.
    expect(vatNumberProblem(frenchVatNumber("732829320"), "40483304800014")).toBe(OTHER_SIREN);
  });

  it("checks only the key when there is no SIRET to compare with", () => {
    expect(vatNumberProblem("FR83404833048", "")).toBeNull();
    expect(vatNumberProblem("FR84404833048", "")).toBe(WRONG_KEY);
  });

  it("accepts another EU country's number by its shape", () => {
    for (const vat of ["DE123456789", "ATU12345678", "BE0123456789", "NL123456789B01", "IT12345678901", "ESX1234567X", "EL123456789", "ie 1234567 wa"]) {
      expect(vatNumberProblem(vat, "40483304800014"), vat).toBeNull();
    }
  });

  it("refuses a prefix that is no EU country's, and compares the SIREN of a SIRET typed with spaces", () => {
    for (const vat of ["US123456789", "XX12", "GB123456789"]) expect(vatNumberProblem(vat, "40483304800014"), vat).toBe(SHAPE);
    expect(vatNumberProblem("FR83404833048", "73282932000074 ")).toBe(OTHER_SIREN);
    expect(vatNumberProblem("FR83404833048", "404 833 048 00014")).toBeNull();
  });

  it("refuses malformed numbers with a French message", () => {
    for (const bad of ["", "   ", "404833048", "F", "FR", "F883404833048", "DE1", "DE1234567890123", "DE12345678€", "FR83 404 833 048 / 2"]) {
      expect(vatNumberProblem(bad, "40483304800014"), bad).toBe(SHAPE);
    }
    for (const bad of ["FR8340483304", "FR834048330481", "FRAB404833048", "FR8340483304A"]) {
      expect(vatNumberProblem(bad, "40483304800014"), bad).toBe(FRENCH_SHAPE);
    }
  });

  it("accepts the VAT number of any SIRET's SIREN, and refuses any other key", () => {
    fc.assert(
      fc.property(siret, fc.integer({ min: 0, max: 99 }), (s, otherKey) => {
        const vat = frenchVatNumber(sirenOfSiret(s));
        expect(vatNumberProblem(vat, s)).toBeNull();
        expect(vatNumberProblem(vat.toLowerCase().replace(/(\d{3})/g, "$1 "), s)).toBeNull();
        const key = Number(vat.slice(2, 4));
        fc.pre(otherKey !== key);
        expect(vatNumberProblem(`FR${twoDigits(otherKey)}${vat.slice(4)}`, s)).toBe(WRONG_KEY);
      }),
    );
  });

  it("refuses the VAT number of any other SIREN", () => {
    fc.assert(
      fc.property(siret, digits(9), (s, siren) => {
        fc.pre(siren !== sirenOfSiret(s));
        expect(vatNumberProblem(frenchVatNumber(siren), s)).toBe(OTHER_SIREN);
      }),
    );
  });
});

/** SPEC §13's check digits, computed independently: 98 − ((6 characters + FR00, A=10…Z=35) mod 97). */
function icsCheck(six: string): number {
  const numeric = `${six}FR00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return 98 - Number(BigInt(numeric) % 97n);
}

describe("isValidCreditorId (ICS, SPEC §13)", () => {
  it("accepts SPEC's examples", () => {
    expect(isValidCreditorId("FR72ZZZ123456")).toBe(true);
    expect(isValidCreditorId("FR97ZZZ482585")).toBe(true);
  });

  it("refuses a wrong key", () => {
    expect(isValidCreditorId("FR27ZZZ482585")).toBe(false);
    expect(isValidCreditorId("FR73ZZZ123456")).toBe(false);
  });

  it("ignores the business code, spaces and case", () => {
    expect(isValidCreditorId("FR72ABC123456")).toBe(true);
    expect(isValidCreditorId("FR72999123456")).toBe(true);
    expect(isValidCreditorId("fr72 zzz 123456")).toBe(true);
    expect(isValidCreditorId(" FR97ZZZ482585 ")).toBe(true);
  });

  it("refuses malformed identifiers", () => {
    for (const bad of ["", "FR72ZZZ12345", "FR72ZZZ1234567", "DE72ZZZ123456", "FR7ZZZZ123456", "FRAAZZZ123456", "FR72ZZ123456", "FR72ZZZ12345!", "FR72-ZZZ-123456"]) {
      expect(isValidCreditorId(bad), bad).toBe(false);
    }
  });

  it("accepts the check digits of the formula, whatever the business code, and no others", () => {
    fc.assert(
      fc.property(alphanumerics(3), alphanumerics(6), fc.integer({ min: 0, max: 99 }), (business, six, other) => {
        const check = icsCheck(six);
        expect(isValidCreditorId(`FR${twoDigits(check)}${business}${six}`)).toBe(true);
        expect(isValidCreditorId(`fr${twoDigits(check)} ${business.toLowerCase()} ${six.toLowerCase()}`)).toBe(true);
        fc.pre(other !== check);
        expect(isValidCreditorId(`FR${twoDigits(other)}${business}${six}`)).toBe(false);
      }),
    );
  });
});
