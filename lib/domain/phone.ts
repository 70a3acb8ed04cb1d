/**
 * A contact phone number of the French numbering plan (mainland and overseas departments), as users
 * type it: `01 23 45 67 89`, `01.23.45.67.89`, `0123456789`, `+33 1 23 45 67 89`, `+33 (0)1 23 45 67 89`,
 * `0033 1 23 45 67 89`, `+262 692 12 34 56`. Overseas numbers are part of the French plan, so every one
 * has a single national form: `0` + 9 digits. Stored and shown as `01 23 45 67 89`.
 */

/** Country codes whose numbers belong to the French national plan (mainland, Réunion/Mayotte, Guadeloupe, Guyane, Martinique). */
const COUNTRY_CODES = "(?:33|262|590|594|596)";
const NUMBER = new RegExp(`^(?:0|(?:\\+|00)${COUNTRY_CODES}(?:\\(0\\))?)([1-9]\\d{8})$`);

/** The number as `01 23 45 67 89`, or null when it is not a French number. */
export function normalizeFrenchPhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.\-\u00a0\u202f]/g, "");
  const match = NUMBER.exec(compact);
  if (!match) return null;
  return `0${match[1]}`.replace(/(\d{2})(?=\d)/g, "$1 ");
}
