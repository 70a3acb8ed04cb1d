import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseCatalogueCsv } from "@/lib/domain/catalogue-csv";
import {
  BYTES_PER_GO, centiCentsInput, eurosInput, goInput, newOfferSchema, newPriceSchema, offerEditSchema, offerFormValues, parseEurosToCentiCents, readOfferForm, type OfferFormInput,
} from "@/lib/domain/offer-form";

const empty: OfferFormInput = {
  code: "", name: "", family: "", planCategory: "", allowanceGo: "", overageMode: "", meteredPricePerMib: "", cap: "", roamingCap: "", optionOfFamily: "",
  monthlyFee: "", oneOffFee: "", commitmentMonths: "", renewalMonths: "", noticeMonths: "", terminationFeePerLine: "", voiceChannelsPerUnit: "",
  unlimitedCalls: false, gtr: false,
};
const access: OfferFormInput = { ...empty, code: "acc-fibre-1g", name: "Accès fibre 1 Gb/s", family: "IP_ACCESS_FIBRE", monthlyFee: "149,90", oneOffFee: "299", commitmentMonths: "36", renewalMonths: "12", noticeMonths: "1", gtr: true };
const errorsOf = (input: OfferFormInput, mode: "create" | "edit" = "create") => {
  const read = readOfferForm(input, mode);
  return "errors" in read ? read.errors : {};
};

describe("parseEurosToCentiCents (a metered price per Mio, SPEC §9: 0,01 € / Mio)", () => {
  it("reads euros with up to 4 decimals in hundredths of a cent", () => {
    expect(parseEurosToCentiCents("0,01")).toEqual({ centiCents: 100 });
    expect(parseEurosToCentiCents("0.0125")).toEqual({ centiCents: 125 });
    expect(parseEurosToCentiCents("1")).toEqual({ centiCents: 10_000 });
    expect(parseEurosToCentiCents(" 0,5 € ")).toEqual({ centiCents: 5_000 });
    expect(parseEurosToCentiCents("0")).toEqual({ centiCents: 0 });
  });

  it("refuses 5 decimals, a negative amount, text and too much, in French", () => {
    expect(parseEurosToCentiCents("0,00001")).toEqual({ problem: "Le prix au Mio a au plus 4 décimales (centièmes de centime)." });
    expect(parseEurosToCentiCents("-0,01")).toEqual({ problem: "Le montant ne peut pas être négatif." });
    expect(parseEurosToCentiCents("un centime")).toEqual({ problem: "Indiquez un montant en euros, par exemple 0,01." });
    expect(parseEurosToCentiCents("")).toEqual({ problem: "Indiquez un montant en euros." });
    expect(parseEurosToCentiCents("10000,0001")).toEqual({ problem: "Le prix au Mio ne peut pas dépasser 10 000 €." });
  });

  it("reads back what centiCentsInput writes", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000_000 }), (n) => {
      expect(parseEurosToCentiCents(centiCentsInput(n))).toEqual({ centiCents: n });
    }));
    expect(centiCentsInput(100)).toBe("0,01");
    expect(centiCentsInput(125)).toBe("0,0125");
    expect(centiCentsInput(12_340)).toBe("1,234");
    expect(centiCentsInput(null)).toBe("");
  });
});

describe("the form's own inputs", () => {
  it("writes cents and bytes as typed", () => {
    expect(eurosInput(1250)).toBe("12,50");
    expect(eurosInput(5)).toBe("0,05");
    expect(eurosInput(null)).toBe("");
    expect(goInput(20n * BYTES_PER_GO)).toBe("20");
    expect(goInput(null)).toBe("");
  });
});

describe("readOfferForm (SPEC §11: every field of an offer)", () => {
  it("turns an access into a CatalogueOffer: code in capitals, euros in cents, on sale", () => {
    expect(readOfferForm(access, "create")).toEqual({
      offer: {
        code: "ACC-FIBRE-1G", name: "Accès fibre 1 Gb/s", family: "IP_ACCESS_FIBRE", planCategory: null, monthlyFeeCents: 14_990, oneOffFeeCents: 29_900,
        commitmentMonths: 36, renewalMonths: 12, noticeMonths: 1, terminationFeePerLineCents: null, dataAllowanceBytes: null, overageMode: null,
        meteredPricePerMibCentiCents: null, capCents: null, roamingCapCents: null, optionOfFamily: null, voiceChannelsPerUnit: null, unlimitedCalls: false, gtr: true, active: true,
      },
    });
  });

  it("reads an OpenSIM plan: Go in bytes (× 2³⁰), a metered plan's price per Mio and cap", () => {
    const plan = readOfferForm({ ...access, code: "SIM-100", family: "OPENSIM", planCategory: "DATA_DATA_AU_GO", overageMode: "THROTTLED", allowanceGo: "100", roamingCap: "30", gtr: false }, "create");
    expect(plan).toMatchObject({ offer: { dataAllowanceBytes: 107_374_182_400n, overageMode: "THROTTLED", planCategory: "DATA_DATA_AU_GO", roamingCapCents: 3000 } });
    const metered = readOfferForm({ ...access, code: "SIM-CPT", family: "OPENSIM", planCategory: "VOIX_DATA_COMPTEUR", overageMode: "METERED", meteredPricePerMib: "0,01", cap: "30", gtr: false }, "create");
    expect(metered).toMatchObject({ offer: { dataAllowanceBytes: null, meteredPricePerMibCentiCents: 100, capCents: 3000 } });
  });

  it("reads a trunk without commitment and an option", () => {
    expect(readOfferForm({ ...access, code: "TRUNK-8", family: "IP_TELEPHONY", commitmentMonths: "0", renewalMonths: "0", terminationFeePerLine: "150", voiceChannelsPerUnit: "8", unlimitedCalls: true, gtr: false }, "create"))
      .toMatchObject({ offer: { terminationFeePerLineCents: 15_000, voiceChannelsPerUnit: 8, unlimitedCalls: true, commitmentMonths: 0 } });
    expect(readOfferForm({ ...access, code: "OPT-X", family: "OPTION", optionOfFamily: "IP_ACCESS_FIBRE", oneOffFee: "" }, "create")).toMatchObject({ offer: { optionOfFamily: "IP_ACCESS_FIBRE", oneOffFeeCents: 0 } });
  });

  it("refuses every bad field at once, each with its French message", () => {
    expect(errorsOf({ ...empty, code: "é!", monthlyFee: "12,505", oneOffFee: "-5", commitmentMonths: "2,5", noticeMonths: "13", family: "MOBILE" })).toEqual({
      code: ["Le code compte 1 à 40 caractères : lettres sans accent, chiffres, - et _."],
      name: ["Indiquez le nom de l'offre."],
      family: ["Choisissez la famille de l'offre."],
      monthlyFee: ["Le montant a au plus 2 décimales (centimes)."],
      oneOffFee: ["Le montant ne peut pas être négatif."],
      commitmentMonths: ["Indiquez un nombre entier de mois entre 0 et 120."],
      renewalMonths: ["Indiquez un nombre de mois entre 0 et 120."],
      noticeMonths: ["Indiquez un nombre entier de mois entre 0 et 12."],
    });
  });

  it("asks an OpenSIM plan for its category, overage mode and allowance; a metered one for its price per Mio", () => {
    expect(errorsOf({ ...access, family: "OPENSIM" })).toEqual({
      planCategory: ["Choisissez la catégorie du forfait OpenSIM."],
      overageMode: ["Choisissez ce qui se passe au-delà du forfait : bloqué, débit réduit ou au compteur."],
    });
    expect(errorsOf({ ...access, family: "OPENSIM", planCategory: "DATA_ONLY", overageMode: "BLOCKED" })).toEqual({ allowanceGo: ["Indiquez un nombre de Go entre 1 et 100\u00A0000."] });
    expect(errorsOf({ ...access, family: "OPENSIM", planCategory: "DATA_ONLY", overageMode: "BLOCKED", allowanceGo: "5,5", cap: "30" })).toEqual({
      allowanceGo: ["Indiquez un nombre entier de Go entre 1 et 100\u00A0000."],
      cap: ["Le plafond ne concerne que les forfaits au compteur."],
    });
    expect(errorsOf({ ...access, family: "OPENSIM", planCategory: "VOIX_DATA_COMPTEUR", overageMode: "METERED", allowanceGo: "5" })).toEqual({
      allowanceGo: ["Un forfait au compteur n'a pas de volume inclus : laissez ce champ vide."],
      meteredPricePerMib: ["Indiquez le prix au Mio du forfait au compteur."],
    });
    expect(errorsOf({ ...access, family: "OPENSIM", planCategory: "VOIX_DATA_COMPTEUR", overageMode: "METERED", meteredPricePerMib: "0,00001" })).toEqual({
      meteredPricePerMib: ["Le prix au Mio a au plus 4 décimales (centièmes de centime)."],
    });
  });

  it("asks an option for its family, and refuses fields that belong to another family", () => {
    expect(errorsOf({ ...access, family: "OPTION" })).toEqual({ optionOfFamily: ["Choisissez la famille des offres auxquelles l'option s'ajoute."] });
    expect(errorsOf({ ...access, family: "OPTION", optionOfFamily: "OPTION" })).toEqual({ optionOfFamily: ["Choisissez la famille des offres auxquelles l'option s'ajoute."] });
    expect(errorsOf({ ...access, planCategory: "DATA_ONLY", allowanceGo: "5", optionOfFamily: "IP_ACCESS_FIBRE", voiceChannelsPerUnit: "4", roamingCap: "30" })).toEqual({
      planCategory: ["La catégorie ne concerne que les forfaits OpenSIM."],
      allowanceGo: ["Le volume inclus ne concerne que les forfaits OpenSIM."],
      roamingCap: ["Le plafond hors de France ne concerne que les forfaits OpenSIM."],
      optionOfFamily: ["La famille de rattachement ne concerne que les options."],
      voiceChannelsPerUnit: ["Les canaux voix ne concernent que la téléphonie IP."],
    });
  });

  it("refuses a name too long or with a control character", () => {
    expect(errorsOf({ ...access, name: "x".repeat(121) })).toEqual({ name: ["Le nom compte au plus 120 caractères."] });
    expect(errorsOf({ ...access, name: "Accès\u0007" })).toEqual({ name: ["Le nom contient un caractère non autorisé."] });
  });

  it("in edit mode, reads neither the code nor the fees", () => {
    expect(errorsOf({ ...access, code: "", monthlyFee: "", oneOffFee: "abc" }, "edit")).toEqual({});
  });
});

describe("the zod schemas", () => {
  it("give the form's field errors by path", () => {
    const parsed = newOfferSchema.safeParse({ ...access, monthlyFee: "12,505", name: "" });
    expect(parsed.success).toBe(false);
    expect(z.flattenError(parsed.error!).fieldErrors).toEqual({ monthlyFee: ["Le montant a au plus 2 décimales (centimes)."], name: ["Indiquez le nom de l'offre."] });
  });

  it("an edit leaves out the code, the fees and the sale state", () => {
    const parsed = offerEditSchema.parse({ ...access, code: "", monthlyFee: "", oneOffFee: "" });
    expect(parsed).not.toHaveProperty("code");
    expect(parsed).not.toHaveProperty("monthlyFeeCents");
    expect(parsed).not.toHaveProperty("active");
    expect(parsed).toMatchObject({ name: "Accès fibre 1 Gb/s", gtr: true });
  });
});

describe("offerFormValues (the edit form's defaults)", () => {
  it("reads back every offer of the demo catalogue as it is: the form can show and keep each of them", () => {
    const { records, rejected } = parseCatalogueCsv(readFileSync("prisma/demo-catalogue.csv", "utf8"));
    expect(rejected).toEqual([]);
    expect(records.length).toBeGreaterThan(10);
    for (const { offer } of records) {
      const values = offerFormValues(offer);
      const input = { ...empty, ...values, unlimitedCalls: values.unlimitedCalls === "on", gtr: values.gtr === "on" };
      expect(readOfferForm(input, "create")).toEqual({ offer });
    }
  });
});

describe("newPriceSchema (Publier un nouveau prix)", () => {
  it("reads a date and two fees in euros", () => {
    expect(newPriceSchema.parse({ effectiveOn: "2026-04-10", monthlyFee: "55", oneOffFee: "99,00" })).toEqual({ effectiveOn: "2026-04-10", monthlyFeeCents: 5500, oneOffFeeCents: 9900 });
  });

  it("refuses a bad date and bad amounts on their fields", () => {
    const parsed = newPriceSchema.safeParse({ effectiveOn: "2026-02-30", monthlyFee: "55,001", oneOffFee: "-1" });
    expect(z.flattenError(parsed.error!).fieldErrors).toEqual({
      effectiveOn: ["Saisissez une date d'effet valide (jj/mm/aaaa)."],
      monthlyFee: ["Le montant a au plus 2 décimales (centimes)."],
      oneOffFee: ["Le montant ne peut pas être négatif."],
    });
  });
});
