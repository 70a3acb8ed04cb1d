"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { FieldErrors, FormMessage } from "@/components/form";
import { postUpload } from "@/components/post-upload";
import { STATEMENT_MAX_BYTES, STATEMENT_TOO_BIG, type StatementImportState } from "./statement-upload";

const ROUTE = "/api/imports/releves";

/**
 * *Importer un relevé bancaire*: posts the file to its route, which streams it within its own cap (as the staff CSV
 * imports do, components/csv-upload-form.tsx). With JavaScript the outcome shows here and the page's list of entries
 * to assign is refreshed; without, the route sends the browser back to the page with it (`initialState`).
 */
export function StatementUploadForm({ initialState }: { initialState: StatementImportState }) {
  const router = useRouter();
  const [state, setState] = useState(initialState);
  const [pending, setPending] = useState(false);
  const [tooBig, setTooBig] = useState(false);
  const errors = tooBig ? [STATEMENT_TOO_BIG] : state.errors?.file;
  return (
    <div className="space-y-4">
      <form
        action={ROUTE}
        method="post"
        encType="multipart/form-data"
        className="space-y-4"
        noValidate
        key={JSON.stringify(state)}
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          // Refused here too, so a large file is not uploaded only to be refused by the server.
          const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
          const big = !!file && file.size > STATEMENT_MAX_BYTES;
          setTooBig(big);
          if (big || pending) return;
          setPending(true);
          const next = await postUpload<StatementImportState>(ROUTE, form);
          setPending(false);
          if (!next) return;
          setState(next);
          if ((next as StatementImportState).result) router.refresh();
        }}
      >
        <FormMessage message={tooBig ? undefined : state.message} ok={state.ok} />
        <div className="space-y-1">
          <label htmlFor="field-statement" className="block text-sm font-medium text-slate-800">
            Fichier du relevé (camt.053 ou camt.054)
          </label>
          <input
            id="field-statement"
            name="file"
            type="file"
            accept=".xml,application/xml,text/xml"
            required
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={`field-statement-hint${errors?.length ? " field-statement-errors" : ""}`}
            onChange={() => setTooBig(false)}
            className="block w-full rounded border-2 border-field bg-white px-3 py-2 text-sm text-slate-900 file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1"
          />
          <p id="field-statement-hint" className="text-xs text-slate-600">
            Fichier XML du relevé de compte (camt.053) ou de l&apos;avis d&apos;opérations (camt.054) du compte d&apos;encaissement, 25 Mo au plus.
            Un fichier déjà importé ne change rien.
          </p>
          <FieldErrors id="field-statement-errors" errors={errors} />
        </div>
        <button
          type="submit"
          disabled={pending}
          className="inline-flex items-center justify-center gap-2 rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60"
        >
          <span aria-hidden="true">✓</span> {pending ? "Import en cours…" : "Importer"}
        </button>
      </form>
      {state.result && state.result.errorCount > 0 && !tooBig && <ImportMessages errors={state.result.errors} errorCount={state.result.errorCount} />}
    </div>
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
