/**
 * Bank account identifiers of SPEC §12 (SEPA mandates, the operator's collection account): IBAN (ISO 13616,
 * mod 97, each country's length) and BIC (ISO 9362), checked by ibantools.
 */
import { electronicFormatIBAN, extractIBAN, getCountrySpecifications, validateBIC, validateIBAN, ValidationErrorsIBAN } from "ibantools";

/** `fr76 3000 6000 …` → `FR763000600…` (spaces, dots and dashes dropped, upper case). */
export function normalizeIban(input: string): string {
  return electronicFormatIBAN(input.replace(/[\s.]/g, "")) ?? "";
}

/** Why `input` is not an IBAN, in French, or null. */
export function ibanProblem(input: string): string | null {
  const iban = normalizeIban(input);
  if (iban === "") return "L'IBAN est obligatoire.";
  const { valid, errorCodes } = validateIBAN(iban);
  if (valid) return null;
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry)) return "L'IBAN doit commencer par un code pays connu (FR…).";
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength)) {
    const country = iban.slice(0, 2);
    return `Cet IBAN a ${iban.length} caractères : un IBAN ${country} en compte ${getCountrySpecifications()[country]?.chars ?? "un autre nombre"}.`;
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) return "Cet IBAN ne respecte pas le format de son pays.";
  return "Cet IBAN n'est pas valide (clé de contrôle incorrecte).";
}

/** `agri frpp xxx` → `AGRIFRPPXXX`. */
export function normalizeBic(input: string): string {
  return input.replace(/\s/g, "").toUpperCase();
}

/** Why `input` is not a BIC (8 or 11 characters: bank, country, location, branch), in French, or null. */
export function bicProblem(input: string): string | null {
  return validateBIC(normalizeBic(input)).valid ? null : "Le BIC doit comporter 8 ou 11 caractères (banque, pays, ville, agence), par exemple AGRIFRPPXXX.";
}

/**
 * Whether two accounts are held at the same bank: the IBANs' bank identifiers (country and bank code), or the
 * first 8 characters of the BICs when the country gives no bank code. A change of bank is an SMNDA amendment (§13).
 */
export function sameBank(a: { iban: string; bic: string | null }, b: { iban: string; bic: string | null }): boolean {
  const left = extractIBAN(a.iban);
  const right = extractIBAN(b.iban);
  if (left.countryCode !== right.countryCode) return false;
  if (left.bankIdentifier && right.bankIdentifier) return left.bankIdentifier === right.bankIdentifier;
  if (a.bic && b.bic) return a.bic.slice(0, 8) === b.bic.slice(0, 8);
  return false;
}

/**
 * SEPA countries and territories outside the EEA (EPC409-09): a debit to a bank there must carry the debtor's
 * address (EPC SDD Core rulebook 2023, AT-09). Jersey, Guernsey and the Isle of Man use GB IBANs.
 */
const NON_EEA_SEPA = new Set(["AD", "AL", "CH", "GB", "GI", "MC", "MD", "ME", "MK", "RS", "SM", "VA"]);

/** Whether a debit to this IBAN must carry the debtor's postal address. */
export function needsDebtorAddress(iban: string): boolean {
  return NON_EEA_SEPA.has(normalizeIban(iban).slice(0, 2));
}
