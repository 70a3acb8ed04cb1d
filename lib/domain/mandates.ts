/**
 * SEPA Core direct debit mandates (SPEC §12, §17; seed 003 art. 8.2): the mandate reference (*RUM*), when a
 * mandate lapses (*Caduc*), how a change of bank account amends it, and what a signed copy may be.
 */
import { addMonthsClamped, compareDays, type CalendarDay } from "@/lib/domain/calendar-day";

export type MandateState = "ACTIF" | "REVOQUE" | "CADUC";

export const MANDATE_STATE_LABELS: Record<MandateState, string> = { ACTIF: "Actif", REVOQUE: "Révoqué", CADUC: "Caduc" };

/** pain.008 `MndtId`: Max35Text. */
export const RUM_MAX_LENGTH = 35;

/** The characters the EPC allows in a mandate reference (the Latin subset of the SEPA character set). */
const RUM_CHARACTERS = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/**
 * The RUM the portal gives a new mandate: `RUM-` + the billing account's reference + `-` + the number `n` of the
 * `sepa_mandate` counter (unique, so the RUM is; at least 6 digits). Only EPC characters, at most 35: an
 * account reference is at most 20 characters, and the reference is shortened before the number ever would be.
 */
export function generatedRum(accountRef: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Not a mandate number: ${n}`);
  const number = String(n).padStart(6, "0");
  const ref = accountRef.toUpperCase().replace(/[^A-Z0-9-]/g, "");
  const room = RUM_MAX_LENGTH - "RUM-".length - "-".length - number.length;
  if (room < 1) throw new RangeError(`Mandate number too large: ${n}`);
  return `RUM-${ref.slice(0, room).replace(/-+$/, "") || "X"}-${number}`;
}

/** A RUM as typed: surrounding spaces dropped. */
export function normalizeRum(input: string): string {
  return input.trim();
}

/**
 * Why a RUM typed by staff (recording an existing paper mandate, §17) cannot be one, in French, or null: 1 to 35
 * characters among `A-Z a-z 0-9 / - ? : ( ) . , ' +` and space, neither starting nor ending with `/`, no `//`
 * (EPC rulebook, mandate reference).
 */
export function rumProblem(input: string): string | null {
  const rum = normalizeRum(input);
  if (rum === "") return "La RUM est obligatoire.";
  if (rum.length > RUM_MAX_LENGTH) return `La RUM ne doit pas dépasser ${RUM_MAX_LENGTH} caractères (elle en a ${rum.length}).`;
  if (!RUM_CHARACTERS.test(rum)) {
    const bad = [...rum].find((ch) => !RUM_CHARACTERS.test(ch));
    return `La RUM contient un caractère non autorisé (« ${bad} ») : lettres sans accent, chiffres, espaces et / - ? : ( ) . , ' + seulement.`;
  }
  if (rum.startsWith("/") || rum.endsWith("/")) return "La RUM ne doit ni commencer ni finir par « / ».";
  if (rum.includes("//")) return "La RUM ne doit pas contenir « // ».";
  return null;
}

/** A mandate lapses after this many months without a collection (EPC rulebook; SPEC §12). */
export const MANDATE_LAPSE_MONTHS = 36;

export type MandateDates = { state: MandateState; signedOn: CalendarDay; lastCollectionOn: CalendarDay | null };

/**
 * The first day a mandate is *Caduc*: 36 months after the due date of its last collection, or after its signature
 * when it was never used. Months are calendar months, clamped to the end of a shorter month (a last collection due
 * 29/02/2024 → caduc from 28/02/2027).
 *
 * Boundary: the mandate is still *Actif* the day before that date and *Caduc* on it ("from the day 36 months after"):
 * a collection due 07/04/2023 is the last one that allows a new collection due 06/04/2026, not one due 07/04/2026.
 */
export function lapsesOn(mandate: Pick<MandateDates, "signedOn" | "lastCollectionOn">): CalendarDay {
  return addMonthsClamped(mandate.lastCollectionOn ?? mandate.signedOn, MANDATE_LAPSE_MONTHS);
}

/** The state of a mandate on `today`: *Révoqué* and *Caduc* stay; an *Actif* one lapses as `lapsesOn` says. */
export function mandateStateOn(mandate: MandateDates, today: CalendarDay): MandateState {
  if (mandate.state !== "ACTIF") return mandate.state;
  return compareDays(today, lapsesOn(mandate)) >= 0 ? "CADUC" : "ACTIF";
}

/** `FR7630006000011234567890189` → `FR76 •••• •••• •••• •••• •••0 189`: the country, the key and the last 4 characters. */
export function maskedIban(iban: string): string {
  const compact = iban.replace(/\s/g, "");
  return groupedIban(compact.slice(0, 4) + "•".repeat(Math.max(0, compact.length - 8)) + compact.slice(-4));
}

/** `FR7630006000011234567890189` → `FR76 3000 6000 0112 3456 7890 189` (how an IBAN is printed). */
export function groupedIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, "$1 ");
}

/** The debtor and the account a mandate debits. */
export type BankDetails = { debtorName: string; iban: string; bic: string | null };

export type AmendableMandate = BankDetails & {
  /** The account before an amendment not yet presented to the bank (null when the bank knows the current one). */
  amendedFromIban: string | null;
  amendedFromBic: string | null;
};

export type Amendment = {
  /** The new debtor and account; the RUM never changes. */
  next: BankDetails;
  /** What the next collection must tell the bank (SMNDA / original debtor account, §13); null pair: nothing. */
  amendedFromIban: string | null;
  amendedFromBic: string | null;
};

/**
 * A change of debtor or bank account amends the mandate (SPEC §12) rather than replacing it; null when nothing
 * changes. The amendment indicator carries the account *as the bank last knew it*: the current one, unless the
 * mandate was already amended since its last collection (then the earlier original stays). Changing back to that
 * original clears it: the bank never saw the intermediate account. A change of debtor name alone tells the bank
 * nothing about the account.
 */
export function amendment(mandate: AmendableMandate, next: BankDetails): Amendment | null {
  const sameAccount = mandate.iban === next.iban && (mandate.bic ?? null) === (next.bic ?? null);
  if (sameAccount && mandate.debtorName === next.debtorName) return null;
  let amendedFromIban = mandate.amendedFromIban;
  let amendedFromBic = mandate.amendedFromBic;
  if (!sameAccount && amendedFromIban === null) {
    amendedFromIban = mandate.iban;
    amendedFromBic = mandate.bic;
  }
  if (amendedFromIban === next.iban && (amendedFromBic ?? null) === (next.bic ?? null)) {
    amendedFromIban = null;
    amendedFromBic = null;
  }
  return { next: { debtorName: next.debtorName, iban: next.iban, bic: next.bic ?? null }, amendedFromIban, amendedFromBic };
}

// ---------------------------------------------------------------------------------------------------
// The signed copy

/** 5 Mo: a scanned page or a photo of it. */
export const SIGNED_COPY_MAX_BYTES = 5 * 1024 * 1024;

export type SignedCopyKind = { type: "application/pdf" | "image/png" | "image/jpeg"; extension: "pdf" | "png" | "jpg" };

const KINDS: { kind: SignedCopyKind; magic: number[]; extensions: string[] }[] = [
  { kind: { type: "application/pdf", extension: "pdf" }, magic: [0x25, 0x50, 0x44, 0x46, 0x2d], extensions: ["pdf"] }, // %PDF-
  { kind: { type: "image/png", extension: "png" }, magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extensions: ["png"] },
  { kind: { type: "image/jpeg", extension: "jpg" }, magic: [0xff, 0xd8, 0xff], extensions: ["jpg", "jpeg"] },
];

/**
 * What an uploaded signed copy is, from its first bytes (its name and declared type can lie), or why it is refused,
 * in French: a PDF, PNG or JPEG of at most 5 Mo, whose extension, if any, agrees with its content.
 */
export function signedCopyKind(bytes: Uint8Array, fileName: string): { kind: SignedCopyKind } | { problem: string } {
  if (bytes.length === 0) return { problem: "Le fichier est vide." };
  if (bytes.length > SIGNED_COPY_MAX_BYTES) return { problem: "Le fichier dépasse 5 Mo : enregistrez le scan en résolution plus basse." };
  const found = KINDS.find(({ magic }) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b));
  if (!found) return { problem: "Le fichier doit être un PDF, une image PNG ou une image JPEG." };
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName.trim())?.[1]?.toLowerCase();
  if (extension && !found.extensions.includes(extension)) {
    return { problem: `Le contenu du fichier (${found.kind.extension.toUpperCase()}) ne correspond pas à son extension (.${extension}).` };
  }
  return { kind: found.kind };
}

/** The name a download of the signed copy gets: the RUM's safe characters only (never the uploaded name). */
export function signedCopyFileName(rum: string, kind: Pick<SignedCopyKind, "extension">): string {
  return `mandat-${rum.replace(/[^A-Za-z0-9-]+/g, "_")}-signe.${kind.extension}`;
}
