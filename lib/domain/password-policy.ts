/**
 * Password policy (SPEC §2): one function used by the form (live checklist), the server and the
 * tests. Characters are counted as Unicode code points after NFC normalisation, so "é" typed as
 * e + combining accent is one letter, not a letter and a special character.
 */
import { identifierSignificantDigits, normalizeUserIdentifier } from "@/lib/domain/identifiers";

export type PasswordRuleId = "length" | "uppercase" | "digit" | "special";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const PASSWORD_RULES: { id: PasswordRuleId; label: string }[] = [
  { id: "length", label: "Au moins 8 caractères" },
  { id: "uppercase", label: "Au moins 1 lettre majuscule" },
  { id: "digit", label: "Au moins 1 chiffre" },
  { id: "special", label: "Au moins 1 caractère spécial" },
];

export const PASSWORD_TOO_LONG = "128 caractères au maximum";
export const PASSWORD_CONTAINS_IDENTIFIER = "Le mot de passe ne doit pas contenir votre identifiant";
export const PASSWORD_CONFIRMATION_MISMATCH = "La confirmation ne correspond pas au mot de passe";

const UPPERCASE = /\p{Lu}/u;
const DIGIT = /\p{Nd}/u;
/** Neither a letter (with its combining marks) nor a decimal digit: punctuation, symbols, spaces… */
const SPECIAL = /[^\p{L}\p{M}\p{Nd}]/u;

function codePointLength(s: string): number {
  return [...s].length;
}

/** The rules of the checklist that `password` does not meet yet. */
export function unmetPasswordRules(password: string): Set<PasswordRuleId> {
  const p = password.normalize("NFC");
  const unmet = new Set<PasswordRuleId>();
  if (codePointLength(p) < PASSWORD_MIN_LENGTH) unmet.add("length");
  if (!UPPERCASE.test(p)) unmet.add("uppercase");
  if (!DIGIT.test(p)) unmet.add("digit");
  if (!SPECIAL.test(p)) unmet.add("special");
  return unmet;
}

/** The forms of `identifier` a password must not contain, in lower case. */
function identifierForms(identifier: string): string[] {
  const normalized = normalizeUserIdentifier(identifier);
  if (!normalized) {
    const raw = identifier.trim().toLowerCase();
    return raw ? [raw] : [];
  }
  const forms = [normalized.toLowerCase(), normalized.slice(2)];
  const significant = identifierSignificantDigits(normalized);
  if (significant.length >= 4) forms.push(significant);
  return forms;
}

/**
 * Every unmet rule as a French message, in a stable order: the checklist rules, the maximum length,
 * the identifier, then the confirmation (checked only when `confirmation` is not null). [] = valid.
 */
export function passwordPolicyErrors(password: string, confirmation: string | null, identifier?: string): string[] {
  const unmet = unmetPasswordRules(password);
  const errors = PASSWORD_RULES.filter((rule) => unmet.has(rule.id)).map((rule) => rule.label);
  if (codePointLength(password.normalize("NFC")) > PASSWORD_MAX_LENGTH) errors.push(PASSWORD_TOO_LONG);
  if (identifier !== undefined) {
    const lower = password.toLowerCase();
    if (identifierForms(identifier).some((form) => lower.includes(form))) errors.push(PASSWORD_CONTAINS_IDENTIFIER);
  }
  if (confirmation !== null && confirmation !== password) errors.push(PASSWORD_CONFIRMATION_MISMATCH);
  return errors;
}
