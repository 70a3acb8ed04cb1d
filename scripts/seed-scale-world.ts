// The whole scale world for the portal benchmark (performance work, never production), in one command:
// the database, its migrations, the demo world, then the scale seeds and a year of billing runs.
// PostgreSQL only (seed-scale-sims.ts and seed-scale-billing.ts generate usage in SQL).
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/myopenip_world npm run bench:world -- [--scale 1]
//     [--months 12] [--pdfs latest|none] [--pdf-procs 2]
//   (= tsx --import ./scripts/server-only-shim.mjs scripts/seed-scale-world.ts …)
//
// At --scale 1 (every figure is multiplied by --scale, decimals allowed: 0.05 is a 500-client world):
// 10,000 client companies under reseller 44000, about 200,000 OCs, 300,000 SIM resources, 10 million
// daily usage rows and 12 months of invoices (about 15,000 a month: see below). Steps, each timed:
//   1. scripts/migrate.ts: creates the database when missing, applies the migrations;
//   2. prisma/seed.ts (SMTP_URL empty): the demo world when company 44000 is missing; when it is there,
//      the top-up of the demo companies' usage and calls (the scale lines and trunks get none);
//   3. scripts/seed-scale.ts --clients 10,000: the client companies 100000… of 44000;
//   4. scripts/seed-scale-billing.ts --accounts 10,000 --items 200,000 --as-of <1st of this month>: an
//      account `CC<id>-F` per client with 20 recurring items on average (fixed OCs and OpenSIM lines),
//      its events (activations, terminations, plan changes) and usage in the last complete month, so
//      that this month's invoices have every kind of line;
//   5. scripts/seed-scale-ocs.ts --per-client 6: more OCs (and, for even ids, an account `CC<id>`);
//   6. scripts/seed-scale-sims.ts: OpenSIM fleets (client 100000: --big-fleet 20,000 resources in one
//      service), with --resources and --usage-rows what is left of the targets once the demo and step 4
//      have made theirs (counted in the database, so the same on every run);
//   7. issueMonthlyInvoices as of the 1st of each of the last --months months up to the current one
//      oldest first, the clock at 06:00 that day, as prisma/demo-invoices.ts does for the demo accounts
//      (the demo issues the current month too; the scale accounts get the same twelve periods); then
//      the invoices of past months are PAYEE, as in the demo;
//   8. the PDFs: see below;
//   9. VACUUM (ANALYZE) of the whole database, and the counts.
// The split, as measured at --scale 1 (the run prints its figures):
//   OCs (199,222): seed-scale-billing 130,799 (118,746 fixed + 12,053 OpenSIM) + seed-scale-ocs
//   6 × 10,000 = 60,000 + seed-scale-sims 8,374 (one or two OpenSIM OCs a client) + the demo's 49;
//   SIM resources (300,000): seed-scale-billing 84,933 (lines, spares, plan changes) + the demo's 6 +
//   seed-scale-sims the rest, 215,061 (172,152 lines);
//   usage rows (10,001,874): seed-scale-billing 2,437,145 (last month of its lines) + seed-scale-sims
//   7,564,728 (over the last 45 days; its per-day share lands within 0.1 % of its target);
//   invoices: one a month per account with an OC activated before the month: 10,000 `CC<id>-F` + 5,000
//   `CC<id>` (even ids) + the demo's 5, about 14,900 a month, 179,000 for the year.
// Order: the billing seed runs before seed-scale-ocs and seed-scale-sims so that every client already
// has an account of its own when they run. Otherwise both bill the odd clients through the reseller's
// `CC44000-R`: one account with some 75,000 fixed OCs and over 100,000 lines (estimated), one invoice of
// about 200,000 lines a month and a PDF of thousands of pages.
//
// PDFs: the download route (app/api/factures/[number]/pdf) serves the stored PDF and answers 503 ("en
// cours de production") when there is none: nothing renders one on demand. A Factur-X PDF costs about
// 74 ms alone (120–150 ms each with two processes on 2 cores, measured at --scale 0.05), 179,000 would
// take hours; so --pdfs latest (the default) stores those of the latest month only
// (about 15,000: --pdf-procs child processes, one per core, each its share `id % n`), --pdfs none none.
// Older invoices stay without a PDF: their download answers 503, and the next `npm run jobs --
// issue-invoices` (runBillingRun) renders every missing PDF before it returns.
//
// Deterministic and idempotent as the seeds it composes: each skips what it has already created, the
// billing run skips the accounts already invoiced for the month, the PDFs are written only where
// missing; a second run adds nothing and is quick (the demo's own usage is not topped up: see step 2).
import { parseArgs } from "node:util";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { performance } from "node:perf_hooks";
import "./server-only-shim.mjs";
import { openScriptDb, positiveInt } from "./script-support";

const SCRIPT = "seed-scale-world";
if (process.env.NODE_ENV === "production") {
  console.error(`${SCRIPT}: refused, a production database never gets demo data`);
  process.exit(1);
}
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) {
  console.error(`${SCRIPT}: refused, PostgreSQL only (DATABASE_URL=postgresql://…)`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    months: { type: "string", default: "12" },
    pdfs: { type: "string", default: "latest" },
    "pdf-procs": { type: "string", default: "2" },
    child: { type: "string" },
    shard: { type: "string" },
    period: { type: "string" },
  },
});
const scale = Number(values.scale);
if (!Number.isFinite(scale) || scale <= 0 || scale > 10) {
  console.error(`${SCRIPT}: --scale must be a number in ]0, 10] (got ${values.scale})`);
  process.exit(2);
}
const monthCount = positiveInt(SCRIPT, "months", values.months);
const pdfProcs = positiveInt(SCRIPT, "pdf-procs", values["pdf-procs"]);
if (values.pdfs !== "latest" && values.pdfs !== "none") {
  console.error(`${SCRIPT}: --pdfs is latest or none`);
  process.exit(2);
}

// The targets at --scale 1.
const CLIENTS = 10_000;
const ITEMS_PER_ACCOUNT = 20;
const OCS_PER_CLIENT = 6;
const SIM_RESOURCES = 300_000;
const USAGE_ROWS = 10_000_000;
const BIG_FLEET = 20_000;
const scaled = (n: number) => Math.max(1, Math.round(n * scale));
const clients = scaled(CLIENTS);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SELF = fileURLToPath(import.meta.url);

/** Runs a script of the repository in a child process (same node and tsx loader, same DATABASE_URL). */
function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, path.join(ROOT, script), ...args], {
      cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_NO_WARNINGS: "1", ...env },
    });
    proc.on("error", reject);
    proc.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${script} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`))));
  });
}

const timings: { step: string; seconds: number }[] = [];
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  console.log(`\n## ${name}`);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  timings.push({ step: name, seconds });
  console.log(`## ${name}: ${seconds.toFixed(1)} s`);
  return result;
}

// A PDF child: the missing PDFs of one period's invoices whose id % n = i.
if (values.child === "pdf") {
  const m = /^(\d+)\/(\d+)$/.exec(values.shard ?? "");
  if (!m || !values.period) throw new Error("--child pdf needs --shard i/n and --period yyyy-MM-01");
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  const { client, run } = openScriptDb();
  const { storePendingInvoicePdfs } = await import("@/lib/server/invoice-documents");
  await run(`${SCRIPT} pdf ${shard.index}/${shard.count}`, async () => {
    const started = performance.now();
    const ids = (await client.$queryRaw<{ id: number }[]>`
      SELECT "id" FROM "Invoice" WHERE "periodStart" = ${values.period}::date AND "pdf" IS NULL AND "id" % ${shard.count} = ${shard.index} ORDER BY "id"`).map((r) => r.id);
    const stored = ids.length ? await storePendingInvoicePdfs({ invoiceIds: ids, shard }) : 0;
    const seconds = (performance.now() - started) / 1000;
    console.log(`  shard ${shard.index}/${shard.count}: ${stored} PDFs in ${seconds.toFixed(1)} s` + (stored ? ` (${((seconds * 1000) / stored).toFixed(0)} ms each)` : ""));
  });
}

const { today, setClock, saveClock, restoreClock } = await import("@/lib/server/clock");
const { monthOf, previousMonth } = await import("@/lib/domain/billing");
const { monthBounds } = await import("@/lib/domain/plan-change");
const { parisMidnight } = await import("@/lib/domain/terms");

const todayDay = today();
const currentMonth = monthOf(todayDay);
const months: string[] = [currentMonth];
while (months.length < monthCount) months.unshift(previousMonth(months[0]));
const thisMonthFirst = monthBounds(currentMonth).first;
const started = performance.now();
console.log(
  `${SCRIPT}: scale ${scale} on ${new URL(process.env.DATABASE_URL!).pathname.slice(1)}: ${clients} clients, ~${scaled(CLIENTS * ITEMS_PER_ACCOUNT)} billed items, ` +
    `${scaled(SIM_RESOURCES)} SIM resources, ${scaled(USAGE_ROWS)} usage rows, invoices ${months[0]}..${months[months.length - 1]}, PDFs: ${values.pdfs}`,
);

try {
  await step("1. migrate", () => runScript("scripts/migrate.ts", []));
  await step("2. demo world (prisma/seed.ts)", () => runScript("prisma/seed.ts", [], { SMTP_URL: "" }));
  await step(`3. seed-scale --clients ${clients}`, () => runScript("scripts/seed-scale.ts", ["--clients", String(clients)]));
  await step(`4. seed-scale-billing --accounts ${clients} --items ${clients * ITEMS_PER_ACCOUNT} --as-of ${thisMonthFirst}`, () =>
    runScript("scripts/seed-scale-billing.ts", ["--accounts", String(clients), "--items", String(clients * ITEMS_PER_ACCOUNT), "--as-of", thisMonthFirst]),
  );
  await step(`5. seed-scale-ocs --clients ${clients} --per-client ${OCS_PER_CLIENT}`, () =>
    runScript("scripts/seed-scale-ocs.ts", ["--clients", String(clients), "--per-client", String(OCS_PER_CLIENT)]),
  );
} catch (error) {
  console.error(`${SCRIPT} failed:`, error instanceof Error ? error.message : error);
  process.exit(1);
}

const { client, run } = openScriptDb();
const { issueMonthlyInvoices } = await import("@/lib/server/billing-run");

async function main() {
  // What the demo and the billing seed already have, so that seed-scale-sims brings the totals to target
  // (the same figures on every run: neither adds resources twice, and sims skips what it has seeded).
  const [others] = await client.$queryRaw<{ resources: bigint }[]>`SELECT count(*) AS resources FROM "SimResource" WHERE "ref" NOT LIKE 'FPC8%'`;
  const [otherUsage] = await client.$queryRaw<{ rows: bigint }[]>`
    SELECT count(*) AS rows FROM "UsageDaily" u JOIN "MobileLine" l ON l."id" = u."lineId"
    WHERE NOT (l."msisdn" >= '0790000000' AND l."msisdn" < '0800000000')`;
  const simResources = Math.max(1, scaled(SIM_RESOURCES) - Number(others.resources));
  const simUsage = Math.max(1, scaled(USAGE_ROWS) - Number(otherUsage.rows));
  const bigFleet = scaled(BIG_FLEET);
  console.log(`${SCRIPT}: ${others.resources} SIM resources and ${otherUsage.rows} usage rows from the demo and the billing seed`);
  await step(`6. seed-scale-sims --resources ${simResources} --usage-rows ${simUsage} --big-fleet ${bigFleet}`, () =>
    runScript("scripts/seed-scale-sims.ts", ["--clients", String(clients), "--resources", String(simResources), "--usage-rows", String(simUsage), "--big-fleet", String(bigFleet)]),
  );

  await step(`7. billing runs ${months[0]}..${months[months.length - 1]}`, async () => {
    const saved = saveClock();
    try {
      for (const month of months) {
        const first = monthBounds(month).first;
        setClock(new Date(parisMidnight(first).getTime() + 6 * 3_600_000));
        const t0 = performance.now();
        const issued = await issueMonthlyInvoices(first);
        const seconds = (performance.now() - t0) / 1000;
        console.log(`  ${month}: ${issued} invoices in ${seconds.toFixed(1)} s` + (issued ? ` (${Math.round(issued / seconds)}/s)` : ""));
      }
    } finally {
      restoreClock(saved);
    }
    // As prisma/demo-invoices.ts: past months are paid (SEPA debit at issue).
    const paid = await client.$executeRaw`UPDATE "Invoice" SET "state" = 'PAYEE' WHERE "issuedOn" < ${thisMonthFirst}::date AND "state" = 'EMISE'`;
    console.log(`  ${paid} invoices of past months marked PAYEE`);
  });

  const latest = monthBounds(months[months.length - 1]).first;
  if (values.pdfs === "latest") {
    await step(`8. PDFs of ${latest.slice(0, 7)} (${pdfProcs} processes)`, async () => {
      const [{ missing }] = await client.$queryRaw<{ missing: bigint }[]>`SELECT count(*) AS missing FROM "Invoice" WHERE "periodStart" = ${latest}::date AND "pdf" IS NULL`;
      console.log(`  ${missing} missing`);
      if (missing === 0n) return;
      await Promise.all(Array.from({ length: pdfProcs }, (_, i) => runScript(path.relative(ROOT, SELF), ["--child", "pdf", "--shard", `${i}/${pdfProcs}`, "--period", latest])));
    });
  }

  // VACUUM as well: autovacuum may be off (it is on the 2-core bench machine: `SHOW autovacuum`), and without it the visibility map
  // of the bulk-loaded tables stays empty, so every index-only scan of the benchmark reads the heap.
  await step("9. VACUUM (ANALYZE)", async () => {
    await client.$executeRawUnsafe("VACUUM (ANALYZE)");
  });

  const [counts] = await client.$queryRaw<Record<string, bigint>[]>`
    SELECT (SELECT count(*) FROM "Company") AS companies,
           (SELECT count(*) FROM "Company" WHERE "parentId" = 44000) AS clients,
           (SELECT count(*) FROM "BillingAccount") AS accounts,
           (SELECT count(*) FROM "ContractedOffer") AS ocs,
           (SELECT count(*) FROM "SimResource") AS resources,
           (SELECT count(*) FROM "MobileLine") AS lines,
           (SELECT count(*) FROM "UsageDaily") AS usage,
           (SELECT count(*) FROM "Invoice") AS invoices,
           (SELECT count(*) FROM "Invoice" WHERE "pdf" IS NOT NULL) AS pdfs,
           (SELECT count(*) FROM "InvoiceLine") AS "invoiceLines"`;
  const perMonth = await client.$queryRaw<{ period: string; n: bigint }[]>`
    SELECT to_char("periodStart", 'YYYY-MM') AS period, count(*) AS n FROM "Invoice" GROUP BY 1 ORDER BY 1`;
  const size = await client.$queryRaw<{ size: string }[]>`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`;
  console.log(`\n${SCRIPT}: steps`);
  for (const t of timings) console.log(`  ${t.seconds.toFixed(1).padStart(8)} s  ${t.step}`);
  console.log(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(8)} s  total`);
  const n = (k: string) => Number(counts[k]).toLocaleString("en-US");
  console.log(
    `${SCRIPT}: ${n("companies")} companies (${n("clients")} clients of 44000), ${n("accounts")} billing accounts, ${n("ocs")} OCs, ` +
      `${n("resources")} SIM resources, ${n("lines")} mobile lines, ${n("usage")} usage rows, ${n("invoices")} invoices (${n("pdfs")} with a PDF), ` +
      `${n("invoiceLines")} invoice lines; ${size[0].size}`,
  );
  console.log(`${SCRIPT}: invoices per period: ${perMonth.map((p) => `${p.period} ${p.n}`).join(", ")}`);
}

await run(SCRIPT, main);
