// Applies the migrations of prisma/migrations to the database DATABASE_URL names (npm run db:migrate):
// PGlite in `.data/pglite` by default, PostgreSQL for a postgresql:// URL (the database is created
// first when it does not exist).
import pg from "pg";
import { databaseTarget, openConnection } from "@/lib/server/db";
import { applyMigrations } from "@/lib/server/schema-engine";

/** Creates the database a postgresql:// URL names, through the server's `postgres` database. */
async function ensurePostgresDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!name) throw new Error("DATABASE_URL names no database");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    const quoted = `"${name.replace(/"/g, '""')}"`;
    try {
      await client.query(`CREATE DATABASE ${quoted}`);
    } catch (error) {
      // Someone else created it in between (42P04 duplicate_database, or 23505 when both CREATEs ran at once): fine.
      const code = (error as { code?: string }).code;
      if (code !== "42P04" && code !== "23505") throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

async function main() {
  const target = databaseTarget();
  const created = target.kind === "postgres" && (await ensurePostgresDatabase(target.url));
  const connection = openConnection(target);
  try {
    const applied = await applyMigrations(connection.factory);
    const summary = applied.length ? `migrations: ${applied.length} applied` : "migrations: up to date";
    console.log(created ? `${summary} (database created)` : summary);
  } finally {
    await connection.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("migrations failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
