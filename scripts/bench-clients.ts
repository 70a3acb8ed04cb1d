// Benchmark of the reseller client list (SPEC §5) at scale: not a test, a measurement to read.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/myopenip_bench npx tsx scripts/bench-clients.ts
//     [--iterations 200] [--csv-iterations 20] [--warmup 20] [--no-explain]
//
// Needs the demo world plus scripts/seed-scale.ts. Calls the same functions as the page and the CSV
// route (listClients, allClients + csvLine), as the reseller user E-0000000003 in universe REVENDEUR,
// and prints p50/p95/max per scenario, then EXPLAIN (ANALYZE, BUFFERS) of the SQL Prisma sends.
import { parseArgs } from "node:util";
// Registers the resolve hook that lets lib/server load here; the modules using it are imported
// dynamically below, after the hook is in place.
import "./server-only-shim.mjs";
import { fmt, measureCsv, openScriptDb, stats, timeIt, type Stats } from "./script-support";

const { setDb } = await import("@/lib/server/db");
const { loadActor, actsAsReseller } = await import("@/lib/server/authz");
const { listClients, clientsCsv, parseClientQuery } = await import("@/lib/server/clients");
const { PrismaClient } = await import("@/lib/generated/prisma/client");
type SearchParams = import("@/lib/list-query").SearchParams;
type Actor = import("@/lib/server/authz").Actor;

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: "200" },
    "csv-iterations": { type: "string", default: "20" },
    warmup: { type: "string", default: "20" },
    "no-explain": { type: "boolean", default: false },
  },
});
const ITERATIONS = Number(values.iterations);
const CSV_ITERATIONS = Number(values["csv-iterations"]);
const WARMUP = Number(values.warmup);

type Scenario = { key: string; label: string; params: SearchParams; explain: boolean };
const PAGE_SCENARIOS: Scenario[] = [
  { key: "a", label: "first page (default: sort id asc)", params: {}, explain: true },
  { key: "b", label: 'name~"gar", state=active, sort createdOn desc', params: { name: "gar", state: "active", sort: "createdOn", dir: "desc" }, explain: true },
  { key: "c", label: "page 100 (default sort)", params: { page: "100" }, explain: true },
  { key: "c2", label: "last page (201), sort name desc", params: { page: "201", sort: "name", dir: "desc" }, explain: true },
  { key: "e", label: "legalForm=SARL, sort name asc", params: { legalForm: "SARL", sort: "name" }, explain: false },
];


/** The CSV route's work without the HTTP stream: every line of clientsCsv. */
async function buildCsv(actor: Actor, params: SearchParams): Promise<{ rows: number; bytes: number }> {
  return measureCsv(clientsCsv(actor, parseClientQuery(params)));
}


const { target, connection, client, run } = openScriptDb();

async function main() {
  const where = target.kind === "postgres" ? target.url.replace(/\/\/[^@/]*@/, "//") : (target.dataDir ?? "memory://");
  const version = (await client.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v"))[0].v;
  console.log(`database: ${target.kind} ${where}\n  ${version}`);

  const user = await client.user.findUnique({ where: { identifier: "E-0000000003" } });
  if (!user) throw new Error("user E-0000000003 not found: seed the demo world first (prisma/seed.ts)");
  const actor = await loadActor(user.id, null, "REVENDEUR");
  if (!actor || !actsAsReseller(actor)) throw new Error("E-0000000003 does not load as a reseller actor");
  const clientCount = await client.company.count({ where: { parentId: actor.company.id } });
  console.log(`actor: ${actor.identifier} (${actor.name}), company ${actor.company.id}, universe ${actor.universe}; ${clientCount} direct clients`);
  if (clientCount < 1000) console.log("  warning: few clients, run scripts/seed-scale.ts --clients 10000 first");
  const analyzed = await client.$queryRawUnsafe<{ last_analyze: Date | null; last_autoanalyze: Date | null; n_live_tup: bigint }[]>(
    `SELECT last_analyze, last_autoanalyze, n_live_tup FROM pg_stat_user_tables WHERE relname = 'Company'`,
  );
  if (analyzed[0]) console.log(`  "Company" statistics: last_analyze ${analyzed[0].last_analyze?.toISOString() ?? "never"}, last_autoanalyze ${analyzed[0].last_autoanalyze?.toISOString() ?? "never"}`);

  // Sanity: what each page returns.
  for (const s of PAGE_SCENARIOS) {
    const { rows, total } = await listClients(actor, parseClientQuery(s.params));
    console.log(`  (${s.key}) ${rows.length} rows of ${total}; first: ${rows[0] ? `${rows[0].id} ${rows[0].name}` : "-"}`);
  }

  const results: { key: string; label: string; s: Stats }[] = [];
  for (const s of PAGE_SCENARIOS) {
    const query = parseClientQuery(s.params);
    await timeIt(WARMUP, () => listClients(actor, query));
    results.push({ key: s.key, label: s.label, s: stats(await timeIt(ITERATIONS, () => listClients(actor, query))) });
  }
  let csv = { rows: 0, bytes: 0 };
  await timeIt(Math.min(3, CSV_ITERATIONS), async () => (csv = await buildCsv(actor, {})));
  results.push({ key: "d", label: `CSV export, all ${csv.rows} rows (${(csv.bytes / 1024).toFixed(0)} KiB)`, s: stats(await timeIt(CSV_ITERATIONS, () => buildCsv(actor, {}))) });

  console.log(`\nlistClients = findMany(take 50) + count in parallel, sequential iterations; ms (nearest-rank percentiles)`);
  console.log(`${"".padEnd(4)}${"scenario".padEnd(52)}${"n".padStart(5)}${"p50".padStart(8)}${"p95".padStart(8)}${"max".padStart(8)}${"mean".padStart(8)}`);
  for (const r of results) {
    console.log(`${`(${r.key})`.padEnd(4)}${r.label.padEnd(52)}${String(r.s.n).padStart(5)}${fmt(r.s.p50)}${fmt(r.s.p95)}${fmt(r.s.max)}${fmt(r.s.mean)}`);
  }
  const slow = results.filter((r) => r.key !== "d" && r.s.p95 > 150);
  console.log(slow.length ? `\nOVER BUDGET (page p95 > 150 ms): ${slow.map((r) => r.key).join(", ")}` : `\nevery page query: p95 under 150 ms`);

  if (!values["no-explain"]) await explainAll(actor);
}

/** Captures the SQL of one listClients call through a logging client on the same driver, then EXPLAINs it. */
async function explainAll(actor: Actor) {
  const logging = new PrismaClient({ adapter: connection.factory, log: [{ emit: "event", level: "query" }] });
  const captured: { query: string; params: string }[] = [];
  logging.$on("query", (e) => captured.push({ query: e.query, params: e.params }));
  try {
    for (const s of PAGE_SCENARIOS.filter((x) => x.explain)) {
      captured.length = 0;
      setDb(logging);
      try {
        await listClients(actor, parseClientQuery(s.params));
      } finally {
        setDb(client);
      }
      for (const q of [...captured]) {
        const params = JSON.parse(q.params) as unknown[];
        console.log(`\n=== (${s.key}) ${s.label}\n${q.query}\nparams: ${JSON.stringify(params)}`);
        const plan = await client.$queryRawUnsafe<Record<string, string>[]>(`EXPLAIN (ANALYZE, BUFFERS) ${q.query}`, ...params);
        console.log(plan.map((row) => `  ${Object.values(row)[0]}`).join("\n"));
      }
    }
  } finally {
    await logging.$disconnect();
  }
}

await run("bench-clients", main);
