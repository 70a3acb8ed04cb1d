// SPEC §11, §17: the price in force on each day, the one-month rule for increases, the termination right an
// increase gives, and a month billed day by day across a price change.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { earliestIncreaseDay, increaseRightUntil, increaseTerminationEnd, isIncrease, priceChangesWithin, priceOn, priceVersionProblem, sheetFee, splitAtChanges, totalFee, type PriceBook } from "@/lib/domain/prices";
import { constantFee, monthDueCents, recurringCharges } from "@/lib/domain/billing";
import { parseEurosToCents } from "@/lib/domain/money";

const book: PriceBook = {
  base: { monthlyFeeCents: 4900, oneOffFeeCents: 9900 },
  versions: [
    { effectiveOn: "2027-01-16", monthlyFeeCents: 5900, oneOffFeeCents: 9900 },
    { effectiveOn: "2026-06-01", monthlyFeeCents: 4500, oneOffFeeCents: 9900 },
  ],
};

describe("priceOn", () => {
  it("is the offer's own price before any version, then each version from its day", () => {
    expect(priceOn(book, "2026-05-31").monthlyFeeCents).toBe(4900);
    expect(priceOn(book, "2026-06-01").monthlyFeeCents).toBe(4500);
    expect(priceOn(book, "2027-01-15").monthlyFeeCents).toBe(4500);
    expect(priceOn(book, "2027-01-16").monthlyFeeCents).toBe(5900);
  });
  it("lists the change days strictly inside a range", () => {
    expect(priceChangesWithin(book, "2027-01-01", "2027-02-01")).toEqual(["2027-01-16"]);
    expect(priceChangesWithin(book, "2027-01-16", "2027-02-01")).toEqual([]);
  });
});

describe("publishing a price (one month ahead for an increase, art. 7.2 and 13)", () => {
  it("an increase takes effect at least one month after publication", () => {
    expect(earliestIncreaseDay("2026-12-07")).toBe("2027-01-07");
    expect(earliestIncreaseDay("2027-01-31")).toBe("2027-02-28");
    const increase = { effectiveOn: "2027-01-06", monthlyFeeCents: 6900, oneOffFeeCents: 9900 };
    expect(isIncrease(book, increase)).toBe(true);
    expect(priceVersionProblem(book, increase, "2026-12-07")).toBe("Une hausse de prix prend effet au plus tôt un mois après sa publication : le 07/01/2027 ou après.");
    expect(priceVersionProblem(book, { ...increase, effectiveOn: "2027-01-07" }, "2026-12-07")).toBeNull();
  });
  it("a decrease may take effect at once, never in the past; one price per day", () => {
    const decrease = { effectiveOn: "2026-12-07", monthlyFeeCents: 3900, oneOffFeeCents: 9900 };
    expect(isIncrease(book, decrease)).toBe(false);
    expect(priceVersionProblem(book, decrease, "2026-12-07")).toBeNull();
    expect(priceVersionProblem(book, { ...decrease, effectiveOn: "2026-12-06" }, "2026-12-07")).toBe("La date d'effet ne peut pas être passée.");
    expect(priceVersionProblem(book, { ...decrease, effectiveOn: "2027-01-16" }, "2026-12-07")).toBe("Un prix prend déjà effet à cette date : choisissez une autre date.");
  });
  it("a price before an already published higher one, which would make it an unannounced increase, is refused", () => {
    // 45,00 € from 01/06/2026; a 40,00 € from today would make the 45,00 € an increase nobody was told of.
    const day = "2026-05-10";
    const book2: PriceBook = { base: { monthlyFeeCents: 4900, oneOffFeeCents: 9900 }, versions: [{ effectiveOn: "2026-06-01", monthlyFeeCents: 4500, oneOffFeeCents: 9900 }] };
    expect(priceVersionProblem(book2, { effectiveOn: day, monthlyFeeCents: 4000, oneOffFeeCents: 9900 }, day)).toBe(
      "Un prix plus élevé est déjà publié pour le 01/06/2026 : ce prix en ferait une hausse non annoncée.",
    );
    expect(priceVersionProblem(book2, { effectiveOn: day, monthlyFeeCents: 4700, oneOffFeeCents: 9900 }, day)).toBeNull();
  });
  it("the right never reaches the day the new price applies", () => {
    expect(increaseRightUntil({ effectiveOn: "2027-01-10", noticeOn: "2026-12-10" })).toBe("2027-01-09");
    expect(increaseRightUntil({ effectiveOn: "2027-03-01", noticeOn: "2026-12-10" })).toBe("2027-01-10");
  });
  it("a higher one-off fee alone is an increase", () => {
    expect(isIncrease(book, { effectiveOn: "2027-03-01", monthlyFeeCents: 5900, oneOffFeeCents: 12900 })).toBe(true);
  });
  it("the termination right lasts one month from the notice and ends the day before the new price", () => {
    const increase = { effectiveOn: "2027-01-16", noticeOn: "2026-12-10" };
    expect(increaseTerminationEnd(increase, "2026-12-10")).toBe("2027-01-15");
    expect(increaseTerminationEnd(increase, "2027-01-10")).toBe("2027-01-15");
    expect(increaseTerminationEnd(increase, "2027-01-11")).toBeNull();
    expect(increaseTerminationEnd({ effectiveOn: "2027-01-05", noticeOn: "2026-12-05" }, "2027-01-05")).toBeNull();
  });
});

describe("a month billed at the price in force each day", () => {
  const fee = sheetFee({ monthlyFeeCents: 4900, followsCatalogue: true, quantity: 2 }, book);
  it("January 2027: 15 days at 45,00 € and 16 at 59,00 €, twice (quantity 2), rounded once", () => {
    // (2 × 4500 × 15 + 2 × 5900 × 16) / 31 = 323 800 / 31 = 10 445.16… → 10 445
    expect(monthDueCents({ kind: "oc", fee, activationOn: "2024-03-01", terminationOn: null }, "2027-01")).toBe(10445);
  });
  it("the month containing E at the price in force on E, in full", () => {
    expect(monthDueCents({ kind: "oc", fee, activationOn: "2024-03-01", terminationOn: "2027-01-20" }, "2027-01")).toBe(11800);
    expect(monthDueCents({ kind: "oc", fee, activationOn: "2024-03-01", terminationOn: "2027-01-10" }, "2027-01")).toBe(9000);
  });
  it("a negotiated price ignores the catalogue", () => {
    const negotiated = sheetFee({ monthlyFeeCents: 3000, followsCatalogue: false, quantity: 1 }, book);
    expect(monthDueCents({ kind: "oc", fee: negotiated, activationOn: "2024-03-01", terminationOn: null }, "2027-01")).toBe(3000);
  });
  it("the invoice of January bills it in advance as known at issue, and February settles nothing more", () => {
    const item = { kind: "oc" as const, fee, activationOn: "2024-03-01", terminationOn: null };
    const january = recurringCharges(item, "Accès 4G/5G", "2027-01", 9000);
    expect(january.map((c) => c.amountHtCents)).toEqual([10445]);
    const february = recurringCharges(item, "Accès 4G/5G", "2027-02", 10445);
    expect(february.map((c) => [c.kind, c.amountHtCents])).toEqual([["ABONNEMENT", 11800]]);
  });
  it("an OC's sheets add up, each with its own changes; SIM plan segments split where their price changes", () => {
    const total = totalFee([fee, constantFee(500)]);
    expect(total.on("2027-01-20")).toBe(12300);
    expect(total.changesWithin("2027-01-01", "2027-02-01")).toEqual(["2027-01-16"]);
    const pieces = splitAtChanges([{ startOn: "2027-01-10", endOn: null }], () => sheetFee({ monthlyFeeCents: 4900, followsCatalogue: true, quantity: 1 }, book), "2027-02-01");
    expect(pieces).toEqual([
      { startOn: "2027-01-10", endOn: "2027-01-16", monthlyFeeCents: 4500 },
      { startOn: "2027-01-16", endOn: null, monthlyFeeCents: 5900 },
    ]);
  });
  it("splitting a month at price changes never changes a constant price's charge (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 28 }), (cents, day) => {
        const flat: PriceBook = { base: { monthlyFeeCents: cents, oneOffFeeCents: 0 }, versions: [{ effectiveOn: `2027-01-${String(day).padStart(2, "0")}`, monthlyFeeCents: cents, oneOffFeeCents: 0 }] };
        const item = { kind: "oc" as const, fee: sheetFee({ monthlyFeeCents: cents, followsCatalogue: true, quantity: 1 }, flat), activationOn: "2026-01-01", terminationOn: null };
        expect(monthDueCents(item, "2027-01")).toBe(cents);
      }),
    );
  });
});

describe("parseEurosToCents", () => {
  it("reads euros with a comma or a dot, spaces and the € sign", () => {
    expect(parseEurosToCents("12,50")).toEqual({ cents: 1250 });
    expect(parseEurosToCents("12.5")).toEqual({ cents: 1250 });
    expect(parseEurosToCents("1 234 €")).toEqual({ cents: 123400 });
    expect(parseEurosToCents("0")).toEqual({ cents: 0 });
  });
  it("refuses more than 2 decimals, a negative amount, text", () => {
    expect(parseEurosToCents("12,505")).toEqual({ problem: "Le montant a au plus 2 décimales (centimes)." });
    expect(parseEurosToCents("-5")).toEqual({ problem: "Le montant ne peut pas être négatif." });
    expect(parseEurosToCents("douze")).toEqual({ problem: "Indiquez un montant en euros, par exemple 12,50." });
    expect(parseEurosToCents("")).toEqual({ problem: "Indiquez un montant en euros." });
  });
});
