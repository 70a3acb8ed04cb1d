"use client";

import { useState } from "react";
import { FieldErrors, FormMessage } from "@/components/form";
import { CSV_UPLOAD_MAX_BYTES, CSV_UPLOAD_TOO_BIG } from "@/lib/domain/csv-import";
import type { CsvImportState } from "@/lib/server/csv-upload";
import { postUpload } from "@/components/post-upload";

/**
 * A staff import page's upload form (usage, call records), then the counts and the rejected rows of the last import.
 * It posts to a route (/api/imports/…) that streams the file within its own size cap: with JavaScript, the outcome
 * shows here; without, the route sends the browser back to the page with it (`initialState`).
 */
export function CsvUploadForm({ route, label, initialState }: { route: string; label: string; initialState: CsvImportState }) {
  const [state, setState] = useState(initialState);
  const [pending, setPending] = useState(false);
  const [tooBig, setTooBig] = useState(false);
  const errors = tooBig ? [CSV_UPLOAD_TOO_BIG] : state.errors?.file;
  const result = state.result;
  return (
    <div className="space-y-6">
      <form
        action={route}
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
          const big = !!file && file.size > CSV_UPLOAD_MAX_BYTES;
          setTooBig(big);
          if (big || pending) return;
          setPending(true);
          const next = await postUpload<CsvImportState>(route, form);
          setPending(false);
          if (next) setState(next);
        }}
      >
        <FormMessage message={tooBig ? undefined : state.message} ok={state.ok} />
        <div className="space-y-1">
          <label htmlFor="field-file" className="block text-sm font-medium text-slate-800">
            {label}
          </label>
          <input
            id="field-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={`field-file-hint${errors?.length ? " field-file-errors" : ""}`}
            onChange={() => setTooBig(false)}
            className="block w-full rounded border-2 border-field bg-white px-3 py-2 text-sm text-slate-900 file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1"
          />
          <p id="field-file-hint" className="text-xs text-slate-600">
            Fichier .csv encodé en UTF-8, 20 Mo au plus.
          </p>
          <FieldErrors id="field-file-errors" errors={errors} />
        </div>
        <button
          type="submit"
          disabled={pending}
          className="inline-flex items-center justify-center gap-2 rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60"
        >
          <span aria-hidden="true">✓</span> Importer
        </button>
      </form>
      {result && !tooBig && <ImportResult result={result} />}
    </div>
  );
}

function ImportResult({ result }: { result: NonNullable<CsvImportState["result"]> }) {
  return (
    <section aria-labelledby="import-result" className="space-y-3">
      <h3 id="import-result" className="font-semibold text-slate-900">
        Résultat de l&apos;import
      </h3>
      <dl className="grid grid-cols-3 gap-3 text-center">
        {(
          [
            ["Importés", result.imported],
            ["Déjà présents", result.duplicates],
            ["Rejetés", result.rejectedCount],
          ] as const
        ).map(([label, count]) => (
          <div key={label} className="rounded bg-slate-50 p-3 ring-1 ring-slate-200">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="text-xl font-semibold text-slate-900">{count.toLocaleString("fr-FR")}</dd>
          </div>
        ))}
      </dl>
      {result.rejectedCount > 0 && (
        <table className="w-full text-left text-sm">
          <caption className="mb-2 text-left text-slate-700">
            Lignes rejetées
            {result.rejectedCount > result.rejected.length && ` (les ${result.rejected.length} premières sur ${result.rejectedCount.toLocaleString("fr-FR")})`}
          </caption>
          <thead className="border-b border-slate-300 text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-3">
                Ligne
              </th>
              <th scope="col" className="py-2">
                Motif
              </th>
            </tr>
          </thead>
          <tbody>
            {result.rejected.map((row) => (
              <tr key={row.line} className="border-b border-slate-100 align-top">
                <td className="py-1 pr-3 tabular-nums">{row.line}</td>
                <td className="py-1">{row.message.replace(/^Ligne \d+ : /, "")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
