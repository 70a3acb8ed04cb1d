import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/server/authz";
import { invalid, refused } from "@/lib/server/action-errors";
import { readCappedForm } from "@/lib/server/capped-body";
import { managedMandateAccount, uploadSignedCopy } from "@/lib/server/mandates";
import { notFoundResponse, openSummary, uploadingActor, uploadOutcome } from "@/lib/server/upload-route";
import { SIGNED_COPY_MAX_BYTES } from "@/lib/domain/mandates";
import type { FormState } from "@/lib/form-state";

/** The signed copy (5 Mo at most) and its multipart envelope. */
export const SIGNED_COPY_BODY_MAX_BYTES = 6 * 1024 * 1024;

const NO_FILE = "Choisissez le fichier du mandat signé.";
const TOO_BIG = "Le fichier dépasse 5 Mo : enregistrez le scan en résolution plus basse.";
const refusedFile = (message: string): FormState => ({ message: "Le formulaire contient des erreurs.", errors: { file: [message] } });

const uploadSchema = z.object({
  file: z
    .instanceof(File, { message: NO_FILE })
    .refine((file) => file.size > 0, NO_FILE)
    .refine((file) => file.size <= SIGNED_COPY_MAX_BYTES, TOO_BIG),
});

/** The billing account's page, where the signed copy's form is. */
export const billingAccountPage = (companyId: number, ref: string) => `/societes/${companyId}/comptes/${encodeURIComponent(ref)}`;

/** The file's content decides what it is (lib/domain/mandates.ts signedCopyKind). */
async function storeSignedCopy(actor: Actor, rum: string, form: FormData): Promise<FormState> {
  const parsed = uploadSchema.safeParse({ file: form.get("file") });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const { name } = await uploadSignedCopy(actor, rum, { name: parsed.data.file.name, bytes: new Uint8Array(await parsed.data.file.arrayBuffer()) });
    return { ok: true, message: `La copie signée du mandat ${rum} (${name}) a été enregistrée.` };
  } catch (error) {
    return refused(error);
  }
}

/**
 * *Déposer le mandat signé* (POST /api/mandats/{rum}/copie-signee), in this order: a request from the portal's own
 * pages, a signed-in user who has accepted the terms and manages the mandate's account ("not found" otherwise), then
 * the body, read within its cap (413 beyond, unread). The outcome as lib/server/upload-route.ts says, back to the
 * account's page.
 */
export async function signedCopyUploadResponse(request: Request, rumInUrl: string): Promise<Response> {
  const actor = await uploadingActor(request);
  if (actor instanceof Response) return actor;
  const mandate = await managedMandateAccount(actor, rumInUrl);
  if (!mandate) return notFoundResponse();
  const page = billingAccountPage(mandate.companyId, mandate.ref);
  const form = await readCappedForm(request, SIGNED_COPY_BODY_MAX_BYTES);
  if (form === "too large") return uploadOutcome(request, page, refusedFile(TOO_BIG), 413);
  if (form === "malformed") return uploadOutcome(request, page, refusedFile(NO_FILE), 400);
  return uploadOutcome(request, page, await storeSignedCopy(actor, mandate.rum, form), 200);
}

/** What the account's page shows after a browser without JavaScript was sent back to it (`?resultat=`). */
export function openSignedCopySummary(companyId: number, ref: string, value: string | string[] | undefined): FormState {
  return openSummary<FormState>(billingAccountPage(companyId, ref), value);
}
