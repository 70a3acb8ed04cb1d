import type { FormState } from "@/lib/form-state";

/**
 * What the bank statement upload (app/api/imports/releves/route.ts) and its form share. A plain module, not the
 * "use client" form: a server module importing a constant from a client module would get a reference, not the value.
 */

/** A 10,000-entry camt.053 is about 18 Mo. */
export const STATEMENT_MAX_BYTES = 25 * 1024 * 1024;
export const STATEMENT_TOO_BIG = "Le fichier dépasse 25 Mo : demandez à la banque des relevés sur une période plus courte.";

export type StatementImportResult = {
  recorded: number;
  matched: number;
  toAssign: number;
  ignored: number;
  alreadyImported: number;
  /** All the messages; `errors` holds the first ones only. */
  errorCount: number;
  errors: string[];
};

/** What the page shows after an upload: the counts and the messages naming the entries. */
export type StatementImportState = FormState & { result?: StatementImportResult };

/** 12345 → "12 345" with a no-break space, as lib/domain/money.ts writes amounts. */
const frenchNumber = (n: number) => n.toLocaleString("fr-FR").replace(/[\s\u202F]/g, "\u00A0");
const count = (n: number, singular: string, plural: string) => `${frenchNumber(n)} ${n > 1 ? plural : singular}`;

/** "12 écritures enregistrées, 10 rapprochées, 2 à affecter, 3 déjà importées" (and the ignored ones, if any). */
export function statementCounts(result: Omit<StatementImportResult, "errors" | "errorCount">): string {
  return [
    count(result.recorded, "écriture enregistrée", "écritures enregistrées"),
    count(result.matched, "rapprochée", "rapprochées"),
    `${frenchNumber(result.toAssign)} à affecter`,
    count(result.alreadyImported, "déjà importée", "déjà importées"),
    ...(result.ignored > 0 ? [count(result.ignored, "ignorée (ni prélèvement ni virement reçu)", "ignorées (ni prélèvements ni virements reçus)")] : []),
  ].join(", ");
}
