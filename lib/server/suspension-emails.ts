import "server-only";
import { db } from "@/lib/server/db";
import { now } from "@/lib/server/clock";
import { portalUrl, type Mail } from "@/lib/server/mail";
import { recipientsFor } from "@/lib/server/recipients";
import type { Recipient } from "@/lib/domain/recipients";
import { formatParisDateTime, parisDay } from "@/lib/domain/calendar-day";
import { formatEuros } from "@/lib/domain/money";
import type { SuspensionReason } from "@/lib/generated/prisma/client";

export type SuspensionStep = "announced" | "applied" | "lifted";
type Threshold = { balanceCents: number; thresholdCents: number | null; suspendAt: Date };

const LINES = "les lignes mobiles et trunks SIP";

/**
 * The emails telling a step of an account's suspension (SPEC §13, §15): to the account owner's people (with the
 * amounts) and the administrators of the end clients whose lines it bills (without), each address once. Composed
 * before the step is claimed, then queued with it (`queueMails`).
 */
export async function suspensionEmails(accountId: number, reason: Extract<SuspensionReason, "IMPAYE" | "SEUIL_ENCOURS">, step: SuspensionStep, threshold: Threshold | null): Promise<Mail[]> {
  const account = await db.billingAccount.findUniqueOrThrow({ where: { id: accountId }, select: { ref: true, name: true, ownerCompanyId: true } });
  const owedCents = reason === "IMPAYE" ? await overdueCents(accountId) : 0;
  const named = `compte ${account.ref} – ${account.name}`;
  const subject = {
    announced: `MyOpenIP : seuil d'encours dépassé — suspension prévue, ${named}`,
    applied: `MyOpenIP : lignes suspendues (${reason === "IMPAYE" ? "impayé" : "seuil d'encours"}) — ${named}`,
    lifted: `MyOpenIP : lignes réactivées — ${named}`,
  }[step];
  return (await recipientsOfAccount(accountId, account.ownerCompanyId)).map((to) => {
    const body = bodyOf(reason, step, named, to.withAmounts ? { owedCents, threshold } : null, threshold);
    const link = to.withAmounts ? [portalUrl(`/societes/${account.ownerCompanyId}/comptes/${account.ref}/encours`)] : [];
    return { to: to.email, kind: `suspension-${step}`, subject, text: [`Bonjour ${to.name},`, "", ...body, "", ...link].join("\n") };
  });
}

function bodyOf(reason: SuspensionReason, step: SuspensionStep, named: string, amounts: { owedCents: number; threshold: Threshold | null } | null, threshold: Threshold | null): string[] {
  const emergency = "Les appels sortants sont bloqués, sauf les appels d'urgence ; les lignes suspendues restent facturées (conditions générales, art. 12.1).";
  if (step === "lifted") {
    return [
      `Le motif « ${reason === "IMPAYE" ? "Impayé" : "Seuil d'encours"} » est levé : ${LINES} du ${named} sont réactivées.`,
      "Une ligne suspendue pour un autre motif le reste jusqu'à ce qu'il soit levé.",
    ];
  }
  if (reason === "IMPAYE") {
    return [
      `Faute de règlement des factures relancées, ${LINES} du ${named} sont suspendues depuis le ${formatParisDateTime(now())} (motif : Impayé, art. 8.6.1).`,
      emergency,
      ...(amounts ? [`Montant échu restant dû : ${formatEuros(amounts.owedCents)} TTC. Son règlement complet réactive les lignes aussitôt.`] : []),
    ];
  }
  const over = amounts?.threshold ? [`Encours : ${formatEuros(amounts.threshold.balanceCents)} TTC, pour un seuil de ${formatEuros(amounts.threshold.thresholdCents ?? 0)} TTC.`] : [];
  if (step === "announced") {
    return [
      `L'encours du ${named} dépasse le seuil fixé (art. 8.3).`,
      ...over,
      `Sans règlement le ramenant sous le seuil, ${LINES} du compte seront suspendues le ${formatParisDateTime(threshold!.suspendAt)} (motif : Seuil d'encours) ; aucune commande n'est acceptée d'ici là.`,
    ];
  }
  return [`L'encours du ${named} dépasse toujours le seuil fixé : ${LINES} du compte sont suspendues (motif : Seuil d'encours, art. 8.3).`, ...over, emergency];
}

/** Σ (total − paid) of the account's unpaid invoices whose reminder's suspension day has come: what suspended it. */
async function overdueCents(accountId: number): Promise<number> {
  const [row] = await db.$queryRaw<{ cents: bigint | null }[]>`
    SELECT SUM(i."totalTtcCents" - i."paidCents")::bigint AS "cents" FROM "Invoice" i
    WHERE i."billingAccountId" = ${accountId} AND i."paidCents" < i."totalTtcCents"
      AND EXISTS (SELECT 1 FROM "Reminder" r WHERE r."invoiceId" = i."id" AND r."suspendOn" <= ${parisDay(now())}::date)`;
  return Number(row?.cents ?? 0n);
}

/** The owner's people, then the administrators of each end client billed on the account, each address once. */
async function recipientsOfAccount(accountId: number, ownerId: number): Promise<Recipient[]> {
  const clients = await db.contractedOffer.findMany({
    where: { billingAccountId: accountId, endClientId: { not: ownerId }, state: { not: "RESILIEE" } }, distinct: ["endClientId"], select: { endClientId: true }, orderBy: { endClientId: "asc" },
  });
  const byAddress = new Map<string, Recipient>();
  const add = (list: Recipient[]) => list.forEach((r) => byAddress.has(r.email.toLowerCase()) || byAddress.set(r.email.toLowerCase(), r));
  add(await recipientsFor("suspension", ownerId));
  for (const { endClientId } of clients) add(await recipientsFor("suspension", ownerId, { endClientId }));
  return [...byAddress.values()];
}
