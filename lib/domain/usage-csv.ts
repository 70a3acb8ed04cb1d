/**
 * The usage file the mobile network sends (SPEC §4 *Monitoring*, issue 6): one CSV row per usage
 * record, parsed into records while every malformed row is reported by its file line number (the
 * header is line 1) and the good rows are kept.
 *
 * Format:
 *   id,msisdn,horodatage,zone,octets,montant_centimes
 *   cdr-2026-03-000001,0612345678,2026-03-31T22:30:00Z,FRANCE,524288000,0
 * - separator `,` or `;` (the header's decides); UTF-8, with or without BOM; LF or CRLF line ends;
 *   fields may be wrapped in double quotes; blank lines are skipped; columns in any order;
 * - id: 1 to 64 characters among letters, digits and `. _ : -`; the record's identity: a record
 *   already imported is never counted again, and a repeated id in the same file keeps the first row;
 * - msisdn: a French mobile number (`0612345678`, `+33612345678`, `06 12 34 56 78`);
 * - horodatage: an ISO 8601 instant with its offset or `Z` (`2026-04-01T00:30:00+02:00`; `T` or a
 *   space between date and time, seconds and fractions optional, kept to the millisecond); the usage
 *   counts for its Europe/Paris calendar day;
 * - zone: FRANCE, EUROPE or INTERNATIONAL (any case);
 * - octets: a whole number of bytes, 0 to 2⁴⁰ (1 Tio);
 * - montant_centimes: the out-of-bundle amount in cents HT, 0 to 100,000; empty (or no such column) = 0.
 */
import { daysInMonth } from "@/lib/domain/calendar-day";
import { normalizeFrenchMobile } from "@/lib/domain/identifiers";

export const USAGE_CSV_COLUMNS = ["id", "msisdn", "horodatage", "zone", "octets", "montant_centimes"] as const;
export const USAGE_CSV_HEADER = USAGE_CSV_COLUMNS.join(",");
export const USAGE_CSV_EXAMPLE = `${USAGE_CSV_HEADER}\ncdr-2026-03-000001,0612345678,2026-03-31T22:30:00Z,FRANCE,524288000,0`;

export const USAGE_ZONES = ["FRANCE", "EUROPE", "INTERNATIONAL"] as const;
export type UsageZone = (typeof USAGE_ZONES)[number];

/** A usage record ready to import; `line` is where it came from (its file line number). */
export type UsageInput = { line: number; id: string; msisdn: string; at: Date; zone: UsageZone; bytes: bigint; amountCents: number };
export type RejectedRow = { line: number; message: string };
export type ParsedUsageCsv = { records: UsageInput[]; rejected: RejectedRow[] };

/** The staff upload page takes files up to 20 Mo (about 250,000 records). */
export const USAGE_CSV_MAX_BYTES = 20 * 1024 * 1024;
export const USAGE_CSV_TOO_BIG = "Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers.";

/** What browsers report for a .csv file (Excel on Windows says vnd.ms-excel; some say nothing). */
const CSV_TYPES = ["text/csv", "application/csv", "text/x-csv", "text/plain", "application/vnd.ms-excel", "application/octet-stream", ""];

/** Why an uploaded file cannot be a usage file (an empty input arrives as a nameless empty file), or null. */
export function usageUploadProblem(file: { name: string; type: string; size: number }): string | null {
  if (file.name === "" && file.size === 0) return "Choisissez un fichier CSV.";
  if (!/\.csv$/i.test(file.name) || !CSV_TYPES.includes(file.type)) return "Le fichier doit être un fichier CSV (extension .csv).";
  if (file.size === 0) return "Le fichier est vide.";
  if (file.size > USAGE_CSV_MAX_BYTES) return USAGE_CSV_TOO_BIG;
  return null;
}

/** Larger values are input errors, not usage: they would also overflow the daily sums. */
export const MAX_RECORD_BYTES = BigInt(1) << BigInt(40);
export const MAX_RECORD_AMOUNT_CENTS = 100_000;

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const REQUIRED: readonly string[] = ["id", "msisdn", "horodatage", "zone", "octets"];
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const quote = (value: string) => `« ${value.length > 40 ? `${value.slice(0, 40)}…` : value} »`;

/** The fields of one line, honouring double quotes (`""` inside quotes is a quote); null when quotes do not close. */
function splitFields(line: string, separator: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      while (line[i] === " " || line[i] === "\t") i++;
      if (i < line.length && line[i] !== separator) return null;
      fields.push(value);
    } else {
      const end = line.indexOf(separator, i);
      fields.push(line.slice(i, end === -1 ? line.length : end).trim());
      i = end === -1 ? line.length : end;
    }
    if (i >= line.length) return fields;
    i++; // the separator
  }
}

/** An ISO 8601 instant with an explicit offset (milliseconds kept, finer digits dropped), or null. */
export function parseInstant(value: string): Date | null {
  const m = INSTANT.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] ?? 0));
  const ms = Number((m[7] ?? "").slice(0, 3).padEnd(3, "0"));
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 18 || offsetMinutes > 59) return null;
  const offset = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset);
}

type Columns = Map<string, number>;

/** The header's columns by name, or the French reason it is not a usable header. */
function readHeader(fields: string[]): Columns | string {
  const columns: Columns = new Map();
  for (const [index, raw] of fields.entries()) {
    const name = raw.trim().toLowerCase();
    if (!(USAGE_CSV_COLUMNS as readonly string[]).includes(name)) return `colonne inconnue ${quote(raw)}`;
    if (columns.has(name)) return `colonne ${quote(name)} en double`;
    columns.set(name, index);
  }
  const missing = REQUIRED.filter((name) => !columns.has(name));
  if (missing.length) return `${missing.length > 1 ? "colonnes manquantes" : "colonne manquante"} ${missing.map(quote).join(", ")}`;
  return columns;
}

/** One data row as a record, or the French reasons it is refused. */
function readRow(fields: string[], columns: Columns, line: number): UsageInput | string[] {
  const field = (name: string) => {
    const index = columns.get(name);
    return index === undefined ? "" : fields[index].trim();
  };
  const problems: string[] = [];
  const id = field("id");
  if (!id) problems.push("identifiant manquant");
  else if (!ID_PATTERN.test(id)) problems.push(`identifiant ${quote(id)} invalide : 1 à 64 caractères parmi lettres, chiffres et . _ : -`);

  const rawMsisdn = field("msisdn");
  const msisdn = normalizeFrenchMobile(rawMsisdn);
  if (!rawMsisdn) problems.push("numéro manquant");
  else if (!msisdn) problems.push(`numéro ${quote(rawMsisdn)} : numéro mobile français attendu (06 ou 07 suivi de 8 chiffres)`);

  const rawAt = field("horodatage");
  const at = parseInstant(rawAt);
  if (!rawAt) problems.push("horodatage manquant");
  else if (!at) problems.push(`horodatage ${quote(rawAt)} invalide : date et heure ISO 8601 avec fuseau attendues (par exemple 2026-03-31T22:30:00Z ou 2026-04-01T00:30:00+02:00)`);

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

  if (problems.length || !msisdn || !at || !zone || bytes === null) return problems;
  return { line, id, msisdn, at, zone, bytes, amountCents };
}

/** Parses a usage CSV file (see the module comment): the good records, and one message per refused row. */
export function parseUsageCsv(text: string): ParsedUsageCsv {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const rejected: RejectedRow[] = [];
  const records: UsageInput[] = [];
  const headerIndex = lines.findIndex((l) => l.trim() !== "");
  if (headerIndex === -1) return { records, rejected: [{ line: 1, message: `Ligne 1 : le fichier est vide ; la première ligne doit être l'en-tête « ${USAGE_CSV_HEADER} ».` }] };

  const headerLine = lines[headerIndex].replace(/\r$/, "");
  const separator = headerLine.includes(";") ? ";" : ",";
  const headerFields = splitFields(headerLine, separator);
  const columns = headerFields ? readHeader(headerFields) : "guillemets non fermés";
  if (typeof columns === "string") {
    const line = headerIndex + 1;
    return { records, rejected: [{ line, message: `Ligne ${line} : en-tête invalide (${columns}) ; en-tête attendu « ${USAGE_CSV_HEADER} ».` }] };
  }

  const firstLineOf = new Map<string, number>();
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const raw = lines[index].replace(/\r$/, "");
    if (raw.trim() === "") continue;
    const line = index + 1;
    const fields = splitFields(raw, separator);
    if (!fields) {
      rejected.push({ line, message: `Ligne ${line} : guillemets non fermés.` });
      continue;
    }
    if (fields.length !== columns.size) {
      rejected.push({ line, message: `Ligne ${line} : ${fields.length} ${fields.length > 1 ? "champs" : "champ"} au lieu de ${columns.size} (séparateur ${quote(separator)}).` });
      continue;
    }
    const row = readRow(fields, columns, line);
    if (Array.isArray(row)) {
      rejected.push({ line, message: `Ligne ${line} : ${row.join(" ; ")}.` });
      continue;
    }
    const first = firstLineOf.get(row.id);
    if (first !== undefined) {
      rejected.push({ line, message: `Ligne ${line} : identifiant ${quote(row.id)} en double (déjà ligne ${first}) ; ligne ignorée.` });
      continue;
    }
    firstLineOf.set(row.id, line);
    records.push(row);
  }
  return { records, rejected };
}
