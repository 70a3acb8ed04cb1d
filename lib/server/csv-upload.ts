import "server-only";
import { z } from "zod";
import { invalid, refused } from "@/lib/server/action-errors";
import { csvUploadProblem, type RejectedRow } from "@/lib/domain/csv-import";
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

/**
 * The body of a staff CSV import action (usage records, call records): checks the uploaded file, hands
 * its text to `importText`, and turns the outcome into the form's state. The caller checks the actor.
 */
export async function importCsvUpload(
  formData: FormData,
  importText: (text: string, fileName: string) => Promise<{ imported: number; duplicates: number; rejected: RejectedRow[] }>,
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
