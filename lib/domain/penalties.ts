/**
 * Late-payment penalties (SPEC §13, seed 003 art. 8.6.1, Code de commerce L441-10), as pure rules: what one invoice
 * paid late owes (interest on each amount received late, and the 40 € indemnity once), the half-year whose legal rate
 * applies, the penalty invoice's lines, the legal-rate form's input, and the EN 16931 rules of VAT category O (*not
 * subject to VAT*) the penalty invoice must follow. Amounts in integer cents, days as `yyyy-MM-dd`.
 */
import { compareDays, formatFrenchDate, type CalendarDay } from "@/lib/domain/calendar-day";
import { daysLate, latePaymentInterestCents, penaltyRateBp, RECOVERY_INDEMNITY_CENTS, settledOn } from "@/lib/domain/collections";
import { formatEuros } from "@/lib/domain/money";

export type PenaltyPaymentKind = "PRELEVEMENT" | "VIREMENT" | "CHEQUE" | "REJET";

/** A payment of the invoice as stored: signed (a returned debit, kind REJET, is negative), in id order within a day. */
export type PenaltyPayment = { kind: PenaltyPaymentKind; amountCents: bigint | number; receivedOn: CalendarDay };

/** An amount that counts towards the invoice's total, with the day it was received. */
export type CountedPayment = { amountCents: number; receivedOn: CalendarDay };

/** One amount received after the due date, and its interest. */
export type LatePortion = CountedPayment & { days: number; interestCents: number };

export type InvoicePenalty = {
  dueOn: CalendarDay;
  settledOn: CalendarDay;
  rateBp: number;
  portions: LatePortion[];
  interestCents: number;
  indemnityCents: number;
  totalCents: number;
};

/** The first day (1 January or 1 July) of the half-year holding `day`: its legal interest rate applies. */
export function halfYearStart(day: CalendarDay): CalendarDay {
  return `${day.slice(0, 4)}-${Number(day.slice(5, 7)) <= 6 ? "01" : "07"}-01`;
}

/** `2026-01-01` → "1er semestre 2026", `2026-07-01` → "2e semestre 2026". */
export function halfYearLabel(start: CalendarDay): string {
  return `${start.slice(5, 7) === "01" ? "1er" : "2e"} semestre ${start.slice(0, 4)}`;
}

/**
 * The amounts that paid the invoice, oldest first: a returned debit cancels the collection it reverses (the latest
 * direct debit of its amount, else the latest direct debits, then the latest other payments), so that only the money
 * that stayed counts, on the day it came; amounts beyond the total were not owed to it.
 */
export function countedPayments(totalCents: bigint | number, payments: PenaltyPayment[]): CountedPayment[] {
  const total = BigInt(totalCents);
  const ordered = payments.map((p, i) => ({ ...p, amount: BigInt(p.amountCents), i })).sort((a, b) => compareDays(a.receivedOn, b.receivedOn) || a.i - b.i);
  const held: { kind: PenaltyPaymentKind; amount: bigint; receivedOn: CalendarDay }[] = [];
  let owedBack = 0n; // a return with nothing before it to cancel comes off the next amounts
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  for (const p of ordered) {
    if (p.amount >= 0n) {
      const taken = min(owedBack, p.amount);
      owedBack -= taken;
      if (p.amount > taken) held.push({ kind: p.kind, amount: p.amount - taken, receivedOn: p.receivedOn });
      continue;
    }
    let left = -p.amount;
    const exact = held.findLastIndex((h) => h.kind === "PRELEVEMENT" && h.amount === left);
    if (exact >= 0) {
      held.splice(exact, 1);
      continue;
    }
    for (const reverses of [(h: (typeof held)[number]) => h.kind === "PRELEVEMENT", () => true]) {
      for (let i = held.length - 1; i >= 0 && left > 0n; i--) {
        if (!reverses(held[i])) continue;
        const taken = min(left, held[i].amount);
        held[i].amount -= taken;
        left -= taken;
        if (held[i].amount === 0n) held.splice(i, 1);
      }
    }
    owedBack += left;
  }
  const counted: CountedPayment[] = [];
  let sum = 0n;
  for (const h of held) {
    if (sum >= total) break;
    const amount = min(h.amount, total - sum);
    counted.push({ amountCents: Number(amount), receivedOn: h.receivedOn });
    sum += amount;
  }
  return counted;
}

/**
 * What an invoice paid late owes (SPEC §13): interest at max(12 %, 3 × the legal rate of its due date's half-year) on
 * each amount received after the due date, for the days from the day after it through the day received, on 365 days,
 * each rounded half up; plus the 40 € indemnity once. Null when it is not settled, or settled by its due date.
 * Example: 1 200,00 € due 07/04/2026, paid 22/04/2026, legal rate ≤ 4 % → 15 days at 12 % → 5,92 € + 40,00 €.
 */
export function invoicePenalty(invoice: { dueOn: CalendarDay; totalTtcCents: bigint | number; payments: PenaltyPayment[]; legalRateBp: number }): InvoicePenalty | null {
  const total = BigInt(invoice.totalTtcCents);
  // A debit is taken by the operator: one the bank books after the due date was not paid late by the customer.
  const payments = invoice.payments.map((p) => (p.kind === "PRELEVEMENT" && compareDays(p.receivedOn, invoice.dueOn) > 0 ? { ...p, receivedOn: invoice.dueOn } : p));
  const settled = settledOn(total, payments.map((p) => ({ amountCents: BigInt(p.amountCents), receivedOn: p.receivedOn })));
  if (!settled || compareDays(settled, invoice.dueOn) <= 0) return null;
  const rateBp = penaltyRateBp(invoice.legalRateBp);
  const portions = countedPayments(total, payments)
    .map((p) => ({ ...p, days: daysLate(invoice.dueOn, p.receivedOn) }))
    .filter((p) => p.days > 0)
    .map((p) => ({ ...p, interestCents: latePaymentInterestCents(p.amountCents, rateBp, invoice.dueOn, p.receivedOn) }));
  const interestCents = portions.reduce((sum, p) => sum + p.interestCents, 0);
  return { dueOn: invoice.dueOn, settledOn: settled, rateBp, portions, interestCents, indemnityCents: RECOVERY_INDEMNITY_CENTS, totalCents: interestCents + RECOVERY_INDEMNITY_CENTS };
}

/** 1200 → "12 %", 2163 → "21,63 %". */
export function formatRateBp(rateBp: number): string {
  return `${rateBp % 100 === 0 ? String(rateBp / 100) : (rateBp / 100).toFixed(2).replace(".", ",")}\u00A0%`;
}

export type PenaltyLineKind = "PENALITES_RETARD" | "INDEMNITE_RECOUVREMENT";
export type PenaltyLine = { kind: PenaltyLineKind; label: string; detail: string; amountCents: number };

/** The penalty invoice's lines for one invoice paid late: the interest (when a cent or more), then the indemnity. */
export function penaltyLines(invoiceNumber: string, penalty: InvoicePenalty): PenaltyLine[] {
  const rate = formatRateBp(penalty.rateBp);
  const day = formatFrenchDate;
  const lines: PenaltyLine[] = [];
  if (penalty.interestCents > 0) {
    const [only] = penalty.portions;
    const label = penalty.portions.length === 1
      ? `Pénalités de retard — facture ${invoiceNumber} : ${only.days} jour${only.days > 1 ? "s" : ""} au taux de ${rate}`
      : `Pénalités de retard — facture ${invoiceNumber} : ${penalty.portions.length} paiements en retard au taux de ${rate}`;
    const parts = penalty.portions.map((p) => `${formatEuros(p.amountCents)} reçus le ${day(p.receivedOn)} × ${rate} × ${p.days} j / 365 = ${formatEuros(p.interestCents)}`);
    lines.push({ kind: "PENALITES_RETARD", label, detail: `Échéance le ${day(penalty.dueOn)} ; ${parts.join(" ; ")}`.slice(0, 300), amountCents: penalty.interestCents });
  }
  lines.push({
    kind: "INDEMNITE_RECOUVREMENT",
    label: `Indemnité forfaitaire pour frais de recouvrement — facture ${invoiceNumber}`,
    detail: `Échéance le ${day(penalty.dueOn)}, payée le ${day(penalty.settledOn)} (art. L441-10 du Code de commerce)`,
    amountCents: penalty.indemnityCents,
  });
  return lines;
}

/** The legal rate as ADV type it ("7,21", "7.21 %") in basis points, or the French reason it is not one: 0 to 20 %, 2 decimals. */
export function parseLegalRate(input: string): { bp: number } | { problem: string } {
  const compact = input.replace(/[\s\u00A0\u202F%]/g, "").replace(",", ".");
  if (compact === "") return { problem: "Indiquez le taux d'intérêt légal en pourcentage, par exemple 7,21." };
  const m = /^(\d{1,3})(?:\.(\d+))?$/.exec(compact);
  if (!m) return { problem: "Indiquez le taux en pourcentage, par exemple 7,21." };
  if ((m[2] ?? "").length > 2) return { problem: "Le taux a au plus 2 décimales, par exemple 7,21." };
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (bp > 2000) return { problem: "Le taux doit être compris entre 0 et 20 %." };
  return { bp };
}

/** The half-year picked on the form (a year and S1 or S2) as its first day, or the French reason it is not one. */
export function parseHalfYear(year: string, half: string): { start: CalendarDay } | { field: "year" | "half"; problem: string } {
  const y = year.trim();
  if (!/^\d{4}$/.test(y) || Number(y) < 2000 || Number(y) > 2099) return { field: "year", problem: "Indiquez l'année sur 4 chiffres, entre 2000 et 2099 (par exemple 2026)." };
  if (half !== "S1" && half !== "S2") return { field: "half", problem: "Choisissez le semestre : S1 (janvier à juin) ou S2 (juillet à décembre)." };
  return { start: `${y}-${half === "S1" ? "01" : "07"}-01` };
}

// ---------------------------------------------------------------------------------------------------
// EN 16931, VAT category O ("not subject to VAT"): rules BR-O-01 to BR-O-14

/** The VAT facts of an e-invoice as its XML carries them; rates as written (a percentage), null when absent. */
export type VatFacts = {
  lines: { id: string; category: string; ratePercent: number | null; netCents: number }[];
  breakdown: { category: string; ratePercent: number | null; taxableCents: number; taxCents: number; exemptionReason: string | null; exemptionReasonCode: string | null }[];
  /** Document level allowances (BG-20) and charges (BG-21): the portal writes none. */
  allowances: { category: string; ratePercent: number | null; amountCents: number }[];
  charges: { category: string; ratePercent: number | null; amountCents: number }[];
  sellerVatId: string | null;
  sellerTaxRepresentativeVatId: string | null;
  buyerVatId: string | null;
};

const O = "O";

/**
 * The EN 16931 rules of category O an e-invoice breaks, in French (empty when none, or when it has no category O).
 * The rules about allowances and charges (BR-O-03/04, 06/07, 13/14) apply to the portal's documents vacuously.
 */
export function notSubjectToVatViolations(f: VatFacts): string[] {
  const problems: string[] = [];
  const oLines = f.lines.filter((l) => l.category === O);
  const oAllowances = f.allowances.filter((a) => a.category === O);
  const oCharges = f.charges.filter((c) => c.category === O);
  const oBreakdown = f.breakdown.filter((b) => b.category === O);
  const usesO = oLines.length + oAllowances.length + oCharges.length + oBreakdown.length > 0;
  if (!usesO) return problems;
  const vatIds = [
    f.sellerVatId && `du vendeur (BT-31 : ${f.sellerVatId})`,
    f.sellerTaxRepresentativeVatId && `du représentant fiscal du vendeur (BT-63 : ${f.sellerTaxRepresentativeVatId})`,
    f.buyerVatId && `de l'acheteur (BT-48 : ${f.buyerVatId})`,
  ].filter(Boolean);
  const withVatIds = (rule: string, what: string) => {
    if (vatIds.length > 0) problems.push(`${rule} : une facture ayant ${what} de catégorie O (non soumise à la TVA) ne porte aucun numéro de TVA ; celle-ci porte celui ${vatIds.join(", celui ")}.`);
  };
  if (oLines.length + oAllowances.length + oCharges.length > 0 && oBreakdown.length !== 1) {
    problems.push(`BR-O-01 : une facture non soumise à la TVA porte exactement un récapitulatif de TVA de catégorie O (elle en porte ${oBreakdown.length}).`);
  }
  if (oLines.length > 0) withVatIds("BR-O-02", "une ligne");
  else if (oAllowances.length > 0) withVatIds("BR-O-03", "une remise");
  else if (oCharges.length > 0) withVatIds("BR-O-04", "des frais");
  for (const l of oLines) if (l.ratePercent !== null) problems.push(`BR-O-05 : la ligne ${l.id}, non soumise à la TVA, ne porte pas de taux de TVA (BT-152 : ${l.ratePercent}).`);
  for (const a of oAllowances) if (a.ratePercent !== null) problems.push("BR-O-06 : une remise non soumise à la TVA ne porte pas de taux de TVA (BT-96).");
  for (const c of oCharges) if (c.ratePercent !== null) problems.push("BR-O-07 : des frais non soumis à la TVA ne portent pas de taux de TVA (BT-103).");
  for (const b of oBreakdown) {
    const expected = oLines.reduce((s, l) => s + l.netCents, 0) - oAllowances.reduce((s, a) => s + a.amountCents, 0) + oCharges.reduce((s, c) => s + c.amountCents, 0);
    if (b.taxableCents !== expected) problems.push(`BR-O-08 : la base de la catégorie O (BT-116 : ${formatEuros(b.taxableCents)}) doit égaler la somme de ses lignes, remises déduites et frais ajoutés (${formatEuros(expected)}).`);
    if (b.taxCents !== 0) problems.push(`BR-O-09 : le montant de TVA de la catégorie O (BT-117) est nul, pas ${formatEuros(b.taxCents)}.`);
    if (!b.exemptionReason?.trim() && !b.exemptionReasonCode?.trim()) problems.push("BR-O-10 : le récapitulatif de catégorie O porte un motif d'exonération (BT-120) ou son code (BT-121).");
  }
  if (oBreakdown.length > 0) {
    const others = [...new Set(f.breakdown.filter((b) => b.category !== O).map((b) => b.category))];
    if (others.length > 0) problems.push(`BR-O-11 : une facture non soumise à la TVA ne porte pas d'autre catégorie de TVA dans ses récapitulatifs (${others.join(", ")}).`);
    const otherLines = f.lines.filter((l) => l.category !== O).map((l) => `${l.id} (${l.category})`);
    if (otherLines.length > 0) problems.push(`BR-O-12 : une facture non soumise à la TVA n'a que des lignes de catégorie O (lignes ${otherLines.join(", ")}).`);
    if (f.allowances.some((a) => a.category !== O)) problems.push("BR-O-13 : une facture non soumise à la TVA n'a que des remises de catégorie O.");
    if (f.charges.some((c) => c.category !== O)) problems.push("BR-O-14 : une facture non soumise à la TVA n'a que des frais de catégorie O.");
  }
  return problems;
}
