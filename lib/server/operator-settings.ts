import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { audit } from "@/lib/server/audit";
import { now } from "@/lib/server/clock";
import { isStaffAdministrator, type Actor } from "@/lib/server/authz";
import { DomainError } from "@/lib/domain/errors";
import { changedSettings, paymentSettingsSchema, type PaymentSettings, type PaymentSettingsInput } from "@/lib/domain/payment-settings";

const NOT_SET_UP = "Les paramètres de l'opérateur n'existent pas encore : ils sont créés à la mise en service (npm run setup).";

/** The operator company, for one of its staff administrators (SPEC §17); "not found" for anyone else. */
function settingsCompany(actor: Actor): number {
  if (!isStaffAdministrator(actor)) notFound();
  return actor.company.id;
}

/** The payment settings as saved, and when; null before the first start recorded them. */
export async function paymentSettings(actor: Actor): Promise<(PaymentSettings & { updatedAt: Date }) | null> {
  const companyId = settingsCompany(actor);
  return db.operatorSettings.findUnique({
    where: { companyId },
    select: { preNotificationDays: true, transferPaymentDays: true, debitReturnFeeCents: true, updatedAt: true },
  });
}

/**
 * Saves the payment settings as typed (all or nothing), audited with each changed value before and after. The billing
 * run and the statement import read them when they run: the next invoice, the next returned debit. Returns the fields
 * that changed (none: nothing is written).
 */
export async function updatePaymentSettings(actor: Actor, input: PaymentSettingsInput): Promise<{ changed: string[] }> {
  const companyId = settingsCompany(actor);
  const parsed = paymentSettingsSchema.safeParse(input);
  if (!parsed.success) throw new DomainError("Le formulaire contient des erreurs.", z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  return db.$transaction(async (tx) => {
    // Locked: two administrators saving at once each audit the values they replaced.
    const [before] = await tx.$queryRaw<PaymentSettings[]>`
      SELECT "preNotificationDays", "transferPaymentDays", "debitReturnFeeCents" FROM "OperatorSettings" WHERE "companyId" = ${companyId} FOR UPDATE`;
    if (!before) throw new DomainError(NOT_SET_UP);
    const changes = changedSettings(before, parsed.data);
    const changed = Object.keys(changes);
    if (changed.length === 0) return { changed };
    await tx.operatorSettings.update({ where: { companyId }, data: { ...parsed.data, updatedAt: now() } });
    await audit(tx, { actorId: actor.userId, action: "settings.payment", targetType: "OperatorSettings", targetId: companyId, companyId, details: changes });
    return { changed };
  });
}
