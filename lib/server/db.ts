import path from "node:path";
import { mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * One database module (STACK.md): PostgreSQL when DATABASE_URL is a postgresql:// URL, otherwise the
 * embedded PGlite, in the folder DATABASE_URL names (`.data/pglite` by default) or in memory
 * (`memory://`, for tests).
 */
export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string | null };

export function databaseTarget(url = process.env.DATABASE_URL): DatabaseTarget {
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  if (url === "memory://") return { kind: "pglite", dataDir: null };
  const dir = url ? url.replace(/^file:(\/\/)?/, "") : ".data/pglite";
  return { kind: "pglite", dataDir: path.resolve(dir) };
}

export type Connection = {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close: () => Promise<void>;
};

/** Most texts a process names (below): each pooled connection keeps every statement it prepared until it closes. */
const STATEMENT_NAMES = 2000;
const statementNames = new Map<string, string>();

/**
 * The name of a statement Prisma sends to PostgreSQL (its adapter's `statementNameGenerator`): a hash of
 * its text, so that each connection parses it once instead of on every request, and PostgreSQL may keep a
 * generic plan once it costs no more than the custom ones (its default plan_cache_mode; it kept custom plans
 * for the OC list's statements, whose cost depends on the tenant). Past STATEMENT_NAMES texts, "" (unnamed).
 */
export function statementName({ sql }: { sql: string }): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    if (statementNames.size >= STATEMENT_NAMES) return "";
    name = `s_${createHash("sha256").update(sql).digest("base64url").slice(0, 32)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** Opens the driver behind a Prisma adapter; the caller closes it. */
export function openConnection(target: DatabaseTarget = databaseTarget()): Connection {
  if (target.kind === "postgres") {
    const factory = new PrismaPg({ connectionString: target.url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }, { statementNameGenerator: statementName });
    return { factory, close: async () => {} };
  }
  // PGlite does not create parent folders (STACK.md).
  if (target.dataDir) mkdirSync(path.dirname(target.dataDir), { recursive: true });
  const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  return { factory: new PrismaPGlite(client), close: () => client.close() };
}

export function createPrismaClient(connection: Connection = openConnection()): PrismaClient {
  return new PrismaClient({ adapter: connection.factory });
}

const holder = globalThis as unknown as { __myopenipDb?: PrismaClient };

/** Installs the process-wide client (tests give each file its own database this way). */
export function setDb(client: PrismaClient) {
  holder.__myopenipDb = client;
}

/**
 * The process-wide Prisma client, created on first use: PGlite is one process, one connection, so it
 * lives in a globalThis singleton and is never opened by `next build` (pages that read it are dynamic).
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    holder.__myopenipDb ??= createPrismaClient();
    const value = Reflect.get(holder.__myopenipDb, property);
    return typeof value === "function" ? value.bind(holder.__myopenipDb) : value;
  },
});

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
