// Issue 32, item 11: the one rule for what a text typed into the portal may hold (lib/domain/text.ts).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FORBIDDEN_CHARACTERS_MESSAGE, isMultiLineText, isSingleLineText, multiLineText, singleLineText } from "@/lib/domain/text";

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const C1 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i));
const controls = [...C0, "\u007f", ...C1];

describe("single-line texts", () => {
  it("refuse every C0 control, DEL and every C1 control, wherever it stands", () => {
    for (const c of controls) {
      for (const s of [c, `Garage${c}`, `${c}Garage`, `Gar${c}age`]) expect(isSingleLineText(s), JSON.stringify(s)).toBe(false);
    }
  });
  it("refuse what XML 1.0 cannot carry besides: U+FFFE, U+FFFF, unpaired surrogates", () => {
    for (const s of ["a\ufffe", "a\uffff", "a\ud800", "\udc00b", "a\udbffb"]) expect(isSingleLineText(s), JSON.stringify(s)).toBe(false);
  });
  it("take French names, punctuation, no-break spaces and characters beyond the BMP", () => {
    for (const s of ["", "Cabinet Médical des Oliviers", "L'Œuf & Cie — SARL", "Prêcheurs – 2ᵉ étage", "a\u00a0b", "Café ☕", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎉", "« 44 »"]) {
      expect(isSingleLineText(s), s).toBe(true);
    }
  });
});

describe("multi-line texts", () => {
  it("take line feeds, carriage returns and tabs", () => {
    expect(isMultiLineText("Digicode 1234\r\n2e étage\n3e\rporte\tgauche")).toBe(true);
  });
  it("refuse every other control", () => {
    for (const c of controls.filter((c) => !["\n", "\r", "\t"].includes(c))) expect(isMultiLineText(`Ligne${c}deux`), JSON.stringify(c)).toBe(false);
  });
});

describe("invariants", () => {
  it("a single-line text is exactly a multi-line text without line breaks nor tabs", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => isSingleLineText(s) === (isMultiLineText(s) && !/[\n\r\t]/.test(s))));
  });
  it("a text is acceptable exactly when each of its characters is", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => isSingleLineText(s) === [...s].every(isSingleLineText) && isMultiLineText(s) === [...s].every(isMultiLineText)));
  });
});

describe("the zod fields", () => {
  it("trim, then refuse with the French message", () => {
    expect(singleLineText().parse("  Garage du Port  ")).toBe("Garage du Port");
    expect(singleLineText().safeParse("Garage\u0001").error?.issues.map((i) => i.message)).toEqual([FORBIDDEN_CHARACTERS_MESSAGE]);
    expect(FORBIDDEN_CHARACTERS_MESSAGE).toBe("Ce champ contient des caractères non autorisés.");
    expect(multiLineText().parse("Ligne 1\nLigne 2\n")).toBe("Ligne 1\nLigne 2");
    expect(multiLineText().safeParse("Ligne 1\u0000").success).toBe(false);
  });
});
