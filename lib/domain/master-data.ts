/**
 * Customer master data (SPEC §12): the facts its forms check, shared by the server's schemas and the pages.
 */

/** The roles of a company's contacts, as the forms and tables name them. */
export const CONTACT_ROLES = {
  FACTURATION: "Facturation",
  TECHNIQUE: "Technique",
  ADMINISTRATIF: "Administratif",
} as const;
export type ContactRole = keyof typeof CONTACT_ROLES;

export const POSTCODE_MESSAGE = "Le code postal doit comporter 5 chiffres.";

/** A French postcode: exactly 5 digits (`05000`, `13100`); the only country the portal takes for now. */
export function isFrenchPostcode(s: string): boolean {
  return /^\d{5}$/.test(s);
}
