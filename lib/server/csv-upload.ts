import "server-only";
import { z } from "zod";
import { invalid, refused } from "@/lib/server/action-errors";
import { isStaff, type Actor } from "@/lib/server/authz";
import { IMPORT_BODY_MAX_BYTES, readCappedForm } from "@/lib/server/capped-body";
import { notFoundResponse, openSummary, uploadingActor, uploadOutcome } from "@/lib/server/upload-route";
import { CSV_UPLOAD_TOO_BIG, csvUploadProblem, type RejectedRow } from "@/lib/domain/csv-import";
import type { FormState } from "@/lib/form-state";

/** What a staff import page shows after an upload: the counts and the first rejected rows. */
export type CsvImportState = FormState & {
  result?: { imported: number; duplicates: number; rejectedCount: number; rejected: RejectedRow[] };
};

/** The rejected rows shown on the page; the counts cover them all. */
const SHOWN_REJECTED = 500;

const uploadSchema = z.object({
  file: z.instanceof(File, { message: "Choisissez un fichier CSV." }).superRefine((file, ctx) => {
    const problem = csvUploadProblem(file);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

/** The file as UTF-8 text, or null when it is not text. */
async function fileText(file: File): Promise<string | null> {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    return text.includes("\u0000") ? null : text;
  } catch {
    return null;
  }
}

type ImportOutcome = { imported: number; duplicates: number; rejected: RejectedRow[] };

/**
 * The body of a staff CSV import (usage records, call records): checks the uploaded file, hands its text
 * to `importText`, and turns the outcome into the form's state. The caller checks the actor.
 */
export async function importCsvUpload(
  formData: FormData,
  importText: (text: string, fileName: string) => Promise<ImportOutcome>,
  nothingImported: string,
): Promise<CsvImportState> {
  const parsed = uploadSchema.safeParse({ file: formData.get("file") });
  if (!parsed.success) return invalid(parsed.error);
  const { file } = parsed.data;
  const text = await fileText(file);
  if (text === null) {
    return { message: "Le formulaire contient des erreurs.", errors: { file: ["Le fichier n'est pas un texte CSV encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 »."] } };
  }
  try {
    const { imported, duplicates, rejected } = await importText(text, file.name);
    const result = { imported, duplicates, rejectedCount: rejected.length, rejected: rejected.slice(0, SHOWN_REJECTED) };
    if (imported === 0 && duplicates === 0 && rejected.length > 0) return { ok: false, message: nothingImported, result };
    return { ok: true, message: `Import de ${file.name} terminé.`, result };
  } catch (error) {
    return refused(error);
  }
}

export type CsvImportRoute = {
  /** The import page: a browser without JavaScript is sent back to it with the outcome. */
  page: string;
  importText: (text: string, fileName: string, actor: Actor) => Promise<ImportOutcome>;
  nothingImported: string;
};

const NO_FILE: CsvImportState = { message: "Le formulaire contient des erreurs.", errors: { file: ["Choisissez un fichier CSV."] } };
const TOO_LARGE: CsvImportState = { message: "Le formulaire contient des erreurs.", errors: { file: [CSV_UPLOAD_TOO_BIG] } };

/**
 * The POST handler of a staff CSV upload (/api/imports/…), in this order: a request from the portal's own pages,
 * a staff session (as `requireStaff`: the login page, the terms page, or "not found"), then the body, read within
 * its cap (413 beyond, unread). The outcome as lib/server/upload-route.ts says.
 */
export function csvImportRoute({ page, importText, nothingImported }: CsvImportRoute) {
  return async function POST(request: Request): Promise<Response> {
    const actor = await uploadingActor(request);
    if (actor instanceof Response) return actor;
    if (!isStaff(actor)) return notFoundResponse();
    const form = await readCappedForm(request, IMPORT_BODY_MAX_BYTES);
    if (form === "too large") return answer(request, page, TOO_LARGE, 413);
    if (form === "malformed") return answer(request, page, NO_FILE, 400);
    return answer(request, page, await importCsvUpload(form, (text, fileName) => importText(text, fileName, actor), nothingImported), 200);
  };
}

/** The rejected rows carried by a redirect: enough to see what is wrong, small enough for a URL (about 4 KB at most). */
const SUMMARY_ROWS = 10;
const SUMMARY_MESSAGE_CHARS = 200;

function answer(request: Request, page: string, state: CsvImportState, status: number): Response {
  const result = state.result && {
    ...state.result,
    rejected: state.result.rejected.slice(0, SUMMARY_ROWS).map((row) => ({ line: row.line, message: row.message.slice(0, SUMMARY_MESSAGE_CHARS) })),
  };
  return uploadOutcome(request, page, state, status, { ok: state.ok, message: state.message, errors: state.errors, result });
}

/** The outcome an import page was sent back with (`?resultat=`), or an empty state. */
export function openImportSummary(page: string, value: string | string[] | undefined): CsvImportState {
  return openSummary<CsvImportState>(page, value);
}
