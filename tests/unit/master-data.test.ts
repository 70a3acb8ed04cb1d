// SPEC §12's master data: what its forms check, without a database.
import { describe, expect, it } from "vitest";
import { hasControlCharacter, isFrenchPostcode } from "@/lib/domain/master-data";

describe("isFrenchPostcode", () => {
  it("is exactly 5 digits", () => {
    for (const s of ["13100", "05000", "97400", "20000"]) expect(isFrenchPostcode(s), s).toBe(true);
    for (const s of ["1310", "131000", "13 100", "2A000", "", " 13100", "１３１００"]) expect(isFrenchPostcode(s), s).toBe(false);
  });
});

describe("hasControlCharacter", () => {
  it("finds C0 and C1 controls and DEL", () => {
    for (const s of ["a\u0000", "a\tb", "a\nb", "a\rb", "\u001b[0m", "a\u007f", "a\u0085", "a\u009f"]) expect(hasControlCharacter(s), JSON.stringify(s)).toBe(true);
    for (const s of ["Aix-en-Provence", "Prêcheurs – 2ᵉ étage", "Code : 1234 ✓", "l'Église", "a\u00a0b"]) expect(hasControlCharacter(s), s).toBe(false);
  });

  it("lets a multi-line field hold line breaks (CRLF, CR or LF), nothing else", () => {
    expect(hasControlCharacter("Digicode 1234\r\n2e étage\n3e\rporte", { lineBreaks: true })).toBe(false);
    for (const s of ["Digicode\t1234", "Digicode\u0000", "a\u000bb", "a\u0085b"]) expect(hasControlCharacter(s, { lineBreaks: true }), JSON.stringify(s)).toBe(true);
  });
});
