import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import { db } from "@/lib/server/db";
import { audit } from "@/lib/server/audit";
import { companyScope, editorOf, isRowId, type Actor } from "@/lib/server/authz";
import { optionalText, plainText, postcodeField } from "@/lib/server/company-details";
import { mayEditSites } from "@/lib/domain/tenancy";
import { PAGE_SIZE } from "@/lib/list-query";
import { DomainError } from "@/lib/domain/errors";

/**
 * A company's sites (SPEC §12): where its services are installed, what orders are delivered to. Created and
 * edited by the company's users and its direct parent's (who order for it), and by staff
 * (lib/domain/tenancy.ts `mayEditSites`). A site is always loaded by its id and its company's, in scope.
 */

export const siteSchema = z.object({
  name: plainText(120, "Le nom du site ne doit pas dépasser 120 caractères.", "Le nom du site est obligatoire."),
  address: plainText(300, "L'adresse ne doit pas dépasser 300 caractères.", "L'adresse est obligatoire."),
  postcode: postcodeField,
  city: plainText(120, "La ville ne doit pas dépasser 120 caractères.", "La ville est obligatoire."),
  /**
   * Codes, floor, opening hours: several lines allowed. A browser posts a textarea's line breaks as CRLF but counts
   * them as one character against its maxlength: they are made LF before the length is checked.
   */
  accessNotes: z
    .string()
    .transform((s) => s.replace(/\r\n?/g, "\n"))
    .pipe(optionalText(1000, "Les notes d'accès ne doivent pas dépasser 1 000 caractères.", { lineBreaks: true })),
});
export type SiteInput = z.infer<typeof siteSchema>;

/** A company the actor sees and whose sites it edits, or "not found". */
async function siteCompany(actor: Actor, companyId: number) {
  if (!isRowId(companyId)) notFound();
  const company = await db.company.findFirst({ where: { AND: [{ id: companyId }, companyScope(actor)] }, select: { id: true, parentId: true } });
  if (!company || !mayEditSites(editorOf(actor), company)) notFound();
  return company;
}

/** One page of the company's sites, by name. */
export async function listSites(actor: Actor, companyId: number, page = 1) {
  const company = await siteCompany(actor, companyId);
  const where = { companyId: company.id };
  const [rows, total] = await Promise.all([
    db.site.findMany({ where, orderBy: [{ name: "asc" }, { id: "asc" }], skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
    db.site.count({ where }),
  ]);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** One site of `companyId`, for its edit form. */
export async function getSite(actor: Actor, companyId: number, siteId: number) {
  const company = await siteCompany(actor, companyId);
  if (!isRowId(siteId)) notFound();
  const site = await db.site.findFirst({ where: { id: siteId, companyId: company.id } });
  if (!site) notFound();
  return site;
}

/** A new site, usable at once (an order can be placed for it, SPEC §12). */
export async function createSite(actor: Actor, companyId: number, input: SiteInput) {
  const company = await siteCompany(actor, companyId);
  return db.$transaction(async (tx) => {
    const site = await tx.site.create({ data: { companyId: company.id, ...input } });
    await audit(tx, { actorId: actor.userId, action: "site.create", targetType: "Site", targetId: site.id, companyId: company.id, details: { name: site.name } });
    return site;
  });
}

export async function updateSite(actor: Actor, companyId: number, siteId: number, input: SiteInput) {
  const site = await getSite(actor, companyId, siteId);
  const changed = (["name", "address", "postcode", "city", "accessNotes"] as const).filter((field) => site[field] !== input[field]);
  if (changed.length === 0) return { changed };
  await db.$transaction(async (tx) => {
    const { count } = await tx.site.updateMany({ where: { id: site.id, companyId: site.companyId }, data: input });
    if (count === 0) throw new DomainError("Ce site n'existe plus.");
    await audit(tx, { actorId: actor.userId, action: "site.update", targetType: "Site", targetId: site.id, companyId: site.companyId, details: { name: input.name, changed } });
  });
  return { changed };
}
