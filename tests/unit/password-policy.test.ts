import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  PASSWORD_CONFIRMATION_MISMATCH,
  PASSWORD_CONTAINS_IDENTIFIER,
  PASSWORD_RULES,
  PASSWORD_TOO_LONG,
  passwordPolicyErrors,
  unmetPasswordRules,
} from "@/lib/domain/password-policy";

describe("password policy (SPEC §2)", () => {
  it("has the four French rules of the checklist", () => {
    expect(PASSWORD_RULES).toEqual([
      { id: "length", label: "Au moins 8 caractères" },
      { id: "uppercase", label: "Au moins 1 lettre majuscule" },
      { id: "digit", label: "Au moins 1 chiffre" },
      { id: "special", label: "Au moins 1 caractère spécial" },
    ]);
  });

  it("accepts the demo password", () => {
    expect(passwordPolicyErrors("Demo!2026", "Demo!2026", "E-0000000004")).toEqual([]);
    expect(passwordPolicyErrors("Demo!2026", null)).toEqual([]);
    expect(unmetPasswordRules("Demo!2026").size).toBe(0);
  });

  it("lists each unmet rule", () => {
    expect(passwordPolicyErrors("Demo!20", null)).toEqual(["Au moins 8 caractères"]);
    expect(passwordPolicyErrors("demo!2026", null)).toEqual(["Au moins 1 lettre majuscule"]);
    expect(passwordPolicyErrors("Demo!Demo", null)).toEqual(["Au moins 1 chiffre"]);
    expect(passwordPolicyErrors("Demo12026", null)).toEqual(["Au moins 1 caractère spécial"]);
    expect(passwordPolicyErrors("", "")).toEqual(PASSWORD_RULES.map((r) => r.label));
    expect([...unmetPasswordRules("abc")].sort()).toEqual(["digit", "length", "special", "uppercase"]);
    expect([...unmetPasswordRules("ABCDEFGH")].sort()).toEqual(["digit", "special"]);
  });

  it("treats accented letters as letters and counts code points", () => {
    expect(unmetPasswordRules("Démo2026é").has("special")).toBe(true); // é is a letter
    expect(unmetPasswordRules("De\u0301mo2026e\u0301").has("special")).toBe(true); // decomposed é too
    expect(unmetPasswordRules("ÉCOLE2026!").has("uppercase")).toBe(false);
    expect(unmetPasswordRules("élève2026!").has("uppercase")).toBe(true);
    expect(passwordPolicyErrors("Démo 2026", null)).toEqual([]); // a space is a special character
    expect(passwordPolicyErrors("Ab1!😀😀😀", null)).toEqual(["Au moins 8 caractères"]); // 7 code points
  });

  it("refuses more than 128 characters", () => {
    const ok = "Demo!2026" + "x".repeat(119);
    expect(ok).toHaveLength(128);
    expect(passwordPolicyErrors(ok, null)).toEqual([]);
    expect(passwordPolicyErrors(ok + "x", null)).toEqual([PASSWORD_TOO_LONG]);
    expect(PASSWORD_TOO_LONG).toBe("128 caractères au maximum");
  });

  it("refuses a password containing the identifier", () => {
    const id = "E-0000012345";
    expect(PASSWORD_CONTAINS_IDENTIFIER).toBe("Le mot de passe ne doit pas contenir votre identifiant");
    for (const password of ["Xx!E-0000012345", "Xx!e-0000012345", "Xx!0000012345", "Ab!12345cd", "12345Ab!cd"]) {
      expect(passwordPolicyErrors(password, null, id), password).toEqual([PASSWORD_CONTAINS_IDENTIFIER]);
    }
    expect(passwordPolicyErrors("Ab!1234cd", null, id)).toEqual([]);
    expect(passwordPolicyErrors("Ab!1234cd", null, " e-0000012345 ")).toEqual([]);
    expect(passwordPolicyErrors("Ab!12345cd", null, " e-0000012345 ")).toEqual([PASSWORD_CONTAINS_IDENTIFIER]);
  });

  it("ignores significant digits shorter than 4", () => {
    // E-0000000004 → "4": too short to forbid, but the whole identifier still is
    expect(passwordPolicyErrors("Demo!2026", null, "E-0000000004")).toEqual([]);
    expect(passwordPolicyErrors("Demo!0000000004", null, "E-0000000004")).toEqual([PASSWORD_CONTAINS_IDENTIFIER]);
    expect(passwordPolicyErrors("Demo!1234", null, "E-0000001234")).toEqual([PASSWORD_CONTAINS_IDENTIFIER]);
    expect(passwordPolicyErrors("Demo!123", null, "E-0000000123")).toEqual([]);
  });

  it("checks the confirmation only when given", () => {
    expect(PASSWORD_CONFIRMATION_MISMATCH).toBe("La confirmation ne correspond pas au mot de passe");
    expect(passwordPolicyErrors("Demo!2026", "Demo!2027")).toEqual([PASSWORD_CONFIRMATION_MISMATCH]);
    expect(passwordPolicyErrors("Demo!2026", "")).toEqual([PASSWORD_CONFIRMATION_MISMATCH]);
    expect(passwordPolicyErrors("Demo!2026", null)).toEqual([]);
  });

  it("lists every problem at once, in a stable order", () => {
    expect(passwordPolicyErrors("12345", "x", "E-0000012345")).toEqual([
      "Au moins 8 caractères",
      "Au moins 1 lettre majuscule",
      "Au moins 1 caractère spécial",
      PASSWORD_CONTAINS_IDENTIFIER,
      PASSWORD_CONFIRMATION_MISMATCH,
    ]);
  });

  it("accepts every password that meets all the rules", () => {
    const upper = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZÉÀÇÑΩЖ");
    const digit = fc.constantFrom(..."0123456789");
    const special = fc.constantFrom(..."!@#$%^&*()_+-=[]{};':\",./<>?\\|`~ €£§");
    const any = fc.oneof(upper, digit, special, fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzéèàùçœ"));
    const password = fc
      .tuple(upper, digit, special, fc.array(any, { minLength: 5, maxLength: 125 }))
      .chain(([u, d, s, rest]) => fc.shuffledSubarray([u, d, s, ...rest], { minLength: rest.length + 3 }))
      .map((chars) => chars.join(""));
    fc.assert(
      fc.property(password, (p) => {
        expect(passwordPolicyErrors(p, p)).toEqual([]);
        expect(unmetPasswordRules(p).size).toBe(0);
      }),
    );
  });

  it("reports exactly the rules that fail", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: "grapheme" }), (p) => {
        const errors = passwordPolicyErrors(p, p);
        const unmet = unmetPasswordRules(p);
        expect(errors).toEqual(PASSWORD_RULES.filter((r) => unmet.has(r.id)).map((r) => r.label));
      }),
    );
  });
});
