import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { applyMigrations, diffToMigrationSql, loadMigrationsList } from "@/lib/server/schema-engine";
import { currentTestDatabase } from "./support/db";

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
});
