import { isStaff } from "@/lib/server/authz";
import { refused } from "@/lib/server/action-errors";
import { importBankStatement } from "@/lib/server/bank-statements";
import { readCappedForm } from "@/lib/server/capped-body";
import { notFoundResponse, uploadingActor, uploadOutcome } from "@/lib/server/upload-route";
import { STATEMENT_MAX_BYTES, STATEMENT_TOO_BIG, statementCounts, type StatementImportState } from "@/app/(adv)/admin/paiements/statement-upload";

export const dynamic = "force-dynamic";

const PAGE = "/admin/paiements";
/** The file and its multipart envelope. */
const BODY_MAX_BYTES = STATEMENT_MAX_BYTES + 1024 * 1024;

const NO_FILE = "Choisissez le fichier du relevé (XML camt.053 ou camt.054).";
const EMPTY = "Le fichier est vide.";
const NOT_UTF8 = "Le fichier n'est pas un texte encodé en UTF-8 : un relevé camt.053 ou camt.054 est un fichier XML en UTF-8.";
const NOT_XML = "Le fichier n'est pas un fichier XML : choisissez le relevé camt.053 ou camt.054 téléchargé depuis la banque (pas un export CSV ou PDF).";
const NOTHING_RECORDED = "Aucune écriture n'a été enregistrée : voir les messages ci-dessous.";

/** The messages shown on the page; the count covers them all. */
const SHOWN_ERRORS = 500;
/** The messages carried by a redirect, for a browser without JavaScript: what fits in a URL (about 4 KB). */
const SUMMARY_ERRORS = 10;
const SUMMARY_ERROR_CHARS = 200;

const refusedFile = (message: string): StatementImportState => ({ message: "Le formulaire contient des erreurs.", errors: { file: [message] } });

/** The file as text: UTF-8 (a BOM allowed) and XML-looking, or the French reason it is not a statement. */
async function statementText(file: File): Promise<{ text: string } | { problem: string }> {
  if (file.size === 0) return { problem: file.name === "" ? NO_FILE : EMPTY };
  if (file.size > STATEMENT_MAX_BYTES) return { problem: STATEMENT_TOO_BIG };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(await file.arrayBuffer());
  } catch {
    return { problem: NOT_UTF8 };
  }
  if (!/^\s*</.test(text) || text.includes("\u0000")) return { problem: NOT_XML };
  return { text };
}

async function importStatement(form: FormData, actorId: number): Promise<StatementImportState> {
  const file = form.get("file");
  if (!(file instanceof File)) return refusedFile(NO_FILE);
  const read = await statementText(file);
  if ("problem" in read) return refusedFile(read.problem);
  try {
    const { errors, ...counts } = await importBankStatement(read.text, actorId);
    const result = { ...counts, errorCount: errors.length, errors: errors.slice(0, SHOWN_ERRORS) };
    if (counts.recorded === 0 && counts.alreadyImported === 0 && errors.length > 0) return { ok: false, message: NOTHING_RECORDED, result };
    return { ok: true, message: `Relevé ${file.name.slice(0, 100)} importé : ${statementCounts(counts)}.`, result };
  } catch (error) {
    return refused(error);
  }
}

function answer(request: Request, state: StatementImportState, status: number): Response {
  const result = state.result && { ...state.result, errors: state.result.errors.slice(0, SUMMARY_ERRORS).map((e) => e.slice(0, SUMMARY_ERROR_CHARS)) };
  return uploadOutcome(request, PAGE, state, status, { ok: state.ok, message: state.message, errors: state.errors, result });
}

/**
 * *Importer un relevé bancaire* (ADV, SPEC §13): a camt.053 or camt.054 file, 25 Mo at most. In this order: a request
 * from the portal's own pages, an ADV session (the login page, the terms page, or "not found"), then the body, read
 * within its cap (413 beyond, unread). The outcome as lib/server/upload-route.ts says, back to /admin/paiements.
 */
export async function POST(request: Request): Promise<Response> {
  const actor = await uploadingActor(request);
  if (actor instanceof Response) return actor;
  if (!isStaff(actor, "ADV")) return notFoundResponse();
  const form = await readCappedForm(request, BODY_MAX_BYTES);
  if (form === "too large") return answer(request, refusedFile(STATEMENT_TOO_BIG), 413);
  if (form === "malformed") return answer(request, refusedFile(NO_FILE), 400);
  return answer(request, await importStatement(form, actor.userId), 200);
}
