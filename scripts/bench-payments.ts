// Benchmark of getting paid (issue 33; aim: each under 10 s on a 2-core machine): the collection run for 10,000
// accounts paying by direct debit (one pain.008 file of 10,000 debits, validated against the XSD) and the import
// of a camt.053 statement of 10,000 entries confirming them. A measurement to read, not a test. PostgreSQL only.
//
//   export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/myopenip_bench_payments   (or the scale world's)
//   npx tsx scripts/migrate.ts && SMTP_URL= npx tsx prisma/seed.ts     (a fresh database: the demo world)
//   npx tsx --import ./scripts/server-only-shim.mjs scripts/bench-payments.ts [--accounts 10000]
//
// Each run adds --accounts billing accounts `BENCH<run>-<n>` (owner: company 44000) with an active mandate and one
// invoice each, issued on a day of its own (a run never touches another's invoices), then times:
//   a. collectDirectDebits as of the file deadline of their collection date, and a second run (nothing to do);
//   b. importBankStatement of a statement with one booked entry per debit (EndToEndId = the invoice number),
//      then the same file again (everything already imported).
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { db } from "@/lib/server/db";
import { setClock } from "@/lib/server/clock";
import { nextNumbers } from "@/lib/server/counters";
import { collectDirectDebits } from "@/lib/server/direct-debits";
import { importBankStatement } from "@/lib/server/bank-statements";
import { invoiceNumber } from "@/lib/domain/billing";
import { addDays, formatDay } from "@/lib/domain/calendar-day";
import { collectionDate, fileDeadline } from "@/lib/domain/collections";
import { parisMidnight } from "@/lib/domain/terms";
import { camtStatement, type SampleEntry } from "@/tests/support/camt";

const { values } = parseArgs({ options: { accounts: { type: "string", default: "10000" } } });
const count = Number(values.accounts);
const seconds = (start: number) => ((performance.now() - start) / 1000).toFixed(2);

const run = (await db.billingAccount.count({ where: { ref: { startsWith: "BENCH" } } })) / count + 1;
// Each run issues on its own Monday-free day far from the demo's: the 3rd of a month of 2030 onwards.
const issuedOn = `${2030 + Math.floor((run - 1) / 12)}-${String(((run - 1) % 12) + 1).padStart(2, "0")}-03`;
const on = collectionDate(issuedOn, 5);
const deadline = fileDeadline(on);

let start = performance.now();
const accountIds = (await db.$queryRaw<{ id: number }[]>`
  INSERT INTO "BillingAccount" ("ref", "name", "ownerCompanyId", "invoiceEmails", "paymentMethod")
  SELECT 'BENCH' || ${run}::int || '-' || n, 'Compte de mesure ' || n, 44000, ARRAY[]::text[], 'PRELEVEMENT_SEPA'
  FROM generate_series(1, ${count}::int) AS n RETURNING "id"`).map((r) => r.id);
await db.$executeRaw`
  INSERT INTO "SepaMandate" ("billingAccountId", "rum", "debtorName", "iban", "bic", "signedOn", "lastCollectionOn")
  SELECT a, 'BENCH' || ${run}::int || '-RUM-' || a, 'Débiteur ' || a, 'FR7630006000011234567890189', 'AGRIFRPPXXX', DATE '2025-01-15', ${issuedOn}::date - 30
  FROM unnest(${accountIds}::int[]) AS a`;
const first = await db.$transaction((tx) => nextNumbers(tx, "invoice", count));
const numbers = accountIds.map((_, i) => invoiceNumber(first + i));
await db.$executeRaw`
  INSERT INTO "Invoice" ("number", "billingAccountId", "issuedOn", "dueOn", "collectionOn", "debit", "periodStart", "periodEnd", "totalHtCents", "vatCents", "totalTtcCents", "mandateRef", "issuedAt")
  SELECT n, a, ${issuedOn}::date, ${on}::date, ${on}::date, 'PROGRAMME', ${issuedOn}::date, ${issuedOn}::date, 10000 + a % 5000, 2000 + (a % 5000) / 5, 12000 + (a % 5000) * 6 / 5,
    'BENCH' || ${run}::int || '-RUM-' || a, now()
  FROM unnest(${numbers}::text[], ${accountIds}::int[]) AS t(n, a)`;
await db.$executeRaw`ANALYZE "Invoice", "SepaMandate", "BillingAccount"`;
console.log(`setup: ${count} accounts, mandates and invoices issued ${issuedOn} (collection ${on}, file due ${deadline}) in ${seconds(start)} s`);

setClock(new Date(parisMidnight(deadline).getTime() + 6 * 3_600_000));
start = performance.now();
const collected = await collectDirectDebits(deadline);
console.log(`a. collection run: ${collected.debits} debits in ${collected.files} file(s) in ${seconds(start)} s`);
start = performance.now();
const again = await collectDirectDebits(deadline);
console.log(`   second run: ${again.debits} debits in ${seconds(start)} s`);
const file = await db.directDebitFile.findFirstOrThrow({ where: { collectionOn: new Date(`${on}T00:00:00Z`) }, orderBy: { id: "desc" }, select: { xml: true } });
console.log(`   file: ${(file.xml.length / 1e6).toFixed(1)} MB`);

const debits = await db.directDebit.findMany({ where: { invoice: { number: { in: numbers } } }, select: { amountCents: true, invoice: { select: { number: true } } } });
const bookedOn = addDays(on, 0);
const entries: SampleEntry[] = debits.map((d, i) => ({
  kind: "COLLECTION", amountCents: Number(d.amountCents), bookedOn, ref: `BENCH${run}-${i}`,
  transactions: [{ endToEndId: d.invoice.number, amountCents: Number(d.amountCents), party: `Debiteur ${i}` }],
}));
const iban = (await db.operatorSettings.findFirstOrThrow()).iban;
const xml = camtStatement({ iban, messageId: `BENCH-${run}-${formatDay(new Date())}`, entries });
console.log(`b. statement: ${entries.length} entries, ${(xml.length / 1e6).toFixed(1)} MB`);
start = performance.now();
const imported = await importBankStatement(xml, null);
console.log(`   import: ${imported.recorded} recorded, ${imported.matched} matched, ${imported.errors.length} errors in ${seconds(start)} s`);
start = performance.now();
const reimported = await importBankStatement(xml, null);
console.log(`   re-import: ${reimported.recorded} recorded, ${reimported.alreadyImported} already imported in ${seconds(start)} s`);
const paid = await db.invoice.count({ where: { number: { in: numbers }, paidOn: { not: null } } });
console.log(`   invoices paid: ${paid} / ${count}`);
await db.$disconnect();
