"use client";

import { UploadForm } from "@/components/upload-form";
import { STATEMENT_MAX_BYTES, STATEMENT_TOO_BIG, type StatementImportState } from "./statement-upload";

/**
 * *Importer un relevé bancaire*, then the messages of the last import; the page's list of entries to assign is
 * refreshed after each import.
 */
export function StatementUploadForm({ initialState }: { initialState: StatementImportState }) {
  return (
    <UploadForm
      route="/api/imports/releves"
      initialState={initialState}
      field={{
        id: "field-statement",
        label: "Fichier du relevé (camt.053 ou camt.054)",
        accept: ".xml,application/xml,text/xml",
        hint: (
          <>
            Fichier XML du relevé de compte (camt.053) ou de l&apos;avis d&apos;opérations (camt.054) du compte d&apos;encaissement, 25 Mo au plus.
            Un fichier déjà importé ne change rien.
          </>
        ),
      }}
      maxBytes={STATEMENT_MAX_BYTES}
      tooBig={STATEMENT_TOO_BIG}
      refreshAfterImport
      renderResult={(result) => result.errorCount > 0 && <ImportMessages errors={result.errors} errorCount={result.errorCount} />}
    />
  );
}

/** The messages of the import, each naming its entry: refused entries, and the credits left for ADV to assign. */
function ImportMessages({ errors, errorCount }: { errors: string[]; errorCount: number }) {
  return (
    <div role="alert" aria-labelledby="statement-messages" className="space-y-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      <h3 id="statement-messages" className="font-semibold">
        {errorCount > 1 ? `${errorCount} messages` : "1 message"} de l&apos;import
        {errorCount > errors.length && ` (les ${errors.length} premiers)`}
      </h3>
      <ul className="list-disc space-y-1 pl-5">
        {errors.map((error, i) => (
          <li key={i}>{error}</li>
        ))}
      </ul>
    </div>
  );
}
