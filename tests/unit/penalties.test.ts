import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addDays } from "@/lib/domain/calendar-day";
import {
  countedPayments,
  formatRateBp,
  halfYearLabel,
  halfYearStart,
  invoicePenalty,
  notSubjectToVatViolations,
  parseHalfYear,
  parseLegalRate,
  penaltyLines,
  type PenaltyPayment,
  type VatFacts,
} from "@/lib/domain/penalties";

const pay = (kind: PenaltyPayment["kind"], amountCents: number, receivedOn: string): PenaltyPayment => ({ kind, amountCents, receivedOn });

describe("the penalty of one invoice (SPEC §13)", () => {
  it("SPEC's example: 1 200,00 € due 07/04/2026 paid 22/04/2026 → 15 days at 12 % → 5,92 € + 40,00 €", () => {
    const penalty = invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 120_000n, payments: [pay("VIREMENT", 120_000, "2026-04-22")], legalRateBp: 300 });
    expect(penalty).toEqual({
      dueOn: "2026-04-07", settledOn: "2026-04-22", rateBp: 1200,
      portions: [{ amountCents: 120_000, receivedOn: "2026-04-22", days: 15, interestCents: 592 }],
      interestCents: 592, indemnityCents: 4000, totalCents: 4592,
    });
  });

  it("SPEC's example with a returned debit: collected 07/04, returned 10/04, transfer 22/04 → 15 days on 1 200 €", () => {
    const payments = [pay("PRELEVEMENT", 120_000, "2026-04-07"), pay("REJET", -120_000, "2026-04-10"), pay("VIREMENT", 120_000, "2026-04-22")];
    const penalty = invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 120_000n, payments, legalRateBp: 300 })!;
    expect(penalty.portions).toEqual([{ amountCents: 120_000, receivedOn: "2026-04-22", days: 15, interestCents: 592 }]);
    expect(penalty.totalCents).toBe(4592);
  });

  it("owes nothing for a debit the bank booked after the due date: the operator takes it, the customer was on time", () => {
    expect(invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 120_000n, payments: [pay("PRELEVEMENT", 120_000, "2026-04-08")], legalRateBp: 300 })).toBeNull();
    // Booked late, then returned: the transfer that pays it is what counts.
    const payments = [pay("PRELEVEMENT", 120_000, "2026-04-09"), pay("REJET", -120_000, "2026-04-14"), pay("VIREMENT", 120_000, "2026-04-22")];
    expect(invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 120_000n, payments, legalRateBp: 300 })!.portions).toEqual([{ amountCents: 120_000, receivedOn: "2026-04-22", days: 15, interestCents: 592 }]);
  });

  it("uses 3 × the legal rate when it exceeds 12 %", () => {
    const penalty = invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 120_000n, payments: [pay("VIREMENT", 120_000, "2026-04-22")], legalRateBp: 721 })!;
    expect(penalty.rateBp).toBe(2163);
    // 1 200 × 21,63 % × 15 / 365 = 10,667… → 10,67 €
    expect(penalty.interestCents).toBe(1067);
  });

  it("counts each partial payment on its own: on time ones owe nothing, late ones their days", () => {
    const payments = [pay("VIREMENT", 50_000, "2026-04-01"), pay("CHEQUE", 30_000, "2026-04-17"), pay("VIREMENT", 40_000, "2026-05-07")];
    const penalty = invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 120_000n, payments, legalRateBp: 0 })!;
    expect(penalty.settledOn).toBe("2026-05-07");
    expect(penalty.portions).toEqual([
      // 300 × 12 % × 10 / 365 = 0,986 → 0,99 € ; 400 × 12 % × 30 / 365 = 3,945 → 3,95 €
      { amountCents: 30_000, receivedOn: "2026-04-17", days: 10, interestCents: 99 },
      { amountCents: 40_000, receivedOn: "2026-05-07", days: 30, interestCents: 395 },
    ]);
    expect(penalty.interestCents).toBe(494);
    expect(penalty.totalCents).toBe(4494);
  });

  it("is null when paid by the due date, or not paid in full", () => {
    expect(invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 120_000n, payments: [pay("PRELEVEMENT", 120_000, "2026-04-07")], legalRateBp: 300 })).toBeNull();
    expect(invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 120_000n, payments: [pay("VIREMENT", 119_999, "2026-04-22")], legalRateBp: 300 })).toBeNull();
    // Collected on time, then returned: not settled.
    expect(invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 120_000n, payments: [pay("PRELEVEMENT", 120_000, "2026-04-07"), pay("REJET", -120_000, "2026-04-10")], legalRateBp: 300 })).toBeNull();
  });

  it("charges the 40 € even when the interest rounds to nothing (a day late on a small amount)", () => {
    const penalty = invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 1000n, payments: [pay("VIREMENT", 1000, "2026-04-08")], legalRateBp: 300 })!;
    expect(penalty).toMatchObject({ interestCents: 0, indemnityCents: 4000, totalCents: 4000 });
    expect(penaltyLines("F00000042", penalty).map((l) => l.kind)).toEqual(["INDEMNITE_RECOUVREMENT"]);
  });
});

describe("the amounts that stayed (returns cancel the collection they reverse)", () => {
  it("a partial return takes back part of the latest debit; other payments stay", () => {
    const counted = countedPayments(100_000n, [pay("VIREMENT", 20_000, "2026-04-02"), pay("PRELEVEMENT", 80_000, "2026-04-07"), pay("REJET", -30_000, "2026-04-09"), pay("CHEQUE", 30_000, "2026-04-20")]);
    expect(counted).toEqual([
      { amountCents: 20_000, receivedOn: "2026-04-02" },
      { amountCents: 50_000, receivedOn: "2026-04-07" },
      { amountCents: 30_000, receivedOn: "2026-04-20" },
    ]);
  });

  it("a return reverses the debit of its amount, not a later transfer", () => {
    const counted = countedPayments(100_000n, [pay("PRELEVEMENT", 100_000, "2026-04-07"), pay("VIREMENT", 100_000, "2026-04-09"), pay("REJET", -100_000, "2026-04-10")]);
    expect(counted).toEqual([{ amountCents: 100_000, receivedOn: "2026-04-09" }]);
  });

  it("keeps no more than the total", () => {
    expect(countedPayments(10_000n, [pay("VIREMENT", 6000, "2026-04-02"), pay("VIREMENT", 6000, "2026-04-03")])).toEqual([
      { amountCents: 6000, receivedOn: "2026-04-02" },
      { amountCents: 4000, receivedOn: "2026-04-03" },
    ]);
  });

  it("property: what counts never exceeds the total nor what was received net, and every amount is positive", () => {
    const payment = fc.record({
      kind: fc.constantFrom<PenaltyPayment["kind"]>("PRELEVEMENT", "VIREMENT", "CHEQUE", "REJET"),
      amount: fc.integer({ min: 1, max: 200_000 }),
      offset: fc.integer({ min: -20, max: 60 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300_000 }), fc.array(payment, { maxLength: 8 }), (total, list) => {
        const payments = list.map((p) => pay(p.kind, p.kind === "REJET" ? -p.amount : p.amount, addDays("2026-04-07", p.offset)));
        const counted = countedPayments(BigInt(total), payments);
        const sum = counted.reduce((s, c) => s + c.amountCents, 0);
        const net = payments.reduce((s, p) => s + Number(p.amountCents), 0);
        expect(sum).toBeLessThanOrEqual(total);
        expect(sum).toBeLessThanOrEqual(Math.max(0, net));
        for (const c of counted) expect(c.amountCents).toBeGreaterThan(0);
        const penalty = invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: BigInt(total), payments, legalRateBp: 300 });
        if (penalty) {
          expect(penalty.indemnityCents).toBe(4000);
          expect(penalty.interestCents).toBe(penalty.portions.reduce((s, p) => s + p.interestCents, 0));
          for (const p of penalty.portions) expect(p.days).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe("the half-year whose legal rate applies (the due date's)", () => {
  it("is January–June or July–December", () => {
    expect(halfYearStart("2026-04-07")).toBe("2026-01-01");
    expect(halfYearStart("2026-06-30")).toBe("2026-01-01");
    expect(halfYearStart("2026-07-01")).toBe("2026-07-01");
    expect(halfYearStart("2026-12-31")).toBe("2026-07-01");
    expect(halfYearLabel("2026-01-01")).toBe("1er semestre 2026");
    expect(halfYearLabel("2026-07-01")).toBe("2e semestre 2026");
  });
});

describe("the penalty invoice's lines", () => {
  it("name the invoice, the days and the rate; the indemnity cites L441-10", () => {
    const penalty = invoicePenalty({ dueOn: "2026-04-07", totalTtcCents: 120_000n, payments: [pay("VIREMENT", 120_000, "2026-04-22")], legalRateBp: 300 })!;
    expect(penaltyLines("F00000123", penalty)).toEqual([
      {
        kind: "PENALITES_RETARD", amountCents: 592,
        label: "Pénalités de retard — facture F00000123 : 15 jours au taux de 12\u00A0%",
        detail: "Échéance le 07/04/2026 ; 1\u00A0200,00\u00A0€ reçus le 22/04/2026 × 12\u00A0% × 15 j / 365 = 5,92\u00A0€",
      },
      {
        kind: "INDEMNITE_RECOUVREMENT", amountCents: 4000,
        label: "Indemnité forfaitaire pour frais de recouvrement — facture F00000123",
        detail: "Échéance le 07/04/2026, payée le 22/04/2026 (art. L441-10 du Code de commerce)",
      },
    ]);
    expect(formatRateBp(2163)).toBe("21,63\u00A0%");
    expect(formatRateBp(1995)).toBe("19,95\u00A0%");
  });
});

describe("the legal rate form", () => {
  it("reads a percentage with a comma or a dot, at most 2 decimals, 0 to 20 %", () => {
    expect(parseLegalRate("7,21")).toEqual({ bp: 721 });
    expect(parseLegalRate(" 7.21 % ")).toEqual({ bp: 721 });
    expect(parseLegalRate("0")).toEqual({ bp: 0 });
    expect(parseLegalRate("20")).toEqual({ bp: 2000 });
    expect(parseLegalRate("3,5")).toEqual({ bp: 350 });
    expect(parseLegalRate("")).toEqual({ problem: "Indiquez le taux d'intérêt légal en pourcentage, par exemple 7,21." });
    expect(parseLegalRate("sept")).toEqual({ problem: "Indiquez le taux en pourcentage, par exemple 7,21." });
    expect(parseLegalRate("-1")).toEqual({ problem: "Indiquez le taux en pourcentage, par exemple 7,21." });
    expect(parseLegalRate("7,215")).toEqual({ problem: "Le taux a au plus 2 décimales, par exemple 7,21." });
    expect(parseLegalRate("20,01")).toEqual({ problem: "Le taux doit être compris entre 0 et 20 %." });
  });

  it("reads the half-year as a year and S1 or S2", () => {
    expect(parseHalfYear("2026", "S1")).toEqual({ start: "2026-01-01" });
    expect(parseHalfYear(" 2026 ", "S2")).toEqual({ start: "2026-07-01" });
    expect(parseHalfYear("26", "S1")).toEqual({ field: "year", problem: "Indiquez l'année sur 4 chiffres, entre 2000 et 2099 (par exemple 2026)." });
    expect(parseHalfYear("2026", "S3")).toEqual({ field: "half", problem: "Choisissez le semestre : S1 (janvier à juin) ou S2 (juillet à décembre)." });
  });
});

describe("EN 16931 category O rules (BR-O-01 … BR-O-14)", () => {
  const valid: VatFacts = {
    lines: [{ id: "1", category: "O", ratePercent: null, netCents: 592 }, { id: "2", category: "O", ratePercent: null, netCents: 4000 }],
    breakdown: [{ category: "O", ratePercent: null, taxableCents: 4592, taxCents: 0, exemptionReason: "Non soumis à TVA", exemptionReasonCode: "VATEX-EU-O" }],
    allowances: [], charges: [], sellerVatId: null, sellerTaxRepresentativeVatId: null, buyerVatId: null,
  };

  it("accepts a penalty invoice: O lines without rate, one O breakdown at zero with its reason, no VAT number", () => {
    expect(notSubjectToVatViolations(valid)).toEqual([]);
  });

  it("says nothing about a standard-rated invoice", () => {
    expect(notSubjectToVatViolations({
      ...valid, lines: [{ id: "1", category: "S", ratePercent: 20, netCents: 1000 }],
      breakdown: [{ category: "S", ratePercent: 20, taxableCents: 1000, taxCents: 200, exemptionReason: null, exemptionReasonCode: null }],
      sellerVatId: "FR61451234567", buyerVatId: "FR40812345678",
    })).toEqual([]);
  });

  it("names each rule broken, in French", () => {
    expect(notSubjectToVatViolations({ ...valid, sellerVatId: "FR61451234567", buyerVatId: "FR40812345678" })).toEqual([
      "BR-O-02 : une facture ayant une ligne de catégorie O (non soumise à la TVA) ne porte aucun numéro de TVA ; celle-ci porte celui du vendeur (BT-31 : FR61451234567), celui de l'acheteur (BT-48 : FR40812345678).",
    ]);
    expect(notSubjectToVatViolations({ ...valid, lines: [{ ...valid.lines[0], ratePercent: 0 }, valid.lines[1]] })).toEqual([
      "BR-O-05 : la ligne 1, non soumise à la TVA, ne porte pas de taux de TVA (BT-152 : 0).",
    ]);
    const breakdown = valid.breakdown[0];
    expect(notSubjectToVatViolations({ ...valid, breakdown: [{ ...breakdown, taxableCents: 4000, taxCents: 1, exemptionReason: null, exemptionReasonCode: " " }] })).toEqual([
      "BR-O-08 : la base de la catégorie O (BT-116 : 40,00\u00A0€) doit égaler la somme de ses lignes, remises déduites et frais ajoutés (45,92\u00A0€).",
      "BR-O-09 : le montant de TVA de la catégorie O (BT-117) est nul, pas 0,01\u00A0€.",
      "BR-O-10 : le récapitulatif de catégorie O porte un motif d'exonération (BT-120) ou son code (BT-121).",
    ]);
    expect(notSubjectToVatViolations({ ...valid, breakdown: [] })).toEqual([
      "BR-O-01 : une facture non soumise à la TVA porte exactement un récapitulatif de TVA de catégorie O (elle en porte 0).",
    ]);
  });

  it("forbids mixing O with another category (BR-O-11 to BR-O-14)", () => {
    const mixed: VatFacts = {
      ...valid,
      lines: [...valid.lines, { id: "3", category: "S", ratePercent: 20, netCents: 1500 }],
      breakdown: [...valid.breakdown, { category: "S", ratePercent: 20, taxableCents: 1500, taxCents: 300, exemptionReason: null, exemptionReasonCode: null }],
      allowances: [{ category: "S", ratePercent: 20, amountCents: 100 }],
      charges: [{ category: "S", ratePercent: 20, amountCents: 100 }],
    };
    expect(notSubjectToVatViolations(mixed)).toEqual([
      "BR-O-11 : une facture non soumise à la TVA ne porte pas d'autre catégorie de TVA dans ses récapitulatifs (S).",
      "BR-O-12 : une facture non soumise à la TVA n'a que des lignes de catégorie O (lignes 3 (S)).",
      "BR-O-13 : une facture non soumise à la TVA n'a que des remises de catégorie O.",
      "BR-O-14 : une facture non soumise à la TVA n'a que des frais de catégorie O.",
    ]);
  });
});
