/**
 * What the imported CSV files have in common (usage records, issue 6; call records, issue 9): the
 * upload checks, the reading of lines and fields, ISO 8601 instants, record ids, and the loop that
 * keeps the good rows while reporting every malformed one by its file line number (the header is
 * line 1).
 *
 * - separator `,` or `;` (the header's decides); UTF-8, with or without BOM; LF or CRLF line ends;
 *   fields may be wrapped in double quotes; blank lines are skipped; columns in any order;
 * - id: 1 to 64 characters among letters, digits and `. _ : -`; the record's identity: a record
 *   already imported is never counted again, and a repeated id in the same file keeps the first row.
 */
import { daysInMonth } from "@/lib/domain/calendar-day";

export type RejectedRow = { line: number; message: string };
export type ParsedCsv<T> = { records: T[]; rejected: RejectedRow[] };

/** The staff upload pages take files up to 20 Mo (about 250,000 records). */
export const CSV_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;
export const CSV_UPLOAD_TOO_BIG = "Le fichier dépasse 20 Mo : découpez-le en plusieurs fichiers.";

/** What browsers report for a .csv file (Excel on Windows says vnd.ms-excel; some say nothing). */
const CSV_TYPES = ["text/csv", "application/csv", "text/x-csv", "text/plain", "application/vnd.ms-excel", "application/octet-stream", ""];

/** Why an uploaded file cannot be an import file (an empty input arrives as a nameless empty file), or null. */
export function csvUploadProblem(file: { name: string; type: string; size: number }): string | null {
  if (file.name === "" && file.size === 0) return "Choisissez un fichier CSV.";
  if (!/\.csv$/i.test(file.name) || !CSV_TYPES.includes(file.type)) return "Le fichier doit être un fichier CSV (extension .csv).";
  if (file.size === 0) return "Le fichier est vide.";
  if (file.size > CSV_UPLOAD_MAX_BYTES) return CSV_UPLOAD_TOO_BIG;
  return null;
}

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** A value quoted in a message, cut at 40 characters. */
export const quote = (value: string) => `« ${value.length > 40 ? `${value.slice(0, 40)}…` : value} »`;

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

/** The problem with an instant field (named `column` in the messages), pushed to `problems`; the instant, or null. */
export function readInstant(raw: string, problems: string[], column: string): Date | null {
  const at = parseInstant(raw);
  if (!raw) problems.push(`${column} manquant`);
  else if (!at) problems.push(`${column} ${quote(raw)} invalide : date et heure ISO 8601 avec fuseau attendues (par exemple 2026-03-31T22:30:00Z ou 2026-04-01T00:30:00+02:00)`);
  return at;
}

/** The problem with a record id, pushed to `problems`; the id, or null. */
export function readId(id: string, problems: string[]): string | null {
  if (!id) problems.push("identifiant manquant");
  else if (!ID_PATTERN.test(id)) problems.push(`identifiant ${quote(id)} invalide : 1 à 64 caractères parmi lettres, chiffres et . _ : -`);
  else return id;
  return null;
}

type Columns = Map<string, number>;

/** The header's columns by name, or the French reason it is not a usable header. */
function readHeader(fields: string[], known: readonly string[], required: readonly string[]): Columns | string {
  const columns: Columns = new Map();
  for (const [index, raw] of fields.entries()) {
    const name = known.find((k) => k.toLowerCase() === raw.trim().toLowerCase());
    if (name === undefined) return `colonne inconnue ${quote(raw)}`;
    if (columns.has(name)) return `colonne ${quote(name)} en double`;
    columns.set(name, index);
  }
  const missing = required.filter((name) => !columns.has(name));
  if (missing.length) return `${missing.length > 1 ? "colonnes manquantes" : "colonne manquante"} ${missing.map(quote).join(", ")}`;
  return columns;
}

export type CsvFormat<T> = {
  /** Every column, in the order of the expected header. */
  columns: readonly string[];
  required: readonly string[];
  /** One row as a record (field(name) is the trimmed value, "" for a column not in the file), or its problems. */
  readRow: (field: (name: string) => string, line: number) => T | string[];
};

/** Parses a CSV file of records with ids: the good records, and one message per refused row. */
export function parseCsvRecords<T extends { id: string }>(text: string, format: CsvFormat<T>): ParsedCsv<T> {
  const header = format.columns.join(",");
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const rejected: RejectedRow[] = [];
  const records: T[] = [];
  const headerIndex = lines.findIndex((l) => l.trim() !== "");
  if (headerIndex === -1) return { records, rejected: [{ line: 1, message: `Ligne 1 : le fichier est vide ; la première ligne doit être l'en-tête « ${header} ».` }] };

  const headerLine = lines[headerIndex].replace(/\r$/, "");
  const separator = headerLine.includes(";") ? ";" : ",";
  const headerFields = splitFields(headerLine, separator);
  const columns = headerFields ? readHeader(headerFields, format.columns, format.required) : "guillemets non fermés";
  if (typeof columns === "string") {
    const line = headerIndex + 1;
    return { records, rejected: [{ line, message: `Ligne ${line} : en-tête invalide (${columns}) ; en-tête attendu « ${header} ».` }] };
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
    const field = (name: string) => {
      const i = columns.get(name);
      return i === undefined ? "" : fields[i].trim();
    };
    const row = format.readRow(field, line);
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

/**
 * The first record of each id, and the repeats reported (by the import functions, which also take
 * records from elsewhere than a parsed file: the seeds, the benchmarks).
 */
export function firstOfEachId<T extends { id: string; line: number }>(records: T[]): { unique: T[]; rejected: RejectedRow[] } {
  const firstLineOf = new Map<string, number>();
  const unique: T[] = [];
  const rejected: RejectedRow[] = [];
  for (const r of records) {
    const first = firstLineOf.get(r.id);
    if (first === undefined) {
      firstLineOf.set(r.id, r.line);
      unique.push(r);
    } else rejected.push({ line: r.line, message: `Ligne ${r.line} : identifiant « ${r.id} » en double (déjà ligne ${first}) ; ligne ignorée.` });
  }
  return { unique, rejected };
}
