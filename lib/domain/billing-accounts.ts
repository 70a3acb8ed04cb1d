/**
 * Billing accounts (*comptes de facturation*, SPEC §12): their reference and their invoice email addresses.
 */
import { z } from "zod";

export type PaymentMethod = "PRELEVEMENT_SEPA" | "VIREMENT";

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = { PRELEVEMENT_SEPA: "Prélèvement SEPA", VIREMENT: "Virement" };

/** `BillingAccount.ref` is `VarChar(20)`. */
export const ACCOUNT_REF_MAX_LENGTH = 20;

/**
 * The reference of a new account: `CC` + its owner's identifier + `-` + the number `n` of the `billing_account`
 * counter (`CC44660-7`), unique because the number is. The demo's accounts (`CC44660`, `CC44000-R`) never end
 * in `-<digits>`, so they cannot collide.
 */
export function billingAccountRef(companyId: number, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Not an account number: ${n}`);
  const ref = `CC${companyId}-${n}`;
  if (ref.length > ACCOUNT_REF_MAX_LENGTH) throw new RangeError(`Account reference too long: ${ref}`);
  return ref;
}

export const MAX_INVOICE_EMAILS = 10;

let emailSchema: z.ZodEmail | undefined;
const isEmail = (s: string) => (emailSchema ??= z.email()).safeParse(s).success;

/** The addresses typed in one field, separated by commas, semicolons or line breaks; blanks dropped. */
export function splitEmailList(text: string): string[] {
  return text
    .split(/[,;\r\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * The invoice addresses of an account from what was typed, without duplicates (case ignored), or the French
 * problems with it: 1 to 10 addresses, each one valid (each bad one named).
 */
export function parseInvoiceEmails(text: string): { emails: string[] } | { problems: string[] } {
  const seen = new Set<string>();
  const emails: string[] = [];
  for (const email of splitEmailList(text)) {
    if (seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    emails.push(email);
  }
  if (emails.length === 0) return { problems: ["Indiquez au moins une adresse email de facturation."] };
  const problems = emails.filter((e) => e.length > 254 || !isEmail(e)).map((e) => `« ${e.length > 60 ? `${e.slice(0, 60)}…` : e} » n'est pas une adresse email valide.`);
  if (emails.length > MAX_INVOICE_EMAILS) problems.push(`${MAX_INVOICE_EMAILS} adresses email au plus (${emails.length} saisies).`);
  return problems.length > 0 ? { problems } : { emails };
}
