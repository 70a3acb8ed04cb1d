// Benchmark of the contracted-offer list, the OC page and the CSV export at scale (issue 5: 200,000 OCs
// across 10,000 clients, p95 under 150 ms): not a test, a measurement to read.
//
//   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/myopenip_bench_ocs
//   npx tsx scripts/migrate.ts && SMTP_URL= npx tsx prisma/seed.ts
//   npx tsx scripts/seed-scale.ts --clients 10000 && npx tsx scripts/seed-scale-ocs.ts
//   npx tsx scripts/bench-ocs.ts [--iterations 50] [--warmup 5] [--csv-iterations 10]
//     [--actors reseller,client,staff] [--only a,b,sort,page,csv] [--explain auto|all|none]
//
// Calls the same functions as the pages and the CSV route (listContractedOffers, getContractedOffer,
// allContractedOffers + csvLine) as three actors: the reseller E-0000000003 in universe REVENDEUR
// (10,000+ clients), the client user E-0000000004 of 44660 (a few OCs) and the support staff
// E-0000000002 (every OC). Prints p50/p95/max per scenario and actor; with --explain auto (the
// default), EXPLAIN (ANALYZE, BUFFERS) of the SQL Prisma sends for every scenario over 150 ms p95.
//
// lib/server/contracted-offers.ts and authz.ts start with `import "server-only"`, which throws outside
// Next's `react-server` condition: scripts/server-only-shim.mjs (a resolve hook, as in
// scripts/bench-clients.ts) maps it to an empty module for this process. The modules that need it are
// imported dynamically below, after the hook is in place.
import { parseArgs } from "node:util";
import "./server-only-shim.mjs";
import { fmt, measureCsv, openScriptDb, stats, timeIt, type Stats } from "./script-support";
import { prng } from "./prng";

const { loadActor, contractedOfferScope } = await import("@/lib/server/authz");
const { listContractedOffers, contractedOffersCsv, getContractedOffer, parseOcQuery, OC_COLUMNS } = await import("@/lib/server/contracted-offers");
type SearchParams = import("@/lib/list-query").SearchParams;
type Actor = import("@/lib/server/authz").Actor;

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: "50" },
    warmup: { type: "string", default: "5" },
    "csv-iterations": { type: "string", default: "10" },
    actors: { type: "string", default: "reseller,client,staff" },
    only: { type: "string" },
    explain: { type: "string", default: "auto" },
  },
});
const ITERATIONS = Number(values.iterations);
const WARMUP = Number(values.warmup);
const CSV_ITERATIONS = Number(values["csv-iterations"]);
const BUDGET_MS = 150;
const only = values.only ? new Set(values.only.split(",")) : null;
const wanted = (key: string) => !only || only.has(key) || (key.startsWith("sort:") && only.has("sort"));
if (!["auto", "all", "none"].includes(values.explain!)) throw new Error("--explain is auto, all or none");

const ACTORS = [
  { key: "reseller", identifier: "E-0000000003", universe: "REVENDEUR" },
  { key: "client", identifier: "E-0000000004", universe: null },
  { key: "staff", identifier: "E-0000000002", universe: null },
].filter((a) => values.actors!.split(",").includes(a.key));

/** The scale clients' names start with a trade (scripts/seed-scale.ts): 1 client in 23 is a pharmacy. */
const LIST_SCENARIOS: { key: string; label: string; params: SearchParams }[] = [
  { key: "a", label: "first page (default: deliveredOn desc)", params: {} },
  { key: "b", label: 'state=LIVREE, endClient~"pharmacie", sort endClient asc', params: { state: "LIVREE", endClient: "pharmacie", sort: "endClient", dir: "asc" } },
  { key: "c", label: 'pilot~"charlotte", sort name asc', params: { pilot: "charlotte", sort: "name" } },
  { key: "page", label: "page 100 (default sort)", params: { page: "100" } },
  ...OC_COLUMNS.map((column) => ({ key: `sort:${column}`, label: `sort ${column} asc`, params: { sort: column, dir: "asc" } })),
];
/** About 5,000 rows for the reseller and staff. */
const CSV_PARAMS: SearchParams = { endClient: "pharmacie", orderType: "CREATION" };


/** The CSV route's work without the HTTP stream: every line of contractedOffersCsv. */
async function buildCsv(actor: Actor, params: SearchParams): Promise<{ rows: number; bytes: number }> {
  return measureCsv(contractedOffersCsv(actor, parseOcQuery(params)));
}



const { target, client, run, explain } = openScriptDb();

type Result = { key: string; label: string; s: Stats; run: () => Promise<unknown> };

async function benchActor(identifier: string, universe: string | null): Promise<Result[]> {
  const user = await client.user.findUnique({ where: { identifier } });
  if (!user) throw new Error(`user ${identifier} not found: seed the demo world first (prisma/seed.ts)`);
  const actor = await loadActor(user.id, null, universe);
  if (!actor) throw new Error(`${identifier} does not load as an actor`);
  const inScope = await client.contractedOffer.findMany({ where: contractedOfferScope(actor), select: { ref: true } });
  console.log(`\n## ${actor.identifier} (${actor.name}), company ${actor.company.id}, universe ${actor.universe ?? "-"}, staff ${actor.staffRole ?? "-"}: ${inScope.length} OCs in scope`);

  const results: Result[] = [];
  for (const s of LIST_SCENARIOS.filter((x) => wanted(x.key))) {
    const query = parseOcQuery(s.params);
    const run = () => listContractedOffers(actor, query);
    const { rows, total } = await listContractedOffers(actor, query);
    await timeIt(WARMUP, run);
    results.push({ key: s.key, label: `${s.label} [${rows.length}/${total}]`, s: stats(await timeIt(ITERATIONS, run)), run });
  }
  if (wanted("oc") && inScope.length > 0) {
    const random = prng(42);
    const refs = Array.from({ length: WARMUP + ITERATIONS }, () => inScope[Math.floor(random() * inScope.length)].ref);
    await timeIt(WARMUP, (i) => getContractedOffer(actor, refs[i]));
    const samples = await timeIt(ITERATIONS, (i) => getContractedOffer(actor, refs[WARMUP + i]));
    results.push({ key: "oc", label: "OC page getContractedOffer(random ref in scope)", s: stats(samples), run: () => getContractedOffer(actor, refs[0]) });
  }
  if (wanted("csv")) {
    let csv = { rows: 0, bytes: 0 };
    const run = async () => (csv = await buildCsv(actor, CSV_PARAMS));
    await timeIt(Math.min(2, CSV_ITERATIONS), run);
    const samples = await timeIt(CSV_ITERATIONS, run);
    results.push({ key: "csv", label: `CSV export endClient~pharmacie, CREATION: ${csv.rows} rows, ${(csv.bytes / 1024).toFixed(0)} KiB`, s: stats(samples), run });
  }

  console.log(`${"".padEnd(20)}${"scenario [rows/total]".padEnd(66)}${"n".padStart(4)}${"p50".padStart(8)}${"p95".padStart(8)}${"max".padStart(8)}${"mean".padStart(8)}`);
  for (const r of results) {
    const flag = r.key !== "csv" && r.s.p95 > BUDGET_MS ? "  > budget" : "";
    console.log(`${r.key.padEnd(20)}${r.label.slice(0, 64).padEnd(66)}${String(r.s.n).padStart(4)}${fmt(r.s.p50)}${fmt(r.s.p95)}${fmt(r.s.max)}${fmt(r.s.mean)}${flag}`);
  }
  const sorts = results.filter((r) => r.key.startsWith("sort:"));
  if (sorts.length) {
    const slowest = sorts.reduce((x, y) => (y.s.p95 > x.s.p95 ? y : x));
    console.log(`slowest sort: ${slowest.key} (p50 ${slowest.s.p50.toFixed(1)} ms, p95 ${slowest.s.p95.toFixed(1)} ms)`);
  }
  return results;
}

async function main() {
  const where = target.kind === "postgres" ? target.url.replace(/\/\/[^@/]*@/, "//") : (target.dataDir ?? "memory://");
  const version = (await client.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v"))[0].v;
  console.log(`database: ${target.kind} ${where}\n  ${version}`);
  const total = await client.contractedOffer.count();
  const clients = await client.company.count({ where: { parentId: 44000 } });
  console.log(`${total} contracted offers; company 44000 has ${clients} direct clients`);
  if (total < 100_000) console.log("  warning: few OCs, run scripts/seed-scale.ts --clients 10000 then scripts/seed-scale-ocs.ts first");
  console.log(`listContractedOffers = findMany(take 50) + count in parallel; ${WARMUP} warm-up + ${ITERATIONS} sequential runs (CSV: ${CSV_ITERATIONS}); ms, nearest-rank percentiles`);

  const all: { actor: string; results: Result[] }[] = [];
  for (const a of ACTORS) all.push({ actor: a.key, results: await benchActor(a.identifier, a.universe) });

  const over = all.flatMap(({ actor, results }) => results.filter((r) => r.key !== "csv" && r.s.p95 > BUDGET_MS).map((r) => ({ actor, r })));
  console.log(over.length ? `\nOVER BUDGET (p95 > ${BUDGET_MS} ms): ${over.map(({ actor, r }) => `${actor}/${r.key}`).join(", ")}` : `\nevery page query: p95 under ${BUDGET_MS} ms`);

  if (values.explain === "none") return;
  for (const { actor, results } of all) {
    for (const r of results) {
      if (values.explain === "all" || (r.key !== "csv" && r.s.p95 > BUDGET_MS)) await explain(`${actor}/${r.key}: ${r.label}`, r.run);
    }
  }
}

await run("bench-ocs", main);
