// What the seed and benchmark scripts share: their database, their exit, their arguments, timings.
// (Imports only lib modules free of `server-only`, so the benchmarks can load it before the shim.)
import { performance } from "node:perf_hooks";
import { createPrismaClient, databaseTarget, openConnection, setDb } from "@/lib/server/db";
import { PrismaClient } from "@/lib/generated/prisma/client";

/** The script's database (DATABASE_URL, as the portal), also behind lib/server's `db`. */
export function openScriptDb() {
  const target = databaseTarget();
  const connection = openConnection(target);
  const client = createPrismaClient(connection);
  setDb(client);
  /** Runs `main`, closes the database, exits 1 with the error when it fails. */
  async function run(name: string, main: () => Promise<void>): Promise<never> {
    let exitCode = 0;
    try {
      await main();
    } catch (error) {
      console.error(`${name} failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
      exitCode = 1;
    } finally {
      await client.$disconnect();
      await connection.close();
    }
    process.exit(exitCode);
  }
  /** Captures the SQL of one call through a logging client on the same driver, then EXPLAINs each statement once. */
  async function explain(title: string, call: () => Promise<unknown>) {
    const logging = new PrismaClient({ adapter: connection.factory, log: [{ emit: "event", level: "query" }] });
    const captured: { query: string; params: string }[] = [];
    logging.$on("query", (e) => captured.push({ query: e.query, params: e.params }));
    try {
      setDb(logging);
      try {
        await call();
      } finally {
        setDb(client);
      }
      // A paged export repeats one statement per page: the first is enough.
      const seen = new Set<string>();
      for (const q of captured) {
        if (seen.has(q.query)) continue;
        seen.add(q.query);
        const params = JSON.parse(q.params) as unknown[];
        console.log(`\n=== ${title}\n${q.query}\nparams: ${JSON.stringify(params)}`);
        const plan = await client.$queryRawUnsafe<Record<string, string>[]>(`EXPLAIN (ANALYZE, BUFFERS) ${q.query}`, ...params);
        console.log(plan.map((row) => `  ${Object.values(row)[0]}`).join("\n"));
      }
    } finally {
      await logging.$disconnect();
    }
  }
  return { target, connection, client, run, explain };
}

/** A `--name` argument that must be a positive integer; exits 2 otherwise. */
export function positiveInt(script: string, name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) {
    console.error(`${script}: --${name} must be a positive integer (got ${raw})`);
    process.exit(2);
  }
  return n;
}

export type Stats = { n: number; p50: number; p95: number; max: number; mean: number };

/** Nearest-rank percentiles, in ms. */
export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((x, y) => x - y);
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1], mean: sorted.reduce((s, x) => s + x, 0) / sorted.length };
}

/** `n` sequential runs, each timed in ms. */
export async function timeIt(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Consumes a CSV export as the route would send it: its data rows and bytes. */
export async function measureCsv(chunks: AsyncIterable<string>): Promise<{ rows: number; bytes: number }> {
  const encoder = new TextEncoder();
  let bytes = encoder.encode("\uFEFF").byteLength;
  let lines = 0;
  for await (const chunk of chunks) {
    bytes += encoder.encode(chunk).byteLength;
    lines += chunk.split("\r\n").length - 1;
  }
  return { rows: lines - 1, bytes };
}

export const fmt = (ms: number) => ms.toFixed(1).padStart(8);
