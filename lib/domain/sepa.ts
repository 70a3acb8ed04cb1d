/**
 * SEPA rules the ISO 20022 schema cannot express (SPEC §13, EPC implementation guidelines): the Latin character set
 * of SEPA messages, and the reasons of returned or refunded direct debits (R-transactions) in French.
 */

/** The EPC's basic Latin set: letters, digits, space and `/ - ? : ( ) . , ' +`. */
const SEPA_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

export function isSepaText(text: string): boolean {
  return SEPA_TEXT.test(text);
}

/**
 * `text` written in the SEPA set: accents dropped (é → e, Œ → OE), `&` as `+`, any other character as a space,
 * spaces collapsed, cut at `max` characters (70 for names, 140 for remittance information).
 */
export function toSepaText(text: string, max: number): string {
  const latin = text
    .replace(/[Œœ]/g, (c) => (c === "Œ" ? "OE" : "oe"))
    .replace(/[Ææ]/g, (c) => (c === "Æ" ? "AE" : "ae"))
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/&/g, "+")
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return latin.slice(0, max).trimEnd();
}

/** The reasons SPEC §13 names, as the customer and ADV read them. */
const RETURN_REASONS: Record<string, string> = {
  AC01: "Coordonnées bancaires incorrectes",
  AC04: "Compte clôturé",
  AC06: "Compte bloqué",
  AG01: "Opération non autorisée sur ce compte",
  AM04: "Provision insuffisante",
  MD01: "Absence de mandat",
  MD06: "Remboursement",
  MS02: "Refus du débiteur",
  MS03: "Raison non communiquée",
};

/** The French reason of a returned or refunded debit; any other code keeps the bank's own text, with the code. */
export function returnReason(code: string, bankText?: string | null): string {
  const known = RETURN_REASONS[code.toUpperCase()];
  if (known) return known;
  const text = bankText?.trim();
  return text ? `${text} (${code})` : `Rejet ${code}`;
}
