"use client";

import { CSV_UPLOAD_MAX_BYTES, CSV_UPLOAD_TOO_BIG } from "@/lib/domain/csv-import";
import type { CsvImportState } from "@/lib/server/csv-upload";
import { UploadForm } from "@/components/upload-form";

/** A staff import page's upload form (usage, call records), then the counts and the rejected rows of the last import. */
export function CsvUploadForm({ route, label, initialState }: { route: string; label: string; initialState: CsvImportState }) {
  return (
    <UploadForm
      route={route}
      initialState={initialState}
      field={{ id: "field-file", label, accept: ".csv,text/csv", hint: "Fichier .csv encodé en UTF-8, 20 Mo au plus." }}
      maxBytes={CSV_UPLOAD_MAX_BYTES}
      tooBig={CSV_UPLOAD_TOO_BIG}
      renderResult={(result) => <ImportResult result={result} />}
    />
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
