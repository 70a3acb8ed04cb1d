// SEPA mandates of SPEC §12 and §17: the RUM (generated, or typed by staff), when a mandate lapses, how a change of
// bank account amends it, what a signed copy may be.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  amendment,
  generatedRum,
  lapsesOn,
  mandateStateOn,
  normalizeRum,
  rumProblem,
  RUM_MAX_LENGTH,
  SIGNED_COPY_MAX_BYTES,
  signedCopyFileName,
  signedCopyKind,
  type AmendableMandate,
} from "@/lib/domain/mandates";
import { addDays } from "@/lib/domain/calendar-day";

const EPC_RUM = /^[A-Za-z0-9/\-?:().,'+ ]+$/;

describe("generatedRum", () => {
  it("is RUM- + the account reference + the counter's number on 6 digits at least", () => {
    expect(generatedRum("CC44660", 6)).toBe("RUM-CC44660-000006");
    expect(generatedRum("CC44000-R", 123456)).toBe("RUM-CC44000-R-123456");
    expect(generatedRum("CC44660-12", 1234567)).toBe("RUM-CC44660-12-1234567");
  });

  it("keeps only EPC characters of the reference and never exceeds 35 characters", () => {
    expect(generatedRum("cc é/44 660", 1)).toBe("RUM-CC44660-000001");
    const longest = generatedRum("CC2147483647-9999999", 2_147_483_647);
    expect(longest.length).toBeLessThanOrEqual(RUM_MAX_LENGTH);
    expect(longest.endsWith("-2147483647")).toBe(true);
  });

  it("refuses a number that is not a positive integer", () => {
    expect(() => generatedRum("CC1", 0)).toThrow(RangeError);
    expect(() => generatedRum("CC1", 1.5)).toThrow(RangeError);
  });

  it("property: any reference and number give a valid RUM (≤ 35, EPC characters, accepted by rumProblem), distinct numbers distinct RUMs", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 2_147_483_647 }), fc.integer({ min: 1, max: 2_147_483_647 }), (ref, n, m) => {
        const rum = generatedRum(ref, n);
        expect(rum.length).toBeLessThanOrEqual(RUM_MAX_LENGTH);
        expect(rum).toMatch(EPC_RUM);
        expect(rumProblem(rum)).toBeNull();
        if (n !== m) expect(generatedRum(ref, m)).not.toBe(rum);
      }),
    );
  });
});

describe("rumProblem (a RUM typed by staff)", () => {
  it("accepts 1 to 35 EPC characters, with spaces and punctuation inside", () => {
    expect(rumProblem("A")).toBeNull();
    expect(rumProblem("OPENIP-RUM-44660-0001")).toBeNull();
    expect(rumProblem("Mandat n. 12/2019 (papier) ?:,'+")).toBeNull();
    expect(rumProblem("X".repeat(35))).toBeNull();
    expect(rumProblem("  ABC-1  ")).toBeNull(); // surrounding spaces are dropped
    expect(normalizeRum("  ABC-1  ")).toBe("ABC-1");
  });

  it("refuses an empty or too long RUM", () => {
    expect(rumProblem("")).toBe("La RUM est obligatoire.");
    expect(rumProblem("   ")).toBe("La RUM est obligatoire.");
    expect(rumProblem("X".repeat(36))).toBe("La RUM ne doit pas dépasser 35 caractères (elle en a 36).");
  });

  it("refuses characters outside the EPC set, naming the first one", () => {
    expect(rumProblem("RUM-É-1")).toBe("La RUM contient un caractère non autorisé (« É ») : lettres sans accent, chiffres, espaces et / - ? : ( ) . , ' + seulement.");
    for (const bad of ["RUM_1", "RUM#1", "RUM&1", "RUM*1", "RUM\t1", "RUM;1", 'RUM"1', "RUM@1"]) expect(rumProblem(bad), bad).toMatch(/caractère non autorisé/);
  });

  it("refuses a leading or trailing slash and a double slash", () => {
    expect(rumProblem("/RUM1")).toBe("La RUM ne doit ni commencer ni finir par « / ».");
    expect(rumProblem("RUM1/")).toBe("La RUM ne doit ni commencer ni finir par « / ».");
    expect(rumProblem("RUM//1")).toBe("La RUM ne doit pas contenir « // ».");
    expect(rumProblem("RUM/1/2")).toBeNull();
  });
});

describe("mandateStateOn (SPEC §12: Caduc 36 months after the last collection's due date, or the signature)", () => {
  const signed = { state: "ACTIF" as const, signedOn: "2023-01-15", lastCollectionOn: null };

  it("never used: Actif the day before 36 months after the signature, Caduc from that day", () => {
    expect(lapsesOn(signed)).toBe("2026-01-15");
    expect(mandateStateOn(signed, "2026-01-14")).toBe("ACTIF");
    expect(mandateStateOn(signed, "2026-01-15")).toBe("CADUC");
    expect(mandateStateOn(signed, "2030-01-01")).toBe("CADUC");
  });

  it("used: counted from the due date of the last collection, not from the signature", () => {
    const used = { ...signed, lastCollectionOn: "2023-04-07" };
    expect(lapsesOn(used)).toBe("2026-04-07");
    expect(mandateStateOn(used, "2026-01-15")).toBe("ACTIF");
    expect(mandateStateOn(used, "2026-04-06")).toBe("ACTIF");
    expect(mandateStateOn(used, "2026-04-07")).toBe("CADUC");
  });

  it("clamps to the end of a shorter month (29/02 → 28/02 three years later)", () => {
    const leap = { ...signed, lastCollectionOn: "2024-02-29" };
    expect(lapsesOn(leap)).toBe("2027-02-28");
    expect(mandateStateOn(leap, "2027-02-27")).toBe("ACTIF");
    expect(mandateStateOn(leap, "2027-02-28")).toBe("CADUC");
  });

  it("Révoqué and Caduc stay, whatever the date", () => {
    expect(mandateStateOn({ ...signed, state: "REVOQUE" }, "2023-01-16")).toBe("REVOQUE");
    expect(mandateStateOn({ ...signed, state: "REVOQUE" }, "2040-01-01")).toBe("REVOQUE");
    expect(mandateStateOn({ ...signed, state: "CADUC" }, "2023-01-16")).toBe("CADUC");
  });

  it("property: Actif strictly before the lapse day and Caduc from it on", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.boolean(), fc.integer({ min: 0, max: 1500 }), fc.integer({ min: -400, max: 400 }), (signOffset, used, usedOffset, delta) => {
        const signedOn = addDays("1990-01-01", signOffset);
        const mandate = { state: "ACTIF" as const, signedOn, lastCollectionOn: used ? addDays(signedOn, usedOffset) : null };
        const lapse = lapsesOn(mandate);
        const day = addDays(lapse, delta);
        expect(mandateStateOn(mandate, day)).toBe(delta >= 0 ? "CADUC" : "ACTIF");
      }),
    );
  });
});

describe("amendment (SPEC §12: a change of bank account amends the mandate, history kept)", () => {
  const mandate: AmendableMandate = { debtorName: "Cabinet Médical des Oliviers", iban: "FR7610278089000002030405104", bic: "CMCIFR2AXXX", amendedFromIban: null, amendedFromBic: null };
  const newAccount = { debtorName: mandate.debtorName, iban: "FR7630006000011234567890189", bic: "AGRIFRPPXXX" };

  it("nothing changed: no amendment", () => {
    expect(amendment(mandate, { debtorName: mandate.debtorName, iban: mandate.iban, bic: mandate.bic })).toBeNull();
  });

  it("a new account: the next collection tells the bank the account it last knew", () => {
    expect(amendment(mandate, newAccount)).toEqual({ next: newAccount, amendedFromIban: mandate.iban, amendedFromBic: mandate.bic });
  });

  it("a BIC alone (same IBAN) is a change of account too", () => {
    expect(amendment(mandate, { ...mandate, bic: null })).toMatchObject({ amendedFromIban: mandate.iban, amendedFromBic: "CMCIFR2AXXX" });
  });

  it("a second change before any collection keeps the earlier original", () => {
    const once = { ...mandate, ...newAccount, amendedFromIban: mandate.iban, amendedFromBic: mandate.bic };
    const third = { debtorName: mandate.debtorName, iban: "DE89370400440532013000", bic: null };
    expect(amendment(once, third)).toEqual({ next: third, amendedFromIban: mandate.iban, amendedFromBic: mandate.bic });
  });

  it("changing back to the account the bank knows clears the indicator", () => {
    const once = { ...mandate, ...newAccount, amendedFromIban: mandate.iban, amendedFromBic: mandate.bic };
    expect(amendment(once, { debtorName: mandate.debtorName, iban: mandate.iban, bic: mandate.bic })).toEqual({
      next: { debtorName: mandate.debtorName, iban: mandate.iban, bic: mandate.bic },
      amendedFromIban: null,
      amendedFromBic: null,
    });
  });

  it("a new debtor name alone is recorded without an account amendment", () => {
    expect(amendment(mandate, { ...mandate, debtorName: "SCM des Oliviers" })).toEqual({
      next: { debtorName: "SCM des Oliviers", iban: mandate.iban, bic: mandate.bic },
      amendedFromIban: null,
      amendedFromBic: null,
    });
  });

  it("a new debtor name after an account change keeps the pending indicator", () => {
    const once = { ...mandate, ...newAccount, amendedFromIban: mandate.iban, amendedFromBic: mandate.bic };
    expect(amendment(once, { ...newAccount, debtorName: "SCM des Oliviers" })).toMatchObject({ amendedFromIban: mandate.iban, amendedFromBic: mandate.bic });
  });
});

describe("signedCopyKind (PDF, PNG or JPEG, ≤ 5 Mo, by content)", () => {
  const bytes = (...b: number[]) => new Uint8Array([...b, ...new Array(20).fill(0x20)]);
  const PDF = bytes(...Buffer.from("%PDF-1.7\n"));
  const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0);

  it("recognises each kind by its first bytes", () => {
    expect(signedCopyKind(PDF, "mandat.pdf")).toEqual({ kind: { type: "application/pdf", extension: "pdf" } });
    expect(signedCopyKind(PNG, "scan.PNG")).toEqual({ kind: { type: "image/png", extension: "png" } });
    expect(signedCopyKind(JPEG, "photo.jpeg")).toEqual({ kind: { type: "image/jpeg", extension: "jpg" } });
    expect(signedCopyKind(JPEG, "photo.jpg")).toEqual({ kind: { type: "image/jpeg", extension: "jpg" } });
    expect(signedCopyKind(PDF, "sans-extension")).toEqual({ kind: { type: "application/pdf", extension: "pdf" } });
  });

  it("refuses other content whatever its name says", () => {
    expect(signedCopyKind(bytes(...Buffer.from("PK\u0003\u0004")), "mandat.pdf")).toEqual({ problem: "Le fichier doit être un PDF, une image PNG ou une image JPEG." });
    expect(signedCopyKind(bytes(...Buffer.from("GIF89a")), "mandat.png")).toEqual({ problem: "Le fichier doit être un PDF, une image PNG ou une image JPEG." });
    expect(signedCopyKind(bytes(...Buffer.from("<html>")), "mandat.jpg")).toEqual({ problem: "Le fichier doit être un PDF, une image PNG ou une image JPEG." });
  });

  it("refuses content that disagrees with its extension", () => {
    expect(signedCopyKind(PNG, "mandat.pdf")).toEqual({ problem: "Le contenu du fichier (PNG) ne correspond pas à son extension (.pdf)." });
    expect(signedCopyKind(PDF, "mandat.exe")).toEqual({ problem: "Le contenu du fichier (PDF) ne correspond pas à son extension (.exe)." });
  });

  it("refuses an empty file and one over 5 Mo", () => {
    expect(signedCopyKind(new Uint8Array(0), "mandat.pdf")).toEqual({ problem: "Le fichier est vide." });
    const big = new Uint8Array(SIGNED_COPY_MAX_BYTES + 1);
    big.set(Buffer.from("%PDF-"));
    expect(signedCopyKind(big, "mandat.pdf")).toEqual({ problem: "Le fichier dépasse 5 Mo : enregistrez le scan en résolution plus basse." });
    expect("kind" in signedCopyKind(big.subarray(0, SIGNED_COPY_MAX_BYTES), "mandat.pdf")).toBe(true);
  });

  it("names a download from the RUM only", () => {
    expect(signedCopyFileName("RUM-CC44660-000006", { extension: "pdf" })).toBe("mandat-RUM-CC44660-000006-signe.pdf");
    expect(signedCopyFileName("Mandat n. 12/2019", { extension: "jpg" })).toBe("mandat-Mandat_n_12_2019-signe.jpg");
  });
});
