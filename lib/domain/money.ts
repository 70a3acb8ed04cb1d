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
