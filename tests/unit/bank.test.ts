// Bank account identifiers of SPEC §12 (SEPA mandates, the operator's collection account): IBAN and BIC.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bicProblem, ibanProblem, normalizeBic, normalizeIban } from "@/lib/domain/bank";

const FR_IBAN = "FR7630006000011234567890189";
const DE_IBAN = "DE89370400440532013000";
const WRONG_KEY = "Cet IBAN n'est pas valide (clé de contrôle incorrecte).";
const BIC_MESSAGE = "Le BIC doit comporter 8 ou 11 caractères (banque, pays, ville, agence), par exemple AGRIFRPPXXX.";

describe("normalizeIban", () => {
  it("drops spaces and dashes, upper-cases and trims", () => {
    expect(normalizeIban("FR76 3000 6000 0112 3456 7890 189")).toBe(FR_IBAN);
    expect(normalizeIban(" fr76-3000-6000-0112-3456-7890-189\n")).toBe(FR_IBAN);
    expect(normalizeIban("")).toBe("");
  });
});

describe("ibanProblem (ISO 13616)", () => {
  it("accepts a French IBAN, grouped by 4 or in lower case", () => {
    expect(ibanProblem(FR_IBAN)).toBeNull();
    expect(ibanProblem("FR76 3000 6000 0112 3456 7890 189")).toBeNull();
    expect(ibanProblem("fr76 3000 6000 0112 3456 7890 189")).toBeNull();
  });

  it("accepts a German IBAN", () => {
    expect(ibanProblem(DE_IBAN)).toBeNull();
    expect(ibanProblem("DE89 3704 0044 0532 0130 00")).toBeNull();
  });

  it("refuses a wrong key", () => {
    expect(ibanProblem("FR76 3000 6000 0112 3456 7890 188")).toBe(WRONG_KEY);
    expect(ibanProblem("FR00 3000 6000 0112 3456 7890 189")).toBe(WRONG_KEY);
    expect(ibanProblem("DE88370400440532013000")).toBe(WRONG_KEY);
  });

  it("refuses a length that is not the country's, naming the country and its length", () => {
    expect(ibanProblem("FR76 3000 6000 0112 3456 7890 1")).toBe("Cet IBAN a 25 caractères : un IBAN FR en compte 27.");
    expect(ibanProblem(`${FR_IBAN}00`)).toBe("Cet IBAN a 29 caractères : un IBAN FR en compte 27.");
    expect(ibanProblem(`${DE_IBAN}0`)).toBe("Cet IBAN a 23 caractères : un IBAN DE en compte 22.");
  });

  it("ignores non-breaking spaces, tabs and dots typed or pasted in an IBAN", () => {
    expect(ibanProblem("FR76\u00A03000\t6000.0112 3456 7890 189")).toBeNull();
  });

  it("refuses a BBAN that does not follow the country's format", () => {
    expect(ibanProblem("FR76300060000112345678901AB")).toBe("Cet IBAN ne respecte pas le format de son pays.");
  });

  it("says an empty IBAN is required", () => {
    expect(ibanProblem("")).toBe("L'IBAN est obligatoire.");
    expect(ibanProblem("   ")).toBe("L'IBAN est obligatoire.");
    expect(ibanProblem(" - ")).toBe("L'IBAN est obligatoire.");
  });

  it("refuses an unknown country", () => {
    expect(ibanProblem("XX76 3000 6000 0112 3456 7890 189")).toBe("L'IBAN doit commencer par un code pays connu (FR…).");
    expect(ibanProblem("7630006000011234567890189")).toBe("L'IBAN doit commencer par un code pays connu (FR…).");
  });

  it("accepts any grouping and case of a valid IBAN", () => {
    fc.assert(
      fc.property(fc.constantFrom(FR_IBAN, DE_IBAN), fc.array(fc.constantFrom(" ", "-", ""), { minLength: 27, maxLength: 27 }), fc.boolean(), (iban, seps, lower) => {
        const typed = [...iban].map((c, i) => c + seps[i]).join("");
        expect(ibanProblem(lower ? typed.toLowerCase() : typed)).toBeNull();
        expect(normalizeIban(typed)).toBe(iban);
      }),
    );
  });

  it("refuses any single changed digit", () => {
    fc.assert(
      fc.property(fc.constantFrom(FR_IBAN, DE_IBAN), fc.nat(), fc.integer({ min: 1, max: 9 }), (iban, at, shift) => {
        const i = 2 + (at % (iban.length - 2));
        const digit = (Number(iban[i]) + shift) % 10;
        expect(ibanProblem(iban.slice(0, i) + digit + iban.slice(i + 1))).not.toBeNull();
      }),
    );
  });
});

describe("BIC (ISO 9362)", () => {
  it("normalizes spaces and case", () => {
    expect(normalizeBic(" agri frpp xxx ")).toBe("AGRIFRPPXXX");
  });

  it("accepts 8 or 11 characters", () => {
    expect(bicProblem("AGRIFRPPXXX")).toBeNull();
    expect(bicProblem("AGRIFRPP")).toBeNull();
    expect(bicProblem("agri frpp xxx")).toBeNull();
    expect(bicProblem("DEUTDEFF500")).toBeNull();
  });

  it("refuses other lengths and a country that is not letters", () => {
    for (const bad of ["AGRIFRP", "AGRI12PP", "AGRIFRPPXX", "AGRIFRPPXXXX", ""]) {
      expect(bicProblem(bad), bad).toBe(BIC_MESSAGE);
    }
  });
});
