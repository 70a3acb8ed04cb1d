"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActor } from "@/lib/server/authz";
import { activateResource, changeResource, resetVoicemailPassword, sendSms, setLineSuspended } from "@/lib/server/line-actions";
import { cancelLineTermination, requestLineTermination } from "@/lib/server/line-terminations";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import { isValidDay } from "@/lib/domain/calendar-day";
import { SMS_MAX_LENGTH } from "@/lib/domain/mobile-line";
import type { FormState } from "@/lib/form-state";
import { terminationSchema } from "@/lib/termination-form";
import { formatMsisdn } from "@/lib/domain/identifiers";
import { FORBIDDEN_CHARACTERS_MESSAGE, isMultiLineText, singleLineText } from "@/lib/domain/text";


/** Runs a line action; on success, back to the resource page with a confirmation (`?ok=`). */
async function andBack(ref: string, work: () => Promise<unknown>, ok: string | ((result: unknown) => string), values?: Record<string, string>): Promise<FormState> {
  let result: unknown;
  try {
    result = await work();
  } catch (error) {
    return refused(error, values);
  }
  revalidatePath(`/ressources/${ref}`);
  redirect(`/ressources/${ref}?ok=${typeof ok === "string" ? ok : ok(result)}`);
}

export async function suspendAction(ref: string): Promise<FormState> {
  const actor = await requireActor();
  return andBack(ref, () => setLineSuspended(actor, ref, true), "suspendue");
}

export async function resumeAction(ref: string): Promise<FormState> {
  const actor = await requireActor();
  // Still suspended for another reason (*Impayé*…): the page says so.
  return andBack(ref, () => setLineSuspended(actor, ref, false), (left) => ((left as string[]).length > 0 ? "demande-levee" : "reactivee"));
}

export async function voicemailAction(ref: string): Promise<FormState> {
  const actor = await requireActor();
  try {
    const msisdn = await resetVoicemailPassword(actor, ref);
    return { ok: true, message: `Un nouveau mot de passe de messagerie a été envoyé par SMS au ${formatMsisdn(msisdn)}.` };
  } catch (error) {
    return refused(error);
  }
}

const smsSchema = z.object({
  to: singleLineText().min(1, "Saisissez le numéro du destinataire."),
  text: z.string().refine(isMultiLineText, FORBIDDEN_CHARACTERS_MESSAGE).min(1, "Saisissez le texte du SMS.").refine((t) => [...t].length <= SMS_MAX_LENGTH, `Le SMS ne doit pas dépasser ${SMS_MAX_LENGTH} caractères.`),
});

export async function smsAction(ref: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = smsSchema.safeParse({ to: formData.get("to") ?? "", text: formData.get("text") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await sendSms(actor, ref, parsed.data);
  } catch (error) {
    return refused(error, values);
  }
  revalidatePath(`/ressources/${ref}`);
  return { ok: true, message: `SMS envoyé au ${formatMsisdn(parsed.data.to.replace(/\s/g, ""))}.`, values: { to: parsed.data.to } };
}

const changeSchema = z.object({ target: singleLineText().min(1, "Choisissez la ressource vers laquelle transférer la ligne.") });

export async function changeResourceAction(ref: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const parsed = changeSchema.safeParse({ target: formData.get("target") ?? "" });
  if (!parsed.success) return invalid(parsed.error);
  let newRef: string;
  try {
    newRef = await changeResource(actor, ref, parsed.data.target);
  } catch (error) {
    return refused(error);
  }
  revalidatePath(`/ressources/${ref}`);
  redirect(`/ressources/${newRef}?ok=changee`);
}

export async function terminateLineAction(ref: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = terminationSchema.safeParse({ requestedOn: formData.get("requestedOn") ?? "", comment: formData.get("comment") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  return andBack(ref, () => requestLineTermination(actor, ref, parsed.data), "resiliation", values);
}

export async function cancelLineTerminationAction(ref: string): Promise<FormState> {
  const actor = await requireActor();
  return andBack(ref, () => cancelLineTermination(actor, ref), "annulee");
}

const activationSchema = z
  .object({
    resource: singleLineText().min(1, "Choisissez la ressource à activer."),
    iccid: singleLineText().min(1, "Saisissez le numéro de la carte SIM (ICCID)."),
    userName: singleLineText().max(120, "Le nom de l'utilisateur ne doit pas dépasser 120 caractères.").transform((u) => u || null),
    numbering: z.enum(["new", "ported"], { error: "Choisissez un nouveau numéro ou la portabilité d'un numéro." }),
    number: singleLineText(),
    rio: singleLineText(),
    portingOn: singleLineText(),
    extendedPorting: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.numbering !== "ported") return;
    if (!v.number) ctx.addIssue({ code: "custom", path: ["number"], message: "Saisissez le numéro à porter." });
    if (!v.rio) ctx.addIssue({ code: "custom", path: ["rio"], message: "Saisissez le RIO du numéro à porter (12 caractères)." });
    if (!isValidDay(v.portingOn)) ctx.addIssue({ code: "custom", path: ["portingOn"], message: "Choisissez la date de portabilité." });
  });

export async function activateAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const text = (key: string) => String(formData.get(key) ?? "");
  const parsed = activationSchema.safeParse({
    resource: text("resource"), iccid: text("iccid"), userName: text("userName"), numbering: text("numbering"),
    number: text("number"), rio: text("rio"), portingOn: text("portingOn"), extendedPorting: formData.get("extendedPorting") === "on",
  });
  if (!parsed.success) return invalid(parsed.error, values);
  const v = parsed.data;
  const ref = v.resource.toUpperCase();
  return andBack(
    ref,
    () =>
      activateResource(
        actor,
        ref,
        v.numbering === "new"
          ? { numbering: "new", iccid: v.iccid, userName: v.userName }
          : { numbering: "ported", iccid: v.iccid, userName: v.userName, number: v.number, rio: v.rio, portingOn: v.portingOn, extendedPorting: v.extendedPorting },
      ),
    "activee",
    values,
  );
}
