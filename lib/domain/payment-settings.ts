/**
 * The operator's payment settings (SPEC §13, set by a staff administrator, §17): the pre-notification period P of
 * direct debits, the days to pay by transfer and the fee billed after a returned debit, as typed on the settings
 * page, with one French message per refused field.
 */
import { z } from "zod";
import { PRE_NOTIFICATION_DAYS, TRANSFER_PAYMENT_DAYS } from "@/lib/domain/collections";
import { eurosInput } from "@/lib/domain/offer-form";
import { parseEurosToCents } from "@/lib/domain/money";

export type PaymentSettings = { preNotificationDays: number; transferPaymentDays: number; debitReturnFeeCents: number };
export type PaymentSettingsInput = { preNotificationDays: string; transferPaymentDays: string; debitReturnFee: string };

/** At least one day to pay by transfer: 0 would make an invoice due the day it is issued. */
export const TRANSFER_PAYMENT_MIN_DAYS = 1;
/** *Frais de rejet de prélèvement*: 100,00 € HT at most. */
export const DEBIT_RETURN_FEE_MAX_CENTS = 10_000;

const PRE_NOTIFICATION_PROBLEM = `Indiquez un nombre entier de jours, de ${PRE_NOTIFICATION_DAYS.min} à ${PRE_NOTIFICATION_DAYS.max}.`;
const TRANSFER_PROBLEM = `Indiquez un nombre entier de jours, de ${TRANSFER_PAYMENT_MIN_DAYS} à ${TRANSFER_PAYMENT_DAYS.max} (Code de commerce, art. L441-10).`;
const FEE_TOO_HIGH = "Les frais de rejet ne peuvent pas dépasser 100,00 € HT.";

const days = (min: number, max: number, problem: string) =>
  z.string().transform((raw, ctx) => {
    const typed = raw.trim();
    const n = /^\d{1,4}$/.test(typed) ? Number(typed) : NaN;
    if (!(n >= min && n <= max)) return (ctx.addIssue({ code: "custom", message: problem }), z.NEVER);
    return n;
  });

const fee = z.string().transform((raw, ctx) => {
  const parsed = parseEurosToCents(raw);
  if ("problem" in parsed) return (ctx.addIssue({ code: "custom", message: parsed.problem }), z.NEVER);
  if (parsed.cents > DEBIT_RETURN_FEE_MAX_CENTS) return (ctx.addIssue({ code: "custom", message: FEE_TOO_HIGH }), z.NEVER);
  return parsed.cents;
});

export const paymentSettingsSchema = z
  .object({
    preNotificationDays: days(PRE_NOTIFICATION_DAYS.min, PRE_NOTIFICATION_DAYS.max, PRE_NOTIFICATION_PROBLEM),
    transferPaymentDays: days(TRANSFER_PAYMENT_MIN_DAYS, TRANSFER_PAYMENT_DAYS.max, TRANSFER_PROBLEM),
    debitReturnFee: fee,
  })
  .transform(({ debitReturnFee, ...rest }): PaymentSettings => ({ ...rest, debitReturnFeeCents: debitReturnFee }));

/** The settings as the form shows them: 1500 → "15,00". */
export function paymentSettingsValues(settings: PaymentSettings): PaymentSettingsInput {
  return {
    preNotificationDays: String(settings.preNotificationDays),
    transferPaymentDays: String(settings.transferPaymentDays),
    debitReturnFee: eurosInput(settings.debitReturnFeeCents),
  };
}

/** The fields whose value differs, with both values, as the audit event records them. */
export function changedSettings(before: PaymentSettings, after: PaymentSettings): Partial<Record<keyof PaymentSettings, { from: number; to: number }>> {
  const fields = ["preNotificationDays", "transferPaymentDays", "debitReturnFeeCents"] as const;
  return Object.fromEntries(fields.filter((f) => before[f] !== after[f]).map((f) => [f, { from: before[f], to: after[f] }]));
}
