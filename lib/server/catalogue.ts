import "server-only";
import { db, type Tx } from "@/lib/server/db";
import { auditMany } from "@/lib/server/audit";
import type { CatalogueOffer } from "@/lib/domain/catalogue-csv";
import type { RejectedRow } from "@/lib/domain/csv-import";

export type CatalogueImport = { created: string[]; updated: string[]; unchanged: string[]; rejected: RejectedRow[] };

const PRICE_FIELDS = ["monthlyFeeCents", "oneOffFeeCents"] as const;

/**
 * Loads a catalogue file's offers (SPEC §11, §17): new codes are created, known ones get the file's other
 * fields; a price that differs from an existing offer's is refused (a price changes through a dated price
 * version, SPEC §11), and nothing is ever deleted. Runs in the caller's transaction.
 */
export async function importCatalogue(tx: Tx, rows: { line: number; offer: CatalogueOffer }[], actorId: number | null): Promise<CatalogueImport> {
  const result: CatalogueImport = { created: [], updated: [], unchanged: [], rejected: [] };
  const existing = new Map((await tx.offer.findMany({ where: { code: { in: rows.map((r) => r.offer.code) } } })).map((o) => [o.code, o]));
  for (const { line, offer } of rows) {
    const current = existing.get(offer.code);
    if (!current) {
      await tx.offer.create({ data: offer });
      result.created.push(offer.code);
      continue;
    }
    const changedPrice = PRICE_FIELDS.filter((field) => current[field] !== offer[field]);
    if (changedPrice.length > 0) {
      result.rejected.push({ line, message: `Ligne ${line} : le prix de l'offre ${offer.code} ne change pas par import (${changedPrice.join(", ")}) : publiez une nouvelle version de prix datée.` });
      continue;
    }
    const changed = (Object.keys(offer) as (keyof CatalogueOffer)[]).filter((field) => current[field] !== offer[field]);
    if (changed.length === 0) {
      result.unchanged.push(offer.code);
      continue;
    }
    await tx.offer.update({ where: { code: offer.code }, data: offer });
    result.updated.push(offer.code);
  }
  await auditMany(tx, [
    ...result.created.map((code) => ({ actorId, action: "offer.create", targetType: "Offer", targetId: code })),
    ...result.updated.map((code) => ({ actorId, action: "offer.update", targetType: "Offer", targetId: code })),
  ]);
  return result;
}

class CatalogueRefused extends Error {
  constructor(readonly rejected: RejectedRow[]) {
    super("catalogue refused");
  }
}

/** `importCatalogue` in a transaction of its own, all or nothing: one refused row and nothing is written. */
export async function loadCatalogue(rows: { line: number; offer: CatalogueOffer }[], actorId: number | null): Promise<CatalogueImport> {
  try {
    return await db.$transaction(async (tx) => {
      // Two loads at once (two setups) would both read a code as new: one waits for the other.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('myopenip-catalogue'))`;
      const result = await importCatalogue(tx, rows, actorId);
      if (result.rejected.length > 0) throw new CatalogueRefused(result.rejected);
      return result;
    });
  } catch (error) {
    if (error instanceof CatalogueRefused) return { created: [], updated: [], unchanged: [], rejected: error.rejected };
    throw error;
  }
}
