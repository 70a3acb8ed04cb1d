/**
 * What a text typed into the portal may hold (issue 32, item 11): no control characters, which would end up
 * in invoices, their Factur-X XML, emails and CSV exports. One rule for every form field and text column.
 */
import { z } from "zod";

export const FORBIDDEN_CHARACTERS_MESSAGE = "Ce champ contient des caractères non autorisés.";

// Cc is C0, DEL and C1; XML 1.0 also refuses unpaired surrogates (Cs, in a `u` regex) and U+FFFE, U+FFFF.
const FORBIDDEN_SINGLE_LINE = /[\p{Cc}\p{Cs}\ufffe\uffff]/u;
// The same but line feed, carriage return and tab, which a comment or a description may hold.
const FORBIDDEN_MULTI_LINE = /[^\P{Cc}\n\r\t]|[\p{Cs}\ufffe\uffff]/u;

/** A one-line text (a name, an address, a label): no control character at all. */
export function isSingleLineText(s: string): boolean {
  return !FORBIDDEN_SINGLE_LINE.test(s);
}

/** A multi-line text (a comment, a reason, a description): line breaks and tabs only among the controls. */
export function isMultiLineText(s: string): boolean {
  return !FORBIDDEN_MULTI_LINE.test(s);
}

/** A one-line form field, trimmed, refusing control characters with the French message. */
export function singleLineText() {
  return z.string().trim().refine(isSingleLineText, FORBIDDEN_CHARACTERS_MESSAGE);
}

/** A multi-line form field (a textarea), trimmed. */
export function multiLineText() {
  return z.string().trim().refine(isMultiLineText, FORBIDDEN_CHARACTERS_MESSAGE);
}
