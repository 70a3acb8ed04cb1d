// Authors a migration from the change between prisma/migrations and prisma/schema.prisma:
//   npx tsx scripts/new-migration.ts <name>    (npm run db:migration:new -- <name>)
// Writes prisma/migrations/<yyyyMMddHHmmss>_<name>/migration.sql; nothing when the schema did not change.
import path from "node:path";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { MIGRATION_LOCK_TOML, diffToMigrationSql } from "@/lib/server/schema-engine";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/i.test(name)) {
  console.error("usage: tsx scripts/new-migration.ts <name>   (letters, digits and _ only)");
  process.exit(2);
}

/** Prisma's own format: UTC, yyyyMMddHHmmss. */
function timestamp(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

const sql = await diffToMigrationSql();
if (!sql) {
  console.log("no schema change");
  process.exit(0);
}

const migrationsDir = path.join(process.cwd(), "prisma", "migrations");
const folder = path.join(migrationsDir, `${timestamp()}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, "migration.sql"), sql);
const lockPath = path.join(migrationsDir, "migration_lock.toml");
if (!existsSync(lockPath)) writeFileSync(lockPath, MIGRATION_LOCK_TOML);
console.log(`wrote ${path.relative(process.cwd(), path.join(folder, "migration.sql"))}`);
