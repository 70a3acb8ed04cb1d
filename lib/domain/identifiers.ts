/**
 * Identifier checks: user identifiers (SPEC §1, *Identifiers*) and the facts of SPEC §10 (SIRET,
 * SIREN, ICCID, French mobile numbers, RIO).
 */

const MAX_USER_NUMBER = 9_999_999_999;

/** `" e-0000001234 "` → `"E-0000001234"`; anything but `E-`/`e-` + exactly 10 digits → null. */
export function normalizeUserIdentifier(input: string): string | null {
  const m = /^[Ee]-(\d{10})$/.exec(input.trim());
  return m ? `E-${m[1]}` : null;
}

/**
 * A reference as typed in a URL (`oc150943` is `OC150943`): decoded, trimmed and upper-cased, or null when
 * it does not match `pattern` or is not valid percent-encoding (a lone `%`), so that it is "not found".
 */
export function normalizeRef(ref: string, pattern: RegExp): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(ref);
  } catch {
    return null;
  }
  const upper = decoded.trim().toUpperCase();
  return pattern.test(upper) ? upper : null;
}

/** 1234 → `"E-0000001234"`. */
export function formatUserIdentifier(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_USER_NUMBER) {
    throw new RangeError(`User number out of range: ${n}`);
  }
  return `E-${String(n).padStart(10, "0")}`;
}

/** The digits without the prefix and the leading zeros: `E-0000012345` → `12345`, `E-0000000000` → `""`. */
export function identifierSignificantDigits(identifier: string): string {
  const m = /^(?:[Ee]-)?(\d+)$/.exec(identifier.trim());
  return m ? m[1].replace(/^0+/, "") : "";
}

/** `body` (ASCII digits) followed by its Luhn (mod 10) check digit: what `luhnValid` accepts. */
export function withLuhnDigit(body: string): string {
  if (!/^\d+$/.test(body)) throw new RangeError(`Not digits: ${JSON.stringify(body)}`);
  for (let digit = 0; digit <= 9; digit++) if (luhnValid(body + digit)) return body + digit;
  throw new RangeError("unreachable");
}

/** Luhn (mod 10) check over a non-empty string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const LA_POSTE_SIREN = "356000000";

function digitSum(digits: string): number {
  let sum = 0;
  for (const c of digits) sum += c.charCodeAt(0) - 48;
  return sum;
}

/**
 * 9 digits, Luhn. La Poste's SIREN 356000000 passes Luhn itself (its digit sum, 14, is not a
 * multiple of 5): the digit-sum exception of SPEC §10 concerns its SIRETs, see `isValidSiret`.
 */
export function isValidSiren(s: string): boolean {
  return /^\d{9}$/.test(s) && luhnValid(s);
}

/**
 * 14 digits whose first 9 are a valid SIREN and which pass Luhn as a whole (SPEC §10). La Poste's
 * establishments (SIREN 356000000) are numbered with a digit sum that is a multiple of 5 instead;
 * its head office, 35600000000048, passes Luhn but not that rule, so either check is accepted there.
 */
export function isValidSiret(s: string): boolean {
  if (!/^\d{14}$/.test(s)) return false;
  if (s.startsWith(LA_POSTE_SIREN)) return digitSum(s) % 5 === 0 || luhnValid(s);
  return isValidSiren(s.slice(0, 9)) && luhnValid(s);
}

/** SIM card number: 19 or 20 digits, starting 89, Luhn over all digits (SPEC §10). */
export function isValidIccid(s: string): boolean {
  return /^89\d{17,18}$/.test(s) && luhnValid(s);
}

/** Digits of a French number in national form (`0` + 9 digits), from `0X…`, `+33X…` or `0033X…`. */
function nationalNumber(s: string): string | null {
  const compact = s.trim().replace(/[\s.-]/g, "");
  const m = /^(?:0|\+33|0033)([1-9]\d{8})$/.exec(compact);
  return m ? `0${m[1]}` : null;
}

/**
 * `06`/`07` + 8 digits, also `+336…`/`+337…`/`00336…`, with spaces, dots or dashes anywhere;
 * returns the 10 digits (`"0612345678"`), or null.
 */
export function normalizeFrenchMobile(s: string): string | null {
  const national = nationalNumber(s);
  return national && /^0[67]/.test(national) ? national : null;
}

const RIO_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+";

/**
 * The 3-character RIO key (ARCEP 2009-0239, SPEC §10) over `OO+Q+RRRRRR` followed by the 10-digit
 * national number. `msisdn` may be given in any form `normalizeFrenchMobile` accepts (or a
 * non-mobile French number); throws RangeError on a malformed input.
 */
export function rioKey(operatorQualifierRef: string, msisdn: string): string {
  if (!/^\d{2}[A-Z][A-Z0-9]{6}$/.test(operatorQualifierRef)) {
    throw new RangeError(`Invalid RIO prefix: ${JSON.stringify(operatorQualifierRef)}`);
  }
  const national = nationalNumber(msisdn);
  if (!national) throw new RangeError(`Invalid French number: ${JSON.stringify(msisdn)}`);
  let a = 0;
  let b = 0;
  let c = 0;
  for (const ch of operatorQualifierRef + national) {
    const p = RIO_ALPHABET.indexOf(ch);
    a = (a + p) % 37;
    b = (2 * b + p) % 37;
    c = (4 * c + p) % 37;
  }
  return RIO_ALPHABET[a] + RIO_ALPHABET[b] + RIO_ALPHABET[c];
}

/**
 * A mobile RIO `OO Q RRRRRR CCC` (Q = P, or E for businesses) whose key matches `msisdn`. Spaces
 * are ignored and letters may be typed in lower case.
 */
export function isValidRio(rio: string, msisdn: string): boolean {
  const compact = rio.replace(/\s/g, "").toUpperCase();
  const m = /^(\d{2}[PE][A-Z0-9]{6})([A-Z0-9+]{3})$/.exec(compact);
  const mobile = normalizeFrenchMobile(msisdn);
  if (!m || !mobile) return false;
  return rioKey(m[1], mobile) === m[2];
}

/** A 10-digit national number as the portal shows it: `06 12 34 56 78`. */
export function formatMsisdn(msisdn: string): string {
  return msisdn.replace(/(\d{2})(?=\d)/g, "$1 ");
}

/** The French intra-community VAT number of a SIREN: `FR` + key `(12 + 3 × (SIREN mod 97)) mod 97` + SIREN. */
export function frenchVatNumber(siren: string): string {
  if (!/^\d{9}$/.test(siren)) throw new RangeError(`Invalid SIREN: ${JSON.stringify(siren)}`);
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, "0")}${siren}`;
}

/** The SIREN of a SIRET: its first 9 digits (SPEC §12). */
export function sirenOfSiret(siret: string): string {
  if (!/^\d{14}$/.test(siret)) throw new RangeError(`Invalid SIRET: ${JSON.stringify(siret)}`);
  return siret.slice(0, 9);
}

/** The prefixes of intra-EU VAT numbers (Greece is EL; XI is Northern Ireland). */
const EU_VAT_PREFIXES = "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI".split(" ");

/** `fr 83 404 833 048` → `FR83404833048`: spaces, dots and dashes dropped, upper case. */
export function normalizeVatNumber(input: string): string {
  return input.replace(/[\s.-]/g, "").toUpperCase();
}

/**
 * Why a VAT number cannot be the company's, or null (SPEC §12): a French one is `FR` + its key + the
 * SIREN of `siret`; another EU country's is its 2-letter prefix and 2 to 12 characters (not checked further).
 */
export function vatNumberProblem(vatNumber: string, siret: string): string | null {
  const vat = normalizeVatNumber(vatNumber);
  if (!/^[A-Z]{2}[0-9A-Z+*]{2,12}$/.test(vat) || !EU_VAT_PREFIXES.includes(vat.slice(0, 2))) {
    return "Le numéro de TVA intracommunautaire doit commencer par le code d'un pays de l'Union européenne (FR…).";
  }
  if (!vat.startsWith("FR")) return null;
  if (!/^FR\d{11}$/.test(vat)) return "Un numéro de TVA français s'écrit FR suivi de 11 chiffres (clé et SIREN).";
  const compactSiret = siret.replace(/\s/g, "");
  if (/^\d{14}$/.test(compactSiret) && vat.slice(4) !== sirenOfSiret(compactSiret)) return "Le numéro de TVA ne correspond pas au SIREN de la société.";
  if (vat !== frenchVatNumber(vat.slice(4))) return "La clé du numéro de TVA ne correspond pas au SIREN.";
  return null;
}

/** Letters as numbers (A = 10 … Z = 35), for the ISO 7064 mod 97 checks. */
function lettersAsDigits(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
}

/** A big decimal string mod 97, without BigInt. */
function mod97(digits: string): number {
  let rest = 0;
  for (const c of digits) rest = (rest * 10 + (c.charCodeAt(0) - 48)) % 97;
  return rest;
}

/**
 * A SEPA creditor identifier (ICS, SPEC §13): `FR`, 2 check digits, a 3-character business code (ignored by
 * the check), 6 characters; check = 98 − ((the 6 characters + `FR00`, letters as numbers) mod 97).
 */
export function isValidCreditorId(input: string): boolean {
  const ics = input.replace(/\s/g, "").toUpperCase();
  const m = /^FR(\d{2})[A-Z0-9]{3}([A-Z0-9]{6})$/.exec(ics);
  if (!m) return false;
  const check = 98 - mod97(lettersAsDigits(`${m[2]}FR00`));
  return Number(m[1]) === check;
}
