/**
 * The usage file the mobile network sends (SPEC §4 *Monitoring*, issue 6): one CSV row per usage
 * record, parsed into records while every malformed row is reported by its file line number (the
 * header is line 1) and the good rows are kept.
 *
 * Format:
 *   id,msisdn,horodatage,zone,octets,montant_centimes
 *   cdr-2026-03-000001,0612345678,2026-03-31T22:30:00Z,FRANCE,524288000,0
 * - the file's shape and the id: as in lib/domain/csv-import.ts;
 * - msisdn: a French mobile number (`0612345678`, `+33612345678`, `06 12 34 56 78`);
 * - horodatage: an ISO 8601 instant with its offset or `Z` (`2026-04-01T00:30:00+02:00`; `T` or a
 *   space between date and time, seconds and fractions optional, kept to the millisecond); the usage
 *   counts for its Europe/Paris calendar day;
 * - zone: FRANCE, EUROPE or INTERNATIONAL (any case);
 * - octets: a whole number of bytes, 0 to 2⁴⁰ (1 Tio);
 * - montant_centimes: the out-of-bundle amount in cents HT, 0 to 100,000; empty (or no such column) = 0.
 */
import { normalizeFrenchMobile } from "@/lib/domain/identifiers";
import { parseCsvRecords, quote, readId, readInstant, type ParsedCsv } from "@/lib/domain/csv-import";

export const USAGE_CSV_COLUMNS = ["id", "msisdn", "horodatage", "zone", "octets", "montant_centimes"] as const;
export const USAGE_CSV_HEADER = USAGE_CSV_COLUMNS.join(",");
export const USAGE_CSV_EXAMPLE = `${USAGE_CSV_HEADER}\ncdr-2026-03-000001,0612345678,2026-03-31T22:30:00Z,FRANCE,524288000,0`;

export const USAGE_ZONES = ["FRANCE", "EUROPE", "INTERNATIONAL"] as const;
export type UsageZone = (typeof USAGE_ZONES)[number];

/** A usage record ready to import; `line` is where it came from (its file line number). */
export type UsageInput = { line: number; id: string; msisdn: string; at: Date; zone: UsageZone; bytes: bigint; amountCents: number };
export type ParsedUsageCsv = ParsedCsv<UsageInput>;

/** Larger values are input errors, not usage: they would also overflow the daily sums. */
export const MAX_RECORD_BYTES = BigInt(1) << BigInt(40);
export const MAX_RECORD_AMOUNT_CENTS = 100_000;

const REQUIRED: readonly string[] = ["id", "msisdn", "horodatage", "zone", "octets"];

/** One data row as a record, or the French reasons it is refused. */
function readRow(field: (name: string) => string, line: number): UsageInput | string[] {
  const problems: string[] = [];
  const id = readId(field("id"), problems);

  const rawMsisdn = field("msisdn");
  const msisdn = normalizeFrenchMobile(rawMsisdn);
  if (!rawMsisdn) problems.push("numéro manquant");
  else if (!msisdn) problems.push(`numéro ${quote(rawMsisdn)} : numéro mobile français attendu (06 ou 07 suivi de 8 chiffres)`);

  const at = readInstant(field("horodatage"), problems, "horodatage");

  const rawZone = field("zone");
  const zone = USAGE_ZONES.find((z) => z === rawZone.toUpperCase());
  if (!rawZone) problems.push("zone manquante");
  else if (!zone) problems.push(`zone inconnue ${quote(rawZone)}`);

  const rawBytes = field("octets");
  let bytes: bigint | null = null;
  if (!rawBytes) problems.push("octets manquants");
  else if (!/^\d+$/.test(rawBytes)) problems.push(`octets ${quote(rawBytes)} : nombre entier positif ou nul attendu`);
  else if (BigInt(rawBytes) > MAX_RECORD_BYTES) problems.push(`octets ${quote(rawBytes)} : valeur trop grande (au plus 1 Tio par enregistrement)`);
  else bytes = BigInt(rawBytes);

  const rawAmount = field("montant_centimes");
  let amountCents = 0;
  if (rawAmount && !/^\d+$/.test(rawAmount)) problems.push(`montant_centimes ${quote(rawAmount)} : nombre entier de centimes positif ou nul attendu`);
  else if (rawAmount && Number(rawAmount) > MAX_RECORD_AMOUNT_CENTS) problems.push(`montant_centimes ${quote(rawAmount)} : valeur trop grande (au plus ${MAX_RECORD_AMOUNT_CENTS} centimes par enregistrement)`);
  else if (rawAmount) amountCents = Number(rawAmount);

  if (problems.length || !id || !msisdn || !at || !zone || bytes === null) return problems;
  return { line, id, msisdn, at, zone, bytes, amountCents };
}

/** Parses a usage CSV file (see the module comment): the good records, and one message per refused row. */
export function parseUsageCsv(text: string): ParsedUsageCsv {
  return parseCsvRecords(text, { columns: USAGE_CSV_COLUMNS, required: REQUIRED, readRow });
}
