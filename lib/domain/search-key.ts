/**
 * The form of a name that lists filter and sort on, so that French users find "Médical" by typing
 * "medical" and see "Cabinet d'Avocats" between "Cabinet Comptable" and "Cabinet Médical", whatever
 * the database's collation: accents removed, lower case, spaces collapsed.
 */
export function searchKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[’‘`´]/g, "'")
    .replace(/œ/g, "oe")
    .replace(/Œ/g, "OE")
    .replace(/æ/g, "ae")
    .replace(/Æ/g, "AE")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
