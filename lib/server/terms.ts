import { db } from "@/lib/server/db";
import { now, today } from "@/lib/server/clock";
import { z } from "zod";
import { audit } from "@/lib/server/audit";
import { requestInfo } from "@/lib/server/request-info";
import { isValidDay } from "@/lib/domain/calendar-day";
import { parisMidnight, termsInForce } from "@/lib/domain/terms";
import { DomainError } from "@/lib/domain/errors";
import { multiLineText, singleLineText } from "@/lib/domain/text";
import type { Actor } from "@/lib/server/authz";
import { Prisma } from "@/lib/generated/prisma/client";

/** The terms version in force now (the latest whose effective date has come), or null. */
export async function currentTerms() {
  const at = now();
  const versions = await db.termsVersion.findMany({
    where: { effectiveAt: { lte: at } },
    orderBy: [{ effectiveAt: "desc" }, { id: "desc" }],
    take: 1,
  });
  return termsInForce(versions, at);
}

/** The version the user must accept before anything else, or null (SPEC §2): one statement, on every request. */
export async function termsToAccept(userId: number) {
  const at = now();
  const versions = await db.termsVersion.findMany({
    where: { effectiveAt: { lte: at } },
    orderBy: [{ effectiveAt: "desc" }, { id: "desc" }],
    take: 1,
    select: { id: true, label: true, effectiveAt: true, acceptances: { where: { userId }, select: { id: true }, take: 1 } },
  });
  const inForce = termsInForce(versions, at);
  return inForce && inForce.acceptances.length === 0 ? inForce : null;
}

/** Records the proof of consent: user, version, time, IP and user agent (SPEC §2). */
export async function acceptTerms(actor: Actor, termsVersionId: number) {
  const inForce = await termsToAccept(actor.userId);
  if (!inForce || inForce.id !== termsVersionId) return; // already accepted, or a newer version came in force meanwhile
  const { ip, userAgent } = await requestInfo();
  await db.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a concurrent submission (double click) that recorded it first wins, once.
    const { count } = await tx.termsAcceptance.createMany({
      data: [{ userId: actor.userId, termsVersionId, acceptedAt: now(), ip, userAgent }],
      skipDuplicates: true,
    });
    if (count === 0) return;
    await audit(tx, { actorId: actor.userId, action: "terms.accept", targetType: "TermsVersion", targetId: inForce.label, companyId: actor.company.id });
  });
}

export const newTermsSchema = z.object({
  label: singleLineText().min(1, "Le libellé de la version est obligatoire.").max(60, "Le libellé ne doit pas dépasser 60 caractères."),
  effectiveOn: z.string().refine(isValidDay, "Saisissez une date d'entrée en vigueur valide."),
  body: multiLineText().min(20, "Le texte des conditions est trop court.").max(200_000, "Le texte des conditions est trop long."),
});

/** Publishes a terms version; from its effective date (Paris midnight) every user accepts it again. */
export async function publishTerms(actor: Actor, input: z.infer<typeof newTermsSchema>) {
  const effectiveAt = parisMidnight(input.effectiveOn);
  // Compare Paris calendar days: "24 h before now" let yesterday through just after a 23-hour DST day.
  if (input.effectiveOn < today()) {
    throw new DomainError("La date d'entrée en vigueur ne peut pas être passée.", { effectiveOn: ["Choisissez aujourd'hui ou une date future."] });
  }
  const duplicate = () => new DomainError("Cette version existe déjà.", { label: ["Ce libellé est déjà utilisé."] });
  const taken = await db.termsVersion.findUnique({ where: { label: input.label } });
  if (taken) throw duplicate();
  try {
    return await db.$transaction(async (tx) => {
      const version = await tx.termsVersion.create({
        data: { label: input.label, body: input.body, effectiveAt, publishedAt: now(), publishedById: actor.userId },
      });
      await audit(tx, { actorId: actor.userId, action: "terms.publish", targetType: "TermsVersion", targetId: version.label, details: { effectiveOn: input.effectiveOn } });
      return version;
    });
  } catch (error) {
    // A concurrent publication of the same label (double submit) lost the race on the unique index.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw duplicate();
    throw error;
  }
}
