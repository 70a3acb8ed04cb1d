import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isSepaText, returnReason, toSepaText } from "@/lib/domain/sepa";

describe("SEPA character set (EPC)", () => {
  it("takes letters, digits, space and / - ? : ( ) . , ' + only", () => {
    expect(isSepaText("Boulangerie Martin (44284) - F00000021/2026, l'Oliveraie +")).toBe(true);
    for (const text of ["Médical", "Société & Fils", "a_b", "x;y", "tab\there", "ligne\nsuivante", "€"]) expect(isSepaText(text), text).toBe(false);
  });

  it("writes a French company name in it", () => {
    expect(toSepaText("Cabinet Médical des Oliviers", 70)).toBe("Cabinet Medical des Oliviers");
    expect(toSepaText("Œuvres & Cœur — Hôtel « Les Calanques »", 70)).toBe("OEuvres + Coeur Hotel Les Calanques");
    expect(toSepaText("  Garage   Lambert\t", 70)).toBe("Garage Lambert");
    expect(toSepaText("Atelier Bérard Menuiserie", 10)).toBe("Atelier Be");
  });

  it("always gives SEPA text within the length (property)", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), fc.integer({ min: 1, max: 140 }), (text, max) => {
      const out = toSepaText(text, max);
      return isSepaText(out) && out.length <= max;
    }));
  });
});

describe("returned and refunded debits (SPEC §13)", () => {
  it("says SPEC's reasons in French", () => {
    expect(returnReason("AM04")).toBe("Provision insuffisante");
    expect(returnReason("MD06")).toBe("Remboursement");
    expect(returnReason("ac04")).toBe("Compte clôturé");
  });

  it("keeps the bank's text, with its code, for any other reason", () => {
    expect(returnReason("SL01", "Specific service offered by debtor agent")).toBe("Specific service offered by debtor agent (SL01)");
    expect(returnReason("FF05", null)).toBe("Rejet FF05");
  });
});
