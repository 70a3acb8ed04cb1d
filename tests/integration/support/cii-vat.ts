// The VAT facts of a factur-x.xml (CII, EN 16931 profile), read from the XML itself, for the category O rules
// (lib/domain/penalties.ts) to be checked on what is actually embedded.
import type { VatFacts } from "@/lib/domain/penalties";

const all = (xml: string, element: string) => [...xml.matchAll(new RegExp(`<ram:${element}>([\\s\\S]*?)</ram:${element}>`, "g"))].map((m) => m[1]);
const first = (xml: string, element: string): string | null => new RegExp(`<ram:${element}(?: [^>]*)?>([^<]*)</ram:${element}>`).exec(xml)?.[1] ?? null;
const cents = (amount: string | null) => Math.round(Number(amount ?? "0") * 100);
const rate = (xml: string) => (first(xml, "RateApplicablePercent") === null ? null : Number(first(xml, "RateApplicablePercent")));
const vatId = (party: string | undefined) => (party ? /<ram:ID schemeID="VA">([^<]+)<\/ram:ID>/.exec(party)?.[1] ?? null : null);

export function vatFactsFromCii(xml: string): VatFacts {
  const settlement = all(xml, "ApplicableHeaderTradeSettlement")[0] ?? "";
  const agreement = all(xml, "ApplicableHeaderTradeAgreement")[0] ?? "";
  const allowanceCharges = all(settlement, "SpecifiedTradeAllowanceCharge").map((ac) => ({
    charge: /<udt:Indicator>true<\/udt:Indicator>/.test(ac),
    category: first(ac, "CategoryCode") ?? "",
    ratePercent: rate(ac),
    amountCents: cents(first(ac, "ActualAmount")),
  }));
  return {
    lines: all(xml, "IncludedSupplyChainTradeLineItem").map((item) => {
      const tax = all(item, "ApplicableTradeTax")[0] ?? "";
      return { id: first(item, "LineID") ?? "", category: first(tax, "CategoryCode") ?? "", ratePercent: rate(tax), netCents: cents(first(all(item, "SpecifiedTradeSettlementLineMonetarySummation")[0] ?? "", "LineTotalAmount")) };
    }),
    // The header's own ApplicableTradeTax elements (BG-23): those of the allowances and charges sit inside them.
    breakdown: all(settlement.replace(/<ram:SpecifiedTradeAllowanceCharge>[\s\S]*?<\/ram:SpecifiedTradeAllowanceCharge>/g, ""), "ApplicableTradeTax").map((tax) => ({
      category: first(tax, "CategoryCode") ?? "",
      ratePercent: rate(tax),
      taxableCents: cents(first(tax, "BasisAmount")),
      taxCents: cents(first(tax, "CalculatedAmount")),
      exemptionReason: first(tax, "ExemptionReason"),
      exemptionReasonCode: first(tax, "ExemptionReasonCode"),
    })),
    allowances: allowanceCharges.filter((a) => !a.charge).map(({ category, ratePercent, amountCents }) => ({ category, ratePercent, amountCents })),
    charges: allowanceCharges.filter((a) => a.charge).map(({ category, ratePercent, amountCents }) => ({ category, ratePercent, amountCents })),
    sellerVatId: vatId(all(agreement, "SellerTradeParty")[0]),
    sellerTaxRepresentativeVatId: vatId(all(agreement, "SellerTaxRepresentativeTradeParty")[0]),
    buyerVatId: vatId(all(agreement, "BuyerTradeParty")[0]),
  };
}
