import { searchKey } from "@/lib/domain/search-key";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { today } from "@/lib/server/clock";
import { audit } from "@/lib/server/audit";
import { nextNumber } from "@/lib/server/counters";
import { isValidSiret } from "@/lib/domain/identifiers";
import { parseDay } from "@/lib/domain/calendar-day";
import { DomainError } from "@/lib/domain/errors";
import { insertUser, type NewUser } from "@/lib/server/users";
import { revokeSessions } from "@/lib/server/sessions";
import { dropPendingLinks } from "@/lib/server/profile";
import { sendPasswordInitEmail } from "@/lib/server/emails";
import { mayCreateCompanyUnder, type Actor } from "@/lib/server/authz";
import { notFound } from "next/navigation";
import { Prisma } from "@/lib/generated/prisma/client";
import { LEGAL_FORMS } from "@/lib/domain/labels";
import { singleLineText } from "@/lib/domain/text";

export const UNIVERSE_LABELS = { CLIENT: "Univers client", REVENDEUR: "Univers revendeur", OPERATEUR: "Univers opérateur" } as const;

export const newCompanySchema = z.object({
  name: singleLineText().min(1, "La raison sociale est obligatoire.").max(200, "La raison sociale ne doit pas dépasser 200 caractères."),
  legalForm: z.enum(Object.keys(LEGAL_FORMS) as [keyof typeof LEGAL_FORMS], "Choisissez un statut."),
  siret: z
    .string()
    .transform((s) => s.replace(/\s/g, ""))
    .refine((s) => /^\d{14}$/.test(s), { message: "Le SIRET doit comporter 14 chiffres.", abort: true })
    .refine(isValidSiret, "Ce numéro SIRET n'est pas valide (clé de contrôle incorrecte)."),
  parentId: z.coerce.number().int().positive().optional(),
  universes: z.array(z.enum(["CLIENT", "REVENDEUR", "OPERATEUR"])).min(1, "Choisissez au moins un univers."),
  /** A reseller's client: billed directly, or through its reseller (SPEC §17). */
  billingMode: z.enum(["DIRECTE", "VIA_REVENDEUR"], "Choisissez le mode de facturation.").optional().default("DIRECTE"),
});
export type NewCompany = Omit<z.infer<typeof newCompanySchema>, "billingMode"> & { billingMode?: "DIRECTE" | "VIA_REVENDEUR" };

/**
 * Creates a company with the next numeric identifier, and its first user (an administrator, who is
 * mailed the initialisation link) when one is given, in one transaction. A known SIRET is refused;
 * only staff are told which company holds it.
 */
export async function createCompany(actor: Actor, input: NewCompany, firstUser?: NewUser) {
  if (!mayCreateCompanyUnder(actor, input.parentId)) notFound();
  const siretTaken = async () => {
    const existing = await db.company.findUnique({ where: { siret: input.siret }, select: { id: true } });
    const detail = actor.staffRole ? `Ce SIRET est déjà celui de la société ${existing?.id}.` : "Ce SIRET est déjà enregistré sur le portail.";
    return existing && new DomainError("Une société avec ce SIRET existe déjà.", { siret: [detail] });
  };
  const taken = await siretTaken();
  if (taken) throw taken;
  if (input.parentId) {
    const parent = await db.company.findUnique({ where: { id: input.parentId } });
    if (!parent) throw new DomainError("Société parente inconnue.", { parentId: ["Cette société n'existe pas."] });
  }
  try {
    const { company, created } = await db.$transaction(async (tx) => {
      const id = await nextNumber(tx, "company", 50000);
      const company = await tx.company.create({
        data: { id, ...input, nameKey: searchKey(input.name), parentId: input.parentId ?? null, createdOn: parseDay(today()) },
      });
      await audit(tx, { actorId: actor.userId, action: "company.create", targetType: "Company", targetId: id, companyId: id });
      const created = firstUser ? await insertUser(tx, actor.userId, id, { ...firstUser, role: "ADMINISTRATEUR" }) : null;
      return { company, created };
    });
    if (created) await sendPasswordInitEmail(created.user, created.token, created.sentAt);
    return { company, firstUser: created?.user ?? null };
  } catch (error) {
    // The same SIRET submitted concurrently (double submit): the loser hits the unique index.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const takenMeanwhile = await siretTaken();
      if (takenMeanwhile) throw takenMeanwhile;
    }
    throw error;
  }
}

/**
 * Deactivates or reactivates a company: its users can no longer log in, their sessions and pending email
 * changes end (issue 32); nothing is deleted.
 */
export async function setCompanyActive(actor: Actor, companyId: number, active: boolean) {
  await db.$transaction(async (tx) => {
    await tx.company.update({ where: { id: companyId }, data: { active } });
    if (!active) {
      await revokeSessions(tx, { companyId });
      await dropPendingLinks(tx, { companyId });
    }
    await audit(tx, { actorId: actor.userId, action: active ? "company.activate" : "company.deactivate", targetType: "Company", targetId: companyId, companyId });
  });
}

/** *Facturation : directe / via le revendeur* of a reseller's client, changed by staff (SPEC §17). */
export async function setBillingMode(actor: Actor, companyId: number, billingMode: "DIRECTE" | "VIA_REVENDEUR") {
  await db.$transaction(async (tx) => {
    const company = await tx.company.findUniqueOrThrow({ where: { id: companyId }, select: { parentId: true, billingMode: true } });
    if (company.parentId === null) throw new DomainError("Seul un client d'un revendeur peut être facturé via son revendeur.");
    if (company.billingMode === billingMode) return;
    await tx.company.update({ where: { id: companyId }, data: { billingMode } });
    await audit(tx, { actorId: actor.userId, action: "company.billing-mode", targetType: "Company", targetId: companyId, companyId, details: { billingMode } });
  });
}

/** *Ajouter un univers revendeur*: the client may then have clients of its own (SPEC §1). */
export async function addResellerUniverse(actor: Actor, companyId: number) {
  await db.$transaction(async (tx) => {
    const company = await tx.company.findUniqueOrThrow({ where: { id: companyId } });
    if (company.universes.includes("REVENDEUR")) return;
    await tx.company.update({ where: { id: companyId }, data: { universes: [...company.universes, "REVENDEUR"] } });
    await audit(tx, { actorId: actor.userId, action: "company.add-reseller-universe", targetType: "Company", targetId: companyId, companyId });
  });
}
