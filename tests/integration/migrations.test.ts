import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { applyMigrations, diffToMigrationSql, loadMigrationsList } from "@/lib/server/schema-engine";
import { currentTestDatabase } from "./support/db";
import { insertCompany } from "./support/fixtures";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { searchKey } from "@/lib/domain/search-key";

describe("migrations", () => {
  it("give each test file a fresh database with every table", async () => {
    expect(await db.company.count()).toBe(0);
    expect(await db.counter.findMany()).toEqual([]);
    const applied = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
    const committed = (await loadMigrationsList()).migrationDirectories.map((folder) => folder.path);
    expect(committed.length).toBeGreaterThan(0);
    expect(applied.map((row) => row.migration_name)).toEqual(committed);
  });

  it("apply nothing the second time", async () => {
    expect(await applyMigrations(currentTestDatabase().connection.factory)).toEqual([]);
    expect(await db.company.count()).toBe(0);
  });

  it("match prisma/schema.prisma (edit the schema, then run npm run db:migration:new -- <name>)", async () => {
    expect(await diffToMigrationSql()).toBe("");
  });

  it("backfill the name key of existing companies as the application computes it", async () => {
    const names = ["Cabinet Médical des Oliviers", "ÉLECTRICITÉ  Générale", "L’Œuvre d'Art", "Boulangerie Martin"];
    for (const [i, name] of names.entries()) await insertCompany({ id: 70001 + i, name });
    await db.company.updateMany({ data: { nameKey: "" } });
    const folder = (await loadMigrationsList()).migrationDirectories.find((m) => m.path.endsWith("_company_name_key"))!;
    const sql = await readFile(path.join("prisma", "migrations", folder.path, "migration.sql"), "utf8");
    const backfill = sql.match(/UPDATE "Company"[^;]+;/)![0];
    await db.$executeRawUnsafe(backfill);
    const rows = await db.company.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.nameKey)).toEqual(names.map(searchKey));
  });
});
