// Scale seed for the reseller client list (performance work, never production): adds N client
// companies under reseller 44000 on a database that already holds the demo world.
//
//   DATABASE_URL=... npx tsx scripts/migrate.ts
//   DATABASE_URL=... npx tsx prisma/seed.ts
//   DATABASE_URL=... npx tsx scripts/seed-scale.ts --clients 10000 [--parent 44000] [--start 100000] [--batch 1000]
//
// Deterministic (names from word lists, legal forms and creation dates cycling, 1 in 20 deactivated,
// ids from 100000 upwards, SIRETs from demoSiret(id)) and idempotent: ids that already exist are
// skipped, so a second run inserts nothing and a larger --clients only adds the missing tail.
import { searchKey } from "@/lib/domain/search-key";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { openScriptDb, positiveInt } from "./script-support";
import { demoSiret } from "@/prisma/demo-world";
import type { LegalForm } from "@/lib/generated/prisma/enums";

if (process.env.NODE_ENV === "production") {
  console.error("seed-scale: refused, a production database never gets demo data");
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "10000" },
    parent: { type: "string", default: "44000" },
    start: { type: "string", default: "100000" },
    batch: { type: "string", default: "1000" },
  },
});
const count = positiveInt("seed-scale", "clients", values.clients);
const parentId = positiveInt("seed-scale", "parent", values.parent);
const startId = positiveInt("seed-scale", "start", values.start);
const batchSize = positiveInt("seed-scale", "batch", values.batch);


// demoSiret(id) builds its SIREN from 80_000_000 + id: ids must keep it at 9 digits.
if (startId + count - 1 > 19_999_999) {
  console.error("seed-scale: ids above 19,999,999 would not give a 9-digit SIREN");
  process.exit(2);
}

// Word lists of coprime lengths (23, 29, 17): the triple for index i repeats only after 11,339 rows.
const TRADES = [
  "Garage", "Boulangerie", "Pharmacie", "Cabinet Comptable", "Hôtel", "Transports", "Atelier", "Clinique Vétérinaire",
  "Restaurant", "Librairie", "Étude Notariale", "Boucherie", "Auto-École", "Cave", "Fleuriste", "Optique", "Menuiserie",
  "Plomberie", "Crèche", "Cabinet d'Avocats", "Imprimerie", "Laboratoire", "Camping",
];
const SURNAMES = [
  "Martin", "Bernard", "Giraud", "Roux", "Lambert", "Faure", "Mercier", "Bonnet", "Arnaud", "Chabert", "Rolland",
  "Bérard", "Fabre", "Garnier", "Blanc", "Guérin", "Muller", "Fontaine", "Chevalier", "Robin", "Morel", "Marchand",
  "Dupuis", "Aubert", "Leclerc", "Gauthier", "Perrin", "Vidal", "Margaux",
];
const PLACES = [
  "du Vieux Port", "de Provence", "du Luberon", "des Calanques", "de la Gare", "Saint-Victor", "Castellane",
  "d'Aubagne", "du Panier", "Sainte-Anne", "de Cassis", "du Prado", "de la Canebière", "d'Aix", "de Toulon",
  "des Alpilles", "de Camargue",
];
const LEGAL_FORM_CYCLE: LegalForm[] = ["SARL", "SAS", "AUTRES", "EURL", "SASU", "SA", "ASSOCIATION", "EI"];
const FIRST_DAY = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const DAY_SPAN = 9_497; // 2000-01-01 .. 2025-12-31; 379 is prime to it, so dates spread and cycle

function clientRow(id: number) {
  const i = id - startId;
  const name = `${TRADES[i % TRADES.length]} ${SURNAMES[i % SURNAMES.length]} ${PLACES[i % PLACES.length]}`;
  return {
    id,
    name,
    nameKey: searchKey(name),
    legalForm: LEGAL_FORM_CYCLE[i % LEGAL_FORM_CYCLE.length],
    siret: demoSiret(id),
    createdOn: new Date(FIRST_DAY + ((i * 379) % DAY_SPAN) * DAY_MS),
    active: i % 20 !== 7, // 5% deactivated
    universes: ["CLIENT" as const],
    parentId,
  };
}

const { client, run } = openScriptDb();

async function main() {
  const parent = await client.company.findUnique({ where: { id: parentId }, select: { id: true, universes: true } });
  if (!parent) throw new Error(`company ${parentId} not found: run scripts/migrate.ts then prisma/seed.ts first`);
  if (!parent.universes.includes("REVENDEUR")) throw new Error(`company ${parentId} is not a reseller`);

  const endId = startId + count - 1;
  const existing = new Set(
    (await client.company.findMany({ where: { id: { gte: startId, lte: endId } }, select: { id: true } })).map((c) => c.id),
  );
  const missing: number[] = [];
  for (let id = startId; id <= endId; id++) if (!existing.has(id)) missing.push(id);

  const started = performance.now();
  let inserted = 0;
  for (let offset = 0; offset < missing.length; offset += batchSize) {
    const rows = missing.slice(offset, offset + batchSize).map(clientRow);
    // skipDuplicates as well: a concurrent run or a foreign row with the same SIRET is skipped, not fatal.
    const result = await client.company.createMany({ data: rows, skipDuplicates: true });
    inserted += result.count;
  }
  const seconds = (performance.now() - started) / 1000;

  // The counter hands out the next company id: never let it fall behind the ids seeded here.
  const maxId = (await client.company.aggregate({ _max: { id: true } }))._max.id ?? endId;
  await client.$executeRaw`
    INSERT INTO "Counter" ("name", "value") VALUES ('company', ${maxId})
    ON CONFLICT ("name") DO UPDATE SET "value" = GREATEST("Counter"."value", EXCLUDED."value")`;
  const counter = await client.counter.findUnique({ where: { name: "company" } });
  // Fresh planner statistics after a bulk load: PGlite runs no autovacuum, and PostgreSQL's may lag.
  if (inserted > 0) await client.$executeRawUnsafe('ANALYZE "Company"');
  const total = await client.company.count({ where: { parentId } });

  const rate = inserted > 0 && seconds > 0 ? Math.round(inserted / seconds) : 0;
  console.log(
    `seed-scale: ${inserted} inserted, ${existing.size} already present (ids ${startId}..${endId}) in ${seconds.toFixed(2)} s` +
      (inserted ? ` = ${rate} rows/s (batches of ${batchSize})` : ""),
  );
  console.log(`seed-scale: company ${parentId} now has ${total} direct clients; counter "company" = ${counter?.value}`);
}

await run("seed-scale", main);
