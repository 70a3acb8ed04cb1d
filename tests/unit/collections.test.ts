import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addDays } from "@/lib/domain/calendar-day";
import {
  balanceCents,
  collectionDate,
  daysLate,
  dueDate,
  feasibleCollectionDate,
  fileDeadline,
  isTargetBusinessDay,
  latePaymentInterestCents,
  nextTargetBusinessDay,
  overThreshold,
  paymentState,
  penaltyRateBp,
  RECOVERY_INDEMNITY_CENTS,
  suspensionDay,
  settledOn,
} from "@/lib/domain/collections";
import { PAYMENT_STATE_LABELS } from "@/lib/domain/labels";

describe("TARGET calendar (SPEC §13)", () => {
  it("is closed on weekends, 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December", () => {
    for (const day of ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-12-25", "2026-12-26", "2026-04-04", "2026-04-05"]) {
      expect(isTargetBusinessDay(day), day).toBe(false);
    }
    // French holidays that are not TARGET holidays: Ascension, 14 July, 11 November.
    for (const day of ["2026-05-14", "2026-07-14", "2026-11-11", "2026-04-07", "2026-04-02"]) expect(isTargetBusinessDay(day), day).toBe(true);
  });

  it("moves a closed day to the next open one", () => {
    expect(nextTargetBusinessDay("2026-12-25")).toBe("2026-12-28");
    expect(nextTargetBusinessDay("2026-04-03")).toBe("2026-04-07");
    expect(nextTargetBusinessDay("2026-04-07")).toBe("2026-04-07");
  });
});

describe("collection and due dates (SPEC §13)", () => {
  it("SPEC's example: issued Wed 01/04/2026, 06/04 is Easter Monday, collected Tue 07/04/2026", () => {
    expect(collectionDate("2026-04-01")).toBe("2026-04-07");
    expect(dueDate("2026-04-01", { collected: true })).toBe("2026-04-07");
  });

  it("takes P from 2 to 14 days, and refuses anything else", () => {
    expect(collectionDate("2026-04-01", 2)).toBe("2026-04-07");
    expect(collectionDate("2026-04-01", 14)).toBe("2026-04-15");
    expect(() => collectionDate("2026-04-01", 1)).toThrow(RangeError);
    expect(() => collectionDate("2026-04-01", 15)).toThrow(RangeError);
  });

  it("by transfer: issue + 30 days by default, at most 60", () => {
    expect(dueDate("2026-04-01", { collected: false })).toBe("2026-05-01");
    expect(dueDate("2026-04-01", { collected: false, transferDays: 60 })).toBe("2026-05-31");
    expect(() => dueDate("2026-04-01", { collected: false, transferDays: 61 })).toThrow(RangeError);
  });

  it("writes a file 2 TARGET business days ahead, and moves the date when that is no longer possible", () => {
    // 06/04 (Easter Monday) and 03/04 (Good Friday) are closed: D-1 is 02/04, D-2 the issue day itself.
    expect(fileDeadline("2026-04-07")).toBe("2026-04-01");
    expect(feasibleCollectionDate("2026-04-07", "2026-04-01")).toBe("2026-04-07");
    expect(feasibleCollectionDate("2026-04-07", "2026-04-02")).toBe("2026-04-08");
    expect(feasibleCollectionDate("2026-04-07", "2026-04-03")).toBe("2026-04-09");
    expect(feasibleCollectionDate("2026-04-07", "2026-04-07")).toBe("2026-04-09");
  });

  it("never collects on a closed day, and always leaves 2 open days for the file (property)", () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays("2025-01-01", n));
    fc.assert(
      fc.property(day, fc.integer({ min: 2, max: 14 }), (issuedOn, p) => {
        const collected = collectionDate(issuedOn, p);
        return isTargetBusinessDay(collected) && collected > issuedOn && fileDeadline(collected) < collected;
      }),
    );
  });
});

describe("reminders and suspension (SPEC §13)", () => {
  it("SPEC's example: reminder Fri 10/04/2026 → suspended Sun 19/04/2026, the day after the 8th day", () => {
    expect(suspensionDay("2026-04-10")).toBe("2026-04-19");
  });
});

describe("late-payment penalties (SPEC §13)", () => {
  it("SPEC's example: 1 200,00 € due 07/04/2026 paid 22/04/2026 → 15 days → 5,92 €, plus 40,00 €", () => {
    expect(daysLate("2026-04-07", "2026-04-22")).toBe(15);
    expect(latePaymentInterestCents(120_000, penaltyRateBp(0), "2026-04-07", "2026-04-22")).toBe(592);
    expect(RECOVERY_INDEMNITY_CENTS).toBe(4000);
  });

  it("uses max(12 %, 3 × the legal rate), nothing when paid on time, each partial payment on its own", () => {
    expect(penaltyRateBp(350)).toBe(1200);
    expect(penaltyRateBp(465)).toBe(1395);
    expect(latePaymentInterestCents(120_000, 1200, "2026-04-07", "2026-04-07")).toBe(0);
    expect(latePaymentInterestCents(120_000, 1200, "2026-04-07", "2026-04-01")).toBe(0);
    // 600 € paid 5 days late and 600 € 15 days late: 0,99 € + 2,96 €.
    expect(latePaymentInterestCents(60_000, 1200, "2026-04-07", "2026-04-12")).toBe(99);
    expect(latePaymentInterestCents(60_000, 1200, "2026-04-07", "2026-04-22")).toBe(296);
  });

  it("rounds half up to the cent", () => {
    // 18,25 € at 10 % for one day is exactly half a cent; 18,24 € just under.
    expect(latePaymentInterestCents(1825, 1000, "2026-01-01", "2026-01-02")).toBe(1);
    expect(latePaymentInterestCents(1824, 1000, "2026-01-01", "2026-01-02")).toBe(0);
  });
});

describe("balance threshold (SPEC §13)", () => {
  it("SPEC's example: 320 € unpaid + 158,33 € HT of usage = 510 € over 500 € → suspended; 320 € received → 190 € → lifted", () => {
    const before = balanceCents(32_000, 15_833);
    expect(before).toBe(51_000);
    expect(overThreshold(before, 50_000)).toBe(true);
    const after = balanceCents(0, 15_833);
    expect(after).toBe(19_000);
    expect(overThreshold(after, 50_000)).toBe(false);
    expect(overThreshold(before, null)).toBe(false);
  });
});

describe("payment state (SPEC §13)", () => {
  const invoice = { amountDueCents: 120_000, paidCents: 0, dueOn: "2026-04-07", today: "2026-04-02", debit: "AUCUN" as const };

  it("follows SPEC's example: scheduled, then returned AM04 → Impayée, then paid by transfer → Payée", () => {
    expect(paymentState({ ...invoice, debit: "PROGRAMME" })).toBe("PRELEVEMENT_PROGRAMME");
    // Past its due date a debit in a collection stays scheduled until it is confirmed or comes back.
    expect(paymentState({ ...invoice, debit: "PROGRAMME", today: "2026-04-09" })).toBe("PRELEVEMENT_PROGRAMME");
    expect(paymentState({ ...invoice, debit: "REJETE", today: "2026-04-10" })).toBe("IMPAYEE");
    expect(paymentState({ ...invoice, debit: "REJETE", today: "2026-04-22", paidCents: 120_000 })).toBe("PAYEE");
    expect(PAYMENT_STATE_LABELS.IMPAYEE).toBe("Impayée");
  });

  it("by transfer: Émise, Partiellement payée, then En retard past the due date unless paid in full", () => {
    expect(paymentState(invoice)).toBe("EMISE");
    expect(paymentState({ ...invoice, paidCents: 50_000 })).toBe("PARTIELLEMENT_PAYEE");
    expect(paymentState({ ...invoice, today: "2026-04-07" })).toBe("EMISE");
    expect(paymentState({ ...invoice, today: "2026-04-08" })).toBe("EN_RETARD");
    expect(paymentState({ ...invoice, today: "2026-04-08", paidCents: 50_000 })).toBe("EN_RETARD");
    expect(paymentState({ ...invoice, today: "2026-04-08", paidCents: 130_000 })).toBe("PAYEE");
  });

  it("has nothing to collect on an invoice whose credit notes cover it", () => {
    expect(paymentState({ ...invoice, amountDueCents: 0, today: "2026-05-01" })).toBe("PAYEE");
  });
});

describe("settledOn", () => {
  const p = (amountCents: number, receivedOn: string) => ({ amountCents: BigInt(amountCents), receivedOn });
  it("is the day the payments, in date order, reach the total, whatever order they were recorded in", () => {
    expect(settledOn(120_000n, [p(120_000, "2026-04-07")])).toBe("2026-04-07");
    expect(settledOn(120_000n, [p(70_000, "2026-04-20"), p(50_000, "2026-04-10")])).toBe("2026-04-20");
    expect(settledOn(120_000n, [p(50_000, "2026-04-20"), p(80_000, "2026-04-10")])).toBe("2026-04-20");
    expect(settledOn(120_000n, [p(50_000, "2026-04-10")])).toBeNull();
  });
  it("a return undoes it until paid again (SPEC §13's example: collected 07/04, returned 10/04, transfer 22/04)", () => {
    expect(settledOn(120_000n, [p(120_000, "2026-04-07"), p(-120_000, "2026-04-10")])).toBeNull();
    expect(settledOn(120_000n, [p(120_000, "2026-04-07"), p(-120_000, "2026-04-10"), p(120_000, "2026-04-22")])).toBe("2026-04-22");
    expect(settledOn(0n, [])).toBeNull();
  });
});
