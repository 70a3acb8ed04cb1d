// Benchmark of the OpenSIM pages at scale (issue 6: 300,000 SIM resources and 10 million daily usage
// rows, p95 under 150 ms): the services list, the resources tab of a big and of a small service, the
// resource page and the monitoring tab. Not a test, a measurement to read.
//
//   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/myopenip_bench_sims
//   npx tsx scripts/migrate.ts && SMTP_URL= npx tsx prisma/seed.ts
//   npx tsx scripts/seed-scale.ts --clients 10000 [&& npx tsx scripts/seed-scale-ocs.ts]
//   npx tsx scripts/seed-scale-sims.ts --resources 300000 --usage-rows 10000000
//   npx tsx scripts/bench-sims.ts [--iterations 50] [--warmup 5] [--only services,big,small,resource,monitoring] [--explain auto|all|none]
//
// Calls the same functions, in the same order, as the pages: /services (listServices), the *Ressources*
// tab (getService, then listResources with allowanceOptions), the resource page (getResource, then
// lineMonthUsage, lineAlerts and resourceHistory) and the *Monitoring* tab (getService,
// serviceLinesUsage, getResource of the selected line, then lineDailyUsage and lineMonthUsage), as the
// reseller E-0000000003 in universe REVENDEUR (the scale clients have no users of their own). The big
// service is the one with the most scale resources (seed-scale-sims.ts: 20,000), the small one the
// first with 15 to 30. The monitoring and the resource page run for the current month, as the pages
// do, and for the previous (whole) month: what they read on the last day of a month. Prints
// p50/p95/max per scenario; with --explain auto (the default), EXPLAIN (ANALYZE, BUFFERS) of the SQL
// Prisma sends for every scenario over 150 ms p95.
//
// lib/server modules start with `import "server-only"`, which throws outside Next's `react-server`
// condition: scripts/server-only-shim.mjs maps it to an empty module for this process, and the modules
// that need it are imported dynamically below, after the hook is in place.
import { parseArgs } from "node:util";
import "./server-only-shim.mjs";
import { fmt, openScriptDb, stats, timeIt, type Stats } from "./script-support";
import { prng } from "./prng";

const { loadActor } = await import("@/lib/server/authz");
const { listServices, parseServiceQuery, getService } = await import("@/lib/server/services");
const { listResources, parseResourceQuery, allowanceOptions, getResource, resourceHistory } = await import("@/lib/server/resources");
const { lineMonthUsage, lineDailyUsage, serviceLinesUsage } = await import("@/lib/server/usage");
const { lineAlerts } = await import("@/lib/server/usage-alerts");
const { today } = await import("@/lib/server/clock");
const { addDays } = await import("@/lib/domain/calendar-day");
type SearchParams = import("@/lib/list-query").SearchParams;
type Actor = import("@/lib/server/authz").Actor;

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: "50" },
    warmup: { type: "string", default: "5" },
    only: { type: "string" },
    explain: { type: "string", default: "auto" },
  },
});
const ITERATIONS = Number(values.iterations);
const WARMUP = Number(values.warmup);
const BUDGET_MS = 150;
const only = values.only ? new Set(values.only.split(",")) : null;
const wanted = (group: string) => !only || only.has(group);
if (!["auto", "all", "none"].includes(values.explain!)) throw new Error("--explain is auto, all or none");

const { target, client, run, explain } = openScriptDb();

type Result = { key: string; label: string; s: Stats; run: () => Promise<unknown> };

/** `WARMUP` then `ITERATIONS` timed runs of `call(i)`; the label gets what the first call reports. */
async function measure(key: string, label: string, call: (i: number) => Promise<string | void>): Promise<Result> {
  const note = await call(0);
  await timeIt(WARMUP, call);
  const samples = await timeIt(ITERATIONS, (i) => call(WARMUP + i));
  return { key, label: note ? `${label} [${note}]` : label, s: stats(samples), run: () => call(0) };
}

/** The *Ressources* tab's data, as app/(portail)/services/[ref]/ressources/page.tsx loads it. */
async function resourcesTab(actor: Actor, ref: string, params: SearchParams) {
  const service = await getService(actor, ref);
  const [{ rows, total }] = await Promise.all([listResources(service.id, parseResourceQuery(params)), allowanceOptions()]);
  return `${rows.length}/${total}`;
}

/** The resource page's data, as app/(portail)/ressources/[ref]/page.tsx loads it (for `month`). */
async function resourcePage(actor: Actor, ref: string, month: string) {
  const { resource } = await getResource(actor, ref);
  const line = resource.line;
  await Promise.all([line ? lineMonthUsage(line.id, month, resource.offer) : null, line ? lineAlerts(line.id, month) : [], resourceHistory(resource)]);
}

/** The *Monitoring* tab's data, as app/(portail)/services/[ref]/monitoring/page.tsx loads it (for `month`). */
async function monitoringTab(actor: Actor, ref: string, month: string, page: number) {
  const service = await getService(actor, ref);
  const { rows, total } = await serviceLinesUsage(service.id, month, page);
  const selected = rows[0] ? (await getResource(actor, rows[0].ref)).resource : null;
  if (selected?.line) await Promise.all([lineDailyUsage(selected.line.id, month), lineMonthUsage(selected.line.id, month, selected.offer)]);
  return `${rows.length}/${total} lines`;
}

/** The scale service with the most resources, and the first with 15 to 30. */
async function benchServices(): Promise<{ big: { id: number; ref: string; companyId: number; n: number }; small: { id: number; ref: string; companyId: number; n: number } }> {
  const sized = (having: string, order: string) =>
    client.$queryRawUnsafe<{ id: number; ref: string; companyId: number; n: bigint }[]>(
      `SELECT s."id", s."ref", s."companyId", count(*) AS n FROM "Service" s JOIN "SimResource" r ON r."serviceId" = s."id"
        WHERE s."ref" LIKE 'SRV8%' GROUP BY s."id" HAVING ${having} ORDER BY ${order} LIMIT 1`,
    );
  const [big] = await sized("true", "n DESC, s.id");
  const [small] = await sized("count(*) BETWEEN 15 AND 30", "s.id");
  if (!big || !small) throw new Error("no scale OpenSIM services: run scripts/seed-scale-sims.ts first");
  return { big: { ...big, n: Number(big.n) }, small: { ...small, n: Number(small.n) } };
}

/** Filter values taken from the service itself, so that each filter finds something. */
async function filterParams(serviceId: number): Promise<{ key: string; label: string; params: SearchParams }[]> {
  const lines = await client.simResource.findMany({ where: { serviceId, lineId: { not: null } }, orderBy: { ref: "asc" }, select: { line: { select: { msisdn: true, activatedOn: true } } } });
  const middle = lines[Math.floor(lines.length / 2)].line!;
  const sheet = await client.contractedProductSheet.findFirst({ where: { resources: { some: { serviceId } } }, orderBy: { ref: "asc" }, select: { ref: true, contractedOffer: { select: { ref: true } } } });
  const activatedOn = middle.activatedOn.toISOString().slice(0, 10);
  const allowance = String(BigInt(20) * BigInt(2) ** BigInt(30));
  return [
    { key: "first", label: "first page (default: ref asc)", params: {} },
    { key: "number", label: `number ${middle.msisdn.slice(0, 8)}…`, params: { number: middle.msisdn.slice(0, 8) } },
    { key: "number-short", label: "number 07 90…", params: { number: "07 90" } },
    { key: "type", label: "type DATA_DATA_AU_GO", params: { type: "DATA_DATA_AU_GO" } },
    { key: "allowance", label: "allowance 20 Go", params: { allowance } },
    { key: "allowance-metered", label: "allowance compteur", params: { allowance: "compteur" } },
    { key: "oc", label: `contractedOffer ${sheet!.contractedOffer.ref}`, params: { contractedOffer: sheet!.contractedOffer.ref } },
    { key: "sheet", label: `productSheet ${sheet!.ref}`, params: { productSheet: sheet!.ref } },
    { key: "user", label: 'user~"vidal"', params: { user: "vidal" } },
    { key: "activatedOn", label: `activatedOn ${activatedOn}`, params: { activatedOn } },
    { key: "state", label: "state SUSPENDU", params: { state: "SUSPENDU" } },
    { key: "sort-number", label: "sort number asc", params: { sort: "number", dir: "asc" } },
    { key: "sort-activatedOn", label: "sort activatedOn desc", params: { sort: "activatedOn", dir: "desc" } },
    { key: "sort-user", label: "sort user asc", params: { sort: "user", dir: "asc" } },
  ];
}

async function main() {
  const where = target.kind === "postgres" ? target.url.replace(/\/\/[^@/]*@/, "//") : (target.dataDir ?? "memory://");
  const version = (await client.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v"))[0].v;
  console.log(`database: ${target.kind} ${where}\n  ${version}`);
  const [resources, lines, services] = await Promise.all([client.simResource.count(), client.mobileLine.count(), client.service.count()]);
  const usage = Number((await client.$queryRawUnsafe<{ n: bigint }[]>(`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'UsageDaily'`))[0]?.n ?? 0);
  console.log(`${resources} SIM resources, ${lines} lines, ${services} services, about ${usage} daily usage rows (pg_class.reltuples)`);
  if (resources < 100_000) console.log("  warning: few resources, run scripts/seed-scale-sims.ts first");

  const user = await client.user.findUnique({ where: { identifier: "E-0000000003" } });
  if (!user) throw new Error("user E-0000000003 not found: seed the demo world first (prisma/seed.ts)");
  const actor = await loadActor(user.id, null, "REVENDEUR");
  if (!actor) throw new Error("E-0000000003 does not load as an actor");
  const { big, small } = await benchServices();
  const month = today().slice(0, 7);
  const previousMonth = addDays(`${month}-01`, -1).slice(0, 7);
  console.log(`actor ${actor.identifier} (${actor.name}), company ${actor.company.id}, universe ${actor.universe}`);
  console.log(`big service ${big.ref} (client ${big.companyId}, ${big.n} resources); small service ${small.ref} (client ${small.companyId}, ${small.n} resources); months ${month} (current) and ${previousMonth}`);
  console.log(`${WARMUP} warm-up + ${ITERATIONS} sequential runs per scenario; ms, nearest-rank percentiles; each scenario is the page's whole sequence of calls`);

  const results: Result[] = [];
  if (wanted("services")) {
    const scenarios: { key: string; label: string; params: SearchParams }[] = [
      { key: "services:first", label: "listServices first page (ref asc)", params: {} },
      { key: "services:client-id", label: `listServices client=${big.companyId}`, params: { client: String(big.companyId) } },
      { key: "services:client-name", label: 'listServices client~"pharmacie"', params: { client: "pharmacie" } },
      { key: "services:opensim", label: "listServices type=OPENSIM", params: { type: "OPENSIM" } },
      { key: "services:page", label: "listServices page 100", params: { page: "100" } },
    ];
    for (const s of scenarios) {
      const query = parseServiceQuery(s.params);
      results.push(await measure(s.key, s.label, async () => {
        const { rows, total } = await listServices(actor, query);
        return `${rows.length}/${total}`;
      }));
    }
  }
  for (const [group, service] of [["big", big], ["small", small]] as const) {
    if (!wanted(group)) continue;
    const scenarios = await filterParams(service.id);
    if (group === "big") {
      const pages = Math.ceil(service.n / 50);
      scenarios.push({ key: "deep", label: `page ${pages - 10} of ${pages} (ref asc)`, params: { page: String(pages - 10) } });
      scenarios.push({ key: "deep-number", label: `page ${pages - 10}, sort number desc`, params: { page: String(pages - 10), sort: "number", dir: "desc" } });
    }
    for (const s of scenarios) results.push(await measure(`${group}:${s.key}`, `tab ${s.label}`, () => resourcesTab(actor, service.ref, s.params)));
  }
  if (wanted("resource")) {
    const refs = (await client.simResource.findMany({ where: { ref: { startsWith: "FPC8" }, lineId: { not: null } }, select: { ref: true }, orderBy: { id: "asc" } })).map((r) => r.ref);
    const bigRefs = (await client.simResource.findMany({ where: { serviceId: big.id, lineId: { not: null } }, select: { ref: true }, orderBy: { id: "asc" } })).map((r) => r.ref);
    const random = prng(42);
    const pick = (from: string[]) => Array.from({ length: WARMUP + ITERATIONS }, () => from[Math.floor(random() * from.length)]);
    const anyRefs = pick(refs);
    const inBig = pick(bigRefs);
    results.push(await measure("resource:any", `resource page, random line, ${month}`, (i) => resourcePage(actor, anyRefs[i], month)));
    results.push(await measure("resource:any-prev", `resource page, random line, ${previousMonth}`, (i) => resourcePage(actor, anyRefs[i], previousMonth)));
    results.push(await measure("resource:big-prev", `resource page, line of ${big.ref}, ${previousMonth}`, (i) => resourcePage(actor, inBig[i], previousMonth)));
    const disponible = await client.simResource.findFirst({ where: { serviceId: big.id, state: "DISPONIBLE" }, select: { ref: true } });
    if (disponible) results.push(await measure("resource:disponible", "resource page, DISPONIBLE resource", () => resourcePage(actor, disponible.ref, month)));
  }
  if (wanted("monitoring")) {
    const pages = Math.ceil((await client.simResource.count({ where: { serviceId: big.id, lineId: { not: null } } })) / 50);
    for (const m of [month, previousMonth]) {
      results.push(await measure(`monitoring:big-${m}`, `monitoring ${big.ref} page 1, ${m}`, () => monitoringTab(actor, big.ref, m, 1)));
      results.push(await measure(`monitoring:big-deep-${m}`, `monitoring ${big.ref} page ${pages - 10}, ${m}`, () => monitoringTab(actor, big.ref, m, pages - 10)));
      results.push(await measure(`monitoring:small-${m}`, `monitoring ${small.ref} page 1, ${m}`, () => monitoringTab(actor, small.ref, m, 1)));
    }
    const line = await client.simResource.findFirst({ where: { serviceId: big.id, lineId: { not: null } }, orderBy: { ref: "asc" }, include: { offer: true } });
    for (const m of [month, previousMonth]) {
      results.push(await measure(`chart:${m}`, `lineDailyUsage + lineMonthUsage, one line, ${m}`, async () => {
        const [daily] = await Promise.all([lineDailyUsage(line!.lineId!, m), lineMonthUsage(line!.lineId!, m, line!.offer)]);
        return `${daily.length} rows`;
      }));
    }
  }

  console.log(`\n${"".padEnd(28)}${"scenario [rows/total]".padEnd(66)}${"n".padStart(4)}${"p50".padStart(8)}${"p95".padStart(8)}${"max".padStart(8)}${"mean".padStart(8)}`);
  for (const r of results) {
    const flag = r.s.p95 > BUDGET_MS ? "  > budget" : "";
    console.log(`${r.key.padEnd(28)}${r.label.slice(0, 64).padEnd(66)}${String(r.s.n).padStart(4)}${fmt(r.s.p50)}${fmt(r.s.p95)}${fmt(r.s.max)}${fmt(r.s.mean)}${flag}`);
  }
  const over = results.filter((r) => r.s.p95 > BUDGET_MS);
  console.log(over.length ? `\nOVER BUDGET (p95 > ${BUDGET_MS} ms): ${over.map((r) => r.key).join(", ")}` : `\nevery page: p95 under ${BUDGET_MS} ms`);

  if (values.explain === "none") return;
  for (const r of results) if (values.explain === "all" || r.s.p95 > BUDGET_MS) await explain(`${r.key}: ${r.label}`, r.run);
}

await run("bench-sims", main);
