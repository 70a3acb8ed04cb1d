"use client";

import { useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { FieldErrors, FormMessage } from "@/components/form";
import { postUpload } from "@/components/post-upload";
import type { FormState } from "@/lib/form-state";

/** An upload's state: the form's, and what the import did (counts, messages) once it ran. */
export type UploadState<R> = FormState & { result?: R };

type UploadFormProps<R> = {
  /** The upload route (/api/imports/…), which streams the file within its own cap (lib/server/upload-route.ts). */
  route: string;
  /** The outcome the route sent a browser without JavaScript back with, or an empty state. */
  initialState: UploadState<R>;
  /** The file field: `id` also names its hint and errors. */
  field: { id: string; label: string; accept: string; hint: ReactNode };
  /** The route's cap and its message, checked here too so that a large file is not uploaded only to be refused. */
  maxBytes: number;
  tooBig: string;
  /** Refreshes the page after an import, for the lists it shows. */
  refreshAfterImport?: boolean;
  /** What the page shows below the form about the last import. */
  renderResult: (result: R) => ReactNode;
};

/**
 * A staff import form (usage, call records, bank statements). With JavaScript it posts the file to its route and shows
 * the outcome here; without, the browser posts the form itself and the route sends it back to the page with the outcome.
 */
export function UploadForm<R>({ route, initialState, field, maxBytes, tooBig: tooBigMessage, refreshAfterImport, renderResult }: UploadFormProps<R>) {
  const router = useRouter();
  const [state, setState] = useState(initialState);
  const [pending, setPending] = useState(false);
  const [tooBig, setTooBig] = useState(false);
  const errors = tooBig ? [tooBigMessage] : state.errors?.file;
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
          const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
          const big = !!file && file.size > maxBytes;
          setTooBig(big);
          if (big || pending) return;
          setPending(true);
          const next = (await postUpload<UploadState<R>>(route, form)) as UploadState<R> | null;
          setPending(false);
          if (!next) return;
          setState(next);
          if (refreshAfterImport && next.result) router.refresh();
        }}
      >
        <FormMessage message={tooBig ? undefined : state.message} ok={state.ok} />
        <div className="space-y-1">
          <label htmlFor={field.id} className="block text-sm font-medium text-slate-800">
            {field.label}
          </label>
          <input
            id={field.id}
            name="file"
            type="file"
            accept={field.accept}
            required
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={`${field.id}-hint${errors?.length ? ` ${field.id}-errors` : ""}`}
            onChange={() => setTooBig(false)}
            className="block w-full rounded border-2 border-field bg-white px-3 py-2 text-sm text-slate-900 file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1"
          />
          <p id={`${field.id}-hint`} className="text-xs text-slate-600">
            {field.hint}
          </p>
          <FieldErrors id={`${field.id}-errors`} errors={errors} />
        </div>
        <button
          type="submit"
          disabled={pending}
          className="inline-flex items-center justify-center gap-2 rounded bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60"
        >
          <span aria-hidden="true">✓</span> {pending ? "Import en cours…" : "Importer"}
        </button>
      </form>
      {state.result != null && !tooBig && renderResult(state.result)}
    </div>
  );
}
