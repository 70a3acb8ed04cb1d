"use server";

import { revalidatePath } from "next/cache";
import { notFound, unstable_rethrow } from "next/navigation";
import { requireStaffAdministrator } from "@/lib/server/authz";
import { createOffer, findOfferForAdmin, publishPrice, setOfferActive, updateOffer } from "@/lib/server/offers";
import { formValues, invalid, refused } from "@/lib/server/action-errors";
import { formatFrenchDate } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import { newOfferSchema, newPriceSchema, OFFER_CODE, offerEditSchema, type OfferFormInput } from "@/lib/domain/offer-form";
import type { FormState } from "@/lib/form-state";

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/** The offer form's fields as strings ("" when absent); a checkbox is sent only when checked. */
function offerInput(formData: FormData): OfferFormInput {
  const names = [
    "code", "name", "family", "planCategory", "allowanceGo", "overageMode", "meteredPricePerMib", "cap", "roamingCap", "optionOfFamily", "monthlyFee",
    "oneOffFee", "commitmentMonths", "renewalMonths", "noticeMonths", "terminationFeePerLine", "voiceChannelsPerUnit",
  ] as const;
  const input = Object.fromEntries(names.map((name) => [name, text(formData, name)])) as Omit<OfferFormInput, "unlimitedCalls" | "gtr">;
  return { ...input, unlimitedCalls: formData.get("unlimitedCalls") === "on", gtr: formData.get("gtr") === "on" };
}

/** The offer a form acts on (a hidden field): a code that cannot name an offer is "not found", like a URL. */
function offerCodeOf(formData: FormData): string {
  const code = text(formData, "offerCode").toUpperCase();
  if (!OFFER_CODE.test(code)) notFound();
  return code;
}

function revalidateCatalogue(code?: string) {
  revalidatePath("/admin/catalogue");
  if (code) revalidatePath(`/admin/catalogue/${code}`);
}

/** *Créer une offre* (SPEC §11): on sale at once, at the fees typed (its first price). */
export async function createOfferAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaffAdministrator();
  const values = formValues(formData);
  const parsed = newOfferSchema.safeParse(offerInput(formData));
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const offer = await createOffer(actor, parsed.data);
    revalidateCatalogue();
    return { ok: true, message: `L'offre ${offer.code} « ${offer.name} » a été créée et mise en vente.` };
  } catch (error) {
    unstable_rethrow(error);
    return refused(error, values);
  }
}

/** *Enregistrer* on an offer's page: every field but the code, the prices and the sale state. */
export async function updateOfferAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaffAdministrator();
  const code = offerCodeOf(formData);
  const values = formValues(formData);
  const parsed = offerEditSchema.safeParse(offerInput(formData));
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await updateOffer(actor, code, parsed.data);
  } catch (error) {
    unstable_rethrow(error);
    return refused(error, values);
  }
  revalidateCatalogue(code);
  return { ok: true, message: "Les modifications de l'offre ont été enregistrées." };
}

/** *Retirer de la vente* / *Remettre en vente*: existing OCs keep the offer either way. */
export async function setOfferActiveAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaffAdministrator();
  const code = offerCodeOf(formData);
  const active = text(formData, "active") === "true";
  try {
    await setOfferActive(actor, code, active);
  } catch (error) {
    unstable_rethrow(error);
    return refused(error);
  }
  revalidateCatalogue(code);
  return {
    ok: true,
    message: active ? "L'offre est de nouveau en vente." : "L'offre est retirée de la vente : elle n'est plus proposée à la commande ; les offres contractées existantes la gardent.",
  };
}

/** *Publier un nouveau prix*: an increase is mailed to the owners of the accounts billed for the offer. */
export async function publishPriceAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireStaffAdministrator();
  const code = offerCodeOf(formData);
  const values = formValues(formData);
  const parsed = newPriceSchema.safeParse({ effectiveOn: text(formData, "effectiveOn"), monthlyFee: text(formData, "monthlyFee"), oneOffFee: text(formData, "oneOffFee") });
  if (!parsed.success) return invalid(parsed.error, values);
  let noticeSent: boolean;
  try {
    const price = await publishPrice(actor, code, parsed.data);
    noticeSent = (await findOfferForAdmin(actor, code)).prices.some((p) => p.id === price.id && p.noticeSentAt !== null);
  } catch (error) {
    unstable_rethrow(error);
    return refused(error, values);
  }
  revalidateCatalogue(code);
  const { effectiveOn, monthlyFeeCents, oneOffFeeCents } = parsed.data;
  return {
    ok: true,
    message:
      `Prix publié : ${formatEuros(monthlyFeeCents)} HT par mois et ${formatEuros(oneOffFeeCents)} HT de frais uniques à compter du ${formatFrenchDate(effectiveOn)}.` +
      (noticeSent ? " C'est une hausse : les clients concernés en ont été informés par email." : ""),
  };
}
