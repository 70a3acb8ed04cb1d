/**
 * The call detail records (CDR) file the voice platform sends (issue 9): one CSV row per call of a
 * fixed telephony service, parsed into records while every malformed row is reported by its file line
 * number (the header is line 1) and the good rows are kept.
 *
 * Format:
 *   id,service,debut,sens,numero,decroche,duree_secondes
 *   cdr-v-000001,SRV150944,2026-11-30T09:15:02+01:00,SORTANT,04 91 23 45 67,oui,125
 * - the file's shape and the id: as in lib/domain/csv-import.ts;
 * - service: the reference of the telephony service (trunk, Centrex) that carried the call;
 * - debut: when the call started, ISO 8601 with its offset or `Z`; it counts for its Paris day;
 * - sens: SORTANT (placed) or ENTRANT (received), any case;
 * - numero: the other party's number; for a placed call it gives the destination type (fixes France,
 *   mobiles France, international, numéros spéciaux; lib/domain/voice.ts destinationOf); for a received
 *   call it may be empty or `anonyme` (it is not kept);
 * - decroche: oui / non (also 1 / 0, true / false): whether the call was answered;
 * - duree_secondes: the conversation's length, a whole number from 0 to 86,400 (24 h); 0 when not answered.
 */
import { parseCsvRecords, quote, readId, readInstant, type ParsedCsv } from "@/lib/domain/csv-import";
import { destinationOf, type CallCategory } from "@/lib/domain/voice";

export const CALL_CSV_COLUMNS = ["id", "service", "debut", "sens", "numero", "decroche", "duree_secondes"] as const;
export const CALL_CSV_HEADER = CALL_CSV_COLUMNS.join(",");
export const CALL_CSV_EXAMPLE = `${CALL_CSV_HEADER}\ncdr-v-000001,SRV150944,2026-11-30T09:15:02+01:00,SORTANT,04 91 23 45 67,oui,125`;
const REQUIRED: readonly string[] = CALL_CSV_COLUMNS;

/** Longer is an input error, not a call (the 120-minute rule is checked on what is within this). */
export const MAX_CALL_SECONDS = 86_400;

/** A call record ready to import; `line` is where it came from (its file line number). */
export type CallInput = { line: number; id: string; serviceRef: string; startedAt: Date; category: CallCategory; answered: boolean; durationSeconds: number };

const ANSWERED = new Map([["oui", true], ["non", false], ["1", true], ["0", false], ["true", true], ["false", false]]);

function readRow(field: (name: string) => string, line: number): CallInput | string[] {
  const problems: string[] = [];
  const id = readId(field("id"), problems);

  const rawService = field("service");
  const serviceRef = rawService.toUpperCase();
  if (!rawService) problems.push("service manquant");
  else if (!/^SRV[\dA-Z-]{1,17}$/.test(serviceRef)) problems.push(`service ${quote(rawService)} : référence de service attendue (par exemple SRV150944)`);

  const startedAt = readInstant(field("debut"), problems, "début");

  const rawDirection = field("sens");
  const direction = rawDirection.toUpperCase();
  if (!rawDirection) problems.push("sens manquant");
  else if (direction !== "SORTANT" && direction !== "ENTRANT") problems.push(`sens ${quote(rawDirection)} : SORTANT ou ENTRANT attendu`);

  const number = field("numero");
  let category: CallCategory | null = direction === "ENTRANT" ? "ENTRANT" : null;
  if (direction === "SORTANT") {
    category = number ? destinationOf(number) : null;
    if (!number) problems.push("numéro appelé manquant pour un appel sortant");
    else if (!category) problems.push(`numéro appelé ${quote(number)} invalide`);
  }

  const rawAnswered = field("decroche");
  const answered = ANSWERED.get(rawAnswered.toLowerCase());
  if (!rawAnswered) problems.push("décroché manquant");
  else if (answered === undefined) problems.push(`décroché ${quote(rawAnswered)} : oui ou non attendu`);

  const rawDuration = field("duree_secondes");
  let durationSeconds: number | null = null;
  if (!rawDuration) problems.push("durée manquante");
  else if (!/^\d+$/.test(rawDuration)) problems.push(`durée ${quote(rawDuration)} : nombre entier de secondes positif ou nul attendu`);
  else if (Number(rawDuration) > MAX_CALL_SECONDS) problems.push(`durée ${quote(rawDuration)} : valeur trop grande (24 heures au plus)`);
  else if (answered === false && Number(rawDuration) > 0) problems.push("durée non nulle pour un appel non décroché");
  else durationSeconds = Number(rawDuration);

  if (problems.length || !id || !startedAt || !category || answered === undefined || durationSeconds === null) return problems;
  return { line, id, serviceRef, startedAt, category, answered, durationSeconds };
}

/** Parses a call records CSV file (see the module comment): the good records, and one message per refused row. */
export function parseCallCsv(text: string): ParsedCsv<CallInput> {
  return parseCsvRecords(text, { columns: CALL_CSV_COLUMNS, required: REQUIRED, readRow });
}
