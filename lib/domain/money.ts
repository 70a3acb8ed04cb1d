/**
 * Money display (SPEC header: money shows as `1 234,56 €` and is stored as integer cents).
 *
 * Uses what `Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" })` gives, with every
 * space (ICU puts U+202F between thousands and U+00A0 before €) normalised to U+00A0 NO-BREAK SPACE:
 * one separator that never wraps, renders in every font and is the same whatever ICU version runs
 * on the server or in the browser (so server and client renders match). Tests compare with U+00A0.
 */

const EUROS = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

/** 123456 → "1 234,56 €" (spaces are U+00A0); negative amounts get a leading "-". */
export function formatEuros(cents: number | bigint): string {
  if (typeof cents === "number" && !Number.isSafeInteger(cents)) {
    throw new RangeError(`Amount in cents must be a safe integer: ${cents}`);
  }
  const value = BigInt(cents);
  const abs = value < 0n ? -value : value;
  // A decimal string keeps every digit exact, even for bigint totals beyond 2^53.
  const decimal = `${value < 0n ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}` as `${number}`;
  return EUROS.format(decimal).replace(/[\s\u202F]/g, "\u00A0");
}

/**
 * A price typed in euros (`12,50`, `12.5`, `1 234`, `12,50 €`) in cents, or the French reason it is not one:
 * at most 2 decimals, not negative, at most 1 000 000 €.
 */
export function parseEurosToCents(input: string): { cents: number } | { problem: string } {
  const compact = input.replace(/[\s\u00A0\u202F€]/g, "").replace(",", ".");
  if (compact === "") return { problem: "Indiquez un montant en euros." };
  if (compact.startsWith("-")) return { problem: "Le montant ne peut pas être négatif." };
  const m = /^(\d{1,7})(?:\.(\d{1,}))?$/.exec(compact);
  if (!m) return { problem: "Indiquez un montant en euros, par exemple 12,50." };
  if ((m[2] ?? "").length > 2) return { problem: "Le montant a au plus 2 décimales (centimes)." };
  const cents = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (cents > 100_000_000) return { problem: "Le montant ne peut pas dépasser 1 000 000 €." };
  return { cents };
}
