"use server";

import { z } from "zod";
import { requireStaff } from "@/lib/server/authz";
import { importUsageCsv } from "@/lib/server/usage-import";
import { invalid, refused } from "@/lib/server/action-errors";
import { usageUploadProblem } from "@/lib/domain/usage-csv";
import type { FormState } from "@/lib/form-state";

export type UsageImportState = FormState & {
  result?: { imported: number; duplicates: number; rejectedCount: number; rejected: { line: number; message: string }[] };
};

/** The rejected rows shown on the page; the counts cover them all. */
const SHOWN_REJECTED = 500;

const uploadSchema = z.object({
  file: z.instanceof(File, { message: "Choisissez un fichier CSV." }).superRefine((file, ctx) => {
    const problem = usageUploadProblem(file);
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

/** *Import des consommations* (staff): parses and imports a usage CSV file, then shows the counts and refused rows. */
export async function importUsageAction(_previous: UsageImportState, formData: FormData): Promise<UsageImportState> {
  const actor = await requireStaff();
  const parsed = uploadSchema.safeParse({ file: formData.get("file") });
  if (!parsed.success) return invalid(parsed.error);
  const { file } = parsed.data;
  const text = await fileText(file);
  if (text === null) {
    return { message: "Le formulaire contient des erreurs.", errors: { file: ["Le fichier n'est pas un texte CSV encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 »."] } };
  }
  try {
    const { imported, duplicates, rejected } = await importUsageCsv(text, actor, { fileName: file.name });
    const result = { imported, duplicates, rejectedCount: rejected.length, rejected: rejected.slice(0, SHOWN_REJECTED) };
    if (imported === 0 && duplicates === 0 && rejected.length > 0) {
      return { ok: false, message: "Aucune consommation n'a été importée : corrigez les lignes rejetées ci-dessous.", result };
    }
    return { ok: true, message: `Import de ${file.name} terminé.`, result };
  } catch (error) {
    return refused(error);
  }
}
