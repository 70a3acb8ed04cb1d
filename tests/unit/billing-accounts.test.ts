// Billing accounts of SPEC §12: their reference and their invoice email addresses.
import { describe, expect, it } from "vitest";
import { billingAccountRef, parseInvoiceEmails, splitEmailList } from "@/lib/domain/billing-accounts";

describe("billingAccountRef", () => {
  it("is CC + the owner's identifier + the counter's number, 20 characters at most", () => {
    expect(billingAccountRef(44660, 1)).toBe("CC44660-1");
    expect(billingAccountRef(2_147_483_647, 9_999_999)).toBe("CC2147483647-9999999");
    expect(() => billingAccountRef(2_147_483_647, 10_000_000)).toThrow(RangeError);
    expect(() => billingAccountRef(44660, 0)).toThrow(RangeError);
  });
});

describe("parseInvoiceEmails", () => {
  it("splits on commas, semicolons and line breaks, trims, drops blanks and duplicates (case ignored)", () => {
    expect(splitEmailList(" a@x.fr, b@x.fr\n\nc@x.fr ;d@x.fr\r\n")).toEqual(["a@x.fr", "b@x.fr", "c@x.fr", "d@x.fr"]);
    expect(parseInvoiceEmails("compta@oliviers.example,\nCOMPTA@oliviers.example, dr@oliviers.example")).toEqual({ emails: ["compta@oliviers.example", "dr@oliviers.example"] });
  });

  it("needs at least one address", () => {
    expect(parseInvoiceEmails("")).toEqual({ problems: ["Indiquez au moins une adresse email de facturation."] });
    expect(parseInvoiceEmails(" , \n ")).toEqual({ problems: ["Indiquez au moins une adresse email de facturation."] });
  });

  it("names each bad address", () => {
    expect(parseInvoiceEmails("compta@oliviers.example, secretariat@oliviers, @x.fr")).toEqual({
      problems: ["« secretariat@oliviers » n'est pas une adresse email valide.", "« @x.fr » n'est pas une adresse email valide."],
    });
  });

  it("takes 10 addresses at most", () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `f${i}@x.fr`).join(", ");
    expect(parseInvoiceEmails(list(10))).toMatchObject({ emails: expect.arrayContaining(["f9@x.fr"]) });
    expect(parseInvoiceEmails(list(11))).toEqual({ problems: ["10 adresses email au plus (11 saisies)."] });
  });
});
