import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import { changedSettings, paymentSettingsSchema, paymentSettingsValues, type PaymentSettingsInput } from "@/lib/domain/payment-settings";

const typed: PaymentSettingsInput = { preNotificationDays: "5", transferPaymentDays: "30", debitReturnFee: "15,00" };
const errorsOf = (input: Partial<PaymentSettingsInput>) => {
  const parsed = paymentSettingsSchema.safeParse({ ...typed, ...input });
  return parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
};

describe("paymentSettingsSchema (SPEC §13: P from 2 to 14, at most 60 days by transfer, the return fee in euros HT)", () => {
  it("reads the defaults and the bounds, the fee typed in euros", () => {
    expect(paymentSettingsSchema.parse(typed)).toEqual({ preNotificationDays: 5, transferPaymentDays: 30, debitReturnFeeCents: 1500 });
    expect(paymentSettingsSchema.parse({ preNotificationDays: " 2 ", transferPaymentDays: "1", debitReturnFee: "0" })).toEqual({ preNotificationDays: 2, transferPaymentDays: 1, debitReturnFeeCents: 0 });
    expect(paymentSettingsSchema.parse({ preNotificationDays: "14", transferPaymentDays: "60", debitReturnFee: "100 €" })).toEqual({ preNotificationDays: 14, transferPaymentDays: 60, debitReturnFeeCents: 10_000 });
    expect(paymentSettingsSchema.parse({ ...typed, debitReturnFee: "7.5" }).debitReturnFeeCents).toBe(750);
  });

  it("refuses P outside 2–14, in French", () => {
    const problem = ["Indiquez un nombre entier de jours, de 2 à 14."];
    for (const p of ["1", "15", "20", "", "cinq", "5,5", "-3"]) expect(errorsOf({ preNotificationDays: p })).toEqual({ preNotificationDays: problem });
  });

  it("refuses more than 60 days (L441-10) or none to pay by transfer", () => {
    const problem = ["Indiquez un nombre entier de jours, de 1 à 60 (Code de commerce, art. L441-10)."];
    for (const d of ["0", "61", "90", ""]) expect(errorsOf({ transferPaymentDays: d })).toEqual({ transferPaymentDays: problem });
  });

  it("refuses a fee over 100,00 € HT, negative, or with more than 2 decimals", () => {
    expect(errorsOf({ debitReturnFee: "100,01" })).toEqual({ debitReturnFee: ["Les frais de rejet ne peuvent pas dépasser 100,00 € HT."] });
    expect(errorsOf({ debitReturnFee: "-15" })).toEqual({ debitReturnFee: ["Le montant ne peut pas être négatif."] });
    expect(errorsOf({ debitReturnFee: "15,005" })).toEqual({ debitReturnFee: ["Le montant a au plus 2 décimales (centimes)."] });
    expect(errorsOf({ debitReturnFee: "" })).toEqual({ debitReturnFee: ["Indiquez un montant en euros."] });
  });

  it("gives one message per refused field", () => {
    expect(Object.keys(errorsOf({ preNotificationDays: "20", transferPaymentDays: "61", debitReturnFee: "abc" })).sort()).toEqual(["debitReturnFee", "preNotificationDays", "transferPaymentDays"]);
  });

  it("reads back what paymentSettingsValues writes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 14 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 10_000 }), (p, t, c) => {
        const settings = { preNotificationDays: p, transferPaymentDays: t, debitReturnFeeCents: c };
        expect(paymentSettingsSchema.parse(paymentSettingsValues(settings))).toEqual(settings);
      }),
    );
    expect(paymentSettingsValues({ preNotificationDays: 5, transferPaymentDays: 30, debitReturnFeeCents: 1500 }).debitReturnFee).toBe("15,00");
  });
});

describe("changedSettings", () => {
  it("names each changed field with its value before and after, and nothing when none changed", () => {
    const before = { preNotificationDays: 5, transferPaymentDays: 30, debitReturnFeeCents: 1500 };
    expect(changedSettings(before, { ...before, preNotificationDays: 9, debitReturnFeeCents: 2000 })).toEqual({
      preNotificationDays: { from: 5, to: 9 },
      debitReturnFeeCents: { from: 1500, to: 2000 },
    });
    expect(changedSettings(before, { ...before })).toEqual({});
  });
});
