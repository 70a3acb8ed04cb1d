// Benchmark of the monthly billing run, its PDFs, its crash and concurrency guarantees and the invoice
// lists at scale (issue 8: 10,000 billing accounts, 200,000 recurring items; aim: the issue phase under
// 60 s on a 2-core machine): not a test, a measurement to read. PostgreSQL only.
//
//   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/myopenip_bench_billing
//   psql -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS myopenip_bench_billing WITH (FORCE)"
//   npx tsx scripts/migrate.ts && SMTP_URL= npx tsx prisma/seed.ts
//   npx tsx scripts/seed-scale.ts --clients 10000 && npx tsx scripts/seed-scale-billing.ts
//   npx tsx scripts/bench-billing.ts [--as-of yyyy-MM-01] [--batch 250] [--pdf-sample 500] [--pdf-procs 2]
//     [--skip-pdf] [--skip-kill] [--skip-concurrency] [--skip-lists] [--skip-analyze]
//     [--iterations 30] [--warmup 3] [--explain auto|all|none]
//   npx tsx scripts/bench-billing.ts --lists-only [--as-of yyyy-MM-01]   (phase e alone, on the invoices already there)
//
// Phases, each on its own month so that the script can be run again (it never deletes an invoice:
// that would leave a gap in the numbers). M is --as-of, by default the first month after both today's
// and the last invoiced one (on a fresh seed: next month, the one seed-scale-billing.ts prepared).
//   a. issueMonthlyInvoices(M) in this process: wall time, invoices/s, time per batch, and where the
//      time goes (wall time of each call the batch transaction makes, through a proxy on it);
//   b. storePendingInvoicePdfs for M's invoices: --pdf-sample of them in this process (PDFs/s on one
//      core), then the rest in --pdf-procs child processes, each its shard (`id % n = i`); unless
//      --skip-kill, one child is killed (SIGKILL) after a few seconds and started again: at the end every
//      invoice of M has its PDF;
//   c. unless --skip-kill, the month after: a child process issuing it is killed with SIGKILL in the middle
//      (a few batches in, at a pseudo-random instant), the numbering is checked, then it is started again
//      to completion and everything is checked again;
//   d. unless --skip-concurrency, the month after that: two child processes issue it at the same moment;
//   after a, c and d: numbers F00000001..F<N> without gap or duplicate and the "invoice" counter at N, one
//   invoice per account and period, each invoice with lines and one audit event, and a second run
//   (in this process) issues nothing; then ANALYZE of the invoice tables, what autovacuum does in the
//   month between two real runs (--skip-analyze to see the run on stale statistics);
//   e. unless --skip-lists (or alone with --lists-only, "period" = the last invoiced month), p50/p95 of listInvoices (default sort, sort by amount, account and end-client
//      filters, a period, page 20) and of documentPdf + reading the bytes for random invoices, as the
//      staff E-0000000002, the reseller E-0000000003 in universe REVENDEUR and the client user
//      E-0000000004; plus the CSV export of a filter. EXPLAIN (ANALYZE, BUFFERS) of the SQL of every list
//      scenario over 150 ms p95 (--explain auto), of all (all) or none.
//
// lib/server modules start with `import "server-only"`: scripts/server-only-shim.mjs maps it to an empty
// module (as in scripts/bench-ocs.ts), and the modules needing it are imported after it. The children
// are this script again (`--child issue|pdf`), run by the same node and tsx loader.
import { parseArgs } from "node:util";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import "./server-only-shim.mjs";
import { fmt, measureCsv, openScriptDb, positiveInt, stats, timeIt, type Stats } from "./script-support";
import { prng } from "./prng";

const { billingCandidates, issueMonthlyInvoices } = await import("@/lib/server/billing-run");
const { storePendingInvoicePdfs } = await import("@/lib/server/invoice-documents");
const { listInvoices, parseInvoiceQuery, documentPdf, invoicesCsv } = await import("@/lib/server/invoices");
const { loadActor } = await import("@/lib/server/authz");
const { databaseTarget, setDb } = await import("@/lib/server/db");
const { today } = await import("@/lib/server/clock");
const { monthOf, nextMonth } = await import("@/lib/domain/billing");
const { monthBounds } = await import("@/lib/domain/plan-change");
const { formatDay, isValidDay, parseDay } = await import("@/lib/domain/calendar-day");
type Tx = import("@/lib/server/db").Tx;
type Actor = import("@/lib/server/authz").Actor;
type SearchParams = import("@/lib/list-query").SearchParams;

const SCRIPT = "bench-billing";
if (process.env.NODE_ENV === "production") {
  console.error(`${SCRIPT}: refused, a production database never gets bench data`);
  process.exit(1);
}
if (databaseTarget().kind !== "postgres") {
  console.error(`${SCRIPT}: refused, PostgreSQL only (DATABASE_URL=postgresql://…)`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    "as-of": { type: "string" },
    batch: { type: "string" },
    "pdf-sample": { type: "string", default: "500" },
    "pdf-procs": { type: "string", default: "2" },
    "skip-pdf": { type: "boolean", default: false },
    "skip-kill": { type: "boolean", default: false },
    "skip-concurrency": { type: "boolean", default: false },
    "skip-lists": { type: "boolean", default: false },
    "skip-analyze": { type: "boolean", default: false },
    "lists-only": { type: "boolean", default: false },
    iterations: { type: "string", default: "30" },
    warmup: { type: "string", default: "3" },
    explain: { type: "string", default: "auto" },
    child: { type: "string" },
    shard: { type: "string" },
  },
});
const batchSize = values.batch === undefined ? undefined : positiveInt(SCRIPT, "batch", values.batch);
const pdfSample = Number(values["pdf-sample"]);
const pdfProcs = positiveInt(SCRIPT, "pdf-procs", values["pdf-procs"]);
const ITERATIONS = positiveInt(SCRIPT, "iterations", values.iterations);
const WARMUP = Number(values.warmup);
const BUDGET_MS = 150;
const ISSUE_AIM_S = 60;
if (!["auto", "all", "none"].includes(values.explain!)) throw new Error("--explain is auto, all or none");
if (values["as-of"] !== undefined && (!isValidDay(values["as-of"]) || !values["as-of"].endsWith("-01"))) {
  console.error(`${SCRIPT}: --as-of must be the first day of a month (yyyy-MM-01)`);
  process.exit(2);
}

const { target, client, run, explain } = openScriptDb();

/** Wall time of every call the batch transactions make, by model and method (raw SQL: its first words). */
const callTimes = new Map<string, { n: number; ms: number }>();
function timedTx(tx: Tx): Tx {
  const record = (key: string, started: number) => {
    const entry = callTimes.get(key) ?? { n: 0, ms: 0 };
    entry.n++;
    entry.ms += performance.now() - started;
    callTimes.set(key, entry);
  };
  const wrap = (owner: object, key: string, fn: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    const started = performance.now();
    const out = fn.apply(owner, args);
    if (out instanceof Promise || (out && typeof (out as Promise<unknown>).then === "function")) {
      return (out as Promise<unknown>).then((result) => (record(key, started), result));
    }
    return out;
  };
  return new Proxy(tx, {
    get(t, prop) {
      const v = Reflect.get(t, prop);
      if (typeof prop !== "string") return v;
      if (typeof v === "function") {
        return (...args: unknown[]) => {
          const sql = prop.startsWith("$") ? `: ${String(Array.isArray(args[0]) ? (args[0] as readonly string[])[0] : args[0]).trim().replace(/\s+/g, " ").slice(0, 48)}…` : "";
          return wrap(t, `tx.${prop}${sql}`, v as (...a: unknown[]) => unknown)(...args);
        };
      }
      if (v && typeof v === "object") {
        return new Proxy(v as object, {
          get(m, method) {
            const f = Reflect.get(m, method);
            return typeof f === "function" && typeof method === "string" ? wrap(m, `${prop}.${method}`, f as (...a: unknown[]) => unknown) : f;
          },
        });
      }
      return v;
    },
  });
}

/** Makes `db.$transaction` hand the billing run a transaction wrapped as asked; returns the undo. */
function instrumentTransactions(wrapTx: (tx: Tx) => Tx): () => void {
  const wrapped = new Proxy(client, {
    get(t, prop) {
      if (prop === "$transaction") {
        return (fn: (tx: Tx) => Promise<unknown>, options?: { timeout?: number; maxWait?: number }) => client.$transaction((tx) => fn(wrapTx(tx)), options);
      }
      const v = Reflect.get(t, prop);
      return typeof v === "function" ? v.bind(t) : v;
    },
  });
  setDb(wrapped);
  return () => setDb(client);
}

// ---------------------------------------------------------------------------------------------
// Children: `--child issue --as-of …` and `--child pdf --as-of … --shard i/n`

const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function childMain(kind: string) {
  const asOf = values["as-of"];
  if (!asOf) throw new Error("--child needs --as-of");
  const started = performance.now();
  if (kind === "issue") {
    const issued = await issueMonthlyInvoices(asOf, { batchSize, beforeCommit: (batch) => void say({ batch, ms: performance.now() - started }) });
    say({ done: true, issued, ms: performance.now() - started });
    return;
  }
  if (kind === "pdf") {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard ?? "");
    if (!m) throw new Error("--child pdf needs --shard i/n");
    const ids = (await client.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Invoice" WHERE "periodStart" = ${parseDay(asOf)} ORDER BY "id"`).map((r) => r.id);
    const stored = await storePendingInvoicePdfs({ invoiceIds: ids, shard: { index: Number(m[1]), count: Number(m[2]) } });
    say({ done: true, stored, ms: performance.now() - started });
    return;
  }
  throw new Error(`unknown --child ${kind}`);
}

type Child = { process: ChildProcess; messages: Record<string, unknown>[]; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; started: number };

function startChild(args: string[]): Child {
  const argv = [...process.execArgv, fileURLToPath(import.meta.url), ...args];
  if (batchSize !== undefined) argv.push("--batch", String(batchSize));
  const proc = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_NO_WARNINGS: "1" } });
  const child: Child = { process: proc, messages: [], started: performance.now(), exited: new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal }))) };
  let buffer = "";
  proc.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        child.messages.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        process.stdout.write(`  [child] ${line}\n`);
      }
    }
  });
  return child;
}

async function finished(child: Child, what: string): Promise<{ ms: number; result: Record<string, unknown> }> {
  const { code, signal } = await child.exited;
  const result = child.messages.find((m) => m.done);
  if (code !== 0 || !result) throw new Error(`${what}: child exited with ${code ?? signal}`);
  return { ms: performance.now() - child.started, result };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Checks

const firstOf = (month: string) => monthBounds(month).first;

/** Accounts the run of `asOf` would consider. */
const candidates = async (asOf: string): Promise<number> => (await billingCandidates(asOf)).length;

type Numbering = { ok: boolean; invoices: number; counter: number; inPeriod: number; problems: string[] };

/** Gapless numbers, counter = count, one invoice per account and period, lines and audit event for each, for the whole table and `asOf`'s month. */
async function checkNumbering(asOf: string): Promise<Numbering> {
  const [all] = await client.$queryRaw<{ n: number; lo: number | null; hi: number | null; distinct: number; malformed: number }[]>`
    SELECT count(*)::int AS n, min(substr("number", 2)::int) AS lo, max(substr("number", 2)::int) AS hi, count(DISTINCT substr("number", 2)::int)::int AS distinct,
           count(*) FILTER (WHERE "number" !~ '^F[0-9]{8}$')::int AS malformed
    FROM "Invoice"`;
  const counter = (await client.counter.findUnique({ where: { name: "invoice" } }))?.value ?? 0;
  const [dupes] = await client.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM "Invoice" GROUP BY "billingAccountId", "periodStart" HAVING count(*) > 1) d`;
  const first = parseDay(asOf);
  const [period] = await client.$queryRaw<{ n: number; lineless: number; unaudited: number }[]>`
    SELECT count(*)::int AS n,
           count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "InvoiceLine" l WHERE l."invoiceId" = i."id"))::int AS lineless,
           count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."action" = 'invoice.issue' AND a."targetType" = 'invoice' AND a."targetId" = i."number"))::int AS unaudited
    FROM "Invoice" i WHERE i."periodStart" = ${first}`;
  const [audits] = await client.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "AuditEvent" a JOIN "Invoice" i ON i."number" = a."targetId" WHERE a."action" = 'invoice.issue' AND i."periodStart" = ${first}`;
  const problems: string[] = [];
  if (all.malformed) problems.push(`${all.malformed} malformed numbers`);
  if (all.n > 0 && (all.lo !== 1 || all.hi !== all.n || all.distinct !== all.n)) problems.push(`numbers ${all.lo}..${all.hi}, ${all.distinct} distinct for ${all.n} invoices (gap or duplicate)`);
  if (counter !== all.n) problems.push(`counter "invoice" = ${counter}, ${all.n} invoices`);
  if (dupes.n) problems.push(`${dupes.n} account-periods with two invoices`);
  if (period.lineless) problems.push(`${period.lineless} invoices of ${monthOf(asOf)} without lines`);
  if (period.unaudited || audits.n !== period.n) problems.push(`${period.unaudited} invoices of ${monthOf(asOf)} without audit event, ${audits.n} events for ${period.n} invoices`);
  return { ok: problems.length === 0, invoices: all.n, counter, inPeriod: period.n, problems };
}

const describe = (c: Numbering) =>
  `${c.ok ? "OK" : "FAILED"}: ${c.invoices} invoices numbered F00000001..F${String(c.invoices).padStart(8, "0")}, counter ${c.counter}, ${c.inPeriod} in the month` +
  (c.ok ? "" : `; ${c.problems.join("; ")}`);

const failures: string[] = [];
function expect(ok: boolean, what: string) {
  if (!ok) failures.push(what);
  return ok;
}

async function analyze() {
  if (values["skip-analyze"]) return;
  const started = performance.now();
  await client.$executeRawUnsafe(`ANALYZE "Invoice", "InvoiceLine", "AuditEvent"`);
  console.log(`  ANALYZE "Invoice", "InvoiceLine", "AuditEvent": ${((performance.now() - started) / 1000).toFixed(1)} s (what autovacuum does in the month between two runs)`);
}

/** A second run must issue nothing (idempotent per account and period). */
async function rerunIssuesNothing(asOf: string) {
  const started = performance.now();
  const again = await issueMonthlyInvoices(asOf, { batchSize });
  console.log(`  second run of ${monthOf(asOf)} in this process: ${again} issued in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  expect(again === 0, `second run of ${monthOf(asOf)} issued ${again}`);
}

// ---------------------------------------------------------------------------------------------
// Phases

const summary: { phase: string; what: string; count: number | null; seconds: number | null; note: string }[] = [];
const rate = (n: number, s: number) => (s > 0 ? n / s : 0);

async function phaseIssue(asOf: string) {
  console.log(`\n## a. issue phase: issueMonthlyInvoices(${asOf}) in this process`);
  let started = performance.now();
  const expected = await candidates(asOf);
  console.log(`  ${expected} candidate accounts (candidates query alone: ${(performance.now() - started).toFixed(0)} ms)`);
  const lineCount = async () => (await client.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "InvoiceLine" l JOIN "Invoice" i ON i."id" = l."invoiceId" WHERE i."periodStart" = ${parseDay(asOf)}`)[0].n;
  callTimes.clear();
  const undo = instrumentTransactions((tx) => timedTx(tx));
  const marks: number[] = [];
  const cpu = process.cpuUsage();
  started = performance.now();
  let issued: number;
  try {
    issued = await issueMonthlyInvoices(asOf, { batchSize, beforeCommit: () => void marks.push(performance.now()) });
  } finally {
    undo();
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const lines = await lineCount();
  const batches = marks.map((t, i) => t - (i === 0 ? started : marks[i - 1]));
  const b = batches.length ? stats(batches) : null;
  console.log(`  ${issued} invoices, ${lines} lines (${(lines / Math.max(1, issued)).toFixed(1)} a invoice) in ${seconds.toFixed(1)} s = ${rate(issued, seconds).toFixed(0)} invoices/s`);
  console.log(`  this process's CPU: ${(used.user / 1e6).toFixed(1)} s user + ${(used.system / 1e6).toFixed(1)} s system (${((100 * (used.user + used.system)) / 1e6 / seconds).toFixed(0)} % of the wall time)`);
  if (b) console.log(`  ${batches.length} batches (${batchSize ?? 250} accounts each): p50 ${b.p50.toFixed(0)} ms, p95 ${b.p95.toFixed(0)} ms, max ${b.max.toFixed(0)} ms (the first includes the candidates query)`);
  const inCalls = [...callTimes.values()].reduce((s, c) => s + c.ms, 0);
  console.log(`  wall time of the transactions' calls (${(inCalls / 1000).toFixed(1)} s; the rest, ${(seconds - inCalls / 1000).toFixed(1)} s, is the candidates query, BEGIN/COMMIT and the computing between calls):`);
  for (const [key, c] of [...callTimes].sort((x, y) => y[1].ms - x[1].ms).slice(0, 12)) {
    console.log(`    ${String(c.n).padStart(4)} × ${key.padEnd(64)} ${(c.ms / 1000).toFixed(2).padStart(7)} s  ${((100 * c.ms) / 1000 / seconds).toFixed(0).padStart(3)} %`);
  }
  const check = await checkNumbering(asOf);
  console.log(`  numbering ${describe(check)}`);
  expect(check.ok, `issue phase numbering: ${check.problems.join("; ")}`);
  await analyze();
  summary.push({ phase: "a", what: `issue ${monthOf(asOf)}, 1 process`, count: issued, seconds, note: `${lines} lines; ${seconds < ISSUE_AIM_S ? "under" : "OVER"} the ${ISSUE_AIM_S} s aim` });
  return issued;
}

async function phasePdf(asOf: string) {
  console.log(`\n## b. PDF phase: storePendingInvoicePdfs for the invoices of ${monthOf(asOf)}`);
  const pendingIds = async () => (await client.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Invoice" WHERE "periodStart" = ${parseDay(asOf)} AND "pdf" IS NULL ORDER BY "id"`).map((r) => r.id);
  const pending = await pendingIds();
  console.log(`  ${pending.length} invoices without a PDF`);
  if (pending.length === 0) return;
  const sample = pending.slice(0, Math.max(0, pdfSample));
  if (sample.length > 0) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const stored = await storePendingInvoicePdfs({ invoiceIds: sample });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    console.log(`  1 process: ${stored} PDFs in ${seconds.toFixed(1)} s = ${rate(stored, seconds).toFixed(1)} PDFs/s (${((1000 * seconds) / Math.max(1, stored)).toFixed(0)} ms each; CPU ${(((used.user + used.system) / 1e6 / seconds) * 100).toFixed(0)} %)`);
    console.log(`    → the whole month in one process: about ${((pending.length * seconds) / Math.max(1, stored) / 60).toFixed(1)} min`);
    summary.push({ phase: "b", what: "PDFs, 1 process (sample)", count: stored, seconds, note: `whole month ≈ ${((pending.length * seconds) / Math.max(1, stored)).toFixed(0)} s` });
  }
  const rest = await pendingIds();
  if (rest.length > 0) {
    console.log(`  ${pdfProcs} child processes, shard i/${pdfProcs} each, for the ${rest.length} left${values["skip-kill"] ? "" : "; shard 0 is killed (SIGKILL) after 6 s and started again"}`);
    const started = performance.now();
    const children = Array.from({ length: pdfProcs }, (_, i) => startChild(["--child", "pdf", "--as-of", asOf, "--shard", `${i}/${pdfProcs}`]));
    let killedNote = "";
    if (!values["skip-kill"]) {
      await Promise.race([sleep(6000), children[0].exited]);
      if (children[0].process.exitCode === null) {
        const before = rest.length - (await pendingIds()).length;
        children[0].process.kill("SIGKILL");
        const { signal } = await children[0].exited;
        console.log(`    shard 0 killed (${signal}) with ${before} PDFs stored in all; started again`);
        killedNote = `; shard 0 killed -9 at ${before} stored and restarted`;
        children[0] = startChild(["--child", "pdf", "--as-of", asOf, "--shard", `0/${pdfProcs}`]);
      }
    }
    const results = await Promise.all(children.map((c, i) => finished(c, `pdf shard ${i}`)));
    const seconds = (performance.now() - started) / 1000;
    const left = (await pendingIds()).length;
    const stored = rest.length - left;
    results.forEach((r, i) => console.log(`    shard ${i}/${pdfProcs}: ${r.result.stored as number} PDFs in ${((r.result.ms as number) / 1000).toFixed(1)} s (process ${(r.ms / 1000).toFixed(1)} s with start-up)`));
    console.log(`  ${pdfProcs} processes: ${stored} PDFs in ${seconds.toFixed(1)} s wall = ${rate(stored, seconds).toFixed(1)} PDFs/s; ${left} left without a PDF`);
    expect(left === 0, `${left} invoices of ${monthOf(asOf)} left without a PDF`);
    summary.push({ phase: "b", what: `PDFs, ${pdfProcs} processes`, count: stored, seconds, note: `${left} left without PDF${killedNote}` });
  }
  const [size] = await client.$queryRaw<{ n: number; avg: number; bad: number }[]>`
    SELECT count(*)::int AS n, avg(length("pdf"))::float8 AS avg, count(*) FILTER (WHERE substr("pdf", 1, 5) <> '\\x255044462d'::bytea)::int AS bad
    FROM "Invoice" WHERE "periodStart" = ${parseDay(asOf)} AND "pdf" IS NOT NULL`;
  console.log(`  ${size.n} PDFs of ${monthOf(asOf)}, ${(size.avg / 1024).toFixed(1)} KiB on average, ${size.bad} not starting with %PDF-`);
  expect(size.bad === 0, `${size.bad} stored PDFs do not start with %PDF-`);
}

async function phaseKill(asOf: string) {
  console.log(`\n## c. kill -9 check on ${monthOf(asOf)}: a child process issues it, SIGKILL in the middle, then started again`);
  const expected = await candidates(asOf);
  const killAfterBatch = 3 + Math.floor(prng(Date.parse(asOf) / 86_400_000)() * 4);
  const delay = Math.floor(prng(Date.parse(asOf) / 86_400_000 + 1)() * 1500);
  const child = startChild(["--child", "issue", "--as-of", asOf]);
  while (child.process.exitCode === null && !child.messages.some((m) => typeof m.batch === "number" && m.batch >= killAfterBatch)) await sleep(20);
  await sleep(delay);
  const running = child.process.exitCode === null;
  child.process.kill("SIGKILL");
  const { signal } = await child.exited;
  const seenBatches = child.messages.filter((m) => typeof m.batch === "number").length;
  console.log(`  killed (${signal ?? "had already exited"}) ${delay} ms after batch ${killAfterBatch} reached its commit, ${seenBatches} batches had reached it, ${((performance.now() - child.started) / 1000).toFixed(1)} s after the start`);
  expect(running, "the child had finished before the kill: no mid-run kill (raise the data or lower --batch)");
  await sleep(300);
  const afterKill = await checkNumbering(asOf);
  console.log(`  after the kill: ${afterKill.inPeriod} of ${expected} candidate accounts invoiced; numbering ${describe(afterKill)}`);
  expect(afterKill.ok, `after kill -9: ${afterKill.problems.join("; ")}`);
  expect(afterKill.inPeriod < expected, "after kill -9: the month was already complete");
  const restart = startChild(["--child", "issue", "--as-of", asOf]);
  const { ms, result } = await finished(restart, "restart");
  const afterRestart = await checkNumbering(asOf);
  console.log(`  restarted: ${result.issued as number} more invoices in ${(ms / 1000).toFixed(1)} s (process, with start-up); numbering ${describe(afterRestart)}`);
  expect(afterRestart.ok, `after the restart: ${afterRestart.problems.join("; ")}`);
  await rerunIssuesNothing(asOf);
  await analyze();
  summary.push({
    phase: "c", what: `kill -9 mid-run, ${monthOf(asOf)}`, count: afterRestart.inPeriod, seconds: null,
    note: `${afterKill.inPeriod} committed at the kill, ${result.issued as number} after the restart; ${afterKill.ok && afterRestart.ok ? "gapless, no duplicate" : "FAILED"}`,
  });
}

async function phaseConcurrency(asOf: string) {
  console.log(`\n## d. two child processes issue ${monthOf(asOf)} at the same moment`);
  const expected = await candidates(asOf);
  const started = performance.now();
  const children = [startChild(["--child", "issue", "--as-of", asOf]), startChild(["--child", "issue", "--as-of", asOf])];
  const results = await Promise.all(children.map((c, i) => finished(c, `concurrent run ${i + 1}`)));
  const seconds = (performance.now() - started) / 1000;
  const issued = results.map((r) => r.result.issued as number);
  results.forEach((r, i) => console.log(`  process ${i + 1}: ${issued[i]} invoices in ${((r.result.ms as number) / 1000).toFixed(1)} s (${(r.ms / 1000).toFixed(1)} s with start-up)`));
  const check = await checkNumbering(asOf);
  console.log(`  together: ${issued[0] + issued[1]} invoices for ${expected} candidate accounts in ${seconds.toFixed(1)} s wall = ${rate(issued[0] + issued[1], seconds).toFixed(0)} invoices/s; numbering ${describe(check)}`);
  expect(check.ok, `concurrent runs: ${check.problems.join("; ")}`);
  expect(check.inPeriod === issued[0] + issued[1], `concurrent runs: ${check.inPeriod} invoices in the month, the processes reported ${issued[0] + issued[1]}`);
  await rerunIssuesNothing(asOf);
  await analyze();
  summary.push({ phase: "d", what: `2 processes at once, ${monthOf(asOf)}`, count: check.inPeriod, seconds, note: `${issued.join(" + ")}; ${check.ok ? "each once, gapless" : "FAILED"} (wall incl. start-up)` });
}

type ListResult = { actor: string; key: string; label: string; s: Stats; run: () => Promise<unknown> };

async function actorOf(identifier: string, universe: string | null): Promise<Actor> {
  const user = await client.user.findUnique({ where: { identifier } });
  if (!user) throw new Error(`user ${identifier} not found: seed the demo world first (prisma/seed.ts)`);
  const actor = await loadActor(user.id, null, universe);
  if (!actor) throw new Error(`${identifier} does not load as an actor`);
  return actor;
}

async function phaseLists(asOf: string): Promise<ListResult[]> {
  console.log(`\n## e. invoice list and PDF download (${WARMUP} warm-up + ${ITERATIONS} sequential runs; ms, nearest-rank percentiles)`);
  const scale = await client.billingAccount.findFirst({ where: { ref: { endsWith: "-F" } }, orderBy: { id: "asc" }, skip: 42, select: { ref: true, ownerCompanyId: true } });
  const actors = [
    { key: "staff", actor: await actorOf("E-0000000002", null), account: scale?.ref ?? "CC44660", endClientId: String(scale?.ownerCompanyId ?? 44660), endClientName: "pharmacie" },
    { key: "reseller", actor: await actorOf("E-0000000003", "REVENDEUR"), account: scale?.ref ?? "CC44000", endClientId: String(scale?.ownerCompanyId ?? 44660), endClientName: "pharmacie" },
    { key: "client", actor: await actorOf("E-0000000004", null), account: "CC44660", endClientId: "44660", endClientName: "oliviers" },
  ];
  const results: ListResult[] = [];
  for (const a of actors) {
    const scenarios: { key: string; label: string; params: SearchParams }[] = [
      { key: "default", label: "first page, default sort (issuedOn desc)", params: {} },
      { key: "amount", label: "sort totalTtcCents desc", params: { sort: "totalTtcCents", dir: "desc" } },
      { key: "amount-asc", label: "sort totalTtcCents asc", params: { sort: "totalTtcCents", dir: "asc" } },
      { key: "account", label: `account ~ "${a.account}"`, params: { account: a.account } },
      { key: "account-name", label: 'account name ~ "garage"', params: { account: "garage" } },
      { key: "endClient-id", label: `endClient = ${a.endClientId}`, params: { endClient: a.endClientId } },
      { key: "endClient-name", label: `endClient ~ "${a.endClientName}"`, params: { endClient: a.endClientName } },
      { key: "period", label: `issued in ${monthOf(asOf)}, sort number asc`, params: { from: asOf, to: asOf, sort: "number", dir: "asc" } },
      { key: "page20", label: "page 20, default sort", params: { page: "20" } },
    ];
    const total = (await listInvoices(a.actor, parseInvoiceQuery({}))).total;
    console.log(`\n  ${a.key}: ${a.actor.identifier} (${a.actor.name}), company ${a.actor.company.id}, universe ${a.actor.universe ?? "-"}: ${total} invoices in scope`);
    for (const s of scenarios) {
      const query = parseInvoiceQuery(s.params);
      const runList = () => listInvoices(a.actor, query);
      const { rows, total: n } = await runList();
      await timeIt(WARMUP, runList);
      results.push({ actor: a.key, key: s.key, label: `${s.label} [${rows.length}/${n}]`, s: stats(await timeIt(ITERATIONS, runList)), run: runList });
    }
    // CSV export of a filter (the route streams it page by page).
    const csvParams = parseInvoiceQuery({ endClient: a.endClientName });
    let csv = { rows: 0, bytes: 0 };
    const runCsv = async () => (csv = await measureCsv(invoicesCsv(a.actor, csvParams)));
    await runCsv();
    const csvSamples = await timeIt(3, runCsv);
    results.push({ actor: a.key, key: "csv", label: `CSV export endClient ~ "${a.endClientName}": ${csv.rows} rows, ${(csv.bytes / 1024).toFixed(0)} KiB`, s: stats(csvSamples), run: runCsv });
    // PDF download: random invoices in scope that have their PDF.
    const numbers = (await client.$queryRaw<{ number: string }[]>`
      SELECT i."number" FROM "Invoice" i JOIN "BillingAccount" ba ON ba."id" = i."billingAccountId" JOIN "Company" c ON c."id" = ba."ownerCompanyId"
      WHERE i."pdf" IS NOT NULL AND (${a.key === "staff"} OR c."id" = ${a.actor.company.id} OR (${a.key === "reseller"} AND c."parentId" = ${a.actor.company.id}))
      ORDER BY i."id"`).map((r) => r.number);
    if (numbers.length > 0) {
      const random = prng(4242);
      const picks = Array.from({ length: WARMUP + ITERATIONS }, () => numbers[Math.floor(random() * numbers.length)]);
      let bytes = 0;
      const download = async (i: number) => {
        const { pdf } = await documentPdf(a.actor, picks[i]);
        if (!pdf) throw new Error(`${picks[i]}: no PDF`);
        bytes += new Uint8Array(pdf).byteLength; // the route copies the bytes into its Response
      };
      await timeIt(WARMUP, download);
      bytes = 0;
      const samples = await timeIt(ITERATIONS, (i) => download(WARMUP + i));
      results.push({ actor: a.key, key: "pdf", label: `documentPdf + bytes, random of ${numbers.length} (${(bytes / ITERATIONS / 1024).toFixed(0)} KiB avg)`, s: stats(samples), run: () => download(0) });
    }
  }
  console.log(`\n${"actor".padEnd(10)}${"scenario".padEnd(15)}${"[rows/total]".padEnd(62)}${"n".padStart(4)}${"p50".padStart(8)}${"p95".padStart(8)}${"max".padStart(8)}`);
  for (const r of results) {
    const flag = r.key !== "csv" && r.s.p95 > BUDGET_MS ? "  > 150 ms" : "";
    console.log(`${r.actor.padEnd(10)}${r.key.padEnd(15)}${r.label.slice(0, 60).padEnd(62)}${String(r.s.n).padStart(4)}${fmt(r.s.p50)}${fmt(r.s.p95)}${fmt(r.s.max)}${flag}`);
  }
  if (values.explain !== "none") {
    for (const r of results) {
      if (values.explain === "all" || (r.key !== "csv" && r.key !== "pdf" && r.s.p95 > BUDGET_MS)) await explain(`${r.actor}/${r.key}: ${r.label}`, r.run);
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const where = target.kind === "postgres" ? target.url.replace(/\/\/[^@/]*@/, "//") : "";
  const version = (await client.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v"))[0].v;
  console.log(`database: ${where}\n  ${version}`);
  const [shape] = await client.$queryRaw<{ accounts: number; scale: number; ocs: number; lines: number; usage: number; invoices: number; latest: Date | null }[]>`
    SELECT (SELECT count(*)::int FROM "BillingAccount") AS accounts, (SELECT count(*)::int FROM "BillingAccount" WHERE "ref" LIKE 'CC%-F') AS scale,
           (SELECT count(*)::int FROM "ContractedOffer") AS ocs, (SELECT count(*)::int FROM "MobileLine") AS lines, (SELECT count(*)::int FROM "UsageDaily") AS usage,
           (SELECT count(*)::int FROM "Invoice") AS invoices, (SELECT max("periodStart") FROM "Invoice") AS latest`;
  console.log(`${shape.accounts} billing accounts (${shape.scale} from seed-scale-billing.ts), ${shape.ocs} OCs, ${shape.lines} mobile lines, ${shape.usage} daily usage rows, ${shape.invoices} invoices (last month invoiced: ${shape.latest ? monthOf(formatDay(shape.latest)) : "none"})`);
  if (shape.scale < 1000) console.log("  warning: few scale accounts, run scripts/seed-scale.ts --clients 10000 then scripts/seed-scale-billing.ts first");
  if (values["lists-only"]) {
    if (!shape.latest) throw new Error("--lists-only: no invoice yet");
    await phaseLists(values["as-of"] ?? formatDay(shape.latest));
    return;
  }
  const afterToday = firstOf(nextMonth(monthOf(today())));
  const afterLatest = shape.latest ? firstOf(nextMonth(monthOf(formatDay(shape.latest)))) : afterToday;
  const asOf = values["as-of"] ?? (afterLatest > afterToday ? afterLatest : afterToday);
  if (shape.latest && asOf <= formatDay(shape.latest)) throw new Error(`${monthOf(asOf)} is not after the last invoiced month ${monthOf(formatDay(shape.latest))}: pass a later --as-of (or none)`);
  const months = [asOf, firstOf(nextMonth(monthOf(asOf))), firstOf(nextMonth(nextMonth(monthOf(asOf))))];
  console.log(`months: a/b ${monthOf(months[0])}${values["skip-kill"] ? "" : `, c ${monthOf(months[1])}`}${values["skip-concurrency"] ? "" : `, d ${monthOf(months[values["skip-kill"] ? 1 : 2])}`}; issue batches of ${batchSize ?? "250 (the run's default)"}`);
  const before = await checkNumbering(asOf);
  console.log(`before: numbering ${describe(before)}`);
  if (!before.ok) throw new Error("the numbering is already broken: start from a fresh database");

  const totalStarted = performance.now();
  await phaseIssue(months[0]);
  if (!values["skip-pdf"]) await phasePdf(months[0]);
  if (!values["skip-kill"]) await phaseKill(months[1]);
  if (!values["skip-concurrency"]) await phaseConcurrency(months[values["skip-kill"] ? 1 : 2]);
  const lists = values["skip-lists"] ? [] : await phaseLists(months[0]);

  console.log(`\n## summary (${((performance.now() - totalStarted) / 1000 / 60).toFixed(1)} min in all)`);
  console.log(`${"".padEnd(3)}${"what".padEnd(34)}${"count".padStart(8)}${"wall s".padStart(9)}${"per s".padStart(9)}  note`);
  for (const s of summary) {
    console.log(`${s.phase.padEnd(3)}${s.what.padEnd(34)}${(s.count === null ? "" : String(s.count)).padStart(8)}${(s.seconds === null ? "" : s.seconds.toFixed(1)).padStart(9)}${(s.seconds === null || s.count === null ? "" : rate(s.count, s.seconds).toFixed(1)).padStart(9)}  ${s.note}`);
  }
  if (lists.length) {
    console.log(`\n${"".padEnd(3)}${"p50 / p95 ms".padEnd(16)}${lists.filter((r) => r.actor === "staff").map((r) => r.key.padStart(15)).join("")}`);
    for (const actor of ["staff", "reseller", "client"]) {
      const row = lists.filter((r) => r.actor === actor);
      console.log(`${"e".padEnd(3)}${actor.padEnd(16)}${row.map((r) => `${r.s.p50.toFixed(0)} / ${r.s.p95.toFixed(0)}`.padStart(15)).join("")}`);
    }
    const over = lists.filter((r) => r.key !== "csv" && r.s.p95 > BUDGET_MS);
    console.log(over.length ? `over ${BUDGET_MS} ms p95: ${over.map((r) => `${r.actor}/${r.key}`).join(", ")}` : `every list and download: p95 under ${BUDGET_MS} ms (CSV exports aside)`);
  }
  if (failures.length) throw new Error(`checks failed:\n  ${failures.join("\n  ")}`);
  console.log("\nall checks passed");
}

if (values.child) {
  await run(`${SCRIPT} child`, () => childMain(values.child!));
} else {
  await run(SCRIPT, main);
}
