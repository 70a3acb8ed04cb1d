// Runs a scheduled job once, for cron on PostgreSQL:
//   npm run jobs -- apply-terminations [--as-of yyyy-MM-dd]   (tsx --import ./scripts/server-only-shim.mjs)
//   npm run jobs -- issue-invoices [--as-of yyyy-MM-dd] [--shard i/n]
//   npm run jobs -- email-invoices                               (each issued invoice, once)
//   npm run jobs -- collect-direct-debits [--as-of yyyy-MM-dd] [--out dir]
//   npm run jobs -- send-reminders [--as-of yyyy-MM-dd]           (daily: invoices overdue or returned)
//   npm run jobs -- review-suspensions [--as-of yyyy-MM-dd]       (hourly: Impayé from --as-of, Seuil d'encours 24 h after its email)
//   npm run jobs -- deliver-emails                               (the emails a killed job queued and did not send)
// --out dir: where the bank upload picks the pain.008 files (each stored file of a collection to come that the
// folder does not hold yet is written there, as <MsgId>.xml).
// Without --as-of it runs as of today (Paris). Each job is idempotent and safe to run twice at once.
// --shard i/n (issue-invoices only) is for n processes started together, one per core: they share the
// issuing (each batch locks its accounts, SKIP LOCKED), then each renders the PDFs of the invoices
// whose id % n = i (rendering is CPU-bound), a second time once the other issuers started with it have
// finished (an advisory lock on the month). PostgreSQL only; a PDF still missing then (a process
// started late, or killed) is stored by the next run.
// On the embedded database the running portal does this itself every hour (PGlite allows one
// process): stop the portal before running this command against .data/pglite.
import { parseArgs } from "node:util";
import { isJobName, JOBS, runJob } from "@/lib/server/jobs";
import pg from "pg";
import { databaseTarget, db } from "@/lib/server/db";
import { today } from "@/lib/server/clock";
import { isValidDay } from "@/lib/domain/calendar-day";

function usage(): never {
  console.error(`usage: npm run jobs -- <${Object.keys(JOBS).join("|")}> [--as-of yyyy-MM-dd] [--shard i/n (issue-invoices)] [--out dir (collect-direct-debits)]`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({ allowPositionals: true, options: { "as-of": { type: "string" }, shard: { type: "string" }, out: { type: "string" } } });
  } catch {
    return usage();
  }
}
const args = parse();
const [name, ...extra] = args.positionals;
const asOf = args.values["as-of"] ?? today();
if (!name || extra.length > 0 || !isJobName(name) || !isValidDay(asOf)) usage();
const shardMatch = args.values.shard === undefined ? null : /^(\d+)\/(\d+)$/.exec(args.values.shard);
if (args.values.shard !== undefined && (name !== "issue-invoices" || !shardMatch || Number(shardMatch[1]) >= Number(shardMatch[2]))) usage();
if (args.values.out !== undefined && (name !== "collect-direct-debits" || args.values.out === "")) usage();

let count: number;
if (shardMatch) {
  if (databaseTarget().kind !== "postgres") {
    console.error("--shard is for several processes on PostgreSQL");
    process.exit(2);
  }
  // runBillingRun with this process's share of the PDFs.
  const { issueMonthlyInvoices } = await import("@/lib/server/billing-run");
  const { issuePenaltyInvoices } = await import("@/lib/server/penalties");
  const { storeMissingCreditNotePdfs, storeMissingInvoicePdfs } = await import("@/lib/server/invoice-documents");
  const shard = { index: Number(shardMatch[1]), count: Number(shardMatch[2]) };
  // Issuers hold a shared advisory lock on the month (on a session of their own, released if the process
  // dies); the exclusive lock is granted once every issuer started with this one has finished.
  const session = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await session.connect();
  const key = `issue-invoices ${asOf}`;
  await session.query("SELECT pg_advisory_lock_shared(hashtext($1))", [key]);
  count = (await issueMonthlyInvoices(asOf)) + (await issuePenaltyInvoices(asOf));
  await session.query("SELECT pg_advisory_unlock_shared(hashtext($1))", [key]);
  const first = await storeMissingInvoicePdfs({ shard });
  await session.query("SELECT pg_advisory_lock(hashtext($1))", [key]);
  await session.query("SELECT pg_advisory_unlock(hashtext($1))", [key]);
  await session.end();
  const second = await storeMissingInvoicePdfs({ shard });
  // The credit notes whose PDF failed earlier: few, one shard takes them.
  const creditNotes = shard.index === 0 ? await storeMissingCreditNotePdfs() : { stored: 0, failed: [] };
  const failed = [...second.failed, ...creditNotes.failed];
  console.log(`${name} as of ${asOf}, shard ${shard.index}/${shard.count}: ${first.stored + second.stored + creditNotes.stored} PDFs, ${failed.length} failed${failed.length ? ` (${failed.join(", ")})` : ""}`);
} else if (name === "collect-direct-debits") {
  const { collectDirectDebits } = await import("@/lib/server/direct-debits");
  const result = await collectDirectDebits(asOf, { outDir: args.values.out });
  console.log(`${name} as of ${asOf}: ${result.files} file(s), ${result.moved} collection(s) moved, ${result.toTransfer} invoice(s) left to pay by transfer`);
  count = result.debits;
} else {
  count = await runJob(name, asOf);
}
console.log(`${name} as of ${asOf}: ${count}`);
await db.$disconnect();
