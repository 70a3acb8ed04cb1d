import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  frenchVatNumber,
  withLuhnDigit,
  formatUserIdentifier,
  identifierSignificantDigits,
  isValidIccid,
  isValidRio,
  isValidSiren,
  isValidSiret,
  luhnValid,
  normalizeFrenchMobile,
  normalizeRef,
  normalizeUserIdentifier,
  rioKey,
} from "@/lib/domain/identifiers";

/** Appends the Luhn check digit to `payload`. */
function withLuhnDigitOracle(payload: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(payload + d)) return payload + d;
  throw new Error("unreachable");
}

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });

describe("references typed in a URL", () => {
  const OC = /^OC\d{1,12}$/;
  it("are decoded, trimmed and upper-cased", () => {
    expect(normalizeRef("oc150943", OC)).toBe("OC150943");
    expect(normalizeRef("%20oc150943%20", OC)).toBe("OC150943");
  });
  it("are null when they do not match, or are not valid percent-encoding, whatever the input", () => {
    expect(normalizeRef("OC15O943", OC)).toBeNull();
    expect(normalizeRef("%", OC)).toBeNull();
    expect(normalizeRef("OC1%E0", OC)).toBeNull();
    fc.assert(fc.property(fc.string(), (s) => {
      const ref = normalizeRef(s, OC);
      return ref === null || OC.test(ref);
    }));
  });
});

describe("user identifiers (SPEC §1)", () => {
  it("normalizes trimmed input and lower-case e-", () => {
    expect(normalizeUserIdentifier(" e-0000001234 ")).toBe("E-0000001234");
    expect(normalizeUserIdentifier("E-0000001234")).toBe("E-0000001234");
    expect(normalizeUserIdentifier("\tE-9999999999\n")).toBe("E-9999999999");
  });

  it("refuses anything else", () => {
    for (const bad of ["E-123", "E-00000012345", "E-000000123a", "E0000001234", "0000001234", "F-0000001234", "", "E-", "E- 0000001234", "E-０000001234", "E-0000001234".repeat(100)]) {
      expect(normalizeUserIdentifier(bad), bad).toBeNull();
    }
  });

  it("formats numbers", () => {
    expect(formatUserIdentifier(1234)).toBe("E-0000001234");
    expect(formatUserIdentifier(1)).toBe("E-0000000001");
    expect(formatUserIdentifier(9_999_999_999)).toBe("E-9999999999");
    for (const bad of [0, -1, 10_000_000_000, 1.5, Number.NaN]) expect(() => formatUserIdentifier(bad)).toThrow(RangeError);
  });

  it("round-trips format and normalize", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999_999 }), (n) => {
        const id = formatUserIdentifier(n);
        expect(normalizeUserIdentifier(id.toLowerCase())).toBe(id);
        expect(identifierSignificantDigits(id)).toBe(String(n));
      }),
    );
  });

  it("extracts significant digits", () => {
    expect(identifierSignificantDigits("E-0000012345")).toBe("12345");
    expect(identifierSignificantDigits("E-0000000000")).toBe("");
    expect(identifierSignificantDigits("E-1000000000")).toBe("1000000000");
    expect(identifierSignificantDigits("not an id")).toBe("");
  });
});

describe("luhnValid", () => {
  it("checks the classic examples", () => {
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("79927398710")).toBe(false);
    expect(luhnValid("0")).toBe(true);
    expect(luhnValid("")).toBe(false);
    expect(luhnValid("7992 7398 713")).toBe(false);
  });

  it("catches every single-digit error", () => {
    fc.assert(
      fc.property(digits(1, 25), fc.nat(), fc.integer({ min: 1, max: 9 }), (payload, at, delta) => {
        const valid = withLuhnDigitOracle(payload);
        const i = at % valid.length;
        const changed = valid.slice(0, i) + ((Number(valid[i]) + delta) % 10) + valid.slice(i + 1);
        expect(luhnValid(valid)).toBe(true);
        expect(luhnValid(changed)).toBe(false);
      }),
    );
  });
});

describe("SIREN and SIRET (SPEC §10)", () => {
  it("accepts real numbers", () => {
    expect(isValidSiren("732829320")).toBe(true); // INSEE's documentation example
    expect(isValidSiret("73282932000074")).toBe(true);
    expect(isValidSiren("552100554")).toBe(true); // Renault
    expect(isValidSiret("55210055400013")).toBe(true);
  });

  it("refuses bad keys and formats", () => {
    expect(isValidSiren("732829321")).toBe(false);
    expect(isValidSiret("73282932000075")).toBe(false);
    expect(isValidSiret("7328293200007")).toBe(false);
    expect(isValidSiret("732 829 320 00074")).toBe(false);
    expect(isValidSiren("73282932")).toBe(false);
  });

  it("requires the SIREN inside a SIRET to be valid too", () => {
    // 14-digit Luhn holds, but 123456789 is not a valid SIREN
    const siret = withLuhnDigitOracle("1234567890000");
    expect(isValidSiren("123456789")).toBe(false);
    expect(luhnValid(siret)).toBe(true);
    expect(isValidSiret(siret)).toBe(false);
  });

  it("applies La Poste's exception (SIREN 356000000)", () => {
    expect(isValidSiren("356000000")).toBe(true); // passes Luhn on its own
    expect(isValidSiret("35600000000048")).toBe(true); // head office: Luhn
    expect(isValidSiret("35600000049837")).toBe(true); // an office: digit sum 45, not Luhn
    expect(luhnValid("35600000049837")).toBe(false);
    expect(isValidSiret("35600000049838")).toBe(false); // digit sum 46, not Luhn
  });

  it("documents that OpenIP's number as written in seed 000 fails the check", () => {
    // seed 000: « immatriculée au RCS de Nanterre sous le numéro 48258566300062 »: neither the SIRET
    // nor its SIREN 482585663 passes Luhn, so a typo is likely in the source document.
    expect(isValidSiret("48258566300062")).toBe(false);
    expect(isValidSiren("482585663")).toBe(false);
  });

  it("accepts every SIRET built from a valid SIREN and a NIC with its key", () => {
    fc.assert(
      fc.property(digits(8, 8), digits(4, 4), (sirenPayload, nicPayload) => {
        fc.pre(!sirenPayload.startsWith("35600000"));
        const siren = withLuhnDigitOracle(sirenPayload);
        fc.pre(siren !== "356000000");
        const siret = withLuhnDigitOracle(siren + nicPayload);
        expect(isValidSiren(siren)).toBe(true);
        expect(isValidSiret(siret)).toBe(true);
      }),
    );
  });
});

describe("ICCID (SPEC §10)", () => {
  it("accepts 19 or 20 digits starting 89 with a Luhn key", () => {
    expect(isValidIccid("8933150319001234562")).toBe(true); // 19 digits
    expect(isValidIccid("89331503190012345678")).toBe(true); // 20 digits
    expect(isValidIccid(withLuhnDigitOracle("8933150319001234567"))).toBe(true);
    expect(isValidIccid(withLuhnDigitOracle("893315031900123456"))).toBe(true);
  });

  it("refuses other lengths, prefixes and keys", () => {
    expect(isValidIccid("8933150319001234561")).toBe(false); // wrong key
    expect(isValidIccid("89331503190012345679")).toBe(false); // wrong key
    expect(isValidIccid("8933 1503 1900 1234 562")).toBe(false); // spaces
    expect(isValidIccid(withLuhnDigitOracle("89331503190012345"))).toBe(false); // 18 digits
    expect(isValidIccid(withLuhnDigitOracle("893315031900123456789"))).toBe(false); // 22 digits
    expect(isValidIccid(withLuhnDigitOracle("793315031900123456"))).toBe(false); // not 89
    expect(isValidIccid("")).toBe(false);
  });
});

describe("normalizeFrenchMobile (SPEC §10)", () => {
  it("accepts the usual ways of writing a mobile number", () => {
    for (const input of ["0612345678", "06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "+33612345678", "+33 6 12 34 56 78", "0033612345678", " 06 12 34 56 78 "]) {
      expect(normalizeFrenchMobile(input), input).toBe("0612345678");
    }
    expect(normalizeFrenchMobile("+33 7 00 00 00 01")).toBe("0700000001");
  });

  it("refuses fixed lines, wrong lengths and junk", () => {
    for (const input of ["0112345678", "0912345678", "061234567", "06123456789", "+330612345678", "+44612345678", "06 12 34 56 7a", "612345678", ""]) {
      expect(normalizeFrenchMobile(input), input).toBeNull();
    }
  });
});

describe("RIO (SPEC §10)", () => {
  it("computes a key by hand from the algorithm", () => {
    // "02P123456" + "0612345678", alphabet index p: A=0 … Z=25, 0=26 … 9=35, +=36.
    //  ch  p   a=(a+p)%37  b=(2b+p)%37  c=(4c+p)%37
    //  0   26  26          26           26
    //  2   28  17           6           21
    //  P   15  32          27           25
    //  1   27  22           7           16
    //  2   28  13           5           18
    //  3   29   5           2           27
    //  4   30  35          34           27
    //  5   31  29          25           28
    //  6   32  24           8           33
    //  0   26  13           5           10
    //  6   32   8           5           35
    //  1   27  35           0           19
    //  2   28  26          28           30
    //  3   29  18          11            1
    //  4   30  11          15           34
    //  5   31   5          24           19
    //  6   32   0           6           34
    //  7   33  33           8           21
    //  8   34  30          13            7
    // a = 30 → "4", b = 13 → "N", c = 7 → "H". (Check on a: the p sum is 548 = 14·37 + 30.)
    expect(rioKey("02P123456", "0612345678")).toBe("4NH");
    expect(isValidRio("02P1234564NH", "0612345678")).toBe(true);
    expect(isValidRio("02p123456 4nh", "+33 6 12 34 56 78")).toBe(true);
  });

  it("refuses a wrong key, number, qualifier or format", () => {
    expect(isValidRio("02P1234564NI", "0612345678")).toBe(false);
    expect(isValidRio("02P1234564NH", "0612345679")).toBe(false);
    expect(isValidRio("02F123456" + rioKey("02F123456", "0612345678"), "0612345678")).toBe(false); // F: fixed line
    expect(isValidRio("02P1234564N", "0612345678")).toBe(false);
    expect(isValidRio("02P1234564NH", "0112345678")).toBe(false); // not a mobile
    expect(() => rioKey("02P12345", "0612345678")).toThrow(RangeError);
    expect(() => rioKey("02P123456", "12")).toThrow(RangeError);
  });

  it("accepts the business qualifier E", () => {
    const key = rioKey("01E9AB3CD", "0712345678");
    expect(isValidRio(`01E9AB3CD${key}`, "07 12 34 56 78")).toBe(true);
  });

  it("validates every generated RIO and refuses it when one digit of the number changes", () => {
    const alnum = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    fc.assert(
      fc.property(
        digits(2, 2),
        fc.constantFrom("P", "E"),
        fc.string({ unit: alnum, minLength: 6, maxLength: 6 }),
        fc.constantFrom("06", "07"),
        digits(8, 8),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        (oo, q, ref, prefix, rest, at, delta) => {
          const msisdn = prefix + rest;
          const other = prefix + rest.slice(0, at) + ((Number(rest[at]) + delta) % 10) + rest.slice(at + 1);
          const rio = oo + q + ref + rioKey(oo + q + ref, msisdn);
          expect(isValidRio(rio, msisdn)).toBe(true);
          // one digit off changes the sum a by a non-zero amount below 37
          expect(isValidRio(rio, other)).toBe(false);
        },
      ),
    );
  });
});

describe("frenchVatNumber", () => {
  it("computes the key of a French VAT number from the SIREN", () => {
    // La Poste's published VAT number: FR39 356 000 000.
    expect(frenchVatNumber("356000000")).toBe("FR39356000000");
    expect(frenchVatNumber("482585663")).toMatch(/^FR\d{2}482585663$/);
    expect(() => frenchVatNumber("12345")).toThrow(RangeError);
  });
});

describe("withLuhnDigit", () => {
  it("appends the check digit that luhnValid accepts (the same as this file's oracle)", () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{1,20}$/), (body) => {
      expect(withLuhnDigit(body)).toBe(withLuhnDigitOracle(body));
      expect(luhnValid(withLuhnDigit(body))).toBe(true);
    }));
    expect(() => withLuhnDigit("12a")).toThrow(RangeError);
  });
});
