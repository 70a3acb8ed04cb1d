/**
 * The catalogue file of SPEC §11 and §17: the project's CSV conventions (UTF-8, comma, amounts in integer
 * cents), a header naming `Offer` fields, `code` the key. Empty optional fields take the offer's defaults.
 */
import { parseCsvRecords, quote, type ParsedCsv } from "@/lib/domain/csv-import";
import { isSingleLineText } from "@/lib/domain/text";

export const SERVICE_FAMILIES = ["IP_ACCESS_FIBRE", "IP_ACCESS_COPPER", "IP_ACCESS_CELLULAR", "IP_TELEPHONY", "OPENSIM", "OPTION"] as const;
export const PLAN_CATEGORIES = ["DATA_ONLY", "VOIX_DATA_COMPTEUR", "DATA_DATA_AU_GO"] as const;
export const OVERAGE_MODES = ["BLOCKED", "THROTTLED", "METERED"] as const;

export type CatalogueOffer = {
  code: string;
  name: string;
  family: (typeof SERVICE_FAMILIES)[number];
  planCategory: (typeof PLAN_CATEGORIES)[number] | null;
  monthlyFeeCents: number;
  oneOffFeeCents: number;
  commitmentMonths: number;
  renewalMonths: number;
  noticeMonths: number;
  terminationFeePerLineCents: number | null;
  dataAllowanceBytes: bigint | null;
  overageMode: (typeof OVERAGE_MODES)[number] | null;
  meteredPricePerMibCentiCents: number | null;
  capCents: number | null;
  roamingCapCents: number | null;
  optionOfFamily: (typeof SERVICE_FAMILIES)[number] | null;
  voiceChannelsPerUnit: number | null;
  unlimitedCalls: boolean;
  gtr: boolean;
  active: boolean;
};

export const CATALOGUE_CSV_COLUMNS = [
  "code", "name", "family", "planCategory", "monthlyFeeCents", "oneOffFeeCents", "commitmentMonths", "renewalMonths", "noticeMonths",
  "terminationFeePerLineCents", "dataAllowanceBytes", "overageMode", "meteredPricePerMibCentiCents", "capCents", "roamingCapCents",
  "optionOfFamily", "voiceChannelsPerUnit", "unlimitedCalls", "gtr", "active",
] as const satisfies readonly (keyof CatalogueOffer)[];

const REQUIRED = ["code", "name", "family", "monthlyFeeCents", "commitmentMonths", "renewalMonths"] as const;
const CODE = /^[A-Z0-9][A-Z0-9_-]{0,39}$/;
const MAX_CENTS = 100_000_000;

export type CatalogueRow = { id: string; line: number; offer: CatalogueOffer };

/** Parses a catalogue file: the offers, and one French message per refused row (the header is line 1). */
export function parseCatalogueCsv(text: string): ParsedCsv<CatalogueRow> {
  return parseCsvRecords(text, { columns: CATALOGUE_CSV_COLUMNS, required: REQUIRED, readRow });
}

function readRow(field: (name: string) => string, line: number): CatalogueRow | string[] {
  const problems: string[] = [];
  const int = (name: string, max: number, fallback: number | null): number | null => {
    const raw = field(name);
    if (raw === "" && (REQUIRED as readonly string[]).includes(name)) problems.push(`${name} manquant`);
    if (raw === "") return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > max) {
      problems.push(`${name} ${quote(raw)} invalide : un entier positif ou nul attendu${name.endsWith("CentiCents") ? " (en centièmes de centime)" : name.endsWith("Cents") ? " (en centimes)" : ""}`);
      return fallback;
    }
    return Number(raw);
  };
  const choice = <T extends string>(name: string, values: readonly T[]): T | null => {
    const raw = field(name).toUpperCase();
    if (raw === "") return null;
    if (!values.includes(raw as T)) problems.push(`${name} ${quote(field(name))} inconnu : ${values.join(", ")}`);
    return values.includes(raw as T) ? (raw as T) : null;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = field(name).toLowerCase();
    if (raw === "") return fallback;
    if (["true", "oui", "1"].includes(raw)) return true;
    if (["false", "non", "0"].includes(raw)) return false;
    problems.push(`${name} ${quote(field(name))} invalide : true ou false attendu`);
    return fallback;
  };

  const code = field("code").toUpperCase();
  if (!code) problems.push("code manquant");
  else if (!CODE.test(code)) problems.push(`code ${quote(field("code"))} invalide : 1 à 40 caractères parmi lettres, chiffres, - et _`);
  const name = field("name");
  if (!name) problems.push("name manquant");
  else if (name.length > 120) problems.push("name trop long (120 caractères au plus)");
  else if (!isSingleLineText(name)) problems.push("name contient un caractère de contrôle");
  const family = choice("family", SERVICE_FAMILIES);
  if (!field("family")) problems.push("family manquant");
  const planCategory = choice("planCategory", PLAN_CATEGORIES);
  const optionOfFamily = choice("optionOfFamily", SERVICE_FAMILIES);
  if (family === "OPENSIM" && !planCategory) problems.push("planCategory obligatoire pour un forfait OpenSIM");
  if (family === "OPTION" && !optionOfFamily) problems.push("optionOfFamily obligatoire pour une option");
  const allowance = field("dataAllowanceBytes");
  if (allowance !== "" && !/^\d{1,18}$/.test(allowance)) problems.push(`dataAllowanceBytes ${quote(allowance)} invalide : un nombre d'octets attendu`);

  const offer: CatalogueOffer = {
    code,
    name,
    family: family ?? "OPTION",
    planCategory,
    monthlyFeeCents: int("monthlyFeeCents", MAX_CENTS, 0) ?? 0,
    oneOffFeeCents: int("oneOffFeeCents", MAX_CENTS, 0) ?? 0,
    commitmentMonths: int("commitmentMonths", 120, 0) ?? 0,
    renewalMonths: int("renewalMonths", 120, 0) ?? 0,
    noticeMonths: int("noticeMonths", 12, 1) ?? 1,
    terminationFeePerLineCents: int("terminationFeePerLineCents", MAX_CENTS, null),
    dataAllowanceBytes: allowance !== "" && /^\d{1,18}$/.test(allowance) ? BigInt(allowance) : null,
    overageMode: choice("overageMode", OVERAGE_MODES),
    meteredPricePerMibCentiCents: int("meteredPricePerMibCentiCents", MAX_CENTS, null),
    capCents: int("capCents", MAX_CENTS, null),
    roamingCapCents: int("roamingCapCents", MAX_CENTS, null),
    optionOfFamily,
    voiceChannelsPerUnit: int("voiceChannelsPerUnit", 1000, null),
    unlimitedCalls: bool("unlimitedCalls", false),
    gtr: bool("gtr", false),
    active: bool("active", true),
  };
  return problems.length > 0 ? problems : { id: code, line, offer };
}
