import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { databaseTarget, openConnection, type Connection } from "@/lib/server/db";
import { applyMigrations, loadMigrationsList } from "@/lib/server/schema-engine";

/**
 * Throw-away databases for integration tests: each test file gets its own, migrated from
 * prisma/migrations. PostgreSQL when DATABASE_URL is a postgresql:// URL (a new database
 * `<name>_t_<hex>` on the same server), otherwise an in-memory PGlite.
 *
 * Starting an in-memory PGlite runs initdb (3–9 s on these 2-core machines) and every test file runs
 * in its own process: the in-memory PGlite is therefore loaded from a dump of a freshly migrated one
 * (about 1 s), cached in node_modules/.cache/myopenip-tests/ under a hash of the migrations and of the
 * PGlite version. TEST_PGLITE_TEMPLATE=0 starts and migrates each one from scratch instead.
 */

export type TestDatabase = {
  /** The URL to reach it: a postgresql:// URL, or "memory://" for the in-memory PGlite. */
  url: string;
  connection: Connection;
  /** Closes the driver and drops the database. Disconnect Prisma clients using it first. */
  drop: () => Promise<void>;
};

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
}

function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(name)}`;
  return next.toString();
}

/** Runs `work` with a client on the server's `postgres` database (CREATE/DROP DATABASE need one). */
async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A URL for a new, not yet created database next to the one `baseUrl` names: `<name>_t_<hex>`. */
export function freshDatabaseUrl(baseUrl: string): string {
  // PostgreSQL truncates identifiers to 63 bytes: keep the random suffix intact.
  const prefix = (databaseName(baseUrl) || "test").slice(0, 40);
  return withDatabase(baseUrl, `${prefix}_t_${randomBytes(6).toString("hex")}`);
}

export async function createPostgresDatabase(url: string): Promise<void> {
  await withAdminClient(url, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(databaseName(url))}`));
}

export async function dropPostgresDatabase(url: string): Promise<void> {
  await withAdminClient(url, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseName(url))} WITH (FORCE)`),
  );
}

/** A new, migrated database for one test file (see the module comment for which kind). */
export async function createTestDatabase(baseUrl = process.env.DATABASE_URL): Promise<TestDatabase> {
  const target = databaseTarget(baseUrl);
  if (target.kind === "postgres") {
    const url = freshDatabaseUrl(target.url);
    await createPostgresDatabase(url);
    const connection = openConnection({ kind: "postgres", url });
    try {
      await applyMigrations(connection.factory);
    } catch (error) {
      await connection.close();
      await dropPostgresDatabase(url);
      throw error;
    }
    return {
      url,
      connection,
      drop: async () => {
        await connection.close();
        await dropPostgresDatabase(url);
      },
    };
  }
  if (process.env.TEST_PGLITE_TEMPLATE === "0") {
    const connection = openConnection(databaseTarget("memory://"));
    try {
      await applyMigrations(connection.factory);
    } catch (error) {
      await connection.close();
      throw error;
    }
    return { url: "memory://", connection, drop: () => connection.close() };
  }
  const client = new PGlite({ loadDataDir: await migratedPGliteDump() });
  const connection: Connection = { factory: new PrismaPGlite(client), close: () => client.close() };
  return { url: "memory://", connection, drop: () => connection.close() };
}

const cacheDir = () => path.join(process.cwd(), "node_modules", ".cache", "myopenip-tests");

/** A gzipped dump of an in-memory PGlite with every migration applied (built once per change). */
async function migratedPGliteDump(): Promise<Blob> {
  const migrations = await loadMigrationsList();
  const pglite = JSON.parse(
    await readFile(path.join(process.cwd(), "node_modules", "@electric-sql", "pglite", "package.json"), "utf8"),
  ) as { version: string };
  const hash = createHash("sha256").update(`pglite ${pglite.version}\n`);
  hash.update(`${migrations.lockfile.content}\n`);
  for (const folder of migrations.migrationDirectories) {
    hash.update(`${folder.path}\n${JSON.stringify(folder.migrationFile.content)}\n`);
  }
  const name = `pglite-${hash.digest("hex").slice(0, 24)}.tar.gz`;
  const file = path.join(cacheDir(), name);
  const type = "application/x-gzip"; // PGlite tells gzip from tar by the Blob's type
  const cached = await readFile(file).catch(() => null);
  if (cached) return new Blob([new Uint8Array(cached)], { type });

  const client = new PGlite();
  try {
    await applyMigrations(new PrismaPGlite(client));
    const dump = await client.dumpDataDir("gzip");
    const bytes = new Uint8Array(await dump.arrayBuffer());
    // Test files run in parallel processes: write aside, then rename (atomic), and drop stale dumps.
    await mkdir(cacheDir(), { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, file);
    for (const other of await readdir(cacheDir())) {
      if (/^pglite-[0-9a-f]+\.tar\.gz$/.test(other) && other !== name) {
        await rm(path.join(cacheDir(), other), { force: true });
      }
    }
    return new Blob([bytes], { type });
  } finally {
    await client.close();
  }
}

const holder = globalThis as unknown as { __myopenipTestDatabase?: TestDatabase };

/** The database tests/integration/setup.ts created for the running test file (its `db` uses it). */
export function currentTestDatabase(): TestDatabase {
  if (!holder.__myopenipTestDatabase) throw new Error("no test database: is tests/integration/setup.ts a setupFile?");
  return holder.__myopenipTestDatabase;
}

export function setCurrentTestDatabase(database: TestDatabase | undefined) {
  holder.__myopenipTestDatabase = database;
}
