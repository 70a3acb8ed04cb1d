import { describe, expect, it } from "vitest";
import { db, statementName } from "@/lib/server/db";
import { currentTestDatabase } from "./support/db";
import { insertCompany } from "./support/fixtures";

const onPostgres = () => currentTestDatabase().url.startsWith("postgres");

describe("prepared statements (lib/server/db.ts)", () => {
  it("name a statement by its text: the same text the same name, another text another one", () => {
    const a = statementName({ sql: 'SELECT "id" FROM "Company" WHERE "id" = $1' });
    expect(a).toMatch(/^s_[\w-]{32}$/);
    expect(statementName({ sql: 'SELECT "id" FROM "Company" WHERE "id" = $1' })).toBe(a);
    expect(statementName({ sql: 'SELECT "id" FROM "Company" WHERE "id" = $2' })).not.toBe(a);
  });

  it("on PostgreSQL, are prepared once per connection and give each run its own parameters", async () => {
    await insertCompany({ id: 81001, name: "Alpha" });
    await insertCompany({ id: 81002, name: "Bêta" });
    const { names, prepared } = await db.$transaction(async (tx) => {
      const names: (string | undefined)[] = [];
      for (const id of [81001, 81002, 81001]) names.push((await tx.company.findUnique({ where: { id }, select: { name: true } }))?.name);
      const prepared = await tx.$queryRaw<{ name: string; statement: string }[]>`
        SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE 'SELECT%"Company"%' AND statement NOT LIKE '%pg_prepared_statements%'`;
      return { names, prepared };
    });
    expect(names).toEqual(["Alpha", "Bêta", "Alpha"]);
    if (onPostgres()) {
      // One statement for the three lookups, under the name its text gives.
      expect(prepared).toHaveLength(1);
      expect(prepared[0].name).toBe(statementName({ sql: prepared[0].statement }));
    } else {
      // The embedded PGlite is one in-process connection: its adapter sends no names.
      expect(prepared).toEqual([]);
    }
  });

  it("leave texts unnamed past 2,000 (each connection keeps what it prepared until it closes)", () => {
    const names = new Set<string>();
    for (let i = 0; i < 2100; i++) names.add(statementName({ sql: `SELECT ${i}` }));
    expect(names.has("")).toBe(true);
    expect(statementName({ sql: "SELECT 2099" })).toBe("");
    // A text named before the limit keeps its name.
    expect(statementName({ sql: 'SELECT "id" FROM "Company" WHERE "id" = $1' })).toMatch(/^s_/);
  });
});
