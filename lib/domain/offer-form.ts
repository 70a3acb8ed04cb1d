/**
 * The staff catalogue's offer form (SPEC §11): what an administrator types (euros, Go, months) turned into a
 * `CatalogueOffer` (cents, bytes, hundredths of a cent), with one French message per refused field. The rules
 * are the catalogue file's (lib/domain/catalogue-csv.ts `readRow`), plus the fields that only make sense for
 * one family (an OpenSIM plan's category and allowance, an option's family, a trunk's voice channels).
 */
import { z } from "zod";
import { parseEurosToCents } from "@/lib/domain/money";
import { isValidDay } from "@/lib/domain/calendar-day";
import { FORBIDDEN_CHARACTERS_MESSAGE, isSingleLineText } from "@/lib/domain/text";
import { OVERAGE_MODES, PLAN_CATEGORIES, SERVICE_FAMILIES, type CatalogueOffer } from "@/lib/domain/catalogue-csv";

type Family = (typeof SERVICE_FAMILIES)[number];
type PlanCategory = (typeof PLAN_CATEGORIES)[number];
type OverageMode = (typeof OVERAGE_MODES)[number];

export const FAMILY_LABELS: Record<Family, string> = {
  IP_ACCESS_FIBRE: "Accès IP fibre",
  IP_ACCESS_COPPER: "Accès IP cuivre",
  IP_ACCESS_CELLULAR: "Accès IP cellulaire",
  IP_TELEPHONY: "Téléphonie IP",
  OPENSIM: "Flotte mobile OpenSIM",
  OPTION: "Options",
};

export const PLAN_CATEGORY_LABELS: Record<PlanCategory, string> = {
  DATA_ONLY: "Data Only",
  VOIX_DATA_COMPTEUR: "Voix + Data au compteur",
  DATA_DATA_AU_GO: "Data + Data au Go",
};

export const OVERAGE_MODE_LABELS: Record<OverageMode, string> = {
  BLOCKED: "Bloqué au-delà",
  THROTTLED: "Débit réduit au-delà",
  METERED: "Au compteur",
};

/** One Go of allowance, as the demo catalogue counts it (5 Go = 5 × 2³⁰ bytes). */
export const BYTES_PER_GO = 2n ** 30n;
/** The catalogue file's bound (catalogue-csv.ts), here 10 000 € per Mio in hundredths of a cent. */
const MAX_CENTI_CENTS = 100_000_000;
const MAX_GO = 100_000;
/** As the catalogue file's codes: 1 to 40 characters among capitals, digits, - and _. */
export const OFFER_CODE = /^[A-Z0-9][A-Z0-9_-]{0,39}$/;

/**
 * A price per Mio typed in euros with up to 4 decimals (`0,01`, `0,0125`), in hundredths of a cent (`0,01` → 100),
 * or the French reason it is not one.
 */
export function parseEurosToCentiCents(input: string): { centiCents: number } | { problem: string } {
  const compact = input.replace(/[\s\u00A0\u202F€]/g, "").replace(",", ".");
  if (compact === "") return { problem: "Indiquez un montant en euros." };
  if (compact.startsWith("-")) return { problem: "Le montant ne peut pas être négatif." };
  const m = /^(\d{1,7})(?:\.(\d+))?$/.exec(compact);
  if (!m) return { problem: "Indiquez un montant en euros, par exemple 0,01." };
  if ((m[2] ?? "").length > 4) return { problem: "Le prix au Mio a au plus 4 décimales (centièmes de centime)." };
  const centiCents = Number(m[1]) * 10_000 + Number((m[2] ?? "").padEnd(4, "0"));
  if (centiCents > MAX_CENTI_CENTS) return { problem: "Le prix au Mio ne peut pas dépasser 10 000 €." };
  return { centiCents };
}

/** Cents as typed in the form: 1250 → "12,50". */
export function eurosInput(cents: number | null): string {
  if (cents === null) return "";
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, "0")}`;
}

/** Hundredths of a cent as typed in the form, with 2 to 4 decimals: 100 → "0,01", 125 → "0,0125". */
export function centiCentsInput(centiCents: number | null): string {
  if (centiCents === null) return "";
  const decimals = String(centiCents % 10_000).padStart(4, "0").replace(/0{1,2}$/, "");
  return `${Math.trunc(centiCents / 10_000)},${decimals.padEnd(2, "0")}`;
}

/** Bytes as Go typed in the form (a whole number of Go; anything else shown with its decimals). */
export function goInput(bytes: bigint | null): string {
  if (bytes === null) return "";
  if (bytes % BYTES_PER_GO === 0n) return String(bytes / BYTES_PER_GO);
  return (Number(bytes) / Number(BYTES_PER_GO)).toFixed(3).replace(".", ",");
}

/** What the form sends, every field a string ("" when left empty); the checkboxes as booleans. */
export type OfferFormInput = {
  code: string;
  name: string;
  family: string;
  planCategory: string;
  allowanceGo: string;
  overageMode: string;
  meteredPricePerMib: string;
  cap: string;
  roamingCap: string;
  optionOfFamily: string;
  monthlyFee: string;
  oneOffFee: string;
  commitmentMonths: string;
  renewalMonths: string;
  noticeMonths: string;
  terminationFeePerLine: string;
  voiceChannelsPerUnit: string;
  unlimitedCalls: boolean;
  gtr: boolean;
};

export type OfferFormErrors = Partial<Record<keyof OfferFormInput, string[]>>;
/** An edit changes everything but the code and the prices (which change through dated versions, SPEC §11). */
export type OfferEdit = Omit<CatalogueOffer, "code" | "monthlyFeeCents" | "oneOffFeeCents" | "active">;
export type OfferFormMode = "create" | "edit";

const oneOf = <T extends string>(values: readonly T[], raw: string): T | null => (values.includes(raw as T) ? (raw as T) : null);

/**
 * Reads the offer form: the offer (active, for a creation), or the French messages of every refused field at once.
 * In `edit` mode the code and the fees are not read (the returned offer has code "" and fees 0: the caller drops them).
 */
export function readOfferForm(input: OfferFormInput, mode: OfferFormMode): { offer: CatalogueOffer } | { errors: OfferFormErrors } {
  const errors: OfferFormErrors = {};
  const refuse = (field: keyof OfferFormInput, message: string) => {
    (errors[field] ??= []).push(message);
  };
  const text = (field: keyof OfferFormInput) => String(input[field]).trim();

  const euros = (field: keyof OfferFormInput, required: boolean): number | null => {
    const raw = text(field);
    if (raw === "" && !required) return null;
    const parsed = parseEurosToCents(raw);
    if ("problem" in parsed) return (refuse(field, parsed.problem), null);
    return parsed.cents;
  };
  const whole = (field: keyof OfferFormInput, min: number, max: number, required: boolean, unit: string): number | null => {
    const raw = text(field);
    const range = `entre ${min} et ${String(max).replace(/\B(?=(\d{3})+$)/g, "\u00A0")}`;
    if (raw === "") {
      if (required) refuse(field, `Indiquez un nombre de ${unit} ${range}.`);
      return null;
    }
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) return (refuse(field, `Indiquez un nombre entier de ${unit} ${range}.`), null);
    return Number(raw);
  };
  const onlyFor = (field: keyof OfferFormInput, applies: boolean, message: string) => {
    if (!applies && text(field) !== "") refuse(field, message);
    return applies;
  };

  let code = "";
  if (mode === "create") {
    code = text("code").toUpperCase();
    if (code === "") refuse("code", "Indiquez le code de l'offre.");
    else if (!OFFER_CODE.test(code)) refuse("code", "Le code compte 1 à 40 caractères : lettres sans accent, chiffres, - et _.");
  }
  const name = text("name");
  if (name === "") refuse("name", "Indiquez le nom de l'offre.");
  else if (name.length > 120) refuse("name", "Le nom compte au plus 120 caractères.");
  else if (/\p{Cc}/u.test(name)) refuse("name", "Le nom contient un caractère non autorisé.");

  const family = oneOf(SERVICE_FAMILIES, text("family"));
  if (!family) refuse("family", "Choisissez la famille de l'offre.");
  const openSim = family === "OPENSIM";

  let planCategory: PlanCategory | null = null;
  if (onlyFor("planCategory", openSim || !family, "La catégorie ne concerne que les forfaits OpenSIM.") && text("planCategory") !== "") {
    planCategory = oneOf(PLAN_CATEGORIES, text("planCategory"));
    if (!planCategory) refuse("planCategory", "Choisissez une catégorie de la liste.");
  } else if (openSim) refuse("planCategory", "Choisissez la catégorie du forfait OpenSIM.");

  let overageMode: OverageMode | null = null;
  if (onlyFor("overageMode", openSim || !family, "Le mode de dépassement ne concerne que les forfaits OpenSIM.") && text("overageMode") !== "") {
    overageMode = oneOf(OVERAGE_MODES, text("overageMode"));
    if (!overageMode) refuse("overageMode", "Choisissez un mode de dépassement de la liste.");
  } else if (openSim) refuse("overageMode", "Choisissez ce qui se passe au-delà du forfait : bloqué, débit réduit ou au compteur.");
  const metered = overageMode === "METERED";

  let dataAllowanceBytes: bigint | null = null;
  if (!openSim) onlyFor("allowanceGo", !family, "Le volume inclus ne concerne que les forfaits OpenSIM.");
  else if (metered) onlyFor("allowanceGo", false, "Un forfait au compteur n'a pas de volume inclus : laissez ce champ vide.");
  else if (overageMode) {
    const go = whole("allowanceGo", 1, MAX_GO, true, "Go");
    dataAllowanceBytes = go === null ? null : BigInt(go) * BYTES_PER_GO;
  }

  let meteredPricePerMibCentiCents: number | null = null;
  if (onlyFor("meteredPricePerMib", metered || (openSim && !overageMode) || !family, "Le prix au Mio ne concerne que les forfaits au compteur.") && metered) {
    const parsed = parseEurosToCentiCents(text("meteredPricePerMib"));
    if ("problem" in parsed) refuse("meteredPricePerMib", text("meteredPricePerMib") === "" ? "Indiquez le prix au Mio du forfait au compteur." : parsed.problem);
    else meteredPricePerMibCentiCents = parsed.centiCents;
  }
  const capCents = onlyFor("cap", metered || (openSim && !overageMode) || !family, "Le plafond ne concerne que les forfaits au compteur.") ? euros("cap", false) : null;
  const roamingCapCents = onlyFor("roamingCap", openSim || !family, "Le plafond hors de France ne concerne que les forfaits OpenSIM.") ? euros("roamingCap", false) : null;

  let optionOfFamily: Family | null = null;
  if (onlyFor("optionOfFamily", family === "OPTION" || !family, "La famille de rattachement ne concerne que les options.") && text("optionOfFamily") !== "") {
    optionOfFamily = oneOf(SERVICE_FAMILIES, text("optionOfFamily"));
    if (!optionOfFamily || optionOfFamily === "OPTION") {
      refuse("optionOfFamily", "Choisissez la famille des offres auxquelles l'option s'ajoute.");
      optionOfFamily = null;
    }
  } else if (family === "OPTION") refuse("optionOfFamily", "Choisissez la famille des offres auxquelles l'option s'ajoute.");

  let monthlyFeeCents = 0;
  let oneOffFeeCents = 0;
  if (mode === "create") {
    monthlyFeeCents = euros("monthlyFee", true) ?? 0;
    oneOffFeeCents = text("oneOffFee") === "" ? 0 : (euros("oneOffFee", true) ?? 0);
  }
  const commitmentMonths = whole("commitmentMonths", 0, 120, true, "mois") ?? 0;
  const renewalMonths = whole("renewalMonths", 0, 120, true, "mois") ?? 0;
  const noticeMonths = whole("noticeMonths", 0, 12, true, "mois") ?? 0;
  const terminationFeePerLineCents = euros("terminationFeePerLine", false);
  const voiceChannelsPerUnit = onlyFor("voiceChannelsPerUnit", family === "IP_TELEPHONY" || !family, "Les canaux voix ne concernent que la téléphonie IP.")
    ? whole("voiceChannelsPerUnit", 1, 1000, false, "canaux")
    : null;

  if (Object.keys(errors).length > 0 || !family) return { errors };
  return {
    offer: {
      code, name, family, planCategory, monthlyFeeCents, oneOffFeeCents, commitmentMonths, renewalMonths, noticeMonths, terminationFeePerLineCents,
      dataAllowanceBytes, overageMode, meteredPricePerMibCentiCents, capCents, roamingCapCents, optionOfFamily, voiceChannelsPerUnit,
      unlimitedCalls: input.unlimitedCalls, gtr: input.gtr, active: true,
    },
  };
}

const field = z.string().max(500, "Ce champ est trop long.").refine(isSingleLineText, FORBIDDEN_CHARACTERS_MESSAGE);
const formShape = {
  code: field, name: field, family: field, planCategory: field, allowanceGo: field, overageMode: field, meteredPricePerMib: field, cap: field,
  roamingCap: field, optionOfFamily: field, monthlyFee: field, oneOffFee: field, commitmentMonths: field, renewalMonths: field, noticeMonths: field,
  terminationFeePerLine: field, voiceChannelsPerUnit: field, unlimitedCalls: z.boolean(), gtr: z.boolean(),
};

/** The form's zod schema: its refusals carry the field's path, so `z.flattenError` gives the form's field errors. */
function offerFormSchema(mode: OfferFormMode) {
  return z.object(formShape).transform((input, ctx) => {
    const read = readOfferForm(input, mode);
    if ("offer" in read) return read.offer;
    for (const [path, messages] of Object.entries(read.errors)) for (const message of messages ?? []) ctx.addIssue({ code: "custom", path: [path], message });
    return z.NEVER;
  });
}

/** A new offer, on sale. */
export const newOfferSchema = offerFormSchema("create");

/** An edit: every field but the code, the prices and the sale state. */
export const offerEditSchema = offerFormSchema("edit").transform((offer): OfferEdit => {
  const { code: _code, monthlyFeeCents: _monthly, oneOffFeeCents: _oneOff, active: _active, ...edit } = offer;
  return edit;
});

/** The catalogue values of an offer, as its edit form shows them (a checked box is "on", as the browser sends it). */
export function offerFormValues(offer: Omit<CatalogueOffer, "active">): Record<string, string> {
  const values: Record<string, string> = {
    code: offer.code, name: offer.name, family: offer.family, planCategory: offer.planCategory ?? "", allowanceGo: goInput(offer.dataAllowanceBytes),
    overageMode: offer.overageMode ?? "", meteredPricePerMib: centiCentsInput(offer.meteredPricePerMibCentiCents), cap: eurosInput(offer.capCents),
    roamingCap: eurosInput(offer.roamingCapCents), optionOfFamily: offer.optionOfFamily ?? "", monthlyFee: eurosInput(offer.monthlyFeeCents),
    oneOffFee: eurosInput(offer.oneOffFeeCents), commitmentMonths: String(offer.commitmentMonths), renewalMonths: String(offer.renewalMonths),
    noticeMonths: String(offer.noticeMonths), terminationFeePerLine: eurosInput(offer.terminationFeePerLineCents),
    voiceChannelsPerUnit: offer.voiceChannelsPerUnit === null ? "" : String(offer.voiceChannelsPerUnit),
  };
  if (offer.unlimitedCalls) values.unlimitedCalls = "on";
  if (offer.gtr) values.gtr = "on";
  return values;
}

const eurosField = z.string().transform((raw, ctx) => {
  const parsed = parseEurosToCents(raw);
  if ("problem" in parsed) return (ctx.addIssue({ code: "custom", message: parsed.problem }), z.NEVER);
  return parsed.cents;
});

/**
 * *Publier un nouveau prix*: its effective day and its fees HT in euros. Whether the day is allowed (not past, not
 * taken, an increase one month ahead) is lib/domain/prices.ts `priceVersionProblem`, checked at publication.
 */
export const newPriceSchema = z
  .object({
    effectiveOn: z.string().refine(isValidDay, "Saisissez une date d'effet valide (jj/mm/aaaa)."),
    monthlyFee: eurosField,
    oneOffFee: eurosField,
  })
  .transform((v) => ({ effectiveOn: v.effectiveOn, monthlyFeeCents: v.monthlyFee, oneOffFeeCents: v.oneOffFee }));
