// Benchmark of the usage import (issue 6): not a test, a measurement to read.
//
//   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/myopenip_bench_usage
//   npm run db:migrate && SMTP_URL= npm run db:seed
//   npx tsx scripts/bench-usage-import.ts [--records 200000] [--lines 2000]
//
// Builds a CSV of --records usage records in memory, spread over the existing mobile lines and over
// the current month up to now, times importUsageCsv on it (parse, batched INSERT … ON CONFLICT with
// the UsageDaily upsert, then the usage warnings of the lines touched) and prints records/second; then
// imports the same file again, which must import nothing, and prints that time too. Record ids carry
// the run's start time, so each run imports new records.
//
// --lines N first makes sure N bench lines exist (numbers 0700000000 + i, each on an *Actif*
// Forfait mobile Data 20 Go resource of the demo fleet OC152400 since the 1st of last month), so the
// warnings are checked as for real lines. Idempotent; bench and demo databases only.
//
// lib/server/usage-import.ts starts with `import "server-only"`: scripts/server-only-shim.mjs maps it to
// an empty module (as in scripts/bench-ocs.ts), and the modules needing it are imported after it.
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import "./server-only-shim.mjs";
import { openScriptDb, positiveInt } from "./script-support";
import { prng } from "./prng";

const { importUsageCsv } = await import("@/lib/server/usage-import");
const { parseUsageCsv, USAGE_CSV_HEADER, USAGE_ZONES } = await import("@/lib/domain/usage-csv");
const { addMonthsClamped, parseDay } = await import("@/lib/domain/calendar-day");
const { parisMidnight } = await import("@/lib/domain/terms");
const { now, today } = await import("@/lib/server/clock");

if (process.env.NODE_ENV === "production") {
  console.error("bench-usage-import: refused, a production database never gets bench data");
  process.exit(1);
}

const { values } = parseArgs({ options: { records: { type: "string", default: "200000" }, lines: { type: "string" } } });
const recordCount = positiveInt("bench-usage-import", "records", values.records);
const wantedLines = values.lines === undefined ? null : positiveInt("bench-usage-import", "lines", values.lines);

const { target, client, run } = openScriptDb();
const MIB = 1 << 20;

/** Bench lines 0700000000 + i on the demo fleet's service, created once. */
async function ensureBenchLines(count: number) {
  const sheet = await client.contractedProductSheet.findUnique({ where: { ref: "FPC367678" }, include: { contractedOffer: { include: { services: true } } } });
  const service = sheet?.contractedOffer.services[0];
  if (!sheet || !service) throw new Error("the demo fleet OC152400 is missing: seed the demo world first (npm run db:seed)");
  const activatedOn = parseDay(addMonthsClamped(`${today().slice(0, 7)}-01`, -1));
  const msisdn = (i: number) => `07${String(i).padStart(8, "0")}`;
  const wanted = Array.from({ length: count }, (_, i) => msisdn(i));
  const existing = new Set((await client.mobileLine.findMany({ where: { msisdn: { startsWith: "070" } }, select: { msisdn: true } })).map((l) => l.msisdn));
  const missing = wanted.filter((m) => !existing.has(m));
  for (let i = 0; i < missing.length; i += 1000) {
    const chunk = missing.slice(i, i + 1000);
    await client.$transaction(async (tx) => {
      const lines = await tx.mobileLine.createManyAndReturn({
        data: chunk.map((m) => ({ msisdn: m, iccid: `8933999${m.slice(2).padStart(12, "0")}`, userName: `Banc ${m}`, activatedOn })),
        select: { id: true, msisdn: true },
      });
      const resources = await tx.simResource.createManyAndReturn({
        data: lines.map((l) => ({ ref: `BENCH${l.msisdn.slice(2)}`, serviceId: service.id, productSheetId: sheet.id, offerId: sheet.offerId, state: "ACTIF" as const, lineId: l.id })),
        select: { id: true, lineId: true },
      });
      await tx.linePlanSegment.createMany({ data: resources.map((r) => ({ lineId: r.lineId!, resourceId: r.id, offerId: sheet.offerId, startOn: activatedOn })) });
    });
  }
  console.log(`bench lines: ${count} wanted, ${missing.length} created`);
}

/** The CSV of `n` records over `msisdns`, timestamps between the 1st of the month (Paris) and now. */
function benchCsv(n: number, msisdns: string[], tag: string): string {
  const random = prng(42);
  const from = parisMidnight(`${today().slice(0, 7)}-01`).getTime();
  const span = Math.max(1, now().getTime() - from);
  const rows = [USAGE_CSV_HEADER];
  for (let i = 0; i < n; i++) {
    const zone = random() < 0.9 ? USAGE_ZONES[0] : USAGE_ZONES[1 + Math.floor(random() * 2)];
    const at = new Date(from + Math.floor(random() * span)).toISOString();
    rows.push(`bench-${tag}-${i},${msisdns[Math.floor(random() * msisdns.length)]},${at},${zone},${Math.floor(random() * 40 * MIB)},${zone === "FRANCE" ? 0 : Math.floor(random() * 20)}`);
  }
  return rows.join("\n") + "\n";
}

async function main() {
  const where = target.kind === "postgres" ? target.url.replace(/\/\/[^@/]*@/, "//") : (target.dataDir ?? "memory://");
  const version = (await client.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v"))[0].v;
  console.log(`database: ${target.kind} ${where}\n  ${version}`);
  if (wantedLines !== null) await ensureBenchLines(wantedLines);
  const msisdns = (await client.mobileLine.findMany({ select: { msisdn: true }, orderBy: { id: "asc" } })).map((l) => l.msisdn);
  if (msisdns.length === 0) throw new Error("no mobile line: seed the demo world first, or pass --lines N");
  const withResource = await client.mobileLine.count({ where: { resource: { isNot: null } } });
  console.log(`${msisdns.length} mobile lines (${withResource} on a resource); ${await client.usageRecord.count()} usage records, ${await client.usageDaily.count()} daily rows before`);

  const tag = now().getTime().toString(36);
  let started = performance.now();
  const csv = benchCsv(recordCount, msisdns, tag);
  console.log(`CSV: ${recordCount} records, ${(Buffer.byteLength(csv) / 1024 / 1024).toFixed(1)} MiB, built in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  started = performance.now();
  const parsed = parseUsageCsv(csv);
  console.log(`parse alone: ${((performance.now() - started) / 1000).toFixed(2)} s (${parsed.records.length} records, ${parsed.rejected.length} rejected)`);

  started = performance.now();
  const first = await importUsageCsv(csv, null);
  const firstS = (performance.now() - started) / 1000;
  console.log(`import:    ${firstS.toFixed(2)} s = ${Math.round(recordCount / firstS).toLocaleString("en-US")} records/s; imported ${first.imported}, already present ${first.duplicates}, rejected ${first.rejected.length}; ${first.touched.length} line-months touched, ${first.alerts} warnings`);

  started = performance.now();
  const again = await importUsageCsv(csv, null);
  const againS = (performance.now() - started) / 1000;
  console.log(`re-import: ${againS.toFixed(2)} s = ${Math.round(recordCount / againS).toLocaleString("en-US")} records/s; imported ${again.imported}, already present ${again.duplicates}, rejected ${again.rejected.length}`);
  console.log(`${await client.usageRecord.count()} usage records, ${await client.usageDaily.count()} daily rows after`);
  if (first.imported !== recordCount || again.imported !== 0) throw new Error(`expected ${recordCount} then 0 imported, got ${first.imported} then ${again.imported}`);
}

await run("bench-usage-import", main);
